/**
 * The local worker: pulls leased batches from a `PullEventQueue` (SQLite), processes them and
 * acknowledges, or schedules a retry with exponential back-off. Run it in-process next to the
 * receiver (`npm run dev`) or as its own process against the same SQLite file.
 */
import type { PullEventQueue, ReceivedBatch } from './contracts.js';
import { describeError } from '../errors.js';
import { backoffMs, processBatch, type BatchOutcome } from './process.js';
import { positive, resolveProcessSettings, type EventProcessingOptions } from './settings.js';
import { retryStoreWrite } from './store-retry.js';

export interface EventWorkerOptions extends EventProcessingOptions {
  queue: PullEventQueue;
  /** How long a received batch stays hidden from other workers; extended while it is processed. Default 60 s. */
  leaseMs?: number;
  /** Wait between polls when the queue is empty. Default 250 ms. */
  pollIntervalMs?: number;
  /** First retry delay; doubles per attempt. Default 1 s. */
  retryBaseMs?: number;
  /** Longest retry delay. Default 5 min. */
  retryMaxMs?: number;
  /** Batches fetched per poll. Default 10. */
  receiveMax?: number;
  /** How often an idle worker deletes expired idempotency records. Default 10 min. */
  purgeIntervalMs?: number;
}

export interface EventWorker {
  /** Polls until `stop()`. */
  start(): void;
  /** Finishes the current event, releases what is left of the batch and stops polling. */
  stop(): Promise<void>;
  /** Processes whatever is visible now; returns the number of batches handled. */
  runOnce(): Promise<number>;
  /** Runs until no batch is visible (retries scheduled later are not waited for). */
  drain(): Promise<void>;
}

export function createEventWorker(options: EventWorkerOptions): EventWorker {
  const shutdown = new AbortController();
  const settings = resolveProcessSettings(options, shutdown.signal);
  const queue = options.queue;
  const leaseMs = positive(options.leaseMs, 60_000, 'leaseMs');
  const pollIntervalMs = positive(options.pollIntervalMs, 250, 'pollIntervalMs');
  const retryBaseMs = positive(options.retryBaseMs, 1000, 'retryBaseMs');
  const retryMaxMs = positive(options.retryMaxMs, 5 * 60_000, 'retryMaxMs');
  const receiveMax = positive(options.receiveMax, 10, 'receiveMax');
  const purgeIntervalMs = positive(options.purgeIntervalMs, 10 * 60_000, 'purgeIntervalMs');
  let purgedAt = Date.now();
  let loop: Promise<void> | undefined;

  async function purgeWhenDue(): Promise<void> {
    if (!options.idempotency.purgeExpired || Date.now() - purgedAt < purgeIntervalMs) return;
    purgedAt = Date.now();
    const purged = await options.idempotency.purgeExpired();
    if (purged > 0) settings.log.debug('purged expired idempotency records', { purged });
  }

  async function handle(message: ReceivedBatch): Promise<void> {
    let leaseExtendedAt = Date.now();
    const keepLease = async () => {
      if (Date.now() - leaseExtendedAt < leaseMs / 3) return;
      leaseExtendedAt = Date.now();
      // A lease that lapses lets another worker take the batch; its claims keep events from running twice.
      await queue.extendLease(message, leaseMs).catch((error: unknown) => settings.log.warn('could not extend a lease', { messageId: message.id, ...describeError(error) }));
    };
    // Queue writes are retried too: a batch whose release fails stays leased for the whole lease.
    const settle = async (what: 'ack' | 'retry', delayMs = 0) => {
      try {
        await retryStoreWrite(() => (what === 'ack' ? queue.ack(message) : queue.retryLater(message, delayMs)), settings.storeRetry);
      } catch (error) {
        settings.log.error(what === 'ack' ? 'could not remove a finished batch; its events are skipped when it reappears' : 'could not release a batch; it reappears when its lease expires', {
          messageId: message.id,
          ...describeError(error),
        });
      }
    };
    let outcome: BatchOutcome;
    try {
      outcome = await processBatch(message, settings, keepLease);
    } catch (error) {
      // A store failed, not a handler: leave the batch for a later attempt.
      settings.log.error('batch processing failed', { messageId: message.id, ...describeError(error) });
      await settle('retry', backoffMs(message.attempt, retryBaseMs, retryMaxMs));
      return;
    }
    settings.log.debug('batch processed', { messageId: message.id, ...outcome });
    if (outcome.pending === 0) await settle('ack');
    else await settle('retry', shutdown.signal.aborted ? 0 : backoffMs(message.attempt, retryBaseMs, retryMaxMs));
  }

  async function runOnce(): Promise<number> {
    const messages = await queue.receive({ max: receiveMax, leaseMs });
    for (const [index, message] of messages.entries()) {
      if (shutdown.signal.aborted) {
        for (const rest of messages.slice(index)) await queue.retryLater(rest, 0);
        break;
      }
      await handle(message);
    }
    return messages.length;
  }

  async function poll(): Promise<void> {
    while (!shutdown.signal.aborted) {
      let handled = 0;
      try {
        handled = await runOnce();
      } catch (error) {
        settings.log.error('queue poll failed', describeError(error));
      }
      if (handled > 0 || shutdown.signal.aborted) continue;
      await purgeWhenDue().catch((error: unknown) => settings.log.warn('purge failed', describeError(error)));
      await sleep(pollIntervalMs, shutdown.signal);
    }
  }

  return {
    start() {
      if (shutdown.signal.aborted) throw new Error('this worker was stopped; create a new one');
      loop ??= poll();
    },
    async stop() {
      shutdown.abort();
      await loop;
    },
    runOnce,
    async drain() {
      while ((await runOnce()) > 0 && !shutdown.signal.aborted) {
        // keep going until nothing is visible
      }
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
