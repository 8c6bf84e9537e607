import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { newOpaqueToken } from '../ids.js';
import { DocTable } from './doc-table.js';
import type { SessionDoc } from './types.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

export class SessionRepository extends DocTable<SessionDoc> {
  constructor(db: DatabaseSync) {
    super(db, 'sessions', (session) => ({ user_id: session.userId, expires_at: session.expiresAt }));
  }

  /** A one-time session token as returned by primary authentication; only its hash is stored. */
  issueToken(userId: string, expiresAt: string): string {
    const token = '20111' + newOpaqueToken(30);
    this.statement('INSERT INTO session_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)').run(sha256(token), userId, expiresAt);
    return token;
  }

  /** Exchanges a session token once; undefined when unknown, used or expired. */
  consumeToken(token: string, nowIso: string): string | undefined {
    const hash = sha256(token);
    const row = this.statement('SELECT user_id, expires_at FROM session_tokens WHERE token_hash = ?').get(hash) as
      | { user_id: string; expires_at: string }
      | undefined;
    this.statement('DELETE FROM session_tokens WHERE token_hash = ? OR expires_at <= ?').run(hash, nowIso);
    return row && row.expires_at > nowIso ? row.user_id : undefined;
  }

  deleteForUser(userId: string): number {
    return Number(this.statement('DELETE FROM sessions WHERE user_id = ?').run(userId).changes);
  }
}
