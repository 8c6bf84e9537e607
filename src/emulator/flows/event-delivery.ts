/**
 * Event hook delivery for the emulator: every System Log append goes to the dispatcher, which
 * batches events per hook and POSTs them to ACTIVE + VERIFIED hooks subscribed to the type (3 s
 * deadline, one retry after a 5xx or timeout). Failed deliveries are logged as `event_hook.delivery`.
 */
import type { EmulatorDeps } from '../context.js';
import { eventFilterPredicate } from '../event-filters/filter.js';
import { EventHookDispatcher, type EventHookTarget } from '../hook-calls/event-hook-dispatcher.js';
import { toHttpChannel } from '../hook-calls/okta-hook-caller.js';
import { eventHookDeliveryEvent } from '../hook-calls/system-log.js';
import { withCredential } from '../routes/hook-channel.js';
import type { EventHookDoc } from '../store/types.js';

export interface EventHookDelivery {
  /** Sends what is waiting for its batch window and waits for deliveries in flight. */
  flush(): Promise<void>;
  /** Stops listening to the System Log. */
  stop(): void;
}

export function startEventHookDelivery(deps: EmulatorDeps, options: { windowMs?: number; orgUrl: () => string }): EventHookDelivery {
  // The stored hook (credential filled in) each target was read from, for the caller seam.
  const stored = new Map<string, EventHookDoc>();
  // Filters compiled once per filter text (hooks are re-read on every append).
  const compiled = new Map<string, { version: string; accepts: EventHookTarget['accepts'] }>();
  const acceptsOf = (hook: EventHookDoc): EventHookTarget['accepts'] => {
    const version = JSON.stringify(hook.events.filter ?? null);
    const cached = compiled.get(hook.id);
    if (cached?.version === version) return cached.accepts;
    const accepts = eventFilterPredicate(hook.events.filter);
    compiled.set(hook.id, { version, accepts });
    return accepts;
  };
  const hooks = (): EventHookTarget[] =>
    deps.store.eventHooks
      .all("json_extract(doc, '$.status') = 'ACTIVE' AND json_extract(doc, '$.verificationStatus') = 'VERIFIED'")
      .map((hook) => {
        const withSecret = withCredential(hook, deps.store.eventHooks.getSecret(hook.id) ?? {});
        stored.set(hook.id, withSecret);
        const accepts = acceptsOf(hook);
        return {
          id: hook.id,
          status: hook.status,
          verificationStatus: hook.verificationStatus,
          events: hook.events,
          ...(accepts ? { accepts } : {}),
          channel: toHttpChannel(withSecret.channel),
        };
      });
  const dispatcher = new EventHookDispatcher({
    orgUrl: options.orgUrl(),
    hooks,
    ...(options.windowMs !== undefined ? { windowMs: options.windowMs } : {}),
    deliver: async (target, events) => {
      const hook = stored.get(target.id);
      if (hook) return deps.hookCaller.deliverEvents(hook, events, options.orgUrl());
      return { ok: false, failure: 'network', message: 'the event hook is gone', attempts: 0, durationMs: 0 };
    },
    onDelivered: (target, events, outcome) => {
      const ids = events.map((event) => event.uuid);
      if (outcome.ok) {
        deps.logger.debug(`emulator: delivered ${events.length} event(s) to event hook ${target.id}`, { attempts: outcome.attempts });
        return;
      }
      deps.logger.warn(`emulator: event hook delivery failed: ${outcome.message}`, { hookId: target.id, attempts: outcome.attempts });
      const name = deps.store.eventHooks.get(target.id)?.name ?? target.id;
      deps.store.logs.append(eventHookDeliveryEvent({ id: target.id, name }, outcome, ids, { clock: deps.clock }));
    },
  });
  const unsubscribe = deps.store.logs.onAppend((event) => dispatcher.append(event));
  return {
    flush: () => dispatcher.flush(),
    stop: unsubscribe,
  };
}
