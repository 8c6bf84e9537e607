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
  status: ContentfulStatusCode;
  errorCode: string;
  errorSummary: string;
  errorCauses?: HookErrorCause[];
  /** Correlates the answer with the request's log line. */
  errorId?: string;
  headers?: Record<string, string>;
}

/** Okta's API error body, e.g. `{ errorCode: 'E0000003', errorSummary, errorLink, errorId, errorCauses: [] }`. */
export function oktaErrorBody(init: OktaErrorInit): OktaErrorBody {
  return {
    errorCode: init.errorCode,
    errorSummary: init.errorSummary,
    errorLink: init.errorCode,
    errorId: init.errorId ?? `gh${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`,
    errorCauses: init.errorCauses ?? [],
  };
}

export function oktaErrorResponse(init: OktaErrorInit): Response {
  return new Response(JSON.stringify(oktaErrorBody(init)), {
    status: init.status,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}

/** An `HTTPException` carrying a ready Okta-shaped error response. */
export function oktaHttpException(init: OktaErrorInit): HTTPException {
  return new HTTPException(init.status, { res: oktaErrorResponse(init), message: init.errorSummary });
}

/**
 * A verifier's dependency (secret store, JWKS) failed: logged with a reason code, answered 503 so the
 * request fails closed and nothing about the dependency reaches the caller.
 */
export function dependencyUnavailable(c: Context<GatehookEnv>, reason: string, err: unknown): HTTPException {
  c.get('log')?.error('verification dependency unavailable', { reason, code: (err as { code?: unknown })?.code, name: (err as Error)?.name });
  return refusedWith(c, 'error', reason, { status: 503, errorCode: OktaErrorCode.unavailable, errorSummary: 'Service unavailable' });
}

/**
 * A verifier's refusal as the HTTP error: 401/403 with its Okta error and headers, or a 503 whose
 * dependency failure is logged and never sent. The reason is left for the request line.
 */
export function authRefused(c: Context<GatehookEnv>, refusal: AuthRefusal): HTTPException {
  if (refusal.status === 503) return dependencyUnavailable(c, refusal.reason, refusal.cause);
  const headers = refusal.headers ? { ...refusal.headers } : undefined;
  return refusedWith(c, 'rejected', refusal.reason, { status: refusal.status, errorCode: refusal.errorCode, errorSummary: refusal.errorSummary, headers });
}

/** Leaves why the request was refused for its request line, and returns the Okta-shaped HTTP error carrying its id. */
export function refusedWith(c: Context<GatehookEnv>, outcome: Outcome, reason: string, init: Omit<OktaErrorInit, 'errorId'>): HTTPException {
  c.set('outcome', outcome);
  c.set('reason', reason);
  return oktaHttpException({ ...init, errorId: c.get('requestId') });
}

function requestIdOf(c: Context<GatehookEnv>): string | undefined {
  return c.get('requestId');
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
    if (err instanceof HTTPException) {
      const res = err.getResponse();
      if (res.headers.get('content-type')?.includes('json')) return res;
      return oktaErrorResponse({
        status: err.status as ContentfulStatusCode,
        errorCode: err.status >= 500 ? OktaErrorCode.internal : OktaErrorCode.malformedBody,
        errorSummary: err.status >= 500 ? 'Internal Server Error' : 'The request was not valid.',
        errorId: requestIdOf(c),
        headers: Object.fromEntries(res.headers),
      });
    }
    // Under a deadline, the deadline middleware logs the error and answers with the hook's fallback.
    if (c.get('deadline') === undefined) {
      (c.get('log') ?? options.logger)?.error('unexpected error', { error: describeError(err) });
      c.set('outcome', 'error');
    }
    return oktaErrorResponse({
      status: 500,
      errorCode: OktaErrorCode.internal,
      errorSummary: 'Internal Server Error',
      errorId: requestIdOf(c),
    });
  };
}

export const oktaNotFound: NotFoundHandler<GatehookEnv> = function oktaNotFound(c) {
  return oktaErrorResponse({
    status: 404,
    errorCode: 'E0000008',
    errorSummary: 'The requested path was not found',
    errorId: requestIdOf(c),
  });
};

/** A log-safe description of an error: name, code and message, with the stack for debugging. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      name: err.name,
      ...(typeof code === 'string' ? { code } : {}),
      message: err.message,
      stack: err.stack,
    };
  }
  return { name: typeof err, message: 'non-Error value thrown' };
}
