/**
 * How Okta reaches a hook: the `channel` object of an inline or event hook as the Management API
 * stores it (with the write-only secret values still present, since the org keeps them).
 */

export interface HeaderAuthScheme {
  type: 'HEADER';
  /** Header name; "Authentication field" in the Admin Console, usually `Authorization`. */
  key: string;
  /** Sent verbatim, including any scheme prefix such as `Basic `. */
  value: string;
}

export interface ChannelHeader {
  key: string;
  value: string;
}

export interface HttpChannel {
  type: 'HTTP';
  version?: string;
  config: {
    uri: string;
    method?: string;
    headers?: ChannelHeader[];
    authScheme?: HeaderAuthScheme | null;
  };
}

export interface OAuthChannel {
  type: 'OAUTH';
  version?: string;
  config: {
    uri: string;
    method?: string;
    headers?: ChannelHeader[];
    authType: 'client_secret_post' | 'private_key_jwt';
    clientId: string;
    /** client_secret_post only. */
    clientSecret?: string;
    /** private_key_jwt only: the Okta hook key whose private half signs the client assertion. */
    hookKeyId?: string;
    tokenUrl: string;
    scope?: string;
  };
}

export type HookChannel = HttpChannel | OAuthChannel;

/** The emulator's clock (`now(): Date`), so the org and its hook calls share one notion of time. */
export { systemClock, type Clock } from '../clock.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Headers Okta sets itself; a channel's custom headers may not override them. */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'content-length', 'host']);

/** The static headers of every call on this channel: custom headers first, then the auth header. */
export function channelHeaders(channel: HookChannel): Headers {
  const headers = new Headers();
  for (const { key, value } of channel.config.headers ?? []) {
    if (!RESERVED_HEADERS.has(key.toLowerCase())) headers.set(key, value);
  }
  if (channel.type === 'HTTP' && channel.config.authScheme?.type === 'HEADER') {
    headers.set(channel.config.authScheme.key, channel.config.authScheme.value);
  }
  return headers;
}
