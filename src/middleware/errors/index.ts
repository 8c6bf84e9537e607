import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { HookErrorCause, Logger } from '../../handlers/core/types.js';
import type { GatehookEnv, Outcome } from '../types.js';
import type { AuthRefusal } from '../verifier.js';

/** Okta's error codes used by gatehook's own HTTP answers (same meaning as in Okta's API). */
export const OktaErrorCode = {
  validation: 'E0000001',
  malformedBody: 'E0000003',
  authenticationFailed: 'E0000004',
  forbidden: 'E0000006',
  notFound: 'E0000007',
  internal: 'E0000009',
  invalidToken: 'E0000011',
  unsupportedMediaType: 'E0000012',
  methodNotAllowed: 'E0000022',
  tooLarge: 'E0000003',
  unavailable: 'E0000010',
} as const;

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: HookErrorCause[];
}

export interface OktaErrorInit {
  errorCode: string;
  errorSummary: string;
  errorCauses?: HookErrorCause[];
  /** Correlates the answer with the request's log line. */
  errorId?: string;
  /** Headers beyond Content-Type (WWW-Authenticate on a refused bearer token). */
  headers?: Readonly<Record<string, string>>;
}

/** A refusal in Okta's error shape, with no HTTP framework attached: what the hook route and every middleware answer. */
export interface OktaError {
  readonly status: ContentfulStatusCode;
  readonly body: OktaErrorBody;
  readonly headers: Readonly<Record<string, string>> | undefined;
}

/**
 * Every refusal gatehook answers is made here: Okta's API error body, e.g.
 * `{ errorCode: 'E0000003', errorSummary, errorLink, errorId, errorCauses: [] }`.
 */
export function oktaError(status: ContentfulStatusCode, init: OktaErrorInit): OktaError {
  const body = {
    errorCode: init.errorCode,
    errorSummary: init.errorSummary,
    errorLink: init.errorCode,
    errorId: init.errorId ?? `gh${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`,
    errorCauses: init.errorCauses ?? [],
  };
  return { status, body, headers: init.headers };
}

export function toResponse(error: OktaError): Response {
  return new Response(JSON.stringify(error.body), { status: error.status, headers: { 'content-type': 'application/json', ...error.headers } });
}

/** An `HTTPException` carrying a ready Okta-shaped error response. */
export function oktaHttpException(init: OktaErrorInit & { status: ContentfulStatusCode }): HTTPException {
  return new HTTPException(init.status, { res: toResponse(oktaError(init.status, init)), message: init.errorSummary });
}

/**
 * A verifier's refusal: 401/403 with its Okta error and headers, or for a dependency that failed
 * (secret store, JWKS) a 503 whose cause is logged with a reason code and never sent, so the request
 * fails closed and nothing about the dependency reaches the caller.
 */
export function refusalError(refusal: AuthRefusal, errorId: string | undefined, log: Logger | undefined): OktaError {
  if (refusal.status === 503) {
    // The cause's own type, code and message say what failed (AWS's or the JWKS host's text, never a secret).
    const err = refusal.cause as { code?: unknown; name?: unknown; message?: unknown } | undefined;
    log?.error('verification dependency unavailable', { reason: refusal.reason, code: err?.code, name: err?.name, cause: err?.message });
    return oktaError(503, { errorCode: OktaErrorCode.unavailable, errorSummary: 'Service unavailable', errorId });
  }
  return oktaError(refusal.status, { errorCode: refusal.errorCode, errorSummary: refusal.errorSummary, errorId, headers: refusal.headers });
}

/** A verifier's refusal as the HTTP error, with its reason left for the request line. */
export function authRefused(c: Context<GatehookEnv>, refusal: AuthRefusal): HTTPException {
  return refusedWith(c, refusal.status === 503 ? 'error' : 'rejected', refusal.reason, refusalError(refusal, c.get('requestId'), c.get('log')));
}

/** Leaves why the request was refused for its request line, and returns the HTTP error carrying it. */
export function refusedWith(c: Context<GatehookEnv>, outcome: Outcome, reason: string, error: OktaError): HTTPException {
  c.set('outcome', outcome);
  c.set('reason', reason);
  return new HTTPException(error.status, { res: toResponse(error), message: error.body.errorSummary });
}

export interface ErrorHandlerOptions {
  /** Used when the request has no logger of its own yet. */
  logger?: Logger;
}

/**
 * Maps anything thrown in the app to Okta's error JSON. `HTTPException`s keep their ready response;
 * anything else becomes a 500 with no internals in the body (they go to the log instead).
 *
 * @example
 * const app = new Hono<GatehookEnv>();
 * app.onError(oktaErrorHandler());
 * app.notFound(oktaNotFound);
 */
export function oktaErrorHandler(options: ErrorHandlerOptions = {}): ErrorHandler<GatehookEnv> {
  return function oktaErrorHandler(err, c) {
    const errorId = c.get('requestId');
    if (err instanceof HTTPException) {
      const res = err.getResponse();
      if (res.headers.get('content-type')?.includes('json')) return res;
      const internal = err.status >= 500;
      const errorCode = internal ? OktaErrorCode.internal : OktaErrorCode.malformedBody;
      const errorSummary = internal ? 'Internal Server Error' : 'The request was not valid.';
      return toResponse(oktaError(err.status as ContentfulStatusCode, { errorCode, errorSummary, errorId, headers: Object.fromEntries(res.headers) }));
    }
    (c.get('log') ?? options.logger)?.error('unexpected error', { error: describeError(err) });
    c.set('outcome', 'error');
    return toResponse(oktaError(500, { errorCode: OktaErrorCode.internal, errorSummary: 'Internal Server Error', errorId }));
  };
}

export const oktaNotFound: NotFoundHandler<GatehookEnv> = function oktaNotFound(c) {
  return toResponse(oktaError(404, { errorCode: 'E0000008', errorSummary: 'The requested path was not found', errorId: c.get('requestId') }));
};

/** A log-safe description of an error: name, code and message, with the stack for debugging. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, ...(typeof code === 'string' ? { code } : {}), message: err.message, stack: err.stack };
  }
  return { name: typeof err, message: 'non-Error value thrown' };
}
