import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { logEvent } from './fixtures.js';
import { sqliteHarness } from './sqlite-harness.js';

const script = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
let harness: ReturnType<typeof sqliteHarness>;
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
  harness?.cleanup();
});

function startWorker(delayMs: number): ChildProcess {
  // Own process group, so SIGKILL reaches node under npx, like a machine losing the worker.
  return spawn('npx', ['tsx', script, harness.path, `${harness.dir}/effects.db`, String(delayMs)], {
    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('worker crash', () => {
  it('finishes a batch after the worker is killed mid-way and restarted, running no event twice but the one in flight', async () => {
    harness = sqliteHarness();
    const events = Array.from({ length: 300 }, () => logEvent());
    await harness.queue.enqueue({ deliveryId: 'crash-1', events: events.slice(0, 150) });
    await harness.queue.enqueue({ deliveryId: 'crash-2', events: events.slice(150) });

    child = startWorker(5);
    const firstExit = exited(child);
    await waitFor(() => harness.effects().total >= 60, 20_000);
    process.kill(-child.pid!, 'SIGKILL');
    await firstExit;
    const atKill = harness.effects();
    expect(atKill.total).toBeLessThan(300);
    expect(harness.queue.depth()).toBeGreaterThan(0);

    child = startWorker(0);
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    expect(await exited(child), stderr).toBe(0);

    const after = harness.effects();
    expect(after.distinct).toBe(300);
    // Only the event whose handler ran when the process died may have run again.
    expect(after.total - after.distinct).toBeLessThanOrEqual(1);
    expect(harness.queue.depth()).toBe(0);
    expect(await harness.deadLetters.list()).toEqual([]);
  }, 45_000);
});
