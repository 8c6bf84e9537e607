import { randomBytes } from 'node:crypto';
import type { EventHookDoc, HookChannelConfig, InlineHookDoc } from './store/types.js';

/** Outcome of calling an inline hook's endpoint. */
export type InlineHookResult =
  | { ok: true; status: number; body: unknown }
  | { ok: false; reason: 'timeout' | 'network' | 'status' | 'invalid_body'; status?: number; detail: string };

/**
 * How the emulator reaches hook endpoints. Hooks arrive with `channel.config.authScheme.value`
 * filled in (it is write-only in the API, so only this seam ever sees it).
 */
export interface HookCaller {
  /** Okta's one-time event hook verification; true when the endpoint echoed the challenge. */
  verifyEventHook(hook: EventHookDoc): Promise<boolean>;
  executeInlineHook(hook: InlineHookDoc, payload: unknown): Promise<InlineHookResult>;
}

export const HOOK_TIMEOUT_MS = 3000;

function channelHeaders(config: HookChannelConfig): Headers {
  const headers = new Headers();
  for (const header of config.headers ?? []) headers.set(header.key, header.value);
  if (config.authScheme?.value !== undefined) headers.set(config.authScheme.key, config.authScheme.value);
  return headers;
}

async function callOnce(config: HookChannelConfig, payload: unknown, timeoutMs: number): Promise<InlineHookResult> {
  const headers = channelHeaders(config);
  headers.set('content-type', 'application/json');
  headers.set('accept', 'application/json');
  let response: Response;
  try {
    response = await fetch(config.uri, {
      method: 'POST',
      headers,
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timeout = error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, reason: timeout ? 'timeout' : 'network', detail: timeout ? `no response within ${timeoutMs} ms` : 'connection failed' };
  }
  const text = await response.text();
  if (!response.ok) return { ok: false, reason: 'status', status: response.status, detail: `HTTP ${response.status}` };
  if (response.status === 204 || text.trim() === '') return { ok: true, status: response.status, body: null };
  try {
    return { ok: true, status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'invalid_body', status: response.status, detail: 'response body is not JSON' };
  }
}

/** Default caller: real HTTP with fetch, a 3 s timeout, and (for inline hooks) one retry on 5xx or timeout, as Okta does. */
export function createFetchHookCaller(timeoutMs = HOOK_TIMEOUT_MS): HookCaller {
  return {
    async verifyEventHook(hook) {
      const challenge = randomBytes(24).toString('base64url');
      const headers = channelHeaders(hook.channel.config);
      headers.set('x-okta-verification-challenge', challenge);
      headers.set('accept', 'application/json');
      try {
        const response = await fetch(hook.channel.config.uri, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) return false;
        const body = (await response.json()) as unknown;
        return typeof body === 'object' && body !== null && (body as { verification?: unknown }).verification === challenge;
      } catch {
        return false;
      }
    },
    async executeInlineHook(hook, payload) {
      const first = await callOnce(hook.channel.config, payload, timeoutMs);
      const retryable = !first.ok && (first.reason === 'timeout' || first.reason === 'network' || (first.status ?? 0) >= 500);
      return retryable ? callOnce(hook.channel.config, payload, timeoutMs) : first;
    },
  };
}
