/**
 * Event hook ingest benchmark: how many events per second the receiver acknowledges (HTTP POSTs
 * through a real node server on 127.0.0.1 into the SQLite queue), and how many the local worker
 * then processes (claim, handler, complete).
 *
 *   npx tsx bench/events-ingest.ts [--batches 200] [--size 50] [--concurrency 8]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEventReceiver, createEventWorker, eventHook, sampleDelivery, sampleLogEvent } from '../src/handlers/events/index.js';
import { sqliteEventStores } from '../src/handlers/events/sqlite/index.js';
import { serveNode } from '../src/runtime/node.js';
import { fromValues } from '../src/secrets/index.js';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '200' },
    size: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '8' },
  },
});
const batches = Number(values.batches);
const size = Number(values.size);
const concurrency = Number(values.concurrency);
const secret = `Basic ${Buffer.from(`bench:${randomUUID()}`).toString('base64')}`;

const bodies = Array.from({ length: batches }, () =>
  JSON.stringify(sampleDelivery(Array.from({ length: size }, () => sampleLogEvent()))),
);

const dir = mkdtempSync(join(tmpdir(), 'gatehook-bench-'));
const stores = sqliteEventStores(join(dir, 'events.db'));
const receiver = createEventReceiver({ queue: stores.queue, auth: { header: { secrets: fromValues(secret) } } });
const server = await serveNode(receiver, { port: 0 });
const url = `${server.url}/hooks/events`;

const latencies: number[] = [];
let next = 0;
const ingestStart = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const started = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { authorization: secret, 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`receiver answered ${res.status}`);
      latencies.push(performance.now() - started);
    }
  }),
);
const ingestMs = performance.now() - ingestStart;
await server.close();

let handled = 0;
const worker = createEventWorker({
  app: eventHook().onAnyEvent(() => void handled++),
  queue: stores.queue,
  idempotency: stores.idempotency,
  deadLetters: stores.deadLetters,
  receiveMax: 25,
});
const processStart = performance.now();
await worker.drain();
const processMs = performance.now() - processStart;

const total = batches * size;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
console.log(`events: ${total} in ${batches} POSTs of ${size}, concurrency ${concurrency}`);
console.log(`acknowledged: ${Math.round(total / (ingestMs / 1000))} events/s (${Math.round(batches / (ingestMs / 1000))} POSTs/s), POST latency p50 ${pct(50)} ms, p99 ${pct(99)} ms`);
console.log(`processed:    ${Math.round(handled / (processMs / 1000))} events/s (${handled} events in ${processMs.toFixed(0)} ms)`);
if (handled !== total) console.log(`WARNING: processed ${handled} of ${total}`);
stores.close();
rmSync(dir, { recursive: true, force: true });
