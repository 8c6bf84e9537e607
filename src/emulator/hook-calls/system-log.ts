/**
 * System Log events about hook calls, as plain LogEvent objects for the emulator's log store:
 * `inline_hook.executed` (the HTTP exchange), `inline_hook.response.processed` (what the response
 * did, with its debugContext) and `event_hook.delivery` (a failed event hook delivery).
 */
import { systemClock, type Clock } from '../clock.js';
import type { LogActor, LogEvent, LogTarget } from '../store/types.js';
import type { HookCallOutcome } from './outcome.js';

export interface HookRef {
  id: string;
  name: string;
  /** Okta's hook type, e.g. `com.okta.oauth2.tokens.transform`; omitted for event hooks. */
  type?: string;
}

export interface LogContext {
  clock?: Clock;
  /** Ties the event to the request that triggered the hook (`transaction.id`). */
  transactionId?: string;
}

/** The actor of what Okta itself does (hook calls, the org's initial history). */
export const OKTA_SYSTEM: LogActor = {
  id: 'system',
  type: 'SystemPrincipal',
  alternateId: 'system@okta.com',
  displayName: 'Okta System',
  detailEntry: null,
};

export function inlineHookExecutedEvent(hook: HookRef, outcome: HookCallOutcome, context: LogContext = {}): LogEvent {
  const debugData: Record<string, unknown> = {
    inlineHookId: hook.id,
    inlineHookType: hook.type ?? null,
    attempts: outcome.attempts,
    durationMs: outcome.durationMs,
    responseStatus: outcome.status ?? null,
  };
  if (!outcome.ok) {
    debugData.failure = outcome.failure;
    debugData.failureMessage = outcome.message;
  }
  return logEvent(context, {
    eventType: 'inline_hook.executed',
    displayMessage: 'Inline hook executed',
    severity: outcome.ok ? 'INFO' : 'WARN',
    outcome: { result: outcome.ok ? 'SUCCESS' : 'FAILURE', reason: outcome.ok ? null : outcome.message },
    target: [hookTarget(hook, 'InlineHook')],
    debugData,
  });
}

export interface ResponseProcessing {
  /** False when the response was refused and the failure policy applied instead. */
  applied: boolean;
  /** Why it was refused, or what the hook's error said. */
  reason?: string;
  debugContext?: Record<string, unknown>;
}

export function inlineHookResponseProcessedEvent(hook: HookRef, processing: ResponseProcessing, context: LogContext = {}): LogEvent {
  return logEvent(context, {
    eventType: 'inline_hook.response.processed',
    displayMessage: 'Inline hook response processed',
    severity: processing.applied ? 'INFO' : 'WARN',
    outcome: { result: processing.applied ? 'SUCCESS' : 'FAILURE', reason: processing.reason ?? null },
    target: [hookTarget(hook, 'InlineHook')],
    debugData: {
      inlineHookId: hook.id,
      inlineHookType: hook.type ?? null,
      ...(processing.debugContext ? { debugContext: processing.debugContext } : {}),
    },
  });
}

export function eventHookDeliveryEvent(
  hook: HookRef,
  outcome: HookCallOutcome & { eventId?: string },
  deliveredEventIds: readonly string[],
  context: LogContext = {},
): LogEvent {
  return logEvent(context, {
    eventType: 'event_hook.delivery',
    displayMessage: 'Event hook delivery',
    severity: outcome.ok ? 'INFO' : 'WARN',
    outcome: { result: outcome.ok ? 'SUCCESS' : 'FAILURE', reason: outcome.ok ? null : outcome.message },
    target: [hookTarget(hook, 'EventHook')],
    debugData: {
      eventHookId: hook.id,
      deliveryEventId: outcome.eventId ?? null,
      eventIds: [...deliveredEventIds],
      attempts: outcome.attempts,
      durationMs: outcome.durationMs,
      responseStatus: outcome.status ?? null,
    },
  });
}

function hookTarget(hook: HookRef, type: string): LogTarget {
  return { id: hook.id, type, alternateId: hook.type ?? 'unknown', displayName: hook.name, detailEntry: null };
}

export interface EventParts {
  eventType: string;
  displayMessage: string;
  severity: LogEvent['severity'];
  outcome: LogEvent['outcome'];
  target: LogTarget[];
  debugData: Record<string, unknown>;
  /** Defaults to Okta System. */
  actor?: LogActor;
}

/** A System Log event done by Okta itself, outside any API request. */
export function logEvent(context: LogContext, parts: EventParts): LogEvent {
  const transactionId = context.transactionId ?? crypto.randomUUID();
  return {
    uuid: crypto.randomUUID(),
    published: (context.clock ?? systemClock).now().toISOString(),
    eventType: parts.eventType,
    version: '0',
    severity: parts.severity,
    legacyEventType: null,
    displayMessage: parts.displayMessage,
    actor: parts.actor ?? OKTA_SYSTEM,
    client: { userAgent: null, zone: 'null', device: 'Unknown', id: null, ipAddress: null, geographicalContext: null },
    device: null,
    authenticationContext: { authenticationStep: 0, externalSessionId: 'unknown' },
    securityContext: {},
    outcome: parts.outcome,
    target: parts.target,
    transaction: { type: 'WEB', id: transactionId, detail: {} },
    debugContext: { debugData: parts.debugData },
    request: { ipChain: [] },
  };
}
