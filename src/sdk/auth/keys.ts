/** Turns the configured private key (PEM or JWK) into a signing key and its JWS algorithm. */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { OktaConfigError } from '../errors.js';

export interface SigningKey {
  key: CryptoKey | KeyObject;
  alg: 'RS256' | 'ES256' | 'ES384' | 'ES512';
  kid: string | undefined;
}

const EC_ALG: Record<string, SigningKey['alg']> = {
  'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512',
  prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512',
};

export async function importSigningKey(privateKey: string | JWK, keyId: string | undefined): Promise<SigningKey> {
  const jwk = asJwk(privateKey);
  if (jwk) {
    const alg = jwk.kty === 'RSA' ? 'RS256' : jwk.kty === 'EC' ? EC_ALG[jwk.crv ?? ''] : undefined;
    if (!alg) throw new OktaConfigError(`auth.privateKey: unsupported JWK (kty ${String(jwk.kty)}); use RSA or EC P-256/384/521`);
    if (jwk.d === undefined) throw new OktaConfigError('auth.privateKey: the JWK has no private part ("d")');
    const key = await importJWK(jwk, alg).catch((err: unknown) => {
      throw new OktaConfigError('auth.privateKey: the JWK could not be imported', { cause: err });
    });
    return { key: key as CryptoKey, alg, kid: keyId ?? (typeof jwk.kid === 'string' ? jwk.kid : undefined) };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKey as string);
  } catch (err) {
    // The key text itself never goes into the message.
    throw new OktaConfigError('auth.privateKey is neither a PEM private key nor a JWK', { cause: err });
  }
  const type = key.asymmetricKeyType;
  const alg = type === 'rsa' ? 'RS256' : type === 'ec' ? EC_ALG[key.asymmetricKeyDetails?.namedCurve ?? ''] : undefined;
  if (!alg) throw new OktaConfigError(`auth.privateKey: unsupported key type ${String(type)}; use RSA or EC`);
  return { key, alg, kid: keyId };
}

function asJwk(value: string | JWK): (JWK & { d?: string }) | undefined {
  if (typeof value === 'object' && value !== null) return value as JWK;
  const text = value.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as JWK;
  } catch {
    throw new OktaConfigError('auth.privateKey looks like JSON but does not parse as a JWK');
  }
}
