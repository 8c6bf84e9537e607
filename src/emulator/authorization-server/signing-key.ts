/** RS256 signing keys of an authorization server: generated, or loaded from their stored private JWK. */
import { SignJWT, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { randomBase62 } from '../ids.js';

export const SIGNING_ALG = 'RS256';

export interface SigningKey {
  readonly kid: string;
  readonly publicJwk: JWK;
  sign(claims: JWTPayload): Promise<string>;
}

/** A new key pair: the private JWK to store and the public one to publish. */
export async function newKeyPair(): Promise<{ kid: string; privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const kid = randomBase62(43);
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG, use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' },
  };
}

export async function signingKeyFromJwk(privateJwk: JWK, publicJwk: JWK): Promise<SigningKey> {
  const kid = privateJwk.kid ?? '';
  const privateKey = (await importJWK(privateJwk, SIGNING_ALG)) as CryptoKey;
  return {
    kid,
    publicJwk,
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: SIGNING_ALG, kid }).sign(privateKey),
  };
}

export async function generateSigningKey(): Promise<SigningKey> {
  const pair = await newKeyPair();
  return signingKeyFromJwk(pair.privateJwk, pair.publicJwk);
}
