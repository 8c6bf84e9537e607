/**
 * gatehook's testing kit: call a hook definition the way the runtime does, with a realistic request, and get
 * back what Okta would receive. Unlike the runtime, nothing is folded into a fallback: a contract violation,
 * a handler error or an overrun is thrown, so a test fails at the cause.
 *
 * @example
 * import { callHook } from 'gatehook/testing';
 * const result = await callHook(hook, { overrides: { data: { identity: { claims: { sub: '00u1' } } } } });
 * expect(result.commands[0]?.type).toBe('com.okta.access.patch');
 */
import { randomUUID } from 'node:crypto';
import type { HookCommand, HookContext, HookResponseBody, InlineHookDefinition, InlineHookType, Logger, ValidationIssue } from '../handlers/core/types.js';
import { SAMPLE_REQUESTS } from '../handlers/samples.js';
import { GatehookConfigError } from '../runtime/errors.js';
import type { EventContext, EventHookApp } from '../handlers/events/router.js';
import { sampleDelivery, sampleLogEvent } from '../handlers/events/sample.js';
import type { LogEvent } from '../handlers/events/schema.js';
import type { OktaClient } from '../sdk/client.js';

export { startTestOrg, type TestOrg, type TestOrgOptions, type TestUser } from './org.js';

/** A realistic request body of every inline hook type, and event hook deliveries. */
export const samples = {
  ...SAMPLE_REQUESTS,
  /** One System Log event as an event hook carries it. */
  logEvent: sampleLogEvent,
  /** An event hook delivery (`data.events`) of the given events. */
  delivery: sampleDelivery,
} as const;

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A logger that keeps every line (child fields merged in), for assertions on what a hook logged. */
export function recordingLogger(lines: LogLine[] = [], bound: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields: Object.keys(bound).length || fields ? { ...bound, ...fields } : undefined });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (fields) => recordingLogger(lines, { ...bound, ...fields }) };
}

