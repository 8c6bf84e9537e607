import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../clock.js';
import { newOpaqueToken, randomBase62 } from '../ids.js';
import type { MetaRepository } from '../store/meta.js';

const ALG = 'RS256';
const META_KEY = 'oauth.signingKey';
export const ACCESS_TOKEN_LIFETIME_S = 3600;

export interface AccessTokenClaims {
  clientId: string;
  scopes: string[];
  /** `cnf.jkt` of a DPoP-bound token. */
  jkt?: string;
}

/** The org authorization server's signing key: issues access tokens and checks the ones presented to the API. */
export interface TokenIssuer {
  /** `jkt` binds the token to a DPoP key (`cnf.jkt`). */
  issue(clientId: string, scopes: string[], issuer: string, jkt?: string): Promise<string>;
  /** Claims of a valid, unexpired token signed by this org; undefined otherwise. */
  verify(token: string): Promise<AccessTokenClaims | undefined>;
  jwks(): { keys: JWK[] };
}

/** Loads the org's signing key from the store, creating it on first start so tokens survive restarts. */
export async function loadTokenIssuer(meta: MetaRepository, clock: Clock): Promise<TokenIssuer> {
  let stored = meta.get(META_KEY);
  if (!stored) {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: randomBase62(43), alg: ALG, use: 'sig' };
    stored = JSON.stringify(jwk);
    meta.set(META_KEY, stored);
  }
  const privateJwk = JSON.parse(stored) as JWK;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const privateKey = (await importJWK(privateJwk, ALG)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, ALG)) as CryptoKey;
  const kid = privateJwk.kid ?? '';
  const nowSeconds = (): number => Math.floor(clock.now().getTime() / 1000);

  return {
    issue: (clientId, scopes, issuer, jkt) =>
      new SignJWT({ ver: 1, cid: clientId, scp: scopes, ...(jkt ? { cnf: { jkt } } : {}) })
        .setProtectedHeader({ alg: ALG, kid, typ: 'application/okta-internal-at+jwt' })
        .setJti(`AT.${newOpaqueToken(32)}`)
        .setIssuer(issuer)
        .setAudience(issuer)
        .setSubject(clientId)
        .setIssuedAt(nowSeconds())
        .setExpirationTime(nowSeconds() + ACCESS_TOKEN_LIFETIME_S)
        .sign(privateKey),
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, publicKey, { algorithms: [ALG], currentDate: clock.now() });
        if (typeof payload.cid !== 'string' || !Array.isArray(payload.scp)) return undefined;
        const cnf = payload.cnf as { jkt?: unknown } | undefined;
        return {
          clientId: payload.cid,
          scopes: payload.scp.filter((scope): scope is string => typeof scope === 'string'),
          ...(typeof cnf?.jkt === 'string' ? { jkt: cnf.jkt } : {}),
        };
      } catch {
        return undefined;
      }
    },
    jwks: () => ({ keys: [publicJwk] }),
  };
}
