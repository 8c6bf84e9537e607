import { randomUUID } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ClaimResult, IdempotencyStore } from '../../runtime/contracts.js';
import { withSpaceRecovery } from './database.js';

/** The local `IdempotencyStore`: one row per event uuid, claimed with a single atomic upsert. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #take: StatementSync;
  readonly #status: StatementSync;
  readonly #complete: StatementSync;
  readonly #release: StatementSync;
  readonly #purge: StatementSync;

  constructor(db: DatabaseSync, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    // Takes the row if it is new or its record (claim or completion) has expired.
    this.#take = db.prepare(
      `INSERT INTO event_idempotency (key, status, token, expires_at) VALUES (?, 'in_progress', ?, ?)
       ON CONFLICT (key) DO UPDATE SET status = 'in_progress', token = excluded.token, expires_at = excluded.expires_at
       WHERE event_idempotency.expires_at <= ?
       RETURNING token`,
    );
    this.#status = db.prepare('SELECT status FROM event_idempotency WHERE key = ?');
    this.#complete = db.prepare(`UPDATE event_idempotency SET status = 'completed', expires_at = ? WHERE key = ? AND token = ?`);
    this.#release = db.prepare('DELETE FROM event_idempotency WHERE key = ? AND token = ?');
    this.#purge = db.prepare('DELETE FROM event_idempotency WHERE expires_at <= ?');
  }

  async claim(key: string, options: { inProgressTtlMs: number }): Promise<ClaimResult> {
    const now = this.#now();
    const token = randomUUID();
    if (withSpaceRecovery(this.#db, () => this.#take.get(key, token, now + options.inProgressTtlMs, now)) !== undefined) return { status: 'claimed', token };
    const row = this.#status.get(key) as { status: string } | undefined;
    return row?.status === 'completed' ? { status: 'completed' } : { status: 'in-progress' };
  }

  async complete(key: string, token: string, options: { ttlMs: number }): Promise<void> {
    withSpaceRecovery(this.#db, () => this.#complete.run(this.#now() + options.ttlMs, key, token));
  }

  async release(key: string, token: string): Promise<void> {
    withSpaceRecovery(this.#db, () => this.#release.run(key, token));
  }

  async purgeExpired(): Promise<number> {
    return Number(withSpaceRecovery(this.#db, () => this.#purge.run(this.#now())).changes);
  }
}