export class HookRequestError extends Error {
  override readonly name = 'HookRequestError';
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    super(`the request does not parse as this hook's type: ${issues.map((i) => `${i.location}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

export class HookTimeoutError extends Error {
  override readonly name = 'HookTimeoutError';
}

export interface CallHookOptions {
  /** The whole request body; default: the sample of the definition's type. */
  request?: unknown;
  /** Merged into the request (objects deeply, arrays and values replaced). */
  overrides?: Record<string, unknown>;
  /** The client `ctx.okta` returns (e.g. `startTestOrg().okta`); without one, `ctx.okta` throws. */
  okta?: OktaClient;
  /** The handler's time budget; past it the call throws HookTimeoutError. Default 2500 ms, as the runtime. */
  timeoutMs?: number;
  eventId?: string;
}

export interface HookCallResult {
  /** What Okta receives: the response body, or null for 204. */
  body: HookResponseBody | null;
  commands: HookCommand[];
  /** How Okta reads the answer: changes applied, nothing to do, or the user refused (registration denied, password unverified). */
  outcome: 'applied' | 'no-op' | 'denied';
  /** What the handler logged through `ctx.log`. */
  logs: LogLine[];
  /** The parsed event the handler saw. */
  event: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `base` with `overrides` merged in: objects deeply, everything else replaced. */
export function withOverrides<T>(base: T, overrides: Record<string, unknown> | undefined): T {
  if (!overrides) return base;
  const merge = (target: unknown, source: unknown): unknown => {
    if (!isPlainObject(target) || !isPlainObject(source)) return source;
    const out: Record<string, unknown> = { ...target };
    for (const [key, value] of Object.entries(source)) out[key] = key in target ? merge(target[key], value) : value;
    return out;
  };
  return merge(base, overrides) as T;
}

function outcomeOf(type: InlineHookType, body: HookResponseBody | null): HookCallResult['outcome'] {
  const commands = body?.commands ?? [];
  if (body?.error) return 'denied';
  const denies = commands.some((command) => {
    const value = command.value as unknown;
    const values = Array.isArray(value) ? value : [value];
    return values.some((v) => isPlainObject(v) && ((type === 'registration' && v.registration === 'DENY') || (type === 'password-import' && v.credential === 'UNVERIFIED')));
  });
  if (denies) return 'denied';
  return commands.length === 0 ? 'no-op' : 'applied';
}

/**
 * Calls `definition` with a sample request of its type (or `request`, with `overrides`), as the runtime would,
 * and resolves with what Okta would receive. Rejects with the handler's own error, a ContractViolationError
 * for an answer Okta would refuse, HookRequestError for a request that does not parse, HookTimeoutError past
 * the budget.
 */
export async function callHook<E>(definition: InlineHookDefinition<E>, options: CallHookOptions = {}): Promise<HookCallResult> {
  const request = withOverrides(options.request ?? samples[definition.type](), options.overrides);
  const parsed = definition.parse(request);
  if (!parsed.ok) throw new HookRequestError(parsed.issues);
  const logs: LogLine[] = [];
  const timeoutMs = options.timeoutMs ?? 2500;
  const controller = new AbortController();
  const deadline = Date.now() + timeoutMs;
  const okta = options.okta;
  const ctx: HookContext = {
    signal: controller.signal,
    deadline,
    remainingMs: () => Math.max(0, deadline - Date.now()),
    eventId: options.eventId ?? randomUUID(),
    log: recordingLogger(logs),
    get okta(): OktaClient {
      // The runtime's own error, so a hook that handles a missing client behaves here as it does deployed.
      if (!okta) throw new GatehookConfigError('ERR_OKTA_CLIENT_NOT_CONFIGURED', 'ctx.okta was used but callHook was given no `okta` client (pass startTestOrg().okta)');
      return okta;
    },
  };
  const body = (await withinBudget(() => definition.execute(parsed.event, ctx), controller, timeoutMs, 'the handler'))?.body ?? null;
  return { body, commands: body?.commands ?? [], outcome: outcomeOf(definition.type, body), logs, event: parsed.event };
}

/** Runs `work`, and past `timeoutMs` aborts `controller` and rejects with HookTimeoutError naming `what`. */
async function withinBudget<T>(work: () => T | Promise<T>, controller: AbortController, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new HookTimeoutError(`${what} took longer than ${timeoutMs} ms`));
      reject(controller.signal.reason);
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(work), overrun]);
  } finally {
    clearTimeout(timer);
  }
}

export interface CallEventHookOptions {
  /** The client `ctx.okta` returns (e.g. `startTestOrg().okta`); without one, `ctx.okta` throws. */
  okta?: OktaClient;
  /** Each handler's time budget; past it the call throws HookTimeoutError. Default 10 s. */
  timeoutMs?: number;
}

export interface EventHookCallResult {
  /** How many handlers ran for each event, by uuid (0: no handler for its type). */
  handled: Record<string, number>;
  logs: LogLine[];
}

/**
 * Runs an event hook app's handlers for each event, in order, as the worker does for a first delivery, and
 * rejects with the first handler's error (the worker would retry it; a test should see it).
 */
export async function callEventHook(app: EventHookApp, events: readonly LogEvent[], options: CallEventHookOptions = {}): Promise<EventHookCallResult> {
  const logs: LogLine[] = [];
  const handled: Record<string, number> = {};
  const deliveryId = randomUUID();
  const okta = options.okta;
  for (const event of events) {
    const handlers = app.handlersFor(event.eventType);
    handled[event.uuid] = handlers.length;
    for (const handler of handlers) {
      const controller = new AbortController();
      const timeoutMs = options.timeoutMs ?? 10_000;
      const ctx: EventContext = {
        log: recordingLogger(logs, { eventId: event.uuid, eventType: event.eventType }),
        signal: controller.signal,
        attempt: 1,
        deliveryId,
        get okta(): OktaClient {
          if (!okta) throw new GatehookConfigError('ERR_OKTA_CLIENT_NOT_CONFIGURED', 'ctx.okta was used but callEventHook was given no `okta` client (pass startTestOrg().okta)');
          return okta;
        },
      };
      await withinBudget(() => handler(event, ctx), controller, timeoutMs, `the ${event.eventType} handler`);
    }
  }
  return { handled, logs };
}
