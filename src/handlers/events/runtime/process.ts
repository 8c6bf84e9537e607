/**
 * Processes one queued batch: validates each event, sorts by `published`, and runs the handlers of
 * each event at most once in effect (claim in the idempotency store, complete on success). Failures
 * are retried by the caller with back-off; after `maxAttempts` (or at once, for errors that
 * retrying cannot fix) the event is parked in the dead-letter store.
 */
import type { Logger } from '../../core/types.js';
import type { DeadLetterStore, IdempotencyStore, QueuedBatch } from './contracts.js';
import { describeError, HandlerTimeoutError, InvalidDeliveryError, isRetryable } from '../errors.js';
import type { LazyOkta } from './okta-source.js';
import type { EventContext, EventHookApp } from '../router.js';
import { logEventSchema, type LogEvent } from '../schema.js';
import { issuesOf } from '../validate.js';
import { retryStoreWrite, type StoreRetry, type UnrecordedCompletions } from './store-retry.js';

export interface ProcessSettings {
  readonly app: EventHookApp;
  readonly idempotency: IdempotencyStore;
  readonly deadLetters: DeadLetterStore;
  readonly okta: LazyOkta;
  readonly log: Logger;
  readonly maxAttempts: number;
  readonly handlerTimeoutMs: number;
  readonly inProgressTtlMs: number;
  readonly completedTtlMs: number;
  /** Aborts when the worker shuts down: the batch stops between events. */
  readonly signal?: AbortSignal;
  /** How writes after a side effect (completion, release) are retried on store errors. */
  readonly storeRetry: StoreRetry;
  /** Completions this worker could not record yet; their events are never run again here. */
  readonly unrecorded: UnrecordedCompletions;
}

export interface BatchOutcome {
  /** Events whose handlers ran and succeeded now. */
  readonly processed: number;
  /** Events already completed earlier (redeliveries). */
  readonly duplicates: number;
  readonly deadLettered: number;
  /** Events to try again: failed with attempts left, claimed by another worker, or not reached. */
  readonly pending: number;
}

