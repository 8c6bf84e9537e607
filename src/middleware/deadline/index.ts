import type { Context, MiddlewareHandler } from 'hono';
import type { FallbackReason } from '../../handlers/core/types.js';
import { dependencyUnavailable, describeError } from '../errors/index.js';
import type { Deadline, GatehookEnv } from '../types.js';

/** Okta waits 3 s; answering by 2.5 s leaves room for the network and a cold proxy hop. */
export const DEFAULT_BUDGET_MS = 2500;
const OKTA_TIMEOUT_MS = 3000;

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
    const left = (c.get('receivedAt') ?? now()) + options.budgetMs - now();
    let passed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let result: Response | void | 'expired';
    try {
      // One promise settled by whichever comes first (no Promise.race and its extra promises per
      // request); a step that fails after the budget settles nothing, so nobody is left unhandled.
      result = await new Promise<Response | void | 'expired'>((resolve, reject) => {
        timer = setTimeout(resolve, Math.max(0, left), 'expired');
        const pass = async () => {
          passed = true;
        };
        Promise.resolve()
          .then(() => step(c, pass))
          .then(resolve, reject);
      });
    } finally {
      clearTimeout(timer);
    }
    if (result === 'expired') throw dependencyUnavailable(c, 'verification-timeout', new DOMException('verification overran the budget', 'TimeoutError'));
    if (!passed) return result; // the step answered by itself
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
    const controller = new AbortController();
    // Okta's clock started when it sent the request, not when verification and parsing were done.
    const at = (c.get('receivedAt') ?? now()) + budgetMs;
    const budget: Deadline = { signal: controller.signal, at, remainingMs: () => Math.max(0, at - now()) };
    c.set('deadline', budget);

    let timer: ReturnType<typeof setTimeout> | undefined;
    const answerWith = async (reason: FallbackReason) => {
      c.set('outcome', 'fallback');
      c.set('fallbackReason', reason);
      c.set('reason', reason);
      c.res = undefined;
      c.res = await options.fallback(c, reason);
    };

    try {
      const first = await new Promise<'done' | 'timeout'>((resolve, reject) => {
        timer = setTimeout(resolve, budget.remainingMs(), 'timeout');
        next().then(() => resolve('done'), reject);
      });
      if (first === 'timeout') {
        controller.abort(new DOMException('hook deadline exceeded', 'TimeoutError'));
        c.get('log')?.warn('handler overran its deadline', { budgetMs });
        await answerWith('timeout');
        return;
      }
    } finally {
      clearTimeout(timer);
    }
    if (c.error) {
      const reason = fallbackReasonOf(c.error);
      const log = c.get('log');
      const message = reason === 'contract-violation' ? 'CONTRACT VIOLATION: handler built a response Okta rejects' : 'handler threw';
      log?.error(message, { error: describeError(c.error), rule: (c.error as { rule?: unknown }).rule });
      controller.abort(new DOMException('handler failed', 'AbortError'));
      c.error = undefined;
      await answerWith(reason);
    }
  };
}
