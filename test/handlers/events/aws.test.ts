import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDeadLetterStore,
  DynamoIdempotencyStore,
  SqsEventQueue,
  createSqsWorkerHandler,
  type SqsBatchBody,
} from '../../../src/handlers/events/aws/index.js';
import {
  createEventReceiver,
  eventHook,
  MessageTooLargeError,
  QueueSendError,
  replayDeadLetters,
  type LogEvent,
} from '../../../src/handlers/events/index.js';
import { fromValues } from '../../../src/secrets/index.js';
import { startDynamo, startFakeSqs, type SentMessage } from './aws-harness.js';
import { delivery, logEvent } from './fixtures.js';

let dynamo: Awaited<ReturnType<typeof startDynamo>>;
let sqs: Awaited<ReturnType<typeof startFakeSqs>>;

beforeAll(async () => {
  dynamo = await startDynamo(['idempotency', 'dead-letters']);
  sqs = await startFakeSqs();
});
afterAll(async () => {
  await dynamo?.stop();
  await sqs?.stop();
});

describe('DynamoIdempotencyStore (dynalite)', () => {
  it('claims once, reports in-progress and completed, and frees a released claim', async () => {
    const store = new DynamoIdempotencyStore({ client: dynamo.client, tableName: 'idempotency' });
    const first = await store.claim('e1', { inProgressTtlMs: 60_000 });
    expect(first.status).toBe('claimed');
    expect(await store.claim('e1', { inProgressTtlMs: 60_000 })).toEqual({ status: 'in-progress' });
    if (first.status !== 'claimed') throw new Error('unreachable');
    await store.release('e1', first.token);
    const second = await store.claim('e1', { inProgressTtlMs: 60_000 });
    expect(second.status).toBe('claimed');
    if (second.status !== 'claimed') throw new Error('unreachable');
    await store.complete('e1', second.token, { ttlMs: 60_000 });
    expect(await store.claim('e1', { inProgressTtlMs: 60_000 })).toEqual({ status: 'completed' });
  });

  it('lets a crashed worker’s claim expire, and ignores the stale holder afterwards', async () => {
    let now = 1_000_000;
    const store = new DynamoIdempotencyStore({ client: dynamo.client, tableName: 'idempotency', now: () => now });
    const stale = await store.claim('e2', { inProgressTtlMs: 1000 });
    now += 1001;
    const fresh = await store.claim('e2', { inProgressTtlMs: 1000 });
    expect(fresh.status).toBe('claimed');
    if (stale.status !== 'claimed' || fresh.status !== 'claimed') throw new Error('unreachable');
    await store.release('e2', stale.token);
    await store.complete('e2', stale.token, { ttlMs: 10_000 });
    expect(await store.claim('e2', { inProgressTtlMs: 1000 })).toEqual({ status: 'in-progress' });
    await store.complete('e2', fresh.token, { ttlMs: 10_000 });
    expect(await store.claim('e2', { inProgressTtlMs: 1000 })).toEqual({ status: 'completed' });
    now += 10_001;
    expect((await store.claim('e2', { inProgressTtlMs: 1000 })).status).toBe('claimed');
  });
});

describe('DynamoDeadLetterStore (dynalite)', () => {
  it('parks, lists (all or by id), keeps the event intact and removes', async () => {
    const store = new DynamoDeadLetterStore({ client: dynamo.client, tableName: 'dead-letters' });
    const event = logEvent({ client: null });
    await store.park({ id: event.uuid, deliveryId: 'd', event, error: { code: 'E', message: 'boom' }, attempts: 5, failedAt: '2026-01-01T00:00:01Z' });
    await store.park({ id: 'other', deliveryId: 'd', event: 7, error: { code: 'F', message: 'bad' }, attempts: 1, failedAt: '2026-01-01T00:00:00Z' });
    expect((await store.list()).map((l) => l.id)).toEqual(['other', event.uuid]);
    const [found] = await store.list({ ids: [event.uuid] });
    expect(found).toMatchObject({ deliveryId: 'd', attempts: 5, error: { code: 'E', message: 'boom' } });
    expect(found?.event).toEqual(event);
    await store.remove(['other', event.uuid]);
    expect(await store.list()).toEqual([]);
  });
});

