import { Buffer } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { SecretSource } from '../../secrets/types.js';
import { dependencyUnavailable, OktaErrorCode, oktaHttpException } from '../errors/index.js';
import type { GatehookEnv } from '../types.js';

export interface VerifyHeaderOptions {
  /** The accepted secret values (several during a rotation). */
  secrets: SecretSource;
  /** The header Okta puts the secret in: the hook's `authScheme.key` (default `Authorization`). */
  headerName?: string;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The comparison `verifyHeader` runs: the presented value against every accepted value, in constant
 * time and with no early exit. Equal lengths compare byte for byte with `timingSafeEqual`; a value of
 * another length is compared with itself instead, so every comparison walks the presented value's
 * bytes and its time depends on the presented length alone: neither a matching prefix nor the
 * length of a secret shows. (About a tenth of the cost of hashing both sides to a fixed length,
 * which the request path paid before.) Exported so that property can be measured (test/hardening).
 */
export function secretMatcher(accepted: readonly string[]): (presented: string) => boolean {
  const secrets = accepted.map((value) => Buffer.from(value, 'utf8'));
  // The stand-in for a secret of another length: another buffer, so both cases read two regions of memory.
  let standIn = Buffer.alloc(64);
  return (presented) => {
    const bytes = Buffer.from(presented, 'utf8');
    if (standIn.length < bytes.length) standIn = Buffer.alloc(bytes.length);
    const other = standIn.subarray(0, bytes.length);
    let match = false;
    for (const secret of secrets) {
      const sameLength = secret.length === bytes.length;
      const equal = timingSafeEqual(bytes, sameLength ? secret : other);
      match = (sameLength && equal) || match;
    }
    return match;
  };
}

/** How a presented header fared: accepted, or the reason code it was refused for. */
export type HeaderCheck = 'ok' | 'auth-header-missing' | 'auth-header-empty' | 'auth-header-mismatch' | { unavailable: unknown };

export interface HeaderVerifier {
  /** The header to read, lower-cased. */
  readonly headerName: string;
  /**
   * Checks a presented value (undefined: no such header). Answers synchronously when the source can
   * `peek` its values and the first comparison matches; otherwise a promise. Never rejects: a failing
   * source comes back as `{ unavailable }`.
   */
  check(presented: string | undefined): HeaderCheck | Promise<HeaderCheck>;
}

/**
 * The check `verifyHeader` runs, with no HTTP framework attached: the header must equal one of the
 * accepted secrets, compared in constant time. On a miss the source is asked once more with
 * `forceRefresh` (it rate-limits), so a rotated secret is picked up without a redeploy.
 */
export function headerVerifier(options: VerifyHeaderOptions): HeaderVerifier {
  if (!options?.secrets || typeof options.secrets.get !== 'function') {
    throw new TypeError('verifyHeader: options.secrets must be a SecretSource');
  }
  const headerName = options.headerName ?? 'Authorization';
  if (!HEADER_NAME.test(headerName)) throw new TypeError(`verifyHeader: "${headerName}" is not a valid header name`);
  const source = options.secrets;
  const matchers = new WeakMap<readonly string[], (presented: string) => boolean>();
  const matches = (presented: string, values: readonly string[]) => {
    let matcher = matchers.get(values);
    if (!matcher) matchers.set(values, (matcher = secretMatcher(values)));
    return matcher(presented);
  };
  const slow = async (presented: string): Promise<HeaderCheck> => {
    try {
      const accepted = matches(presented, await source.get()) || matches(presented, await source.get({ forceRefresh: true }));
      return accepted ? 'ok' : 'auth-header-mismatch';
    } catch (err) {
      return { unavailable: err };
    }
  };
  return {
    headerName: headerName.toLowerCase(),
    check(presented) {
      if (presented === undefined) return 'auth-header-missing';
      if (presented === '') return 'auth-header-empty';
      let cached: readonly string[] | undefined;
      try {
        cached = source.peek?.();
      } catch {
        cached = undefined;
      }
      return cached !== undefined && matches(presented, cached) ? 'ok' : slow(presented);
    },
  };
}

function rejected(errorId: string | undefined) {
  return oktaHttpException({
    status: 401,
    errorCode: OktaErrorCode.authenticationFailed,
    errorSummary: 'Authentication failed',
    errorId,
  });
}

/**
 * Verifies Okta's HTTP-header auth scheme (see `headerVerifier`). Missing or wrong: 401. The secret
 * source failing: 503, because it is our outage, not the caller's fault; Okta retries a 5xx once for
 * the hook types it retries, and never treats it as success.
 *
 * @example
 * app.post('/hooks/token', verifyHeader({ secrets: fromEnv() }), handler);
 */
export function verifyHeader(options: VerifyHeaderOptions): MiddlewareHandler<GatehookEnv> {
  const verifier = headerVerifier(options);
  return async function verifyHeader(c, next) {
    const result = await verifier.check(c.req.header(verifier.headerName));
    if (result === 'ok') return next();
    if (typeof result === 'object') throw dependencyUnavailable(c, 'secret-source-error', result.unavailable);
    c.set('outcome', 'rejected');
    c.set('reason', result);
    throw rejected(c.get('requestId'));
  };
}
