/** Refresh tokens of the authorization server, kept in memory (they die with the process, like the signing key). */
import { newOpaqueToken } from '../ids.js';

export interface RefreshTokenRecord {
  /** The `jti` Okta shows in `data.refresh_token` of token hook requests. */
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  authTime: number;
  expiresAtMs: number;
  /** The grant the chain started with and how the user authenticated, carried into refreshed tokens. */
  grantType?: string;
  amr?: string[];
}

export class RefreshTokenStore {
  readonly #byToken = new Map<string, RefreshTokenRecord>();

  /** Reserves an id before minting, so the token hook request can carry it. */
  newId(): string {
    return `oar${newOpaqueToken(15)}`;
  }

  issue(record: RefreshTokenRecord): string {
    const token = newOpaqueToken(32);
    this.#byToken.set(token, record);
    return token;
  }

  /** Forgets `token` (revocation); true when it was known. */
  revoke(token: string): boolean {
    return this.#byToken.delete(token);
  }

  /** The record behind `token`, or undefined when unknown or expired. */
  find(token: string, nowMs: number): RefreshTokenRecord | undefined {
    const record = this.#byToken.get(token);
    if (!record) return undefined;
    if (record.expiresAtMs <= nowMs) {
      this.#byToken.delete(token);
      return undefined;
    }
    return record;
  }
}
