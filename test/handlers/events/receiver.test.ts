import { describe, expect, it } from 'vitest';
import { createEventReceiver, type EventQueue, type QueuedBatch } from '../../../src/handlers/events/index.js';
import { fromValues } from '../../../src/secrets/index.js';
import { delivery, logEvent } from './fixtures.js';

const SECRET = 'Basic dGVzdDpzZWNyZXQtb25l';
const PREVIOUS = 'Basic dGVzdDpzZWNyZXQtb2xk';

function memoryQueue(fail?: () => Promise<void>) {
  const batches: QueuedBatch[] = [];
  const queue: EventQueue = {
    async enqueue(batch) {
      if (fail) await fail();
      batches.push(batch);
    },
  };
  return { queue, batches };
}

function receiver(options: { authenticateChallenge?: boolean; queue?: EventQueue; enqueueTimeoutMs?: number } = {}) {
  const memory = memoryQueue();
  const app = createEventReceiver({
    queue: options.queue ?? memory.queue,
    auth: { header: { secrets: fromValues(SECRET, PREVIOUS) } },
    ...(options.authenticateChallenge === undefined ? {} : { authenticateChallenge: options.authenticateChallenge }),
    ...(options.enqueueTimeoutMs ? { enqueueTimeoutMs: options.enqueueTimeoutMs } : {}),
  });
  return { app, batches: memory.batches };
}

const challenge = (headers: Record<string, string>) => ({ method: 'GET', headers });
const post = (body: unknown, headers: Record<string, string> = { authorization: SECRET }) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('verification challenge (GET /hooks/events)', () => {
  it('echoes a good challenge as JSON', async () => {
    const { app } = receiver();
    const value = 'T8tTyt5x9WobwSh0np41HlSF6lwl9elP0-cpcmNU';
    const res = await app.request('/hooks/events', challenge({ authorization: SECRET, 'x-okta-verification-challenge': value }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ verification: value });
  });

  it('accepts the previous secret during a rotation', async () => {
    const res = await receiver().app.request(
      '/hooks/events',
      challenge({ authorization: PREVIOUS, 'x-okta-verification-challenge': 'abc' }),
    );
    expect(res.status).toBe(200);
  });

  it.each([
    ['missing', undefined],
    ['empty', '   '],
    ['oversized', 'a'.repeat(513)],
    ['non-printable', 'abc\u00e9def'],
    ['containing spaces', 'abc def'],
  ])('answers 400 to a %s challenge without echoing it', async (_name, value) => {
    const headers: Record<string, string> = { authorization: SECRET };
    if (value !== undefined) headers['x-okta-verification-challenge'] = value;
    const res = await receiver().app.request('/hooks/events', challenge(headers));
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.errorCode).toBe('E0000001');
    expect(body).not.toHaveProperty('verification');
    if (value?.trim()) expect(JSON.stringify(body)).not.toContain(value.trim());
  });

  it.each([
    ['wrong secret', { authorization: 'Basic d3Jvbmc6d3Jvbmc=' }],
    ['no secret', {}],
  ])('answers 401 with a %s', async (_name, auth) => {
    const res = await receiver().app.request(
      '/hooks/events',
      challenge({ ...auth, 'x-okta-verification-challenge': 'abc' }),
    );
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).not.toContain('abc');
  });

  it('can be configured to skip authentication of the challenge', async () => {
    const res = await receiver({ authenticateChallenge: false }).app.request(
      '/hooks/events',
      challenge({ 'x-okta-verification-challenge': 'abc' }),
    );
    expect(res.status).toBe(200);
  });
});

describe('delivery (POST /hooks/events)', () => {
  it('queues the batch and answers 200 with an empty body', async () => {
    const { app, batches } = receiver();
    const events = [logEvent(), logEvent()];
    const body = delivery(events, 'delivery-1');
    const res = await app.request('/hooks/events', post(body));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(batches).toEqual([{ deliveryId: 'delivery-1', events }]);
  });

  it('acknowledges an empty batch without queueing', async () => {
    const { app, batches } = receiver();
    expect((await app.request('/hooks/events', post(delivery([])))).status).toBe(200);
    expect(batches).toHaveLength(0);
  });

  it('accepts the previous secret and rejects a wrong one with 401, queueing nothing', async () => {
    const { app, batches } = receiver();
    expect((await app.request('/hooks/events', post(delivery([logEvent()]), { authorization: PREVIOUS }))).status).toBe(200);
    expect((await app.request('/hooks/events', post(delivery([logEvent()]), { authorization: `${SECRET}x` }))).status).toBe(401);
    expect((await app.request('/hooks/events', post(delivery([logEvent()]), {}))).status).toBe(401);
    expect(batches).toHaveLength(1);
  });

  it('answers 400 with the failing location for an invalid envelope', async () => {
    const { app, batches } = receiver();
    const res = await app.request('/hooks/events', post({ ...delivery([logEvent()]), eventType: 'something.else' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errorCauses: { location: string }[] };
    expect(body.errorCauses.map((c) => c.location)).toContain('eventType');
    expect(batches).toHaveLength(0);
  });

  it('answers 400 to malformed JSON and 415 to another media type', async () => {
    const { app } = receiver();
    expect((await app.request('/hooks/events', post('{"eventType":'))).status).toBe(400);
    const res = await app.request('/hooks/events', { ...post(delivery([])), headers: { authorization: SECRET, 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
  });

  it('answers 503 when the queue fails, so Okta retries', async () => {
    const failing = memoryQueue(async () => {
      throw new Error('disk full');
    });
    const { app } = receiver({ queue: failing.queue });
    const res = await app.request('/hooks/events', post(delivery([logEvent()])));
    expect(res.status).toBe(503);
    expect(JSON.stringify(await res.json())).not.toContain('disk full');
  });

  it('answers 503 when the queue is slower than the enqueue budget', async () => {
    const slow = memoryQueue(() => new Promise((resolve) => setTimeout(resolve, 500)));
    const started = Date.now();
    const res = await receiver({ queue: slow.queue, enqueueTimeoutMs: 50 }).app.request('/hooks/events', post(delivery([logEvent()])));
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('refuses to build without auth', () => {
    expect(() => createEventReceiver({ queue: memoryQueue().queue, auth: undefined as never })).toThrow(/never served unauthenticated/);
  });
});
