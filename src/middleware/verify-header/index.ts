import { hash, timingSafeEqual } from 'node:crypto';
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

/** One-shot `crypto.hash` (no Hash object per call): about half the cost of createHash on the request path. */
function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/**
 * The comparison `verifyHeader` runs: the presented value's digest against every accepted value's
 * digest, in constant time and with no early exit, so neither a matching prefix nor the length of
 * the secret shows in the timing. Exported so that property can be measured (test/hardening).
 */
export function secretMatcher(accepted: readonly string[]): (presented: string) => boolean {
  const digests = accepted.map(digest);
  return (presented) => {
    const presentedDigest = digest(presented);
    let match = false;
    for (const candidate of digests) match = timingSafeEqual(presentedDigest, candidate) || match;
    return match;
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
 * Verifies Okta's HTTP-header auth scheme: the header must equal one of the accepted secrets,
 * compared in constant time. On a miss the source is asked once more with `forceRefresh` (it
 * rate-limits), so a rotated secret is picked up without a redeploy. Missing or wrong: 401. The
 * secret source failing: 503, because it is our outage, not the caller's fault; Okta retries a 5xx
 * once for the hook types it retries, and never treats it as success.
 *
 * @example
 * app.post('/hooks/token', verifyHeader({ secrets: fromEnv() }), handler);
 */
export function verifyHeader(options: VerifyHeaderOptions): MiddlewareHandler<GatehookEnv> {
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

  return async function verifyHeader(c, next) {
    const fail = (reason: string) => {
      c.set('outcome', 'rejected');
      c.set('reason', reason);
      return rejected(c.get('requestId'));
    };
    const presented = c.req.header(headerName);
    if (presented === undefined) throw fail('auth-header-missing');
    if (presented === '') throw fail('auth-header-empty');
    let accepted: boolean;
    try {
      accepted = matches(presented, await source.get()) || matches(presented, await source.get({ forceRefresh: true }));
    } catch (err) {
      throw dependencyUnavailable(c, 'secret-source-error', err);
    }
    if (!accepted) throw fail('auth-header-mismatch');
    await next();
  };
}
