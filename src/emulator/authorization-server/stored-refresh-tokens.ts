/** Refresh tokens of one server kept in the org's store (hashed), so they survive restarts and can be listed and revoked. */
import { createHash } from 'node:crypto';
import type { EmulatorDeps } from '../context.js';
import { newOpaqueToken } from '../ids.js';
import { newRefreshTokenId, type RefreshTokenRecord, type RefreshTokenRepository } from './refresh-tokens.js';
import { authzTables } from './store.js';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

export function storedRefreshTokens(deps: Pick<EmulatorDeps, 'store' | 'clock'>, serverId: string): RefreshTokenRepository {
  const table = authzTables(deps.store).refreshTokens;
  return {
    newId: newRefreshTokenId,
    issue(record: RefreshTokenRecord): string {
      const token = newOpaqueToken(32);
      table.insert({
        id: record.id,
        serverId,
        tokenHash: hashToken(token),
        clientId: record.clientId,
        userId: record.userId,
        scopes: record.scopes,
        grantType: record.grantType,
        authTime: record.authTime,
        status: 'ACTIVE',
        created: deps.clock.now().toISOString(),
        expiresAt: record.expiresAtMs === null ? null : new Date(record.expiresAtMs).toISOString(),
        idleWindow: record.idleWindowMs === null ? null : record.idleWindowMs / 1000,
        lastUsed: deps.clock.now().toISOString(),
        ...(record.dpopJkt ? { dpopJkt: record.dpopJkt } : {}),
      });
      return token;
    },
    find(token: string, nowMs: number): RefreshTokenRecord | undefined {
      const doc = table.all('token_hash = ? AND server_id = ?', [hashToken(token), serverId])[0];
      if (!doc || doc.status !== 'ACTIVE') return undefined;
      const expiresAtMs = doc.expiresAt === null ? null : Date.parse(doc.expiresAt);
      if (expiresAtMs !== null && expiresAtMs <= nowMs) return undefined;
      const idleWindowMs = doc.idleWindow === null ? null : doc.idleWindow * 1000;
      if (idleWindowMs !== null && Date.parse(doc.lastUsed) + idleWindowMs <= nowMs) return undefined;
      return {
        id: doc.id,
        clientId: doc.clientId,
        userId: doc.userId,
        scopes: doc.scopes,
        grantType: doc.grantType,
        authTime: doc.authTime,
        expiresAtMs,
        idleWindowMs,
        ...(doc.dpopJkt ? { dpopJkt: doc.dpopJkt } : {}),
      };
    },
    revoke(token: string): boolean {
      const doc = table.all('token_hash = ? AND server_id = ?', [hashToken(token), serverId])[0];
      if (!doc || doc.status !== 'ACTIVE') return false;
      table.update({ ...doc, status: 'REVOKED' });
      return true;
    },
    touch(id: string, nowMs: number): void {
      const doc = table.get(id);
      if (doc?.serverId === serverId) table.update({ ...doc, lastUsed: new Date(nowMs).toISOString() });
    },
  };
}
