import type { MiddlewareHandler } from 'hono';
import type { FallbackReason, Logger } from '../../handlers/core/types.js';
import { authRefused, describeError, OktaErrorCode } from '../errors/index.js';
import type { GatehookEnv } from '../types.js';
import { raceUntil, TIMED_OUT } from './budget.js';

export { RequestBudget, raceUntil, TIMED_OUT } from './budget.js';

/** Okta waits 3 s; answering by 2.5 s leaves room for the network and a cold proxy hop. */
export const DEFAULT_BUDGET_MS = 2500;

/** Contract violations (`ContractViolationError` of src/handlers/core/errors.ts) are recognised by code or name, so this generic middleware imports nothing from handlers. */
export function fallbackReasonOf(err: unknown): Exclude<FallbackReason, 'timeout'> {
  const e = err as { code?: unknown; name?: unknown } | null;
  return e?.code === 'ERR_HOOK_CONTRACT' || e?.name === 'ContractViolationError' ? 'contract-violation' : 'handler-error';
}

/**
 * Runs `step` (authentication: a secret-store read, a JWKS fetch) within what is left of `budgetMs`
 * since the request arrived. Past it the request fails closed with 503: an answer after Okta's
 * timeout is worthless, and an unverified caller must not get the hook's fallback either.
 *
 * @example
 * app.post('/hooks/token', failClosedAfter(verifyJwt({...}), { budgetMs: 2500 }), handler);
 */
export function failClosedAfter(step: MiddlewareHandler<GatehookEnv>, options: { budgetMs: number; now?: () => number }): MiddlewareHandler<GatehookEnv> {
  const now = options.now ?? Date.now;
  return async function failClosedAfter(c, next) {
    let passed = false;
    const pass = async () => {
      passed = true;
    };
    // A step that fails after the budget settles nothing, so nobody is left unhandled.
    const result = await raceUntil((c.get('receivedAt') ?? now()) + options.budgetMs - now(), Promise.resolve().then(() => step(c, pass)));
    if (result === TIMED_OUT) {
      const cause = new DOMException('verification overran the budget', 'TimeoutError');
      throw authRefused(c, { status: 503, reason: 'verification-timeout', errorCode: OktaErrorCode.unavailable, errorSummary: 'Service unavailable', cause });
    }
    if (!result.ok) throw result.error;
    if (!passed) return result.value; // the step answered by itself
    await next();
  };
}

/** The error line for a handler that threw or built a response Okta would reject. */
export function logHandlerFailure(log: Logger | undefined, error: unknown): void {
  const message = fallbackReasonOf(error) === 'contract-violation' ? 'CONTRACT VIOLATION: handler built a response Okta rejects' : 'handler threw';
  log?.error(message, { error: describeError(error), rule: (error as { rule?: unknown } | null)?.rule });
}
