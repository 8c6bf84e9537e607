import type { Context, MiddlewareHandler } from 'hono';
import type { FallbackReason, Logger } from '../../handlers/core/types.js';
import { dependencyUnavailable, describeError } from '../errors/index.js';
import type { GatehookEnv } from '../types.js';
import { raceUntil, RequestBudget, TIMED_OUT } from './budget.js';

export { RequestBudget, raceUntil, TIMED_OUT } from './budget.js';

/** Okta waits 3 s; answering by 2.5 s leaves room for the network and a cold proxy hop. */
export const DEFAULT_BUDGET_MS = 2500;
export const OKTA_TIMEOUT_MS = 3000;

export interface DeadlineOptions {
  /** Time budget in milliseconds for everything after this middleware (default 2500, below Okta's 3000). */
  budgetMs?: number;
  /** The answer when the budget runs out or the downstream handler failed. */
  fallback: (c: Context<GatehookEnv>, reason: FallbackReason) => Response | Promise<Response>;
  now?: () => number;
}

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
    if (result === TIMED_OUT) throw dependencyUnavailable(c, 'verification-timeout', new DOMException('verification overran the budget', 'TimeoutError'));
    if (!result.ok) throw result.error;
    if (!passed) return result.value; // the step answered by itself
    await next();
  };
}

/**
 * Gives downstream steps a time budget (`c.var.deadline`: an AbortSignal, the deadline in epoch ms
 * and `remainingMs()`), and answers with `fallback(c, reason)` when they overrun it ('timeout'),
 * throw ('handler-error'), or build a response Okta would reject ('contract-violation', logged at
 * error level). The late handler keeps running with an aborted signal; its result is discarded.
 *
 * @example
 * app.post('/hooks/token', deadline({ budgetMs: 2000, fallback: (c) => c.body(null, 204) }), handler);
 */
export function deadline(options: DeadlineOptions): MiddlewareHandler<GatehookEnv> {
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  if (!Number.isFinite(budgetMs) || budgetMs <= 0 || budgetMs >= OKTA_TIMEOUT_MS) {
    throw new TypeError(`deadline: budgetMs must be between 0 and ${OKTA_TIMEOUT_MS} (exclusive), got ${budgetMs}`);
  }
  if (typeof options.fallback !== 'function') throw new TypeError('deadline: fallback must be a function');
  const now = options.now ?? Date.now;

  return async function deadline(c, next) {
    // Okta's clock started when it sent the request, not when verification and parsing were done.
    const budget = new RequestBudget((c.get('receivedAt') ?? now()) + budgetMs, now);
    c.set('deadline', budget);
    const answerWith = async (reason: FallbackReason) => {
      c.set('outcome', 'fallback');
      c.set('fallbackReason', reason);
      c.set('reason', reason);
      c.res = undefined;
      c.res = await options.fallback(c, reason);
    };

    const result = await budget.race(next());
    if (result === TIMED_OUT) {
      budget.abort(new DOMException('hook deadline exceeded', 'TimeoutError'));
      c.get('log')?.warn('handler overran its deadline', { budgetMs });
      await answerWith('timeout');
      return;
    }
    if (!result.ok) throw result.error;
    if (c.error) {
      const reason = fallbackReasonOf(c.error);
      logHandlerFailure(c.get('log'), c.error);
      budget.abort(new DOMException('handler failed', 'AbortError'));
      c.error = undefined;
      await answerWith(reason);
    }
  };
}

/** The error line for a handler that threw or built a response Okta would reject. */
export function logHandlerFailure(log: Logger | undefined, error: unknown): void {
  const message = fallbackReasonOf(error) === 'contract-violation' ? 'CONTRACT VIOLATION: handler built a response Okta rejects' : 'handler threw';
  log?.error(message, { error: describeError(error), rule: (error as { rule?: unknown } | null)?.rule });
}
