/**
 * One HTTP exchange the way Okta makes it towards a hook: a hard deadline covering the whole
 * exchange (headers and body), redirects treated as failures, and a cap on the response size.
 * Retrying is the caller's business; this module only classifies what happened.
 */
import type { FetchLike } from './channel.js';
import { HOOK_TIMEOUT_MS, MAX_RESPONSE_BYTES } from '../../handlers/core/okta-facts.js';

export { HOOK_TIMEOUT_MS, MAX_RESPONSE_BYTES };

export type AttemptResult =
  | { kind: 'response'; status: number; text: string }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string }
  | { kind: 'redirect'; status: number }
  | { kind: 'too-large'; status: number };

export interface AttemptOptions {
  timeoutMs: number;
  maxBytes: number;
  fetch: FetchLike;
}

export async function httpAttempt(url: string, init: RequestInit, options: AttemptOptions): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const response = await options.fetch(url, { ...init, redirect: 'manual', signal: controller.signal });
    // `redirect: 'manual'` yields either the 3xx itself or an opaque-redirect with status 0.
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'redirect', status: response.status };
    }
    const body = await readLimited(response, options.maxBytes);
    if (body === undefined) {
      controller.abort();
      return { kind: 'too-large', status: response.status };
    }
    return { kind: 'response', status: response.status, text: body };
  } catch (error) {
    if (timedOut) return { kind: 'timeout' };
    return { kind: 'network', message: error instanceof Error ? describeNetworkError(error) : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the body as UTF-8, or returns undefined as soon as it reaches `maxBytes`. */
async function readLimited(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared >= maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total >= maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message) return `${error.message}: ${cause.message}`;
  return error.message;
}

/** Outcome kinds Okta retries once (for the hook types that retry at all). */
export function isRetryable(result: AttemptResult): boolean {
  return result.kind === 'timeout' || result.kind === 'network' || (result.kind === 'response' && result.status >= 500);
}

/**
 * Runs `attempt` once, and once more when the first try failed in a retryable way and
 * `allowRetry` is set. Returns the last result and how many tries were made.
 */
export async function withOneRetry(
  allowRetry: boolean,
  attempt: () => Promise<AttemptResult>,
): Promise<{ result: AttemptResult; attempts: number }> {
  const first = await attempt();
  if (!allowRetry || !isRetryable(first)) return { result: first, attempts: 1 };
  return { result: await attempt(), attempts: 2 };
}

/** Why an exchange produced no usable 2xx response; `http-status` covers every non-2xx answer. */
export type ExchangeFailure = 'timeout' | 'network' | 'redirect' | 'too-large' | 'http-status';

/** Classifies an attempt: undefined for a 2xx response, otherwise the failure and a loggable message. */
export function exchangeFailure(
  result: AttemptResult,
): { failure: ExchangeFailure; message: string; status?: number } | undefined {
  switch (result.kind) {
    case 'timeout':
      return { failure: 'timeout', message: 'no response within the timeout' };
    case 'network':
      return { failure: 'network', message: result.message };
    case 'redirect':
      return { failure: 'redirect', status: result.status, message: `HTTP ${result.status}: redirects are not followed` };
    case 'too-large':
      return { failure: 'too-large', status: result.status, message: 'response body is 256 KB or larger' };
    case 'response':
      if (result.status >= 200 && result.status < 300) return undefined;
      return { failure: 'http-status', status: result.status, message: `HTTP ${result.status}` };
  }
}
