/** Refresh tokens of an authorization server: an interface, and the in-memory kind a standalone server uses. */
import { newOpaqueToken } from '../ids.js';

export interface RefreshTokenRecord {
  /** The `jti` Okta shows in `data.refresh_token` of token hook requests. */
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  /** The grant that first issued it (the refresh grant inherits its policy rule). */
  grantType: string;
  authTime: number;
  /** null: the token does not expire. */
  expiresAtMs: number | null;
  /** How long it may go unused (ms); null: no idle limit. */
  idleWindowMs: number | null;
  /** How the user authenticated, carried into refreshed ID tokens. */
  amr?: string[];
  /** DPoP key thumbprint the token is bound to (public clients, RFC 9449 section 5). */
  dpopJkt?: string;
}

export interface RefreshTokenRepository {
  /** Reserves an id before minting, so the token hook request can carry it. */
  newId(): string;
  /** Stores the record and returns the opaque token the client receives. */
  issue(record: RefreshTokenRecord): string;
  /** The record behind `token`, or undefined when unknown, revoked or expired. */
  find(token: string, nowMs: number): RefreshTokenRecord | undefined;
  /** Records a use, restarting the idle window. */
  touch(id: string, nowMs: number): void;
  /** Forgets `token` (revocation); true when it was known. */
  revoke(token: string): boolean;
}

export function newRefreshTokenId(): string {
  return `oar${newOpaqueToken(15)}`;
}

export class RefreshTokenStore implements RefreshTokenRepository {
  readonly #byToken = new Map<string, RefreshTokenRecord>();
  readonly #lastUsed = new Map<string, number>();

  newId(): string {
    return newRefreshTokenId();
  }

  issue(record: RefreshTokenRecord): string {
    const token = newOpaqueToken(32);
    this.#byToken.set(token, record);
    return token;
  }

  revoke(token: string): boolean {
    return this.#byToken.delete(token);
  }

  find(token: string, nowMs: number): RefreshTokenRecord | undefined {
    const record = this.#byToken.get(token);
    if (!record) return undefined;
    const idle = record.idleWindowMs !== null && (this.#lastUsed.get(record.id) ?? nowMs) + record.idleWindowMs <= nowMs;
    if ((record.expiresAtMs !== null && record.expiresAtMs <= nowMs) || idle) {
      this.#byToken.delete(token);
      return undefined;
    }
    return record;
  }

  touch(id: string, nowMs: number): void {
    this.#lastUsed.set(id, nowMs);
  }
}
