import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventDatabase, withSpaceRecovery } from '../../../src/handlers/events/stores/sqlite/database.js';
import { SqliteEventQueue } from '../../../src/handlers/events/stores/sqlite/queue.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode: 13 });

describe('SQLite event store on a full disk', () => {
  it('checkpoints and truncates the WAL on SQLITE_FULL, then tries the write once more', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehook-space-'));
    const path = join(dir, 'events.db');
    const db = openEventDatabase(path);
    db.exec('PRAGMA wal_autocheckpoint = 0'); // as when the disk fills before the WAL reaches the checkpoint size
    const queue = new SqliteEventQueue(db);
    for (let i = 0; i < 200; i++) await queue.enqueue({ deliveryId: `d${i}`, events: [{ pad: 'x'.repeat(8000) }] });
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(1024 * 1024);

    let calls = 0;
    const result = withSpaceRecovery(db, () => {
      calls++;
      if (calls === 1) throw diskFull();
      return 'written';
    });
    expect(result).toBe('written');
    expect(calls).toBe(2);
    expect(statSync(`${path}-wal`).size).toBe(0); // the space is back
    expect(queue.depth()).toBe(200); // and nothing was lost

    calls = 0;
    expect(() => withSpaceRecovery(db, () => {
      calls++;
      throw new Error('SQLITE_CONSTRAINT');
    })).toThrow('SQLITE_CONSTRAINT');
    expect(calls).toBe(1); // other errors are not retried
    db.close();
  });

  it('caps the WAL file left after a checkpoint (journal_size_limit)', () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehook-space-'));
    const db = openEventDatabase(join(dir, 'events.db'));
    expect((db.prepare('PRAGMA journal_size_limit').get() as { journal_size_limit: number }).journal_size_limit).toBe(4 * 1024 * 1024);
    db.close();
  });
});
