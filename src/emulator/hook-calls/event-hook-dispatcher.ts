/**
 * Turns System Log appends into event hook deliveries: events that arrive within a short window are
 * batched per hook, and only ACTIVE + VERIFIED hooks subscribed to the event type receive them.
 * Time is injected (a scheduler) so batching can be tested without waiting.
 */
import type { LogEvent } from '../store/types.js';
import type { HttpChannel } from './channel.js';
import { deliverEvents, type EventHookCallOutcome } from './deliver-event-hook.js';

/** The parts of an event hook the dispatcher needs; the emulator maps its stored hooks to this. */
export interface EventHookTarget {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  verificationStatus: 'VERIFIED' | 'UNVERIFIED';
  events: { items: readonly string[] };
  /** The hook's filter (`events.filter`) as a check of one event; absent: every subscribed event. */
  accepts?: (event: LogEvent) => boolean;
  /** Including the auth header value, which the Management API never renders. */
  channel: HttpChannel;
}

export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realScheduler: Scheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type DeliverFn = (hook: EventHookTarget, events: LogEvent[]) => Promise<EventHookCallOutcome>;

export interface EventHookDispatcherOptions {
  orgUrl: string;
  /** Read on every append so hook changes apply at once. */
  hooks: () => readonly EventHookTarget[];
  /** Defaults to a real delivery over HTTP. */
  deliver?: DeliverFn;
  /** Called after each delivery, e.g. to log `event_hook.delivery` on failure. */
  onDelivered?: (hook: EventHookTarget, events: LogEvent[], outcome: EventHookCallOutcome) => void;
  windowMs?: number;
  /** Okta batches "several" events; cap a POST so one burst does not become a huge body. */
  maxBatch?: number;
  scheduler?: Scheduler;
}

interface Pending {
  hook: EventHookTarget;
  events: LogEvent[];
  timer: unknown;
}

export class EventHookDispatcher {
  readonly #options: EventHookDispatcherOptions;
  readonly #scheduler: Scheduler;
  readonly #pending = new Map<string, Pending>();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: EventHookDispatcherOptions) {
    this.#options = options;
    this.#scheduler = options.scheduler ?? realScheduler;
  }

  /** Queues `event` for every hook that should receive it. Never throws into the logging caller. */
  append(event: LogEvent): void {
    // Delivery failures are themselves logged; never feed them back into delivery.
    if (event.eventType.startsWith('event_hook.')) return;
    for (const hook of this.#options.hooks()) {
      if (!receives(hook, event)) continue;
      const pending = this.#pending.get(hook.id);
      if (pending) {
        pending.hook = hook;
        pending.events.push(event);
        if (pending.events.length >= (this.#options.maxBatch ?? 50)) this.#flushHook(hook.id);
        continue;
      }
      const timer = this.#scheduler.setTimeout(() => this.#flushHook(hook.id), this.#options.windowMs ?? 200);
      this.#pending.set(hook.id, { hook, events: [event], timer });
    }
  }

  /** Sends every pending batch now and waits for all deliveries in flight. */
  async flush(): Promise<void> {
    for (const hookId of [...this.#pending.keys()]) this.#flushHook(hookId);
    await this.idle();
  }

  /** Waits for the deliveries already started. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  /** Number of events waiting for their batch window, for tests and diagnostics. */
  pendingCount(): number {
    let count = 0;
    for (const pending of this.#pending.values()) count += pending.events.length;
    return count;
  }

  #flushHook(hookId: string): void {
    const pending = this.#pending.get(hookId);
    if (!pending) return;
    this.#pending.delete(hookId);
    this.#scheduler.clearTimeout(pending.timer);
    const delivery = this.#deliver(pending.hook, pending.events).finally(() => this.#inFlight.delete(delivery));
    this.#inFlight.add(delivery);
  }

  async #deliver(hook: EventHookTarget, events: LogEvent[]): Promise<void> {
    const deliver: DeliverFn =
      this.#options.deliver ?? ((target, batch) => deliverEvents(target.channel, batch, target.id, this.#options.orgUrl));
    let outcome: EventHookCallOutcome;
    try {
      outcome = await deliver(hook, events);
    } catch (error) {
      outcome = { ok: false, attempts: 0, durationMs: 0, failure: 'network', message: error instanceof Error ? error.message : String(error) };
    }
    try {
      this.#options.onDelivered?.(hook, events, outcome);
    } catch {
      // A failing observer must not turn into an unhandled rejection of the delivery.
    }
  }
}

function receives(hook: EventHookTarget, event: LogEvent): boolean {
  if (hook.status !== 'ACTIVE' || hook.verificationStatus !== 'VERIFIED' || !hook.events.items.includes(event.eventType)) return false;
  return hook.accepts ? hook.accepts(event) : true;
}
