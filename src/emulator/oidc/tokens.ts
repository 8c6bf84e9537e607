/** Reading back the tokens an authorization server minted: signature against its JWKS, issuer, revocation. */
import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet, jwtVerify, type JWK, type JWTPayload } from 'jose';

export interface TokenKeys {
  issuer: string;
  jwks(): Promise<{ keys: JWK[] }>;
}

/** The claims of a valid, unexpired token of this issuer; undefined for anything else. */
export async function verifiedClaims(server: TokenKeys, token: string, now: Date): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(await server.jwks()), { issuer: server.issuer, currentDate: now, algorithms: ['RS256'] });
    return payload;
  } catch {
    return undefined;
  }
}

/**
 * The claims of a token this issuer signed, expired or not (an `id_token_hint` may have expired,
 * OIDC RP-Initiated Logout section 2).
 */
export async function signedClaims(server: TokenKeys, token: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await compactVerify(token, createLocalJWKSet(await server.jwks()), { algorithms: ['RS256'] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
    return claims.iss === server.issuer ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 7636 section 4.1: 43 to 128 characters of the unreserved set. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** RFC 7636 section 4.6 for S256, the only method accepted. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  return CODE_VERIFIER.test(verifier) && createHash('sha256').update(verifier, 'ascii').digest('base64url') === challenge;
}
