/**
 * Makes an org's hooks match a plan: each inline hook and the event hook created or updated by name,
 * activated, and the event hook verified; or removed. The one implementation behind `gatehook register`,
 * the CloudFormation registration resource and secret rotation, so all three treat the org alike.
 */
import type { InlineHookType } from '../handlers/core/types.js';
import { FAILURE_POLICY } from '../emulator/hook-calls/failure-policy.js';
import type { OktaClient } from '../sdk/client.js';
import { OktaApiError, OktaError } from '../sdk/errors.js';
import { eventHooksApi } from '../sdk/eventHooks.js';
import { inlineHooksApi } from '../sdk/inlineHooks.js';
import type { EventHook, InlineHook } from '../sdk/models/index.js';
import { attachRegistrationHookToDefaultPolicy } from './attach-registration-hook.js';
import { attachTokenHookToDefaultRule } from './attach-token-hook.js';

/** How Okta authenticates to a hook: the header it sends verbatim. */
export interface HeaderAuth {
  readonly type: 'HEADER';
  readonly key: string;
  readonly value: string;
}

export interface PlannedInlineHook {
  readonly name: string;
  readonly type: InlineHookType;
  readonly url: string;
  readonly auth: HeaderAuth;
}

export interface PlannedEventHook {
  readonly name: string;
  readonly url: string;
  readonly auth: HeaderAuth;
  readonly eventTypes: readonly string[];
  /** Okta Expression Language filter over the subscribed events; omitted means every event of those types. */
  readonly filter?: string | undefined;
}

export interface HookPlan {
  readonly inlineHooks: readonly PlannedInlineHook[];
  readonly eventHook?: PlannedEventHook | undefined;
}

/** One line per change made, for a CLI or a function log; never carries an auth value. */
export type HookLog = (line: string) => void;

export interface AppliedHooks {
  /** Inline hook ids by name. */
  readonly inlineHookIds: Record<string, string>;
  readonly eventHookId?: string;
  /** Whether the org verified the event hook (true when there is none). */
  readonly eventHookVerified: boolean;
}

export const oktaHookType = (type: InlineHookType): string => FAILURE_POLICY[type].eventType;

/** The inline hook type for an Okta type name (`com.okta.oauth2.tokens.transform` -> `token`), if known. */
export function inlineTypeOf(oktaType: string): InlineHookType | undefined {
  return (Object.keys(FAILURE_POLICY) as InlineHookType[]).find((type) => FAILURE_POLICY[type].eventType === oktaType);
}

async function findByName<T extends { name?: string }>(items: AsyncIterable<T>, name: string): Promise<T | undefined> {
  for await (const item of items) if (item.name === name) return item;
  return undefined;
}

export async function findInlineHook(client: OktaClient, name: string, type?: InlineHookType): Promise<InlineHook | undefined> {
  return findByName(inlineHooksApi(client).listInlineHooks(type ? { type: oktaHookType(type) } : {}), name);
}

export async function findEventHook(client: OktaClient, name: string): Promise<EventHook | undefined> {
  return findByName(eventHooksApi(client).listEventHooks(), name);
}

function inlineHookBody(hook: PlannedInlineHook): InlineHook {
  return {
    name: hook.name,
    type: oktaHookType(hook.type),
    version: '1.0.0',
    channel: { type: 'HTTP', version: '1.0.0', config: { uri: hook.url, method: 'POST', headers: [], authScheme: { ...hook.auth } } },
  };
}

function eventHookBody(hook: PlannedEventHook): EventHook {
  return {
    name: hook.name,
    events: { type: 'EVENT_TYPE', items: [...hook.eventTypes], ...(hook.filter ? { filter: { type: 'EXPRESSION_LANGUAGE', eventFilterMap: hook.eventTypes.map((event) => ({ event, condition: { version: null, expression: hook.filter } })) } } : {}) },
    channel: { type: 'HTTP', version: '1.0.0', config: { uri: hook.url, headers: [], authScheme: { ...hook.auth } } },
  };
}

