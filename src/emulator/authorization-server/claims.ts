/**
 * The claims of the tokens this server mints, split in two: what the token hook sees and may patch
 * (`draftClaims`), and what is stamped at signing time (iat, exp, at_hash), which follows the
 * possibly patched lifetime.
 */
import { createHash } from 'node:crypto';
import { newOpaqueToken } from '../ids.js';
import type { TokenDraft } from '../hook-calls/apply-token.js';
import type { Grant } from './grant.js';

export interface ServerIdentity {
  issuer: string;
  audience: string | string[];
  /** The identity provider id Okta puts in `idp` (the org itself for Okta-mastered users). */
  idpId: string;
}

export interface Lifetimes {
  accessToken: number;
  idToken: number;
}

export function draftClaims(server: ServerIdentity, grant: Grant, lifetimes: Lifetimes): TokenDraft {
  const { user, client, scopes } = grant;
  const accessClaims: Record<string, unknown> = {
    ver: 1,
    jti: `AT.${newOpaqueToken(32)}`,
    iss: server.issuer,
    aud: server.audience,
    cid: client.clientId,
    ...(user ? { uid: user.id } : {}),
    scp: scopes,
    sub: user ? user.profile.login : client.clientId,
  };
  const draft: TokenDraft = { accessClaims, accessLifetime: lifetimes.accessToken };
  if (user && scopes.includes('openid')) {
    const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
    draft.idClaims = {
      sub: user.id,
      ...(scopes.includes('profile') && name ? { name } : {}),
      ...(scopes.includes('email') && user.profile.email ? { email: user.profile.email } : {}),
      ver: 1,
      iss: server.issuer,
      aud: client.clientId,
      jti: `ID.${newOpaqueToken(32)}`,
      amr: grant.amr ?? ['pwd'],
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      idp: server.idpId,
      ...(scopes.includes('profile') ? { preferred_username: user.profile.login } : {}),
      auth_time: grant.authTime,
    };
    draft.idLifetime = lifetimes.idToken;
  }
  return draft;
}

/** OIDC Core 3.1.3.6: base64url of the left half of SHA-256 over the access token's ASCII form. */
export function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export function withTimes(claims: Record<string, unknown>, issuedAt: number, lifetime: number): Record<string, unknown> {
  return { ...claims, iat: issuedAt, exp: issuedAt + lifetime };
}
