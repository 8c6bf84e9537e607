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

export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

const SQLITE_FULL = 13;

function isDiskFull(error: unknown): boolean {
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  return typeof errcode === 'number' && (errcode & 0xff) === SQLITE_FULL;
}

/**
 * Runs a write; on SQLITE_FULL, checkpoints the WAL into the database and truncates it, then tries
 * once more. On a disk smaller than the WAL's auto-checkpoint size the WAL can fill the disk before
 * an automatic checkpoint ever runs, and then every write fails until one does.
 */
export function withSpaceRecovery<T>(db: DatabaseSync, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (!isDiskFull(error)) throw error;
    try {
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch {
      throw error;
    }
    return write();
  }
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
  // After a checkpoint the WAL file is cut back to this size instead of keeping its high-water mark,
  // so the space a burst took is given back to a small disk.
  db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
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
