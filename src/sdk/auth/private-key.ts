/**
 * OAuth 2.0 client credentials for service apps: a `private_key_jwt` assertion buys an access
 * token at `${orgUrl}/oauth2/v1/token`, cached until shortly before expiry and refreshed by one
 * request however many callers are waiting. Switches to DPoP when the token endpoint asks for it.
 */
import { SignJWT } from 'jose';
import { OktaAuthError, OktaConfigError } from '../errors.js';
import { createDpopSigner, type DpopSigner } from './dpop.js';
import { importSigningKey, type SigningKey } from './keys.js';
import type { Authenticator, AuthProvider, AuthRequest, PrivateKeyAuthOptions } from './types.js';

export interface PrivateKeyAuthContext {
  orgUrl: URL;
  fetch?: typeof fetch | undefined;
  /** Time limit of one token request in ms (default 10 000). */
  timeoutMs?: number;
}

interface Token {
  value: string;
  type: 'Bearer' | 'DPoP';
  /** Epoch ms after which the token is no longer handed out. */
  refreshAt: number;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_LIFETIME_S = 300;

/** `{ type: 'privateKey', ... }` without the need to spell the type. */
export type PrivateKeyOptions = Omit<PrivateKeyAuthOptions, 'type'> & { type?: 'privateKey' };

/**
 * OAuth 2.0 client credentials with a `private_key_jwt` assertion (DPoP when the org asks for it).
 * Checks the options now; imports the key and fetches a token on the first API call.
 *
 * @example
 * import { privateKeyAuth } from 'gatehook/sdk/auth/private-key';
 * const client = createOktaClient({ orgUrl, auth: privateKeyAuth({ clientId, privateKey: pem, scopes: ['okta.users.read'] }) });
 */
export function privateKeyAuth(options: PrivateKeyOptions): AuthProvider {
  if (typeof options?.clientId !== 'string' || options.clientId === '') throw new OktaConfigError('auth.clientId is required');
  if (!options.privateKey) throw new OktaConfigError('auth.privateKey is required (PEM or JWK)');
  if (!Array.isArray(options.scopes) || options.scopes.length === 0) {
    throw new OktaConfigError('auth.scopes must list at least one scope, e.g. okta.users.read');
  }
  const settled: PrivateKeyAuthOptions = { ...options, type: 'privateKey' };
  return {
    createAuthenticator({ orgUrl, fetch }) {
      let loading: Promise<Authenticator> | undefined;
      let loaded: Authenticator | undefined;
      return {
        async authorize(request, signal) {
          loading ??= createPrivateKeyAuthenticator(settled, { orgUrl, fetch });
          loaded ??= await loading;
          return loaded.authorize(request, signal);
        },
        onResponse(request, response) {
          return loaded?.onResponse?.(request, response) ?? false;
        },
      };
    },
  };
}

export async function createPrivateKeyAuthenticator(options: PrivateKeyAuthOptions, ctx: PrivateKeyAuthContext): Promise<Authenticator> {
  const signingKey = await importSigningKey(options.privateKey, options.keyId);
  const tokenUrl = new URL('/oauth2/v1/token', ctx.orgUrl);
  const doFetch = ctx.fetch ?? globalThis.fetch;
  const scope = options.scopes.join(' ');
  let token: Token | undefined;
  let refreshing: Promise<Token> | undefined;
  let dpop: DpopSigner | undefined;
  let tokenNonce: string | undefined;
  let apiNonce: string | undefined;
  // Which token each in-flight call used, so a 401 drops that token and not a newer one.
  const used = new WeakMap<AuthRequest, string>();

  async function requestToken(): Promise<Token> {
    const signal = AbortSignal.timeout(ctx.timeoutMs ?? 10_000);
    // At most three rounds: plain, with a DPoP proof, with the nonce the server then demands.
    for (let round = 0; round < 3; round++) {
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      if (dpop) headers.dpop = await dpop.proof({ method: 'POST', url: tokenUrl, nonce: tokenNonce });
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        scope,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: await clientAssertion(signingKey, options.clientId, tokenUrl),
      });
      let res: Response;
      let body: Record<string, unknown>;
      try {
        res = await doFetch(tokenUrl, { method: 'POST', headers, body: form, signal, redirect: 'manual' });
        body = await res.json().catch(() => ({})) as Record<string, unknown>;
      } catch (err) {
        throw new OktaAuthError(signal.aborted ? 'token request timed out' : 'token request failed: network error', {}, { cause: err });
      }
      const error = typeof body.error === 'string' ? body.error : undefined;
      const nonce = res.headers.get('dpop-nonce');
      if (nonce) tokenNonce = nonce;
      if (res.status === 400 && (error === 'use_dpop_nonce' || error === 'invalid_dpop_proof') && round < 2) {
        dpop ??= await createDpopSigner();
        if (error === 'use_dpop_nonce' && !nonce) throw new OktaAuthError('token endpoint asked for a DPoP nonce but sent none', { oauthError: error, status: 400 });
        continue;
      }
      if (!res.ok || typeof body.access_token !== 'string') {
        const detail = typeof body.error_description === 'string' ? `: ${body.error_description.slice(0, 200)}` : '';
        throw new OktaAuthError(`token request failed with ${res.status}${error ? ` ${error}` : ''}${detail}`, { oauthError: error, status: res.status });
      }
      const type = String(body.token_type).toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
      if (type === 'DPoP' && !dpop) throw new OktaAuthError('token endpoint issued a DPoP token without a DPoP proof', { status: res.status });
      const lifetimeMs = (Number(body.expires_in) || 3600) * 1000;
      // Refresh a minute early (a fifth early for short-lived tokens) so no call carries a dying token.
      return { value: body.access_token, type, refreshAt: Date.now() + lifetimeMs - Math.min(60_000, lifetimeMs / 5) };
    }
    throw new OktaAuthError('token endpoint kept rejecting DPoP proofs', { oauthError: 'use_dpop_nonce', status: 400 });
  }

  function currentToken(): Promise<Token> {
    if (token && Date.now() < token.refreshAt) return Promise.resolve(token);
    refreshing ??= requestToken()
      .then((t) => (token = t))
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  }

  return {
    async authorize(request, signal): Promise<Record<string, string>> {
      const t = await untilAborted(currentToken(), signal);
      used.set(request, t.value);
      if (t.type === 'Bearer') return { authorization: `Bearer ${t.value}` };
      const proof = await dpop!.proof({ method: request.method, url: request.url, nonce: apiNonce, accessToken: t.value });
      return { authorization: `DPoP ${t.value}`, dpop: proof };
    },
    onResponse(request, response) {
      const nonce = response.headers.get('dpop-nonce');
      if (nonce) apiNonce = nonce;
      if (response.status !== 401) return false;
      const challenge = response.headers.get('www-authenticate') ?? '';
      if (/error="?use_dpop_nonce/i.test(challenge)) return nonce !== null;
      // Any other 401 means the token was refused (expired, revoked): drop it and try once more.
      if (token && token.value === used.get(request)) token = undefined;
      return true;
    },
  };
}

function clientAssertion(key: SigningKey, clientId: string, audience: URL): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader(key.kid ? { alg: key.alg, kid: key.kid } : { alg: key.alg })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience.href)
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_S)
    .setJti(crypto.randomUUID())
    .sign(key.key);
}

/** Waits for a shared promise, but lets this caller leave when its own signal fires. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
