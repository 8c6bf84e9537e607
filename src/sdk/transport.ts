/**
 * One HTTP exchange with the org: URL, auth headers, timeout + caller signal, retries on 429 / 5xx /
 * network failures within a bounded budget, and Okta error mapping. Everything above it (area
 * modules, paging) is plain data shaping.
 */
import type { Authenticator, AuthRequest } from './auth/types.js';
import {
  OktaAbortError, OktaApiError, OktaNetworkError, OktaRateLimitError, OktaTimeoutError,
} from './errors.js';
import { SDK_VERSION } from './version.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'PATCH';

export interface RetryOptions {
  /** Attempts per call including the first (default 4). */
  maxAttempts?: number;
  /** Upper bound of all waiting (rate limits and back-off) within one call, in ms (default 30 000). */
  maxWaitMs?: number;
  /** First back-off step for 5xx / network retries, doubled each time (default 200 ms). */
  baseDelayMs?: number;
  /** Largest single back-off step (default 5 000 ms). */
  maxDelayMs?: number;
  /** Random extra wait added after a rate-limit reset, at most this many ms (default 500). */
  rateLimitJitterMs?: number;
}

/** Per-call controls every SDK method accepts next to its query parameters. */
export interface CallOptions {
  /** Aborts the call (and any wait between retries). */
  signal?: AbortSignal;
  /** Time limit of one HTTP attempt in ms (defaults to the client's `timeoutMs`). */
  timeoutMs?: number;
  /** Epoch ms after which the call fails rather than waits or retries, e.g. a hook's `ctx.deadline`. */
  deadline?: number;
}

