/**
 * The access token Okta obtains before calling an OAUTH-channel hook: a client_credentials grant at
 * the channel's `tokenUrl`, authenticated with client_secret_post or a private_key_jwt assertion
 * signed with the org's hook key. Tokens are cached until shortly before they expire.
 */
import { SignJWT, type CryptoKey } from 'jose';
import type { Clock, FetchLike, OAuthChannel } from './channel.js';
import { httpAttempt, HOOK_TIMEOUT_MS, MAX_RESPONSE_BYTES } from './http-attempt.js';

/** The private half of an Okta hook key (Key Management API), as the org holds it. */
export interface HookSigningKey {
  key: CryptoKey | Uint8Array;
  kid?: string;
  alg?: string;
}

export type HookKeyResolver = (hookKeyId: string) => Promise<HookSigningKey | undefined>;

export class ChannelTokenError extends Error {
  readonly code = 'ERR_CHANNEL_TOKEN';
}

/** Refresh this long before `expires_in` runs out so a token never expires mid-call. */
const EXPIRY_MARGIN_MS = 30_000;

export class ChannelTokenCache {
  readonly #entries = new Map<string, { token: string; expiresAt: number }>();

  get(key: string, now: number): string | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  set(key: string, token: string, expiresAt: number): void {
    this.#entries.set(key, { token, expiresAt });
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** Shared by every call that does not bring its own cache, as one org process would. */
export const defaultChannelTokenCache = new ChannelTokenCache();

export interface ChannelTokenOptions {
  fetch: FetchLike;
  clock: Clock;
  cache: ChannelTokenCache;
  hookKeys?: HookKeyResolver;
}

export async function channelAccessToken(channel: OAuthChannel, options: ChannelTokenOptions): Promise<string> {
  const { config } = channel;
  const cacheKey = [config.authType, config.tokenUrl, config.clientId, config.scope ?? ''].join('\n');
  const cached = options.cache.get(cacheKey, options.clock.now().getTime());
  if (cached) return cached;

  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (config.scope) form.set('scope', config.scope);
  form.set('client_id', config.clientId);
  if (config.authType === 'client_secret_post') {
    if (!config.clientSecret) throw new ChannelTokenError('OAUTH channel with client_secret_post has no clientSecret');
    form.set('client_secret', config.clientSecret);
  } else {
    form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    form.set('client_assertion', await clientAssertion(channel, options));
  }

  const requestedAt = options.clock.now().getTime();
  const result = await httpAttempt(
    config.tokenUrl,
    {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    },
    { timeoutMs: HOOK_TIMEOUT_MS, maxBytes: MAX_RESPONSE_BYTES, fetch: options.fetch },
  );
  if (result.kind !== 'response') throw new ChannelTokenError(`token request to ${config.tokenUrl} failed: ${result.kind}`);
  if (result.status !== 200) {
    throw new ChannelTokenError(`token request to ${config.tokenUrl} answered HTTP ${result.status}`);
  }
  const parsed = parseTokenResponse(result.text);
  if (!parsed) throw new ChannelTokenError(`token response from ${config.tokenUrl} has no bearer access_token`);
  options.cache.set(cacheKey, parsed.token, requestedAt + parsed.expiresIn * 1000 - EXPIRY_MARGIN_MS);
  return parsed.token;
}

function parseTokenResponse(text: string): { token: string; expiresIn: number } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { access_token: token, token_type: type, expires_in: expiresIn } = json as Record<string, unknown>;
  if (typeof token !== 'string' || token === '') return undefined;
  if (typeof type === 'string' && type.toLowerCase() !== 'bearer') return undefined;
  return { token, expiresIn: typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 300 };
}

async function clientAssertion(channel: OAuthChannel, options: ChannelTokenOptions): Promise<string> {
  const { hookKeyId, clientId, tokenUrl } = channel.config;
  if (!hookKeyId) throw new ChannelTokenError('OAUTH channel with private_key_jwt has no hookKeyId');
  const signing = await options.hookKeys?.(hookKeyId);
  if (!signing) throw new ChannelTokenError(`hook key ${hookKeyId} is not available`);
  const now = Math.floor(options.clock.now().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: signing.alg ?? 'RS256', ...(signing.kid ? { kid: signing.kid } : {}) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(crypto.randomUUID())
    .sign(signing.key);
}
