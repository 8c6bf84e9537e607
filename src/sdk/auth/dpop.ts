/**
 * DPoP (RFC 9449) proofs from one ephemeral ES256 key per client, and the nonces the token
 * endpoint and the API hand out (kept apart: each server rotates its own).
 */
import { base64url, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface DpopProofInput {
  method: string;
  url: URL;
  nonce?: string | undefined;
  /** Access token the proof accompanies; adds `ath`. */
  accessToken?: string | undefined;
}

export interface DpopSigner {
  proof(input: DpopProofInput): Promise<string>;
}

export async function createDpopSigner(): Promise<DpopSigner> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = await exportJWK(publicKey);
  return {
    async proof({ method, url, nonce, accessToken }) {
      const htu = `${url.origin}${url.pathname}`;
      const claims: Record<string, string> = { htm: method, htu };
      if (nonce) claims.nonce = nonce;
      if (accessToken) claims.ath = await sha256(accessToken);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .sign(privateKey as CryptoKey);
    },
  };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return base64url.encode(new Uint8Array(digest));
}
