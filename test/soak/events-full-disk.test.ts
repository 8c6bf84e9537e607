/**
 * Soak: the event pipeline on a real full disk. A tmpfs of SOAK_DISK_MIB (default 32) is mounted and
 * filled with a file until SOAK_FREE_MIB (default 3, less than the WAL's ~4 MiB auto-checkpoint size)
 * is left; a receiver on a real node server and an in-process worker share the SQLite file on it.
 * Deliveries of padded events arrive while the worker drains; a 503 is retried like a patient Okta
 * would. (Known gap: with the worker stopped until the disk is full, the run does not drain; see the
 * reliability report.) Every acknowledged event must run exactly once and the queue must drain. Needs root
 * (mount); skipped otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventReceiver, createEventWorker, eventHook, sampleDelivery, sampleLogEvent } from '../../src/handlers/events/index.js';
import { sqliteEventStores } from '../../src/handlers/events/sqlite/index.js';
import { serveNode } from '../../src/runtime/node.js';
import { fromValues } from '../../src/secrets/env.js';

const SECRET = 'Basic c29hazpmdWxsLWRpc2s=';
const DISK_MIB = Number(process.env.SOAK_DISK_MIB ?? 32);
const FREE_MIB = Number(process.env.SOAK_FREE_MIB ?? 3);
const DELIVERIES = Number(process.env.SOAK_DELIVERIES ?? 100);
const EVENTS_PER_DELIVERY = 5;
const PADDING = 4000;

const mountPoint = mkdtempSync(join(tmpdir(), 'gatehook-full-disk-'));
function tryMount(): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MIB}m`, 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const mounted = process.env.GATEHOOK_SOAK === '1' && process.getuid?.() === 0 && tryMount();

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(mounted)(`soak: a ${DISK_MIB} MiB disk with ${FREE_MIB} MiB free`, () => {
  it(`${DELIVERIES} deliveries of ${EVENTS_PER_DELIVERY} padded events: each acknowledged event runs once, the queue drains`, async () => {
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, DISK_MIB - FREE_MIB) * 1024 * 1024));
    const stores = sqliteEventStores(join(mountPoint, 'events.db'));
    const server = await serveNode(createEventReceiver({ queue: stores.queue, auth: { header: { secrets: fromValues(SECRET) } } }), { port: 0 });
    const runs = new Map<string, number>();
    const worker = createEventWorker({
      app: eventHook().onAnyEvent((event) => void runs.set(event.uuid, (runs.get(event.uuid) ?? 0) + 1)),
      queue: stores.queue,
      idempotency: stores.idempotency,
      deadLetters: stores.deadLetters,
      pollIntervalMs: 20,
      retryBaseMs: 50,
      retryMaxMs: 1000,
    });
    worker.start();

    const acknowledged = new Set<string>();
    let refusals = 0;
    let given_up = 0;
    const started = performance.now();
    for (let i = 0; i < DELIVERIES; i++) {
      const delivery = sampleDelivery(Array.from({ length: EVENTS_PER_DELIVERY }, () => sampleLogEvent({ displayMessage: 'x'.repeat(PADDING) })));
      let stored = false;
      for (let attempt = 0; attempt < 30 && !stored; attempt++) {
        const res = await fetch(`${server.url}/hooks/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: SECRET },
          body: JSON.stringify(delivery),
        });
        await res.arrayBuffer();
        stored = res.status === 200;
        if (!stored) {
          expect(res.status).toBe(503);
          refusals++;
          await pause(100);
        }
      }
      if (stored) for (const e of delivery.data.events) acknowledged.add((e as { uuid: string }).uuid);
      else given_up++;
    }
    const sent = performance.now();
    while (stores.queue.depth() > 0 && performance.now() - sent < 120_000) await pause(100);
    await worker.stop();
    await server.close();

    const ranTwice = [...runs.values()].filter((n) => n > 1).length;
    const missing = [...acknowledged].filter((uuid) => !runs.has(uuid));
    console.info(
      `full disk (${DISK_MIB} MiB, ${FREE_MIB} MiB free): ${DELIVERIES} deliveries, ${refusals} answered 503 (retried), ${given_up} given up; ` +
        `${acknowledged.size} acknowledged events, ${runs.size} events run, ${ranTwice} run twice, ${missing.length} not run; ` +
        `queue depth ${stores.queue.depth()}; ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(missing).toEqual([]);
    expect(ranTwice).toBe(0);
    expect(stores.queue.depth()).toBe(0);
    stores.close();
  }, 300_000);
});
