import type { DatabaseSync } from 'node:sqlite';

/** Small key/value facts about the org itself (signing key, seed marker). */
export class MetaRepository {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(key: string): string | undefined {
    const row = this.#db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  set(key: string, value: string): void {
    this.#db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Records a client assertion id; false when it was already used and has not expired (replay). */
  rememberJti(jti: string, expiresAt: string, nowIso: string): boolean {
    this.#db.prepare('DELETE FROM used_jtis WHERE expires_at <= ?').run(nowIso);
    return Number(this.#db.prepare('INSERT OR IGNORE INTO used_jtis (jti, expires_at) VALUES (?, ?)').run(jti, expiresAt).changes) > 0;
  }
}
