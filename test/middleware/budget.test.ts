import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pendingDeadlines, raceUntil, RequestBudget, TIMED_OUT } from '../../src/middleware/deadline/budget.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('raceUntil and RequestBudget', () => {
  it('answers TIMED_OUT for work that settles after its deadline, even when a lagging loop runs the work first', async () => {
    // An earlier timer of the work's duration: its list comes due before the deadline's own list.
    setTimeout(() => undefined, 80);
    await sleep(40);
    const race = raceUntil(50, new Promise((resolve) => setTimeout(resolve, 80)));
    const until = Date.now() + 200;
    while (Date.now() < until) {
      // The event loop is blocked past both timers, as under a burst of CPU-bound requests.
    }
    expect(await race).toBe(TIMED_OUT);
  });

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

describe('the deadline timer and the process lifetime', () => {
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
