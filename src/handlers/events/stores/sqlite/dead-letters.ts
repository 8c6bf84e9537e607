import type { DatabaseSync } from 'node:sqlite';
import type { DeadLetter, DeadLetterStore } from '../../runtime/contracts.js';
import { withSpaceRecovery } from './database.js';

type Row = {
  id: string;
  delivery_id: string;
  event: string;
  error_code: string;
  error_message: string;
  attempts: number;
  failed_at: string;
};

/** The local dead-letter table. */
export class SqliteDeadLetterStore implements DeadLetterStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  async park(entry: DeadLetter): Promise<void> {
    const insert = this.#db.prepare(
      `INSERT OR REPLACE INTO event_dead_letters (id, delivery_id, event, error_code, error_message, attempts, failed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    withSpaceRecovery(this.#db, () =>
      insert.run(
        entry.id,
        entry.deliveryId,
        JSON.stringify(entry.event ?? null),
        entry.error.code,
        entry.error.message,
        entry.attempts,
        entry.failedAt,
      ),
    );
  }

  async list(options: { ids?: readonly string[]; limit?: number } = {}): Promise<DeadLetter[]> {
    const limit = Math.max(1, Math.trunc(options.limit ?? 1000));
    const ids = options.ids;
    const rows = (
      ids === undefined
        ? this.#db.prepare('SELECT * FROM event_dead_letters ORDER BY failed_at, id LIMIT ?').all(limit)
        : this.#db
            .prepare(
              `SELECT * FROM event_dead_letters WHERE id IN (SELECT value FROM json_each(?)) ORDER BY failed_at, id LIMIT ?`,
            )
            .all(JSON.stringify(ids), limit)
    ) as Row[];
    return rows.map((row) => ({
      id: row.id,
      deliveryId: row.delivery_id,
      event: JSON.parse(row.event) as unknown,
      error: { code: row.error_code, message: row.error_message },
      attempts: row.attempts,
      failedAt: row.failed_at,
    }));
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.#db.prepare('DELETE FROM event_dead_letters WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
  }
}
