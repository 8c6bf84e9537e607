/**
 * Store failures at every step of the worker, injected on the store interfaces over real SQLite
 * stores: a write that fails once (a blip) or keeps failing past the worker's retries (a full disk
 * for a while). Whatever fails, every acknowledged event's side effect happens exactly once, the bad
 * entry is parked, and the queue drains.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventWorker, eventHook, type LogEvent } from '../../src/handlers/events/index.js';
import type { DeadLetterStore, IdempotencyStore, PullEventQueue } from '../../src/handlers/events/runtime/contracts.js';
import { sqliteEventStores } from '../../src/handlers/events/sqlite/index.js';
import { deliveryOf } from './events-harness.js';

const uuidsOf = (delivery: ReturnType<typeof deliveryOf>) =>
  (delivery.data.events as unknown[]).flatMap((e) => (e !== null && typeof e === 'object' && 'uuid' in e ? [String(e.uuid)] : []));

type Stores = { queue: PullEventQueue; idempotency: IdempotencyStore; deadLetters: DeadLetterStore };
/** `repeated`: called more than once in this run, so a failure of a later call is tried too. */
type Step = { store: keyof Stores; method: string; repeated?: boolean };

const STEPS: Step[] = [
  { store: 'queue', method: 'receive', repeated: true },
  { store: 'idempotency', method: 'claim', repeated: true },
  { store: 'idempotency', method: 'complete', repeated: true },
  { store: 'queue', method: 'extendLease' },
  { store: 'queue', method: 'ack', repeated: true },
  { store: 'queue', method: 'retryLater' },
  { store: 'idempotency', method: 'release' },
  { store: 'deadLetters', method: 'park' },
];

/** SQLite's own error for a full disk, as node:sqlite raises it. */
function diskFull(): Error {
  return Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode: 13, errstr: 'database or disk is full' });
}

/** The store with `method` failing on calls number `from` .. `from + times - 1` (1-based). */
function faulty<T extends object>(store: T, method: string, from: number, times: number, counter: { calls: number; failed: number }): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== method || typeof value !== 'function') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return async (...args: unknown[]) => {
        counter.calls++;
        if (counter.calls >= from && counter.calls < from + times) {
          counter.failed++;
          throw diskFull();
        }
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

async function runWithFault(step: Step, from: number, times: number, leaseMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehook-store-faults-'));
  const real = sqliteEventStores(join(dir, 'events.db'));
  cleanup = () => {
    real.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const counter = { calls: 0, failed: 0 };
  const stores: Stores = { queue: real.queue, idempotency: real.idempotency, deadLetters: real.deadLetters };
  (stores as Record<string, object>)[step.store] = faulty(real[step.store], step.method, from, times, counter);

  const deliveries = [deliveryOf(4), deliveryOf(4), deliveryOf(4)];
  const flaky = uuidsOf(deliveries[0]!)[1]!;
  (deliveries[1]!.data.events as unknown[]).splice(2, 0, null); // one bad entry, to be parked
  for (const delivery of deliveries) await real.queue.enqueue({ deliveryId: delivery.eventId, events: delivery.data.events });

  const effects = new Map<string, number>();
  let flakyFailed = false;
  const slowEvent = uuidsOf(deliveries[2]!)[0]!;
  const app = eventHook().onAnyEvent(async (event: LogEvent) => {
    if (event.uuid === flaky && !flakyFailed) {
      flakyFailed = true;
      throw new Error('downstream said 503'); // a retryable handler failure: release + retryLater
    }
    if (event.uuid === slowEvent) await new Promise((resolve) => setTimeout(resolve, 120)); // long enough to extend the lease
    effects.set(event.uuid, (effects.get(event.uuid) ?? 0) + 1);
  });
  const worker = createEventWorker({
    app,
    ...stores,
    leaseMs,
    retryBaseMs: 1,
    retryMaxMs: 5,
    maxAttempts: 10,
    inProgressTtlMs: 400,
    storeRetry: { attempts: 5, baseMs: 1 },
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && real.queue.depth() > 0) {
    await worker.runOnce().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { deliveries, effects, counter, real };
}

describe('store failures at every worker step', () => {
  const cases = STEPS.flatMap((step) => {
    const name = `${step.store}.${step.method}`;
    return [
      { ...step, name, from: 1, times: 1, label: 'fails once (first call)' },
      ...(step.repeated ? [{ ...step, name, from: 2, times: 1, label: 'fails once (second call)' }] : []),
      { ...step, name, from: 1, times: 8, label: 'keeps failing past the retries' },
    ];
  });
  it.each(cases)('$name $label: each event takes effect once, the bad entry is parked, the queue drains', async ({ store, method, from, times }) => {
    // A blip must not leave a batch leased: with a 20 s lease, a release that is not retried stalls past the
    // test's 15 s. A lasting fault can leave one leased until it expires, so those run with a short lease.
    const leaseMs = times === 1 && method !== 'extendLease' ? 20_000 : 300;
    const { deliveries, effects, counter, real } = await runWithFault({ store, method }, from, times, leaseMs);
    expect(counter.failed, 'the fault was hit').toBeGreaterThan(0);
    expect(real.queue.depth()).toBe(0);
    const all = deliveries.flatMap(uuidsOf);
    const twice = all.filter((uuid) => (effects.get(uuid) ?? 0) > 1);
    const never = all.filter((uuid) => !effects.has(uuid));
    expect({ twice, never }).toEqual({ twice: [], never: [] });
    const parked = await real.deadLetters.list();
    expect(parked.map((letter) => letter.event)).toEqual([null]);
  });
});
