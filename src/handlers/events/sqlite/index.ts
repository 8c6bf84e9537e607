import type { EventDatabaseOptions } from '../stores/sqlite/database.js';
import { openEventDatabase } from '../stores/sqlite/database.js';
import { SqliteDeadLetterStore } from '../stores/sqlite/dead-letters.js';
import { SqliteIdempotencyStore } from '../stores/sqlite/idempotency.js';
import { SqliteEventQueue } from '../stores/sqlite/queue.js';

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
