/**
 * The client core: an org URL bound to one transport (auth, timeouts, retries). Resource areas
 * live in their own modules (`usersApi(client)`, `factorsApi(client)`...) so a bundle carries only
 * the areas it imports.
 */
import { sswsAuth } from './auth/ssws.js';
import type { Authenticator, AuthProvider, SswsAuthOptions } from './auth/types.js';
import { OktaConfigError } from './errors.js';
import { createTransport, type ApiRequest, type ApiResponse, type RetryOptions } from './transport.js';

export type { AuthOptions, Authenticator, AuthProvider, SswsAuthOptions } from './auth/types.js';
export type { ApiRequest, ApiResponse, CallOptions, RateLimit, RetryOptions } from './transport.js';

export interface OktaClientOptions {
  /** `https://<your-org>.okta.com`; plain http only for loopback hosts (the local emulator). */
  orgUrl: string;
  /**
   * An API token (`{ type: 'ssws', token }`), a custom authenticator, or a provider such as
   * `privateKeyAuth({...})` from `auth/private-key.js` (OAuth client credentials; that import, not
   * this module, carries jose).
   */
  auth: SswsAuthOptions | Authenticator | AuthProvider;
  /** Time limit of one HTTP attempt in ms (default 10 000). */
  timeoutMs?: number;
  /** Retry policy for 429, 5xx and network failures, or `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** Appended to `User-Agent: gatehook/<version> ...`. */
  userAgent?: string;
  /** Replaces the global fetch (e.g. to add tracing). */
  fetch?: typeof fetch;
}

export interface OktaClient {
  /** The org's origin, without a trailing slash. */
  readonly orgUrl: string;
  /** Sends one API request through the client's auth, timeout and retry policy. */
  request(request: ApiRequest): Promise<ApiResponse>;
}

/**
 * Creates a Management API client.
 *
 * @example
 * const client = createOktaClient({ orgUrl: 'https://example.okta.com', auth: { type: 'ssws', token } });
 * const user = await usersApi(client).getUser('00u1abc', { signal: ctx.signal });
 */
export function createOktaClient(options: OktaClientOptions): OktaClient {
  const orgUrl = parseOrgUrl(options.orgUrl);
  const authenticator = toAuthenticator(options.auth, orgUrl, options.fetch);
  const transport = createTransport({
    orgUrl,
    authenticator,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    userAgent: options.userAgent,
  });
  return { orgUrl: orgUrl.origin, request: transport };
}

function parseOrgUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OktaConfigError('orgUrl must be an absolute URL such as https://example.okta.com');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new OktaConfigError('orgUrl must use https (plain http is allowed for loopback hosts only)');
  }
  if (url.username || url.password) throw new OktaConfigError('orgUrl must not carry credentials');
  return new URL(url.origin);
}

function toAuthenticator(auth: OktaClientOptions['auth'], orgUrl: URL, fetchImpl: typeof fetch | undefined): Authenticator {
  if (auth && typeof (auth as Authenticator).authorize === 'function') return auth as Authenticator;
  if (auth && typeof (auth as AuthProvider).createAuthenticator === 'function') {
    return (auth as AuthProvider).createAuthenticator({ orgUrl, fetch: fetchImpl });
  }
  const options = auth as { type?: unknown; token?: unknown } | undefined;
  if (options?.type === 'ssws') return sswsAuth(options.token as string);
  if (options?.type === 'privateKey') {
    // Resolving this here would put jose (~17 KB) into every single-file bundle of an API-token client.
    throw new OktaConfigError(
      "auth { type: 'privateKey' } needs the private-key module: pass auth: privateKeyAuth({ clientId, privateKey, scopes }) " +
        "from 'sdk/auth/private-key.js', or call createOktaClient from 'sdk/auth/private-key-client.js'",
    );
  }
  throw new OktaConfigError("auth must be { type: 'ssws', token }, privateKeyAuth({...}) or an Authenticator");
}
