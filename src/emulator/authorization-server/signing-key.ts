/**
 * The authorization server's RS256 key pair, generated when the server starts (tokens from a
 * previous run stop verifying, which is what a key rotation looks like to a client).
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { randomBase62 } from '../ids.js';

export const SIGNING_ALG = 'RS256';

export interface SigningKey {
  readonly kid: string;
  readonly publicJwk: JWK;
  sign(claims: JWTPayload): Promise<string>;
}

export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const kid = randomBase62(43);
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
  return {
    kid,
    publicJwk,
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: SIGNING_ALG, kid }).sign(privateKey as CryptoKey),
  };
}