type Candidate = { index: number; event: LogEvent };

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Events of a batch in the order to process them: by `published`, ties in delivery order. */
export function processingOrder(events: readonly LogEvent[]): LogEvent[] {
  return events
    .map((event, index) => ({ event, index, at: Date.parse(event.published) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((entry) => entry.event);
}

export async function processBatch(
  batch: QueuedBatch & { attempt: number },
  settings: ProcessSettings,
  onProgress?: () => Promise<void>,
): Promise<BatchOutcome> {
  const log = settings.log.child({ deliveryId: batch.deliveryId, attempt: batch.attempt });
  const outcome = { processed: 0, duplicates: 0, deadLettered: 0, pending: 0 };
  const valid: Candidate[] = [];
  for (const [index, raw] of batch.events.entries()) {
    const parsed = logEventSchema.safeParse(raw);
    if (parsed.success) {
      valid.push({ index, event: parsed.data });
      continue;
    }
    const id = deadLetterId(raw, batch.deliveryId, index);
    const error = new InvalidDeliveryError(issuesOf(parsed.error, `data.events.${index}`));
    await park(settings, { id, batch, event: raw, error });
    log.warn('invalid event parked', { eventUuid: id, code: error.code });
    outcome.deadLettered++;
  }

  for (const event of processingOrder(valid.map((c) => c.event))) {
    if (settings.signal?.aborted) {
      outcome.pending++;
      continue;
    }
    const result = await processEvent(event, batch, settings, log);
    outcome[result]++;
    await onProgress?.();
  }
  return outcome;
}

async function processEvent(
  event: LogEvent,
  batch: QueuedBatch & { attempt: number },
  settings: ProcessSettings,
  batchLog: Logger,
): Promise<keyof BatchOutcome> {
  // Handlers that ran here already: only their completion is still to be written.
  const unrecordedToken = settings.unrecorded.get(event.uuid);
  if (unrecordedToken !== undefined) {
    await recordCompletion(event.uuid, unrecordedToken, settings, batchLog);
    return 'duplicates';
  }
  const claim = await settings.idempotency.claim(event.uuid, { inProgressTtlMs: settings.inProgressTtlMs });
  if (claim.status === 'completed') return 'duplicates';
  if (claim.status === 'in-progress') return 'pending';

  const log = batchLog.child({ eventUuid: event.uuid, eventType: event.eventType });
  const handlers = settings.app.handlersFor(event.eventType);
  try {
    if (handlers.length > 0) {
      await settings.okta.prepare();
      await runHandlers(event, batch, settings, log);
    }
  } catch (error) {
    const finalAttempt = batch.attempt >= settings.maxAttempts || !isRetryable(error);
    log.warn(finalAttempt ? 'event failed, parking it' : 'event failed, will retry', describeError(error));
    if (finalAttempt) await park(settings, { id: event.uuid, batch, event, error });
    // Not releasing only delays the retry until the claim expires; it never loses the event.
    await retryStoreWrite(() => settings.idempotency.release(event.uuid, claim.token), settings.storeRetry).catch((releaseError: unknown) =>
      log.warn('could not release the claim; the event is retried when it expires', describeError(releaseError)),
    );
    return finalAttempt ? 'deadLettered' : 'pending';
  }
  // The side effect has happened: recording it is the first write, before the queue hears of it.
  settings.unrecorded.add(event.uuid, claim.token);
  await recordCompletion(event.uuid, claim.token, settings, log);
  return 'processed';
}

/** Writes the completion (retried); on failure the event stays in `unrecorded` and the batch is retried. */
async function recordCompletion(uuid: string, token: string, settings: ProcessSettings, log: Logger): Promise<void> {
  try {
    await retryStoreWrite(() => settings.idempotency.complete(uuid, token, { ttlMs: settings.completedTtlMs }), settings.storeRetry);
  } catch (error) {
    log.error('could not record a processed event; it will not run again in this worker', { eventUuid: uuid, ...describeError(error) });
    throw error;
  }
  settings.unrecorded.delete(uuid);
}

async function runHandlers(
  event: LogEvent,
  batch: QueuedBatch & { attempt: number },
  settings: ProcessSettings,
  log: Logger,
): Promise<void> {
  const timeout = AbortSignal.timeout(settings.handlerTimeoutMs);
  const signal = settings.signal ? AbortSignal.any([timeout, settings.signal]) : timeout;
  const ctx: EventContext = {
    log,
    signal,
    attempt: batch.attempt,
    deliveryId: batch.deliveryId,
    get okta() {
      return settings.okta.get();
    },
  };
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(new HandlerTimeoutError(`handlers of ${event.eventType} did not finish in time`));
    if (signal.aborted) fail();
    signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => {});
  for (const handler of settings.app.handlersFor(event.eventType)) {
    await Promise.race([Promise.resolve().then(() => handler(event, ctx)), aborted]);
  }
}

async function park(
  settings: ProcessSettings,
  entry: { id: string; batch: QueuedBatch & { attempt: number }; event: unknown; error: unknown },
): Promise<void> {
  await settings.deadLetters.park({
    id: entry.id,
    deliveryId: entry.batch.deliveryId,
    event: entry.event,
    error: describeError(entry.error),
    attempts: entry.batch.attempt,
    failedAt: new Date().toISOString(),
  });
}

function deadLetterId(raw: unknown, deliveryId: string, index: number): string {
  const uuid = (raw as { uuid?: unknown } | null)?.uuid;
  return typeof uuid === 'string' && uuid !== '' && uuid.length <= 200 ? uuid : `${deliveryId}#${index}`;
}

/** Delay before attempt `attempt + 1`: exponential from `baseMs`, capped, with jitter on the upper half. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
