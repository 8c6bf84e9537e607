import { DatabaseSync } from 'node:sqlite';

export interface EventDatabaseOptions {
  /**
   * `process` (default): WAL with synchronous=NORMAL, so an acknowledged batch survives a crash of
   * any process. `power-loss`: synchronous=FULL, so it also survives an OS crash, at a cost per write.
   */
  durability?: 'process' | 'power-loss';
  /** How long a write waits for another process holding the lock. */
  busyTimeoutMs?: number;
}

/**
 * Opens (and creates) the SQLite file shared by the local queue, idempotency store and dead-letter
 * table. Several processes may open the same file: the receiver in one, workers in others.
 */
export function openEventDatabase(path: string, options: EventDatabaseOptions = {}): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${options.durability === 'power-loss' ? 'FULL' : 'NORMAL'}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS event_queue (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      delivery_id TEXT NOT NULL,
      events TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      visible_at INTEGER NOT NULL,
      lease_token TEXT
    );
    CREATE INDEX IF NOT EXISTS event_queue_visible ON event_queue (visible_at, seq);
    CREATE TABLE IF NOT EXISTS event_idempotency (
      key TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      token TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS event_dead_letters (
      id TEXT PRIMARY KEY,
      delivery_id TEXT NOT NULL,
      event TEXT NOT NULL,
      error_code TEXT NOT NULL,
      error_message TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      failed_at TEXT NOT NULL
    );
  `);
  return db;
}