/** Creates or updates one inline hook by name and activates it; resolves with its id. */
export async function applyInlineHook(client: OktaClient, hook: PlannedInlineHook, log: HookLog, warn: HookLog = log): Promise<string> {
  const api = inlineHooksApi(client);
  const existing = await findInlineHook(client, hook.name, hook.type);
  const body = inlineHookBody(hook);
  const saved = existing?.id ? await api.updateInlineHook(existing.id, body) : await api.createInlineHook(body);
  const id = String(saved.id ?? existing?.id);
  log(`${existing ? 'updated' : 'created'} inline hook "${hook.name}" (${id}) -> ${hook.url}`);
  if (saved.status !== 'ACTIVE') {
    await api.activateInlineHook(id);
    log(`activated inline hook "${hook.name}"`);
  }
  // A token hook fires only where an access policy rule names it.
  if (hook.type === 'token') await attachTokenHookToDefaultRule(client, id, log, warn);
  // And a registration hook only where a profile enrollment policy names it.
  if (hook.type === 'registration') await attachRegistrationHookToDefaultPolicy(client, id, log, warn);
  return id;
}

/** Creates or updates the event hook by name, activates it and asks the org to verify it. */
export async function applyEventHook(client: OktaClient, hook: PlannedEventHook, log: HookLog): Promise<{ id: string; verified: boolean; problem?: string }> {
  const api = eventHooksApi(client);
  const existing = await findEventHook(client, hook.name);
  const body = eventHookBody(hook);
  const saved = existing?.id ? await api.updateEventHook(existing.id, body) : await api.createEventHook(body);
  const id = String(saved.id ?? existing?.id);
  log(`${existing ? 'updated' : 'created'} event hook "${hook.name}" (${id}) -> ${hook.url}`);
  if (saved.status !== 'ACTIVE') {
    await api.activateEventHook(id);
    log(`activated event hook "${hook.name}"`);
  }
  try {
    const verified = await api.verifyEventHook(id);
    if (verified.verificationStatus === 'VERIFIED') {
      log(`verified event hook "${hook.name}"`);
      return { id, verified: true };
    }
    return { id, verified: false, problem: `event hook "${hook.name}" is ${String(verified.verificationStatus)} after verification` };
  } catch (error) {
    return { id, verified: false, problem: `event hook "${hook.name}" could not be verified: ${describeOktaError(error)}` };
  }
}

/** Applies the whole plan; any failure rejects (the caller decides whether a half-applied plan is fatal). */
export async function applyHookPlan(client: OktaClient, plan: HookPlan, log: HookLog): Promise<AppliedHooks> {
  const inlineHookIds: Record<string, string> = {};
  for (const hook of plan.inlineHooks) inlineHookIds[hook.name] = await applyInlineHook(client, hook, log);
  if (!plan.eventHook) return { inlineHookIds, eventHookVerified: true };
  const event = await applyEventHook(client, plan.eventHook, log);
  if (event.problem) log(event.problem);
  return { inlineHookIds, eventHookId: event.id, eventHookVerified: event.verified };
}

const isNotFound = (error: unknown) => error instanceof OktaApiError && error.status === 404;

/** Deactivates and deletes the named hooks; a hook that is already gone is not an error. */
export async function removeHooks(client: OktaClient, names: { inlineHooks: readonly string[]; eventHook?: string | undefined }, log: HookLog): Promise<void> {
  const inline = inlineHooksApi(client);
  for (const name of names.inlineHooks) {
    const hook = await findInlineHook(client, name);
    if (!hook?.id) continue;
    try {
      if (hook.status === 'ACTIVE') await inline.deactivateInlineHook(hook.id);
      await inline.deleteInlineHook(hook.id);
      log(`removed inline hook "${name}" (${hook.id})`);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  if (!names.eventHook) return;
  const events = eventHooksApi(client);
  const hook = await findEventHook(client, names.eventHook);
  if (!hook?.id) return;
  try {
    if (hook.status === 'ACTIVE') await events.deactivateEventHook(hook.id);
    await events.deleteEventHook(hook.id);
    log(`removed event hook "${names.eventHook}" (${hook.id})`);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** An Okta or transport error as one line (status, code, summary, causes); other errors are rethrown. */
export function describeOktaError(error: unknown): string {
  if (error instanceof OktaApiError) {
    const causes = error.errorCauses.map((cause) => cause.errorSummary).filter(Boolean);
    return `${error.status} ${error.errorCode ?? ''} ${error.errorSummary}${causes.length ? ` (${causes.join('; ')})` : ''}`.replace(/\s+/g, ' ');
  }
  if (error instanceof OktaError) return error.message;
  throw error;
}
