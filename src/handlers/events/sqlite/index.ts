import type { EventDatabaseOptions } from './database.js';
import { openEventDatabase } from './database.js';
import { SqliteDeadLetterStore } from './dead-letters.js';
import { SqliteIdempotencyStore } from './idempotency.js';
import { SqliteEventQueue } from './queue.js';

export { openEventDatabase, SqliteDeadLetterStore, SqliteIdempotencyStore, SqliteEventQueue };
export type { EventDatabaseOptions };

/** The three local stores over one SQLite file. */
export function sqliteEventStores(path: string, options: EventDatabaseOptions = {}) {
  const db = openEventDatabase(path, options);
  return {
    db,
    queue: new SqliteEventQueue(db),
    idempotency: new SqliteIdempotencyStore(db),
    deadLetters: new SqliteDeadLetterStore(db),
    close: () => db.close(),
  };
}
