/**
 * The user-facing definition of an event hook app: which handler runs for which event type.
 * It knows nothing about HTTP or queues; the worker asks it for the handlers of each event.
 */
import type { Logger } from '../core/types.js';
import type { OktaClient } from '../../sdk/client.js';
import type { EventTypeName } from './event-types.js';
import type { LogEvent } from './schema.js';
import type { LogEventOf } from './subjects.js';

export interface EventContext {
  readonly log: Logger;
  /** Aborts when the handler's time budget is spent or the worker shuts down; pass it on. */
  readonly signal: AbortSignal;
  /** The embedded Management API client; throws a `GatehookConfigError` (`ERR_OKTA_CLIENT_NOT_CONFIGURED`) when none is configured. */
  readonly okta: OktaClient;
  /** 1 on first delivery to a worker, then 2, 3, ... on retries. */
  readonly attempt: number;
  /** Okta's `eventId` of the delivery that carried this event. */
  readonly deliveryId: string;
}

export type EventHandler<E extends LogEvent = LogEvent> = (event: E, ctx: EventContext) => unknown;

export interface EventHookApp {
  /** Runs `handler` for every event of the given type(s). Several handlers per type run in order. */
  onEvent<T extends EventTypeName>(type: T | readonly T[], handler: EventHandler<LogEventOf<T>>): EventHookApp;
  /** Runs `handler` for every event, after the type-specific handlers. */
  onAnyEvent(handler: EventHandler): EventHookApp;
  /** The handlers for one event type, in the order they run. */
  handlersFor(eventType: string): readonly EventHandler[];
}

/**
 * @example
 * const app = eventHook()
 *   .onEvent('user.lifecycle.deactivate', async (event, ctx) => {
 *     const { user } = subjectsOf(event);
 *     await sessionsApi(ctx.okta).clearUserSessions(user.id, { signal: ctx.signal });
 *   })
 *   .onAnyEvent((event, ctx) => ctx.log.info('event', { type: event.eventType }));
 */
export function eventHook(): EventHookApp {
  const byType = new Map<string, EventHandler[]>();
  const any: EventHandler[] = [];
  const app: EventHookApp = {
    onEvent(type, handler) {
      for (const name of typeof type === 'string' ? [type] : type) {
        const list = byType.get(name) ?? [];
        list.push(handler as EventHandler);
        byType.set(name, list);
      }
      return app;
    },
    onAnyEvent(handler) {
      any.push(handler);
      return app;
    },
    handlersFor(eventType) {
      return [...(byType.get(eventType) ?? []), ...any];
    },
  };
  return app;
}
