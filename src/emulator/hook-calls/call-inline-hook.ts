/**
 * Calls an inline hook the way Okta does: JSON POST, channel auth, 3 s deadline, at most one retry
 * (never for token and telephony hooks), no redirects, a body under 256 KB that parses as JSON.
 */
import type { InlineHookType } from '../../handlers/core/types.js';
import { channelHeaders, systemClock, type Clock, type FetchLike, type HookChannel } from './channel.js';
import { FAILURE_POLICY } from './failure-policy.js';
import type { HookCallFailure, HookCallOutcome } from './outcome.js';
import { exchangeFailure, HOOK_TIMEOUT_MS, httpAttempt, MAX_RESPONSE_BYTES, withOneRetry, type AttemptResult } from './http-attempt.js';
import {
  channelAccessToken,
  ChannelTokenError,
  defaultChannelTokenCache,
  type ChannelTokenCache,
  type HookKeyResolver,
} from './oauth-channel-token.js';

/** Names kept for callers of the inline-hook side; the shape is the one `HookCallOutcome`. */
export type InlineHookFailure = HookCallFailure;
export type InlineHookOutcome = HookCallOutcome;

export interface CallInlineHookOptions {
  hookType: InlineHookType;
  clock?: Clock;
  fetch?: FetchLike;
  /** Overridable for tests of the deadline itself; Okta's value is 3000. */
  timeoutMs?: number;
  tokenCache?: ChannelTokenCache;
  hookKeys?: HookKeyResolver;
}

export async function callInlineHook(
  channel: HookChannel,
  payload: unknown,
  options: CallInlineHookOptions,
): Promise<InlineHookOutcome> {
  const clock = options.clock ?? systemClock;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const startedAt = clock.now().getTime();
  const elapsed = () => Math.max(0, clock.now().getTime() - startedAt);

  const headers = channelHeaders(channel);
  headers.set('accept', 'application/json');
  headers.set('content-type', 'application/json');
  if (channel.type === 'OAUTH') {
    try {
      const token = await channelAccessToken(channel, {
        fetch: fetchFn,
        clock,
        cache: options.tokenCache ?? defaultChannelTokenCache,
        ...(options.hookKeys ? { hookKeys: options.hookKeys } : {}),
      });
      headers.set('authorization', `Bearer ${token}`);
    } catch (error) {
      const message = error instanceof ChannelTokenError ? error.message : 'token request failed';
      return { ok: false, failure: 'channel-token', message, attempts: 0, durationMs: elapsed() };
    }
  }

  const body = JSON.stringify(payload);
  const { result, attempts } = await withOneRetry(FAILURE_POLICY[options.hookType].retried, () =>
    httpAttempt(
      channel.config.uri,
      { method: 'POST', headers, body },
      { timeoutMs: options.timeoutMs ?? HOOK_TIMEOUT_MS, maxBytes: MAX_RESPONSE_BYTES, fetch: fetchFn },
    ),
  );
  return { ...interpret(result), attempts, durationMs: elapsed() };
}

type Interpreted =
  | { ok: true; status: number; body?: unknown }
  | { ok: false; status?: number; failure: HookCallFailure; message: string };

function interpret(result: AttemptResult): Interpreted {
  const failed = exchangeFailure(result);
  if (failed) return { ok: false, ...failed };
  const { status, text } = result as Extract<AttemptResult, { kind: 'response' }>;
  if (status === 204) return { ok: true, status };
  try {
    return { ok: true, status, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status, failure: 'invalid-json', message: 'response body is not valid JSON' };
  }
}
