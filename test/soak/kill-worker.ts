/**
 * Child process of events-kill.test.ts: a local event worker over the SQLite file in argv that records
 * each handler run in an effects table. `poll` runs until killed; `drain` exits once the queue is
 * empty. Not a test file itself.
 */
import { DatabaseSync } from 'node:sqlite';
import { createEventWorker, eventHook } from '../../src/handlers/events/index.js';
import { sqliteEventStores } from '../../src/handlers/events/sqlite/index.js';

const [dbPath, effectsPath, mode = 'poll'] = process.argv.slice(2);
if (!dbPath || !effectsPath) throw new Error('usage: kill-worker.ts <events.db> <effects.db> [poll|drain]');

const stores = sqliteEventStores(dbPath);
const effects = new DatabaseSync(effectsPath);
effects.exec('PRAGMA busy_timeout = 5000');
const record = effects.prepare('INSERT INTO effects (uuid) VALUES (?)');

const worker = createEventWorker({
  app: eventHook().onAnyEvent(async (event) => {
    record.run(event.uuid);
    // A little work per event, so a kill lands mid-batch more often than between batches.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }),
  queue: stores.queue,
  idempotency: stores.idempotency,
  deadLetters: stores.deadLetters,
  leaseMs: 500,
  inProgressTtlMs: 500,
  pollIntervalMs: 20,
  retryBaseMs: 10,
  retryMaxMs: 50,
});

process.stdout.write('ready\n');
if (mode === 'drain') {
  while (stores.queue.depth() > 0) {
    if ((await worker.runOnce()) === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  stores.close();
  process.stdout.write('done\n');
} else {
  worker.start();
}
