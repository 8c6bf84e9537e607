/**
 * The example event hook app: clears a deactivated user's sessions (when an Okta client is
 * configured; otherwise it only logs), and logs group membership changes. `createLocalEvents`
 * wires it for `npm run dev`: receiver at /hooks/events, SQLite queue, in-process worker. The
 * Lambda worker imports this file too, so SQLite is loaded only when `createLocalEvents` runs.
 */
import type { Hono } from 'hono';
import type { Logger } from '../src/handlers/core/types.js';
import { createEventReceiver, type EventHookAuth } from '../src/handlers/events/runtime/receiver.js';
import { replayDeadLetters } from '../src/handlers/events/runtime/replay.js';
import { eventHook, type EventHookApp } from '../src/handlers/events/router.js';
import { subjectsOf } from '../src/handlers/events/subjects.js';
import { createEventWorker, type EventWorker } from '../src/handlers/events/runtime/worker.js';
import type { GatehookEnv } from '../src/middleware/types.js';
import type { OktaClientOption } from '../src/runtime/okta.js';
import { sessionsApi } from '../src/sdk/sessions.js';

/** The handlers. `clearSessions: false` makes the deactivation handler log instead of calling Okta. */
export function eventsExample(options: { clearSessions: boolean }): EventHookApp {
  return eventHook()
    .onEvent('user.lifecycle.deactivate', async (event, ctx) => {
      const { user } = subjectsOf(event);
      if (!options.clearSessions) {
        ctx.log.info('user deactivated; no Okta client configured, sessions left as they are', { userId: user.id });
        return;
      }
      await sessionsApi(ctx.okta).clearUserSessions(user.id, { oauthTokens: true, signal: ctx.signal });
      ctx.log.info('cleared sessions of deactivated user', { userId: user.id });
    })
    .onEvent(['group.user_membership.add', 'group.user_membership.remove'], (event, ctx) => {
      const { user, group } = subjectsOf(event);
      const change = event.eventType === 'group.user_membership.add' ? 'joined' : 'left';
      ctx.log.info(`user ${change} group`, { userId: user.id, user: user.alternateId, groupId: group.id, group: group.displayName });
    });
}

export interface LocalEventsOptions {
  /** SQLite file of the queue, idempotency records and dead letters, e.g. `.data/events.db`. */
  dbPath: string;
  auth: EventHookAuth;
  okta?: OktaClientOption;
  logger?: Logger;
  /** Default `/hooks/events`; pass `/` to mount with `app.route('/hooks/events', receiver)`. */
  path?: string;
}

export interface LocalEvents {
  receiver: Hono<GatehookEnv>;
  worker: EventWorker;
  /** Re-queues dead-lettered events (all, or the given ids). */
  replayDeadLetters(ids?: readonly string[]): Promise<{ replayed: string[] }>;
  /** Stops the worker (if started) and closes the database. */
  close(): Promise<void>;
}

/**
 * @example
 * const events = await createLocalEvents({ dbPath: '.data/events.db', auth: { header: { secrets: fromEnv() } }, okta: oktaFromEnv() });
 * app.route('/', events.receiver);
 * events.worker.start();
 */
export async function createLocalEvents(options: LocalEventsOptions): Promise<LocalEvents> {
  const { sqliteEventStores } = await import('../src/handlers/events/sqlite/index.js');
  const stores = sqliteEventStores(options.dbPath);
  const logger = options.logger;
  const receiver = createEventReceiver({
    queue: stores.queue,
    auth: options.auth,
    ...(options.path ? { path: options.path } : {}),
    ...(logger ? { logger } : {}),
  });
  const worker = createEventWorker({
    app: eventsExample({ clearSessions: options.okta !== undefined }),
    queue: stores.queue,
    idempotency: stores.idempotency,
    deadLetters: stores.deadLetters,
    ...(options.okta ? { okta: options.okta } : {}),
    ...(logger ? { log: logger.child({ component: 'events-worker' }) } : {}),
  });
  return {
    receiver,
    worker,
    replayDeadLetters: (ids) =>
      replayDeadLetters({ deadLetters: stores.deadLetters, queue: stores.queue, ...(ids ? { ids } : {}) }),
    async close() {
      await worker.stop();
      stores.close();
    },
  };
}
