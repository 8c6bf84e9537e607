import type { JWK } from 'jose';

/** The request an authenticator signs: DPoP proofs bind to the method and the URL. */
export interface AuthRequest {
  readonly method: string;
  readonly url: URL;
}

/**
 * Supplies credentials for API calls. The transport asks for headers before each attempt and shows
 * every response to `onResponse`, which may rotate state (a new DPoP nonce, a dropped token).
 */
export interface Authenticator {
  authorize(request: AuthRequest, signal: AbortSignal): Promise<Record<string, string>>;
  /** True when the request should be sent once more with fresh credentials. */
  onResponse?(request: AuthRequest, response: Response): boolean;
}

/** `Authorization: SSWS <token>`: an Okta API token. */
export interface SswsAuthOptions {
  type: 'ssws';
  token: string;
}

/** OAuth 2.0 client credentials with a `private_key_jwt` assertion (and DPoP when the org demands it). */
export interface PrivateKeyAuthOptions {
  type: 'privateKey';
  clientId: string;
  /** PKCS#8 PEM string, or a private JWK (object or its JSON text). */
  privateKey: string | JWK;
  /** `kid` of the registered public key; taken from the JWK when absent. */
  keyId?: string;
  scopes: readonly string[];
}

export type AuthOptions = SswsAuthOptions | PrivateKeyAuthOptions;

/**
 * Makes the authenticator once the client knows its org and fetch, e.g. `privateKeyAuth({...})` from
 * `auth/private-key.js`: a separate import, so API-token bundles never carry jose.
 */
export interface AuthProvider {
  createAuthenticator(client: { orgUrl: URL; fetch?: typeof fetch | undefined }): Authenticator;
}

