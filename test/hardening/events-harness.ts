/**
 * A temp-dir SQLite event pipeline for the hardening tests: receiver + worker over one file, with a
 * handler that records every run, so "every acknowledged event processed exactly once in effect"
 * can be counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventReceiver, createEventWorker, eventHook, sampleDelivery, sampleLogEvent, type EventQueue } from '../../src/handlers/events/index.js';
import { sqliteEventStores } from '../../src/handlers/events/sqlite/index.js';
import { fromValues } from '../../src/secrets/env.js';
import { SECRET } from './helpers.js';

export function eventPipeline(options: { queue?: (path: string) => EventQueue; enqueueTimeoutMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehook-hardening-'));
  const path = join(dir, 'events.db');
  const stores = sqliteEventStores(path);
  const runs = new Map<string, number>();
  const receiver = createEventReceiver({
    queue: options.queue?.(path) ?? stores.queue,
    auth: { header: { secrets: fromValues(SECRET) } },
    ...(options.enqueueTimeoutMs ? { enqueueTimeoutMs: options.enqueueTimeoutMs } : {}),
  });
  const worker = createEventWorker({
    app: eventHook().onAnyEvent((event) => void runs.set(event.uuid, (runs.get(event.uuid) ?? 0) + 1)),
    queue: stores.queue,
    idempotency: stores.idempotency,
    deadLetters: stores.deadLetters,
    leaseMs: 2000,
    retryBaseMs: 1,
    retryMaxMs: 5,
    maxAttempts: 3,
  });
  return {
    dir,
    path,
    stores,
    runs,
    worker,
    /** POSTs a delivery like Okta does; returns the status. */
    async deliver(delivery: ReturnType<typeof sampleDelivery>): Promise<number> {
      const res = await receiver.request('/hooks/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: SECRET },
        body: JSON.stringify(delivery),
      });
      await res.arrayBuffer();
      return res.status;
    },
    /** Runs the worker until the queue is empty or `maxRounds` polls passed (a poison message never empties it). */
    async work(maxRounds = 200): Promise<void> {
      for (let round = 0; round < maxRounds && stores.queue.depth() > 0; round++) {
        await worker.runOnce().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    },
    cleanup() {
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A delivery of `count` fresh events, each carrying `padding` bytes (to fill a disk faster). */
export function deliveryOf(count: number, padding = 0) {
  return sampleDelivery(
    Array.from({ length: count }, () => sampleLogEvent(padding ? { displayMessage: 'x'.repeat(padding) } : {})),
  );
}

export const uuidsOf = (delivery: ReturnType<typeof sampleDelivery>) => delivery.data.events.map((e) => (e as { uuid: string }).uuid);
