/**
 * `private_key_jwt` client authentication (RFC 7523, OIDC Core 9), the one implementation behind
 * both token endpoints of the org: the org authorization server (`/oauth2/v1/token`) and every
 * custom authorization server (`/oauth2/{id}/v1/token`).
 */
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { OAuthError } from './oauth-error.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ASSERTION_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];
/** Okta refuses assertions that expire more than an hour after they are presented. */
const MAX_ASSERTION_LIFETIME_S = 3600;

/** Remembers assertion ids so each assertion is usable once. */
export interface ReplayGuard {
  /** Records `jti`; false when it was already used and has not expired. */
  remember(jti: string, expiresAtMs: number, nowMs: number): boolean;
}

/** In-memory replay guard, for an authorization server that has no store. */
export class AssertionReplayCache implements ReplayGuard {
  readonly #seen = new Map<string, number>();

  remember(jti: string, expiresAtMs: number, nowMs: number): boolean {
    for (const [id, expiry] of this.#seen) if (expiry <= nowMs) this.#seen.delete(id);
    if (this.#seen.has(jti)) return false;
    this.#seen.set(jti, expiresAtMs);
    return true;
  }
}

/** The client the assertion claims to come from (`iss`, which must equal `sub`), before any check. */
export function assertionClientId(assertion: string): string {
  let claims;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw new OAuthError('invalid_client', 'The client_assertion is not a well-formed JWT.');
  }
  const id = typeof claims.iss === 'string' ? claims.iss : claims.sub;
  if (typeof id !== 'string' || id === '') throw new OAuthError('invalid_client', 'The client_assertion has no iss.');
  return id;
}

export interface AssertionCheck {
  assertion: string;
  clientId: string;
  jwks: JSONWebKeySet | undefined;
  /** The token endpoint URL the assertion must name as `aud`. */
  audience: string;
  now: Date;
  replay: ReplayGuard;
}

/** Verifies signature, iss = sub = client, aud, exp within an hour, and a fresh jti; throws invalid_client. */
export async function verifyClientAssertion(check: AssertionCheck): Promise<void> {
  if (!check.jwks || check.jwks.keys.length === 0) throw new OAuthError('invalid_client', 'Client authentication failed.');
  let payload;
  try {
    ({ payload } = await jwtVerify(check.assertion, createLocalJWKSet(check.jwks), {
      algorithms: ASSERTION_ALGORITHMS,
      issuer: check.clientId,
      subject: check.clientId,
      audience: check.audience,
      currentDate: check.now,
      requiredClaims: ['exp', 'jti'],
      clockTolerance: 5,
    }));
  } catch (error) {
    const detail = error instanceof Error && 'code' in error ? String(error.code) : 'verification failed';
    throw new OAuthError('invalid_client', `The client_assertion is invalid (${detail}).`);
  }
  const nowSeconds = Math.floor(check.now.getTime() / 1000);
  const exp = payload.exp ?? nowSeconds;
  if (exp - nowSeconds > MAX_ASSERTION_LIFETIME_S) {
    throw new OAuthError('invalid_client', 'The client_assertion expires more than one hour from now.');
  }
  if (!check.replay.remember(`${check.clientId}:${String(payload.jti)}`, exp * 1000, check.now.getTime())) {
    throw new OAuthError('invalid_client', 'The client_assertion jti has already been used.');
  }
}
