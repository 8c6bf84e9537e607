/**
 * The live timeline: System Log events (hook calls above all) and the console's own playground
 * calls, turned into display items. Items are redacted here, once, before any view sees them.
 */
import { EventEmitter } from 'node:events';
import type { LogEvent, Store } from '../emulator/index.js';
import type { Redactor } from './redact.js';
import { HOOK_TIMEOUT_MS } from '../handlers/core/okta-facts.js';

/** Okta's deadline for any hook call. */
export const HOOK_DEADLINE_MS = HOOK_TIMEOUT_MS;

export type Outcome = 'applied' | 'fallback' | 'denied' | 'error' | 'delivered' | 'success' | 'failure' | 'info';

export interface TimelineItem {
  id: string;
  published: string;
  eventType: string;
  /** `hook` for hook calls and their processing, `org` for everything else the org logged. */
  kind: 'hook' | 'org' | 'playground';
  title: string;
  target?: string;
  outcome: Outcome;
  reason?: string;
  durationMs?: number;
  attempts?: number;
  status?: number;
  /** Redacted detail: debug data, or the playground's request and response. */
  detail: Record<string, unknown>;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function hookOutcome(event: LogEvent): Outcome {
  const success = event.outcome.result === 'SUCCESS';
  switch (event.eventType) {
    case 'inline_hook.response.processed':
      // Applied with a reason means the hook's own `error` was honoured: a denial, not a failure.
      if (!success) return 'fallback';
      return event.outcome.reason ? 'denied' : 'applied';
    case 'event_hook.delivery':
      return success ? 'delivered' : 'error';
    default:
      return success ? 'success' : 'error';
  }
}

export function isHookEvent(eventType: string): boolean {
  return eventType.startsWith('inline_hook.') || eventType.startsWith('event_hook.');
}

export function fromLogEvent(event: LogEvent, redact: Redactor): TimelineItem {
  const debugData = record(event.debugContext?.debugData);
  const hook = isHookEvent(event.eventType);
  const target = event.target[0];
  const item: TimelineItem = {
    id: event.uuid,
    published: event.published,
    eventType: event.eventType,
    kind: hook ? 'hook' : 'org',
    title: event.displayMessage,
    outcome: hook ? hookOutcome(event) : event.outcome.result === 'SUCCESS' ? 'success' : event.outcome.result === 'FAILURE' ? 'failure' : 'info',
    detail: record(redact({ actor: event.actor.alternateId, targets: event.target.map((t) => `${t.type} ${t.displayName} (${t.id})`), ...debugData })),
  };
  if (target) item.target = `${target.displayName} · ${target.id}`;
  if (event.outcome.reason) item.reason = String(redact(event.outcome.reason));
  const duration = num(debugData.durationMs);
  const attempts = num(debugData.attempts);
  const status = num(debugData.responseStatus);
  if (duration !== undefined) item.durationMs = duration;
  if (attempts !== undefined) item.attempts = attempts;
  if (status !== undefined) item.status = status;
  return item;
}

export type TimelineListener = (item: TimelineItem) => void;

/** One feed for the SSE stream: the store's log appends plus items the console publishes itself. */
export class TimelineHub {
  readonly #emitter = new EventEmitter();
  readonly #recent: TimelineItem[] = [];
  readonly #unsubscribe: () => void;
  readonly #limit: number;

  constructor(store: Pick<Store, 'logs'>, redact: Redactor, limit = 100) {
    this.#limit = limit;
    this.#emitter.setMaxListeners(0);
    this.#unsubscribe = store.logs.onAppend((event) => this.publish(fromLogEvent(event, redact)));
  }

  publish(item: TimelineItem): void {
    this.#recent.push(item);
    if (this.#recent.length > this.#limit) this.#recent.shift();
    this.#emitter.emit('item', item);
  }

  /** Items published since the console started, newest first (the System Log holds the rest). */
  recent(): TimelineItem[] {
    return [...this.#recent].reverse();
  }

  subscribe(listener: TimelineListener): () => void {
    this.#emitter.on('item', listener);
    return () => this.#emitter.off('item', listener);
  }

  close(): void {
    this.#unsubscribe();
    this.#emitter.removeAllListeners();
  }
}
