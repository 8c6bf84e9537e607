/**
 * Child process for crash.test.ts: runs a local worker over the SQLite file given in argv until the
 * queue is empty, recording each handled event in an effects table. Not a test file itself.
 */
import { DatabaseSync } from 'node:sqlite';
import { createEventWorker, eventHook } from '../../../src/handlers/events/index.js';
import { sqliteEventStores } from '../../../src/handlers/events/sqlite/index.js';

const [dbPath, effectsPath, delayText] = process.argv.slice(2);
if (!dbPath || !effectsPath) throw new Error('usage: crash-worker.ts <events.db> <effects.db> [delayMs]');
const delayMs = Number(delayText ?? '2');

const stores = sqliteEventStores(dbPath);
const effects = new DatabaseSync(effectsPath);
effects.exec('PRAGMA busy_timeout = 5000');
effects.exec('PRAGMA synchronous = NORMAL');
const insert = effects.prepare('INSERT INTO effects (uuid, event_type) VALUES (?, ?)');

const worker = createEventWorker({
  app: eventHook().onAnyEvent(async (event) => {
    insert.run(event.uuid, event.eventType);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }),
  queue: stores.queue,
  idempotency: stores.idempotency,
  deadLetters: stores.deadLetters,
  leaseMs: 600,
  inProgressTtlMs: 600,
  retryBaseMs: 10,
  retryMaxMs: 50,
});

process.stdout.write('ready\n');
while (stores.queue.depth() > 0) {
  if ((await worker.runOnce()) === 0) await new Promise((resolve) => setTimeout(resolve, 50));
}
stores.close();
process.stdout.write('done\n');
