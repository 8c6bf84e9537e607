import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { sqliteEventStores } from '../../../src/handlers/events/sqlite/index.js';
import type { LogEvent } from '../../../src/handlers/events/index.js';

/** A temp SQLite event database plus an `effects` table where test handlers record side effects. */
export function sqliteHarness() {
  const dir = mkdtempSync(join(tmpdir(), 'gatehook-events-'));
  const path = join(dir, 'events.db');
  const stores = sqliteEventStores(path);
  const effectsDb = new DatabaseSync(join(dir, 'effects.db'));
  effectsDb.exec('PRAGMA journal_mode = WAL');
  effectsDb.exec('PRAGMA synchronous = NORMAL');
  effectsDb.exec('CREATE TABLE IF NOT EXISTS effects (seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL, event_type TEXT NOT NULL)');
  const insert = effectsDb.prepare('INSERT INTO effects (uuid, event_type) VALUES (?, ?)');
  return {
    dir,
    path,
    ...stores,
    record(event: LogEvent) {
      insert.run(event.uuid, event.eventType);
    },
    effects(): { total: number; distinct: number } {
      const row = effectsDb.prepare('SELECT COUNT(*) AS total, COUNT(DISTINCT uuid) AS unique_count FROM effects').get() as {
        total: number;
        unique_count: number;
      };
      return { total: row.total, distinct: row.unique_count };
    },
    effectOrder(): string[] {
      return (effectsDb.prepare('SELECT uuid FROM effects ORDER BY seq').all() as { uuid: string }[]).map((r) => r.uuid);
    },
    cleanup() {
      stores.close();
      effectsDb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
