/**
 * The AWS worker: a Lambda handler for SQS event source batches. Each SQS record is one queued
 * batch of events; records with events still pending are reported in `batchItemFailures` so SQS
 * delivers only those again (the function needs `ReportBatchItemFailures` on its event source
 * mapping). Powertools' BatchProcessor does the record bookkeeping.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError, EventHookError } from '../errors.js';
import { backoffMs, processBatch } from './process.js';
import { positive, resolveProcessSettings, type EventProcessingOptions } from './settings.js';
import type { SqsBatchBody } from '../stores/aws/sqs-queue.js';

export interface SqsWorkerOptions extends EventProcessingOptions {
  /**
   * Exponential back-off between attempts, by shortening or lengthening the visibility timeout of
   * a failed message. Without it, SQS retries after the queue's visibility timeout.
   */
  backoff?: { client: SQSClient; queueUrl: string; baseSeconds?: number; maxSeconds?: number };
}

/** Some events of the record are still to do; SQS will deliver the record again. */
export class EventsPendingError extends EventHookError {
  override readonly code = 'ERR_EVENT_HOOK_EVENTS_PENDING';
}

const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

function readBody(record: SQSRecord): SqsBatchBody {
  const body = JSON.parse(record.body) as Partial<SqsBatchBody>;
  if (typeof body?.deliveryId !== 'string' || !Array.isArray(body.events)) {
    throw new TypeError(`SQS message ${record.messageId} is not an event batch`);
  }
  return { deliveryId: body.deliveryId, events: body.events };
}

/**
 * Keep SQS's own redrive policy (`maxReceiveCount`) above `maxAttempts`, so events reach gatehook's
 * dead-letter table, with their errors, before SQS moves the whole message to its DLQ.
 *
 * @example
 * export const handler = createSqsWorkerHandler({ app, idempotency, deadLetters });
 */
export function createSqsWorkerHandler(options: SqsWorkerOptions): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const settings = resolveProcessSettings(options);
  const backoff = options.backoff;
  const baseSeconds = positive(backoff?.baseSeconds, 2, 'backoff.baseSeconds');
  const maxSeconds = Math.min(positive(backoff?.maxSeconds, 900, 'backoff.maxSeconds'), MAX_VISIBILITY_SECONDS);

  async function delayRetry(record: SQSRecord, attempt: number): Promise<void> {
    if (!backoff) return;
    const seconds = Math.round(backoffMs(attempt, baseSeconds * 1000, maxSeconds * 1000) / 1000);
    try {
      await backoff.client.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: backoff.queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds }),
      );
    } catch (error) {
      // The queue's own visibility timeout still brings the message back.
      settings.log.warn('could not set retry delay', { messageId: record.messageId, error: describeError(error) });
    }
  }

  async function handleRecord(record: SQSRecord): Promise<void> {
    const attempt = Math.max(1, Number(record.attributes.ApproximateReceiveCount) || 1);
    const outcome = await processBatch({ ...readBody(record), attempt }, settings);
    settings.log.debug('batch processed', { messageId: record.messageId, ...outcome });
    if (outcome.pending > 0) {
      await delayRetry(record, attempt);
      throw new EventsPendingError(`${outcome.pending} event(s) of message ${record.messageId} to retry`);
    }
  }

  return async (event) => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, handleRecord, processor, {
      throwOnFullBatchFailure: false,
      processInParallel: false,
    });
  };
}
