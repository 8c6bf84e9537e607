/**
 * The event hook side of `gatehook dev`: a receiver at /hooks/events over a SQLite queue, and an in-process
 * worker that runs the user's handlers. The receiver and the queue live for the whole session; a reload
 * replaces only the worker, so deliveries keep being acknowledged and stored while the user edits.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Hono } from 'hono';
import type { Logger } from '../../handlers/core/types.js';
import type { EventHookApp } from '../../handlers/events/router.js';
import { createEventReceiver, type EventHookAuth } from '../../handlers/events/runtime/receiver.js';
import { replayDeadLetters } from '../../handlers/events/runtime/replay.js';
import { createEventWorker, type EventWorker } from '../../handlers/events/runtime/worker.js';
import type { GatehookEnv } from '../../middleware/types.js';
import type { OktaClientOption } from '../../runtime/okta.js';

export interface LocalEventsOptions {
  /** SQLite file of the queue, idempotency records and dead letters. */
  dbPath: string;
  auth: EventHookAuth;
  okta?: OktaClientOption;
  logger: Logger;
}

export interface LocalEvents {
  receiver: Hono<GatehookEnv>;
  /** Runs `app`'s handlers from now on; the previous worker finishes its current event first. */
  serve(app: EventHookApp): Promise<void>;
  /** Resolves when every queued event has been run (or parked); for tests and shutdown. */
  drain(): Promise<void>;
  replayDeadLetters(ids?: readonly string[]): Promise<{ replayed: string[] }>;
  close(): Promise<void>;
}

export async function startLocalEvents(options: LocalEventsOptions): Promise<LocalEvents> {
  await mkdir(dirname(options.dbPath), { recursive: true });
  // Imported here so a session without event hooks never loads node:sqlite.
  const { sqliteEventStores } = await import('../../handlers/events/sqlite/index.js');
  const stores = sqliteEventStores(options.dbPath);
  const receiver = createEventReceiver({ queue: stores.queue, auth: options.auth, logger: options.logger });
  let worker: EventWorker | undefined;
  return {
    receiver,
    async serve(app) {
      const next = createEventWorker({
        app,
        queue: stores.queue,
        idempotency: stores.idempotency,
        deadLetters: stores.deadLetters,
        ...(options.okta ? { okta: options.okta } : {}),
        log: options.logger.child({ component: 'events-worker' }),
      });
      const previous = worker;
      worker = next;
      await previous?.stop();
      next.start();
    },
    drain: async () => {
      await worker?.drain();
    },
    replayDeadLetters: (ids) => replayDeadLetters({ deadLetters: stores.deadLetters, queue: stores.queue, ...(ids ? { ids } : {}) }),
    async close() {
      await worker?.stop();
      stores.close();
    },
  };
}
