/**
 * Former home of the hook caller seam, kept so existing imports resolve: the seam, its default
 * and its outcome live in `hook-calls/`.
 */
import { createOktaHookCaller, type HookCaller } from './hook-calls/okta-hook-caller.js';

export type { HookCaller } from './hook-calls/okta-hook-caller.js';
export type { HookCallOutcome as InlineHookResult } from './hook-calls/outcome.js';
export { HOOK_TIMEOUT_MS } from './hook-calls/http-attempt.js';

/** Okta's calling rules over real HTTP with another deadline (tests of the deadline itself). */
export function createFetchHookCaller(timeoutMs?: number): HookCaller {
  return createOktaHookCaller(timeoutMs !== undefined ? { timeoutMs } : {});
}
