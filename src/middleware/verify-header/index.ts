import { Buffer } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { SecretSource } from '../../secrets/types.js';
import { authRefused, OktaErrorCode } from '../errors/index.js';
import { withVerifier, type AuthRefusal, type RequestVerifier } from '../verifier.js';
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

const refused = (reason: string): AuthRefusal => ({
  status: 401,
  reason,
  errorCode: OktaErrorCode.authenticationFailed,
  errorSummary: 'Authentication failed',
});
const MISSING = refused('auth-header-missing');
const EMPTY = refused('auth-header-empty');
const MISMATCH = refused('auth-header-mismatch');

/**
 * The check `verifyHeader` runs, with no HTTP framework attached: the header must equal one of the
 * accepted secrets, compared in constant time. On a miss the source is asked once more with
 * `forceRefresh` (it rate-limits), so a rotated secret is picked up without a redeploy. Missing or
 * wrong: 401. The secret source failing: 503, because it is our outage, not the caller's fault; Okta
 * retries a 5xx once for the hook types it retries, and never treats it as success. Answers without a
 * promise when the source can `peek` its values and the value matches.
 */
export function headerVerifier(options: VerifyHeaderOptions): RequestVerifier {
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
  const slow = async (presented: string): Promise<AuthRefusal | undefined> => {
    try {
      const accepted = matches(presented, await source.get()) || matches(presented, await source.get({ forceRefresh: true }));
      return accepted ? undefined : MISMATCH;
    } catch (err) {
      return { status: 503, reason: 'secret-source-error', errorCode: OktaErrorCode.unavailable, errorSummary: 'Service unavailable', cause: err };
    }
  };
  return {
    headerName: headerName.toLowerCase(),
    check(presented) {
      if (presented === undefined) return MISSING;
      if (presented === '') return EMPTY;
      let cached: readonly string[] | undefined;
      try {
        cached = source.peek?.();
      } catch {
        cached = undefined;
      }
      return cached !== undefined && matches(presented, cached) ? undefined : slow(presented);
    },
  };
}

/**
 * Verifies Okta's HTTP-header auth scheme (see `headerVerifier`) as a Hono middleware.
 *
 * @example
 * app.post('/hooks/token', verifyHeader({ secrets: fromEnv() }), handler);
 */
export function verifyHeader(options: VerifyHeaderOptions): MiddlewareHandler<GatehookEnv> {
  const verifier = headerVerifier(options);
  return withVerifier(async function verifyHeader(c, next) {
    const refusal = await verifier.check(c.req.header(verifier.headerName));
    if (refusal === undefined) return next();
    throw authRefused(c, refusal);
  }, verifier);
}