describe('SqsEventQueue (real SQS client, local JSON-protocol endpoint)', () => {
  it('sends a small delivery as one message', async () => {
    sqs.messages.length = 0;
    const queue = new SqsEventQueue({ client: sqs.client, queueUrl: sqs.queueUrl });
    const events = [logEvent(), logEvent()];
    await queue.enqueue({ deliveryId: 'small', events });
    expect(sqs.messages).toHaveLength(1);
    expect(JSON.parse(sqs.messages[0]!.body)).toEqual({ deliveryId: 'small', events });
  });

  it('splits a large delivery into messages and calls that each fit the size limit, losing nothing', async () => {
    sqs.messages.length = 0;
    sqs.calls.length = 0;
    const limit = 8 * 1024;
    const queue = new SqsEventQueue({ client: sqs.client, queueUrl: sqs.queueUrl, maxMessageBytes: limit });
    const events = Array.from({ length: 120 }, () => logEvent({ displayMessage: 'x'.repeat(300) }));
    await queue.enqueue({ deliveryId: 'large', events });
    expect(sqs.messages.length).toBeGreaterThan(5);
    for (const m of sqs.messages) expect(Buffer.byteLength(m.body)).toBeLessThanOrEqual(limit);
    for (const c of sqs.calls) expect(c.bytes <= limit && c.entries <= 10).toBe(true);
    const received = sqs.messages.flatMap((m) => (JSON.parse(m.body) as SqsBatchBody).events as LogEvent[]);
    expect(received.map((e) => e.uuid).sort()).toEqual(events.map((e) => e.uuid).sort());
  });

  it('retries entries SQS reports as failed once, then gives up with QueueSendError', async () => {
    sqs.messages.length = 0;
    const queue = new SqsEventQueue({ client: sqs.client, queueUrl: sqs.queueUrl });
    sqs.state.failNext = 1;
    await queue.enqueue({ deliveryId: 'retry', events: [logEvent()] });
    expect(sqs.messages).toHaveLength(1);
    sqs.state.failNext = 2;
    await expect(queue.enqueue({ deliveryId: 'fail', events: [logEvent()] })).rejects.toBeInstanceOf(QueueSendError);
    sqs.state.failNext = 0;
  });

  it('refuses a single event larger than a message', async () => {
    const queue = new SqsEventQueue({ client: sqs.client, queueUrl: sqs.queueUrl, maxMessageBytes: 1024 });
    const error = await queue.enqueue({ deliveryId: 'huge', events: [logEvent({ displayMessage: 'y'.repeat(2000) })] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageTooLargeError);
  });
});

function sqsEvent(messages: SentMessage[], receiveCount: number): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.messageId,
      receiptHandle: `rh-${m.messageId}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        SentTimestamp: String(Date.now()),
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:gatehook-events',
      awsRegion: 'us-east-1',
    })),
  };
}

describe('AWS pipeline: receiver -> SQS -> worker Lambda with DynamoDB stores', () => {
  it('reports only the record with a failing event, dead-letters it after 5 receives, and replays it', async () => {
    sqs.messages.length = 0;
    const queue = new SqsEventQueue({ client: sqs.client, queueUrl: sqs.queueUrl });
    const receiver = createEventReceiver({ queue, auth: { header: { secrets: fromValues('Basic c2VjcmV0') } } });
    const good = [logEvent(), logEvent()];
    const poison = logEvent({ eventType: 'user.lifecycle.suspend' });
    for (const body of [delivery(good, 'aws-1'), delivery([poison, logEvent()], 'aws-2')]) {
      const res = await receiver.request('/hooks/events', {
        method: 'POST',
        headers: { authorization: 'Basic c2VjcmV0', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
    }
    expect(sqs.messages).toHaveLength(2);

    const effects: string[] = [];
    let healed = false;
    const app = eventHook()
      .onEvent('user.lifecycle.suspend', () => {
        if (!healed) throw new Error('downstream said no');
      })
      .onAnyEvent((event) => void effects.push(event.uuid));
    const deadLetters = new DynamoDeadLetterStore({ client: dynamo.client, tableName: 'dead-letters' });
    const handler = createSqsWorkerHandler({
      app,
      idempotency: new DynamoIdempotencyStore({ client: dynamo.client, tableName: 'idempotency', keyPrefix: 'pipeline#' }),
      deadLetters,
    });
    const [first, second] = sqs.messages as [SentMessage, SentMessage];

    expect(await handler(sqsEvent([first, second], 1))).toEqual({ batchItemFailures: [{ itemIdentifier: second.messageId }] });
    expect(effects).toHaveLength(3);
    // SQS delivers the whole batch again (e.g. after a timeout): nothing runs twice.
    expect(await handler(sqsEvent([first], 2))).toEqual({ batchItemFailures: [] });
    for (const receive of [2, 3, 4]) {
      expect((await handler(sqsEvent([second], receive))).batchItemFailures).toHaveLength(1);
    }
    expect(await handler(sqsEvent([second], 5))).toEqual({ batchItemFailures: [] });
    expect(effects).toHaveLength(3);
    const parked = await deadLetters.list({ ids: [poison.uuid] });
    expect(parked[0]).toMatchObject({ attempts: 5, error: { message: 'downstream said no' } });

    healed = true;
    sqs.messages.length = 0;
    await replayDeadLetters({ deadLetters, queue, ids: [poison.uuid] });
    expect(await handler(sqsEvent(sqs.messages, 1))).toEqual({ batchItemFailures: [] });
    expect(effects.filter((uuid) => uuid === poison.uuid)).toHaveLength(1);
    expect(new Set(effects).size).toBe(4);
    expect(effects).toHaveLength(4);
  });
});
