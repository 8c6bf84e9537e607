/**
 * How the org's own flows reach their inline hook: find the active hook of the type, call it the
 * way Okta does (per-type retry, 3 s deadline) and write what happened to the System Log, so a
 * developer can read `inline_hook.executed` and `inline_hook.response.processed` like in Okta.
 */
import type { InlineHookType } from '../../handlers/core/types.js';
import type { EmulatorContext, EmulatorDeps } from '../context.js';
import { FAILURE_POLICY } from '../hook-calls/failure-policy.js';
import type { HookCallOutcome } from '../hook-calls/outcome.js';
import { inlineHookExecutedEvent, inlineHookResponseProcessedEvent, type ResponseProcessing } from '../hook-calls/system-log.js';
import { newRequestId, randomBase62 } from '../ids.js';
import { withCredential } from '../routes/hook-channel.js';
import type { InlineHookDoc } from '../store/types.js';

/** The `data.context.request` object every inline hook request carries. */
export interface HookRequestInfo {
  id: string;
  method: string;
  url: { value: string };
  ipAddress: string;
}

export function requestInfoOf(c: EmulatorContext): HookRequestInfo {
  const ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || '127.0.0.1';
  return { id: c.get('requestId') ?? newRequestId(), method: c.req.method, url: { value: c.req.url }, ipAddress: ip };
}

/** The active hook of a type; Okta allows one per flow, the emulator takes the first active one. */
export function activeInlineHook(deps: EmulatorDeps, type: InlineHookType): InlineHookDoc | undefined {
  const oktaType = FAILURE_POLICY[type].eventType;
  const hook = deps.store.inlineHooks.all("json_extract(doc, '$.type') = ? AND json_extract(doc, '$.status') = 'ACTIVE'", [oktaType])[0];
  return hook ? withCredential(hook, deps.store.inlineHooks.getSecret(hook.id) ?? {}) : undefined;
}

/** The common top-level fields of an inline hook request. */
export function hookEnvelope(
  deps: EmulatorDeps,
  type: InlineHookType,
  source: string,
  data: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    eventId: randomBase62(22),
    eventTime: deps.clock.now().toISOString(),
    eventType: FAILURE_POLICY[type].eventType,
    eventTypeVersion: '1.0',
    contentType: 'application/json',
    cloudEventVersion: '0.1',
    source,
    ...extra,
    data,
  };
}

export interface HookCall {
  hook: InlineHookDoc;
  outcome: HookCallOutcome;
  /** Writes `inline_hook.response.processed` with what the flow did with the answer. */
  processed(processing: ResponseProcessing): void;
}

/**
 * Calls the active hook of `type` with the payload `build` makes for it; undefined when the org has
 * no active hook of that type (the flow then runs as if hooks did not exist).
 */
export async function runInlineHook(
  deps: EmulatorDeps,
  type: InlineHookType,
  transactionId: string,
  build: (hook: InlineHookDoc) => unknown,
): Promise<HookCall | undefined> {
  const hook = activeInlineHook(deps, type);
  if (!hook) return undefined;
  return callGivenInlineHook(deps, hook, type, transactionId, build(hook));
}

/** Calls one given hook (with its credential filled in), e.g. the token hook a policy rule names, and logs the call. */
export async function callGivenInlineHook(
  deps: EmulatorDeps,
  hook: InlineHookDoc,
  type: InlineHookType,
  transactionId: string,
  payload: unknown,
): Promise<HookCall> {
  const outcome = await deps.hookCaller.executeInlineHook(hook, payload);
  const ref = { id: hook.id, name: hook.name, type: hook.type };
  const context = { clock: deps.clock, transactionId };
  deps.store.logs.append(inlineHookExecutedEvent(ref, outcome, context));
  if (!outcome.ok) deps.logger.warn(`emulator: ${type} inline hook failed: ${outcome.message}`, { hookId: hook.id, attempts: outcome.attempts });
  return {
    hook,
    outcome,
    processed: (processing) => deps.store.logs.append(inlineHookResponseProcessedEvent(ref, processing, context)),
  };
}
