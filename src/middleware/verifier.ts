import type { MiddlewareHandler } from 'hono';
import type { GatehookEnv } from './types.js';

/**
 * How a request's credentials were refused: the answer's status and Okta error, a reason code for
 * the request line, extra headers (WWW-Authenticate), and for a 503 the dependency's failure (logged,
 * never sent).
 */
export interface AuthRefusal {
  readonly status: 401 | 403 | 503;
  readonly reason: string;
  readonly errorCode: string;
  readonly errorSummary: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/**
 * A credential check with no HTTP framework attached: it reads one header and accepts (undefined) or
 * refuses. Synchronous when it can answer without I/O, else a promise; never throws or rejects.
 * The hook route runs it before reading the body; the Hono middleware of the same name wraps it.
 */
export interface RequestVerifier {
  /** The header to read, lower-cased. */
  readonly headerName: string;
  check(presented: string | undefined): AuthRefusal | undefined | Promise<AuthRefusal | undefined>;
}

/**
 * A verifying middleware that carries its framework-free check as a property (no registry): createHookApp
 * reads it, duck-typed, so a copy of gatehook loaded twice still recognises `verifyJwt(...)`.
 */
export type VerifyingMiddleware = MiddlewareHandler<GatehookEnv> & { readonly verifier: RequestVerifier };

export function withVerifier(middleware: MiddlewareHandler<GatehookEnv>, verifier: RequestVerifier): VerifyingMiddleware {
  return Object.assign(middleware, { verifier });
}

/** The check behind a middleware made by `verifyHeader` or `verifyJwt`, or undefined for any other middleware. */
export function verifierOf(middleware: MiddlewareHandler<GatehookEnv>): RequestVerifier | undefined {
  const verifier = (middleware as Partial<VerifyingMiddleware>).verifier;
  return verifier !== null && typeof verifier === 'object' && typeof verifier.check === 'function' && typeof verifier.headerName === 'string' ? verifier : undefined;
}
