/** DPoP proofs made the way a client makes them: a fresh key pair and a signed `dpop+jwt` per request. */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface DpopKey {
  publicJwk: JWK;
  privateKey: CryptoKey;
  jkt: string;
}

export async function dpopKey(alg: 'ES256' | 'RS256' = 'ES256'): Promise<DpopKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { publicJwk, privateKey, jkt: await calculateJwkThumbprint(publicJwk, 'sha256') };
}

export interface ProofOptions {
  htm?: string;
  htu: string;
  nonce?: string;
  ath?: string;
  iat?: number;
  jti?: string;
  /** Header overrides (typ, alg, jwk). */
  header?: Record<string, unknown>;
  signWith?: CryptoKey;
}

export async function proof(key: DpopKey, options: ProofOptions): Promise<string> {
  const alg = key.publicJwk.kty === 'EC' ? 'ES256' : 'RS256';
  return new SignJWT({
    htm: options.htm ?? 'POST',
    htu: options.htu,
    ...(options.nonce ? { nonce: options.nonce } : {}),
    ...(options.ath ? { ath: options.ath } : {}),
  })
    .setProtectedHeader({ typ: 'dpop+jwt', alg, jwk: key.publicJwk, ...options.header })
    .setJti(options.jti ?? crypto.randomUUID())
    .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
    .sign(options.signWith ?? key.privateKey);
}

export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}
