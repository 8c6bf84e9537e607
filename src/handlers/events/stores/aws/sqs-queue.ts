/**
 * The AWS `EventQueue`: each delivery becomes one SQS message, or several when its events do not
 * fit in one (SQS caps a message, and a whole SendMessageBatch call, at `maxMessageBytes`).
 */
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { EventQueue, QueuedBatch } from '../../runtime/contracts.js';
import { MessageTooLargeError, QueueSendError } from '../../errors.js';

export interface SqsEventQueueOptions {
  client: SQSClient;
  queueUrl: string;
  /** Largest message body (and SendMessageBatch payload). Default 256 KiB, SQS's classic limit. */
  maxMessageBytes?: number;
}

const MAX_ENTRIES_PER_CALL = 10;
const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).byteLength;

/** The message body the SQS worker reads. */
export interface SqsBatchBody {
  deliveryId: string;
  events: unknown[];
}

/** Splits a batch into message bodies of at most `limit` bytes each, keeping the events' order. */
export function splitIntoMessages(batch: QueuedBatch, limit: number): string[] {
  const prefix = `{"deliveryId":${JSON.stringify(batch.deliveryId)},"events":[`;
  const suffix = ']}';
  const bodies: string[] = [];
  let parts: string[] = [];
  let size = byteLength(prefix) + byteLength(suffix);
  const flush = () => {
    if (parts.length > 0) bodies.push(prefix + parts.join(',') + suffix);
    parts = [];
    size = byteLength(prefix) + byteLength(suffix);
  };
  for (const event of batch.events) {
    const json = JSON.stringify(event);
    const added = byteLength(json) + (parts.length > 0 ? 1 : 0);
    if (size + added > limit && parts.length > 0) flush();
    const fresh = byteLength(json);
    if (size + fresh > limit) {
      throw new MessageTooLargeError(`an event of delivery ${batch.deliveryId} is larger than ${limit} bytes on its own`);
    }
    size += parts.length > 0 ? fresh + 1 : fresh;
    parts.push(json);
  }
  flush();
  return bodies;
}

/** Groups message bodies into SendMessageBatch calls: at most 10 entries and `limit` bytes per call. */
function groupIntoCalls(bodies: string[], limit: number): string[][] {
  const calls: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const body of bodies) {
    const bytes = byteLength(body);
    if (current.length === MAX_ENTRIES_PER_CALL || (current.length > 0 && size + bytes > limit)) {
      calls.push(current);
      current = [];
      size = 0;
    }
    current.push(body);
    size += bytes;
  }
  if (current.length > 0) calls.push(current);
  return calls;
}

export class SqsEventQueue implements EventQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #limit: number;

  constructor(options: SqsEventQueueOptions) {
    if (!options.queueUrl) throw new TypeError('SqsEventQueue needs a queueUrl');
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#limit = options.maxMessageBytes ?? 256 * 1024;
  }

  async enqueue(batch: QueuedBatch, signal?: AbortSignal): Promise<void> {
    const calls = groupIntoCalls(splitIntoMessages(batch, this.#limit), this.#limit);
    await Promise.all(calls.map((bodies) => this.#send(bodies, signal)));
  }

  async #send(bodies: string[], signal: AbortSignal | undefined): Promise<void> {
    let entries: SendMessageBatchRequestEntry[] = bodies.map((body, index) => ({ Id: String(index), MessageBody: body }));
    // Entries SQS reports as failed get one more try; what still fails makes the receiver answer 5xx.
    for (let round = 0; round < 2 && entries.length > 0; round++) {
      const result = await this.#client.send(
        new SendMessageBatchCommand({ QueueUrl: this.#queueUrl, Entries: entries }),
        signal ? { abortSignal: signal } : {},
      );
      const failed = new Set((result.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((entry) => failed.has(entry.Id));
      if (round === 1 && entries.length > 0) {
        const codes = (result.Failed ?? []).map((f) => f.Code).join(', ');
        throw new QueueSendError(`SQS rejected ${entries.length} message(s): ${codes}`);
      }
    }
  }
}