export interface ApiRequest extends CallOptions {
  method: HttpMethod;
  /** Path below the org (`/api/v1/users/00u1`) or an absolute URL on the org (a `next` link). */
  path: string;
  query?: URLSearchParams;
  /** Serialized as JSON. */
  json?: unknown;
  /** Sent as is (certificates, multipart forms); `contentType` names it unless it is FormData. */
  body?: string | Uint8Array | Blob | FormData;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RateLimit {
  limit: number;
  remaining: number;
  /** Epoch seconds at which the window resets. */
  reset: number;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  url: URL;
  /** Parsed JSON, the text of a non-JSON body, or undefined when empty. */
  body: unknown;
  rateLimit: RateLimit | undefined;
}

export interface TransportOptions {
  orgUrl: URL;
  authenticator: Authenticator;
  fetch?: typeof fetch;
  /** Default time limit of one HTTP attempt in ms (default 10 000). */
  timeoutMs?: number;
  retry?: RetryOptions | false;
  /** Appended to the `User-Agent` header. */
  userAgent?: string;
}

export type Transport = (request: ApiRequest) => Promise<ApiResponse>;

const IDEMPOTENT = new Set<string>(['GET', 'HEAD', 'PUT', 'DELETE']);
// Failures that happen before a byte of the request reaches the server: safe to retry even a POST.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const MAX_AUTH_RETRIES = 2;

export function createTransport(options: TransportOptions): Transport {
  const doFetch = options.fetch ?? globalThis.fetch;
  const defaultTimeout = options.timeoutMs ?? 10_000;
  const retry = options.retry === false ? { maxAttempts: 1 } : (options.retry ?? {});
  const maxAttempts = Math.max(1, retry.maxAttempts ?? 4);
  const maxWaitMs = retry.maxWaitMs ?? 30_000;
  const baseDelay = retry.baseDelayMs ?? 200;
  const maxDelay = retry.maxDelayMs ?? 5_000;
  const jitter = retry.rateLimitJitterMs ?? 500;
  const platform = globalThis.process ? ` node/${globalThis.process.versions.node} ${globalThis.process.platform}` : '';
  const userAgent = `gatehook/${SDK_VERSION}${platform}${options.userAgent ? ` ${options.userAgent}` : ''}`;

  return async function transport(req: ApiRequest): Promise<ApiResponse> {
    const url = resolveUrl(options.orgUrl, req.path, req.query);
    const label = { method: req.method, path: url.pathname };
    const authReq: AuthRequest = { method: req.method, url };
    const start = Date.now();
    const budgetEnd = Math.min(start + maxWaitMs, req.deadline ?? Infinity);
    const idempotent = IDEMPOTENT.has(req.method);
    const payload = encodeBody(req);
    let authRetries = 0;

    for (let attempt = 1; ; attempt++) {
      const remaining = (req.deadline ?? Infinity) - Date.now();
      if (remaining <= 0) throw new OktaTimeoutError(`${label.method} ${label.path}: the call's deadline passed`);
      const attemptMs = Math.min(req.timeoutMs ?? defaultTimeout, remaining);
      const timeout = AbortSignal.timeout(attemptMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;

      let res: Response;
      let body: unknown;
      try {
        const auth = await options.authenticator.authorize(authReq, signal);
        res = await doFetch(url, {
          method: req.method,
          headers: { accept: 'application/json', 'user-agent': userAgent, ...payload.headers, ...req.headers, ...auth },
          body: payload.body ?? null,
          signal,
          redirect: 'manual',
        });
        body = await readBody(res);
      } catch (err) {
        if (req.signal?.aborted) throw new OktaAbortError(`${label.method} ${label.path}: aborted by the caller`, { cause: req.signal.reason });
        if (timeout.aborted) throw new OktaTimeoutError(`${label.method} ${label.path}: no response within ${attemptMs} ms`);
        if (!(err instanceof TypeError)) throw err; // our own errors (auth) pass through unchanged
        const codes = errorCodes(err);
        const retriable = idempotent || codes.some((c) => NOT_SENT.has(c));
        const delay = backoff(attempt, baseDelay, maxDelay);
        if (retriable && attempt < maxAttempts && Date.now() + delay <= budgetEnd) {
          await sleep(delay, req.signal, label);
          continue;
        }
        throw new OktaNetworkError(`${label.method} ${label.path}: network error${codes.length ? ` (${codes.join(', ')})` : ''}`, { cause: err });
      }

      if (options.authenticator.onResponse?.(authReq, res) && authRetries < MAX_AUTH_RETRIES) {
        authRetries++;
        attempt--;
        continue;
      }
      const rateLimit = readRateLimit(res.headers);
      if (res.ok) return { status: res.status, headers: res.headers, url, body, rateLimit };

      const errorInit = {
        status: res.status, ...label, body,
        requestId: res.headers.get('x-okta-request-id') ?? undefined,
        contentType: res.headers.get('content-type'),
      };
      if (res.status === 429) {
        const wait = rateLimitWait(res.headers) + Math.random() * jitter;
        if (attempt < maxAttempts && Date.now() + wait <= budgetEnd) {
          await sleep(wait, req.signal, label);
          continue;
        }
        throw new OktaRateLimitError({ ...errorInit, retryAfterMs: Math.round(wait) });
      }
      if (res.status >= 500 && idempotent && attempt < maxAttempts) {
        const delay = backoff(attempt, baseDelay, maxDelay);
        if (Date.now() + delay <= budgetEnd) {
          await sleep(delay, req.signal, label);
          continue;
        }
      }
      throw new OktaApiError(errorInit);
    }
  };
}

function resolveUrl(orgUrl: URL, path: string, query: URLSearchParams | undefined): URL {
  const url = new URL(path, orgUrl);
  if (query) for (const [k, v] of query) url.searchParams.append(k, v);
  return url;
}

function encodeBody(req: ApiRequest): { body?: BodyInit; headers: Record<string, string> } {
  if (req.json !== undefined) return { body: JSON.stringify(req.json), headers: { 'content-type': 'application/json' } };
  if (req.body === undefined) return { headers: {} };
  // FormData sets its own multipart boundary.
  if (req.body instanceof FormData) return { body: req.body, headers: {} };
  return { body: req.body as BodyInit, headers: req.contentType ? { 'content-type': req.contentType } : {} };
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (/[/+]json\b/i.test(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function readRateLimit(h: Headers): RateLimit | undefined {
  const limit = Number(h.get('x-rate-limit-limit'));
  const remaining = Number(h.get('x-rate-limit-remaining'));
  const reset = Number(h.get('x-rate-limit-reset'));
  if (!h.has('x-rate-limit-reset') || [limit, remaining, reset].some(Number.isNaN)) return undefined;
  return { limit, remaining, reset };
}

/**
 * Milliseconds until the rate-limit window resets. `x-rate-limit-reset` is epoch seconds on the
 * org's clock, so it is measured against the response's `Date` rather than our own clock.
 */
export function rateLimitWait(h: Headers): number {
  const reset = Number(h.get('x-rate-limit-reset'));
  const serverNow = Date.parse(h.get('date') ?? '');
  if (!Number.isFinite(reset)) return 1_000;
  const now = Number.isFinite(serverNow) ? serverNow : Date.now();
  return Math.max(0, reset * 1000 - now);
}

function backoff(attempt: number, base: number, max: number): number {
  const step = Math.min(max, base * 2 ** (attempt - 1));
  return step / 2 + Math.random() * (step / 2);
}

function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  const visit = (e: unknown, depth: number): void => {
    if (!e || typeof e !== 'object' || depth > 4) return;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    visit((e as { cause?: unknown }).cause, depth + 1);
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) for (const x of inner) visit(x, depth + 1);
  };
  visit(err, 0);
  return [...new Set(codes)];
}

function sleep(ms: number, signal: AbortSignal | undefined, label: { method: string; path: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      clearTimeout(timer);
      reject(new OktaAbortError(`${label.method} ${label.path}: aborted by the caller`, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}
