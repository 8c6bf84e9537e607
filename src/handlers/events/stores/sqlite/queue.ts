import { randomUUID } from 'node:crypto';
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { PullEventQueue, QueuedBatch, ReceivedBatch } from '../../runtime/contracts.js';
import { DiskSpaceError } from '../../errors.js';
import { withSpaceRecovery } from './database.js';

/** Space the receiver leaves free for the worker: leasing, acknowledging and checkpointing all write. */
export const DEFAULT_RESERVE_BYTES = 2 * 1024 * 1024;

type Row = { seq: number; id: string; delivery_id: string; events: string; attempts: number; lease_token: string };

/**
 * The local `EventQueue`: one row per delivery. `receive` leases rows atomically (safe across
 * processes); a row whose lease runs out becomes visible again, so a crashed worker loses nothing.
 */
export class SqliteEventQueue implements PullEventQueue {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #insert: StatementSync;
  readonly #lease: StatementSync;
  readonly #extend: StatementSync;
  readonly #delete: StatementSync;
  readonly #postpone: StatementSync;
  readonly #count: StatementSync;

  readonly #dir: string | undefined;
  readonly #reserveBytes: number;

  /**
   * `reserveBytes`: a batch is refused (the receiver answers 503, Okta retries) when writing it would
   * leave less free disk than this, so the worker always has room to drain the queue. Default 2 MiB.
   */
  constructor(db: DatabaseSync, options: { now?: () => number; reserveBytes?: number } = {}) {
    this.#db = db;
    const file = db.location();
    this.#dir = file ? dirname(file) : undefined;
    this.#reserveBytes = options.reserveBytes ?? DEFAULT_RESERVE_BYTES;
    this.#now = options.now ?? Date.now;
    this.#insert = db.prepare('INSERT INTO event_queue (id, delivery_id, events, visible_at) VALUES (?, ?, ?, ?)');
    this.#lease = db.prepare(
      `UPDATE event_queue SET attempts = attempts + 1, visible_at = ?, lease_token = ?
       WHERE seq IN (SELECT seq FROM event_queue WHERE visible_at <= ? ORDER BY seq LIMIT ?)
       RETURNING seq, id, delivery_id, events, attempts, lease_token`,
    );
    this.#extend = db.prepare('UPDATE event_queue SET visible_at = ? WHERE id = ? AND lease_token = ?');
    this.#delete = db.prepare('DELETE FROM event_queue WHERE id = ? AND lease_token = ?');
    this.#postpone = db.prepare('UPDATE event_queue SET visible_at = ?, lease_token = NULL WHERE id = ? AND lease_token = ?');
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM event_queue');
  }

  async enqueue(batch: QueuedBatch): Promise<void> {
    const events = JSON.stringify(batch.events);
    this.#ensureRoom(Buffer.byteLength(events) * 2); // WAL frames, then the database pages
    withSpaceRecovery(this.#db, () => this.#insert.run(randomUUID(), batch.deliveryId, events, this.#now()));
  }

  async receive(options: { max: number; leaseMs: number }): Promise<ReceivedBatch[]> {
    const now = this.#now();
    const token = randomUUID();
    const rows = withSpaceRecovery(this.#db, () => this.#lease.all(now + options.leaseMs, token, now, Math.max(1, Math.trunc(options.max)))) as Row[];
    // RETURNING gives no order guarantee; keep the queue's.
    return rows
      .sort((a, b) => a.seq - b.seq)
      .map((row) => ({
        id: row.id,
        deliveryId: row.delivery_id,
        events: decodeEvents(row.events),
        attempt: row.attempts,
        leaseToken: row.lease_token,
      }));
  }

  async extendLease(message: ReceivedBatch, leaseMs: number): Promise<void> {
    withSpaceRecovery(this.#db, () => this.#extend.run(this.#now() + leaseMs, message.id, message.leaseToken));
  }

  async ack(message: ReceivedBatch): Promise<void> {
    withSpaceRecovery(this.#db, () => this.#delete.run(message.id, message.leaseToken));
  }

  async retryLater(message: ReceivedBatch, delayMs: number): Promise<void> {
    withSpaceRecovery(this.#db, () => this.#postpone.run(this.#now() + delayMs, message.id, message.leaseToken));
  }

  #ensureRoom(bytes: number): void {
    if (this.#dir === undefined) return;
    // Free disk plus the database's own free pages, which new rows reuse without growing the file.
    const free = () => {
      const stats = statfsSync(this.#dir!);
      const pages = this.#db.prepare('SELECT freelist_count * page_size AS bytes FROM pragma_freelist_count(), pragma_page_size()').get() as { bytes: number };
      return stats.bavail * stats.bsize + pages.bytes;
    };
    if (free() >= bytes + this.#reserveBytes) return;
    // Space is short: give the WAL's space back to the disk before deciding.
    try {
      this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch {
      // a checkpoint that cannot finish now is retried on the next write
    }
    if (free() < bytes + this.#reserveBytes) {
      throw new DiskSpaceError(`less than ${this.#reserveBytes + bytes} bytes free beside the event queue; the batch is refused so the worker can drain`);
    }
  }

  /** Messages waiting or leased; for status output and tests. */
  depth(): number {
    return (this.#count.get() as { n: number }).n;
  }
}

/**
 * A row whose stored events are not a JSON array is handed on as one item that fails validation, so
 * the worker parks it (text intact) in the dead-letter table instead of every receive failing on it.
 */
function decodeEvents(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return value;
  } catch {
    // fall through: parked below
  }
  return [{ corruptedQueueMessage: text }];
}
