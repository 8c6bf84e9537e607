import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pendingDeadlines, raceUntil, RequestBudget, TIMED_OUT } from '../../src/middleware/deadline/budget.js';
import { DeadlineTimers } from '../../src/middleware/deadline/timer-queue.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DeadlineTimers', () => {
  it('fires entries in deadline order, whatever order they were added in', async () => {
    const timers = new DeadlineTimers();
    const fired: string[] = [];
    const t0 = Date.now();
    timers.add(t0 + 60, () => fired.push('c'));
    timers.add(t0 + 20, () => fired.push('a'));
    timers.add(t0 + 40, () => fired.push('b'));
    timers.add(t0 + 40, () => fired.push('b2'));
    expect(timers.size).toBe(4);
    await sleep(30);
    expect(fired).toEqual(['a']);
    await sleep(60);
    expect(fired).toEqual(['a', 'b', 'b2', 'c']);
    expect(timers.size).toBe(0);
  });

  it('never fires a cancelled entry, and forgets it at once', async () => {
    const timers = new DeadlineTimers();
    const fired: number[] = [];
    const t0 = Date.now();
    const entries = Array.from({ length: 1000 }, (_, i) => timers.add(t0 + 30 + (i % 7), () => fired.push(i)));
    entries.forEach((entry, i) => i % 2 === 0 && timers.cancel(entry));
    timers.cancel(entries[0]!); // twice is harmless
    expect(timers.size).toBe(500);
    await sleep(60);
    expect(fired).toHaveLength(500);
    expect(fired.every((i) => i % 2 === 1)).toBe(true);
    expect(timers.size).toBe(0);
  });

  it('keeps firing the rest when one callback throws', async () => {
    const timers = new DeadlineTimers();
    const fired: string[] = [];
    const t0 = Date.now();
    timers.add(t0 + 5, () => {
      throw new Error('boom');
    });
    timers.add(t0 + 5, () => fired.push('after'));
    await sleep(30);
    expect(fired).toEqual(['after']);
  });
});

describe('raceUntil and RequestBudget', () => {
  it('settles with the work when it finishes first, and leaves no deadline behind', async () => {
    const before = pendingDeadlines();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => raceUntil(1000, Promise.resolve(i))));
    expect(results[7]).toEqual({ ok: true, value: 7 });
    expect(pendingDeadlines()).toBe(before);
  });

  it('settles with TIMED_OUT when the budget runs out, and handles the late rejection', async () => {
    const late = sleep(80).then(() => Promise.reject(new Error('late')));
    const started = Date.now();
    expect(await raceUntil(20, late)).toBe(TIMED_OUT);
    expect(Date.now() - started).toBeLessThan(70);
    await sleep(100); // an unhandled rejection would fail the run
  });

  it('makes its signal on first read, already aborted when read after the budget was spent', () => {
    const budget = new RequestBudget(Date.now() + 1000);
    budget.abort(new DOMException('too late', 'TimeoutError'));
    expect(budget.aborted).toBe(true);
    expect(budget.signal.aborted).toBe(true);
    expect((budget.signal.reason as DOMException).name).toBe('TimeoutError');
    const fresh = new RequestBudget(Date.now() + 1000);
    const signal = fresh.signal;
    expect(signal.aborted).toBe(false);
    fresh.abort(new Error('now'));
    expect(signal.aborted).toBe(true);
    expect(fresh.remainingMs()).toBeGreaterThan(900);
  });
});

describe('the shared timer and the process lifetime', () => {
  const budgetModule = JSON.stringify(new URL('../../src/middleware/deadline/budget.ts', import.meta.url).pathname);
  const run = (body: string) =>
    new Promise<{ out: string; ms: number }>((resolve, reject) => {
      const started = Date.now();
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { raceUntil, TIMED_OUT } from ${budgetModule};\n${body}`], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', reject);
      child.on('exit', () => resolve({ out, ms: Date.now() - started }));
    });

  it('holds the process open while work is timed, so a stuck handler still gets its deadline', async () => {
    const { out } = await run(`const r = await raceUntil(300, new Promise(() => {})); console.log(r === TIMED_OUT ? 'timed out' : 'other');`);
    expect(out.trim()).toBe('timed out');
  });

  it('keeps no idle process alive once the timed work has finished', async () => {
    const { out, ms } = await run(`await raceUntil(20_000, Promise.resolve(1)); console.log('done');`);
    expect(out.trim()).toBe('done');
    expect(ms).toBeLessThan(10_000);
  });
});
