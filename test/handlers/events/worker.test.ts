import { afterEach, describe, expect, it } from 'vitest';
import {
  createEventWorker,
  eventHook,
  PermanentEventError,
  replayDeadLetters,
  subjectsOf,
  type EventWorkerOptions,
  type LogEvent,
} from '../../../src/handlers/events/index.js';
import type { OktaClient } from '../../../src/sdk/client.js';
import { logEvent } from './fixtures.js';
import { sqliteHarness } from './sqlite-harness.js';

let harness: ReturnType<typeof sqliteHarness>;
afterEach(() => harness?.cleanup());

function worker(app = eventHook(), extra: Partial<EventWorkerOptions> = {}) {
  return createEventWorker({
    app,
    queue: harness.queue,
    idempotency: harness.idempotency,
    deadLetters: harness.deadLetters,
    retryBaseMs: 1,
    retryMaxMs: 5,
    ...extra,
  });
}

/** Runs the worker until the queue is empty, waiting out short retry delays. */
async function settle(w: ReturnType<typeof worker>, maxMs = 5000) {
  const until = Date.now() + maxMs;
  while (harness.queue.depth() > 0 && Date.now() < until) {
    await w.drain();
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(harness.queue.depth()).toBe(0);
}

function recordingApp() {
  return eventHook().onAnyEvent((event) => harness.record(event));
}

describe('local worker over SQLite', () => {
  it('runs each event once even when Okta delivers the batch again', async () => {
    harness = sqliteHarness();
    const events = [logEvent(), logEvent(), logEvent()];
    await harness.queue.enqueue({ deliveryId: 'd1', events });
    await harness.queue.enqueue({ deliveryId: 'd1', events });
    const w = worker(recordingApp());
    await settle(w);
    await harness.queue.enqueue({ deliveryId: 'd1', events: [events[1]] });
    await settle(w);
    expect(harness.effects()).toEqual({ total: 3, distinct: 3 });
  });

  it('handles a batch in `published` order, whatever the delivery order', async () => {
    harness = sqliteHarness();
    const [a, b, c, d] = [logEvent(), logEvent(), logEvent(), logEvent()] as LogEvent[];
    await harness.queue.enqueue({ deliveryId: 'd', events: [c, a, d, b] });
    await settle(worker(recordingApp()));
    expect(harness.effectOrder()).toEqual([a!.uuid, b!.uuid, c!.uuid, d!.uuid]);
  });

  it('parks a poison event with its error after 5 attempts while the rest succeeds, then replays it', async () => {
    harness = sqliteHarness();
    const poison = logEvent({ eventType: 'user.lifecycle.suspend' });
    const others = [logEvent(), logEvent(), logEvent()];
    const attempts: number[] = [];
    let healed = false;
    const app = recordingApp().onEvent('user.lifecycle.suspend', (_event, ctx) => {
      attempts.push(ctx.attempt);
      if (!healed) throw new Error(`downstream refused (attempt ${ctx.attempt})`);
    });
    await harness.queue.enqueue({ deliveryId: 'd', events: [others[0], poison, others[1], others[2]] });
    const w = worker(app);
    await settle(w);

    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    const parked = await harness.deadLetters.list();
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ id: poison.uuid, deliveryId: 'd', attempts: 5, error: { code: 'Error', message: 'downstream refused (attempt 5)' } });
    expect(parked[0]?.event).toEqual(poison);
    // The poison event's own handler threw before the catch-all could record it; the others ran once.
    expect(harness.effects()).toEqual({ total: 3, distinct: 3 });

    healed = true;
    const { replayed } = await replayDeadLetters({ deadLetters: harness.deadLetters, queue: harness.queue, ids: [poison.uuid] });
    expect(replayed).toEqual([poison.uuid]);
    await settle(w);
    expect(await harness.deadLetters.list()).toHaveLength(0);
    expect(attempts).toEqual([1, 2, 3, 4, 5, 1]);
    expect(harness.effects()).toEqual({ total: 4, distinct: 4 });
  });

  it('parks at once an event whose error is permanent, and one that is not a valid LogEvent', async () => {
    harness = sqliteHarness();
    let calls = 0;
    const app = eventHook().onEvent('group.user_membership.add', (event) => {
      calls++;
      subjectsOf(event); // no group target: EventShapeError
    });
    const broken = { uuid: 'broken-1', eventType: 'user.lifecycle.create' };
    await harness.queue.enqueue({ deliveryId: 'd9', events: [logEvent({ eventType: 'group.user_membership.add' }), broken, 42] });
    await settle(worker(app));
    expect(calls).toBe(1);
    const parked = await harness.deadLetters.list();
    expect(parked.map((p) => [p.error.code, p.attempts]).sort()).toEqual([
      ['ERR_EVENT_HOOK_EVENT_SHAPE', 1],
      ['ERR_EVENT_HOOK_INVALID_DELIVERY', 1],
      ['ERR_EVENT_HOOK_INVALID_DELIVERY', 1],
    ]);
    expect(parked.map((p) => p.id)).toEqual(expect.arrayContaining(['broken-1', 'd9#2']));
    expect(parked.find((p) => p.id === 'broken-1')?.error.message).toContain('data.events.1.published');
  });

  it('retries a failing event with back-off until it succeeds', async () => {
    harness = sqliteHarness();
    let calls = 0;
    const app = eventHook().onEvent('user.lifecycle.deactivate', (event) => {
      if (++calls < 3) throw new Error('flaky');
      harness.record(event);
    });
    await harness.queue.enqueue({ deliveryId: 'd', events: [logEvent()] });
    await settle(worker(app));
    expect(calls).toBe(3);
    expect(harness.effects().total).toBe(1);
    expect(await harness.deadLetters.list()).toHaveLength(0);
  });

  it('gives up on a handler that outlives its time budget and aborts its signal', async () => {
    harness = sqliteHarness();
    let sawAbort = false;
    const app = eventHook().onAnyEvent(async (_event, ctx) => {
      ctx.signal.addEventListener('abort', () => (sawAbort = true));
      await new Promise((r) => setTimeout(r, 200));
    });
    await harness.queue.enqueue({ deliveryId: 'd', events: [logEvent()] });
    await settle(worker(app, { handlerTimeoutMs: 20, maxAttempts: 1 }));
    expect(sawAbort).toBe(true);
    expect((await harness.deadLetters.list())[0]?.error.code).toBe('ERR_EVENT_HOOK_HANDLER_TIMEOUT');
  });

  it('builds the Okta client lazily, once, and only for events with handlers', async () => {
    harness = sqliteHarness();
    let built = 0;
    const client = { orgUrl: 'https://example.okta.com' } as OktaClient;
    const seen: string[] = [];
    const app = eventHook().onEvent('user.lifecycle.deactivate', (_e, ctx) => void seen.push(ctx.okta.orgUrl));
    const w = worker(app, { okta: async () => (built++, client) });
    await harness.queue.enqueue({ deliveryId: 'd', events: [logEvent({ eventType: 'user.lifecycle.create' })] });
    await settle(w);
    expect(built).toBe(0);
    await harness.queue.enqueue({ deliveryId: 'd', events: [logEvent(), logEvent()] });
    await settle(w);
    expect(built).toBe(1);
    expect(seen).toEqual([client.orgUrl, client.orgUrl]);
  });

  it('parks events whose handler uses ctx.okta when no client is configured, with a clear code', async () => {
    harness = sqliteHarness();
    const app = eventHook().onAnyEvent((_e, ctx) => ctx.okta);
    await harness.queue.enqueue({ deliveryId: 'd', events: [logEvent()] });
    await settle(worker(app, { maxAttempts: 1 }));
    expect((await harness.deadLetters.list())[0]?.error.code).toBe('ERR_OKTA_CLIENT_NOT_CONFIGURED');
  });

  it('honours PermanentEventError without retrying', async () => {
    harness = sqliteHarness();
    let calls = 0;
    const app = eventHook().onAnyEvent(() => {
      calls++;
      throw new PermanentEventError('user no longer exists downstream');
    });
    await harness.queue.enqueue({ deliveryId: 'd', events: [logEvent()] });
    await settle(worker(app));
    expect(calls).toBe(1);
    expect((await harness.deadLetters.list())[0]?.error.code).toBe('ERR_EVENT_HOOK_PERMANENT');
  });

  it('processes 10,000 events in 100 batches exactly once, with redeliveries mixed in', async () => {
    harness = sqliteHarness();
    const batches = Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => logEvent()));
    for (const [i, events] of batches.entries()) {
      await harness.queue.enqueue({ deliveryId: `d${i}`, events });
      // Okta retries some deliveries: every tenth batch arrives twice.
      if (i % 10 === 0) await harness.queue.enqueue({ deliveryId: `d${i}`, events });
    }
    const w = worker(recordingApp(), { receiveMax: 25 });
    await settle(w, 50_000);
    expect(harness.effects()).toEqual({ total: 10_000, distinct: 10_000 });
  }, 60_000);

  it('resumes a batch whose lease expired (a worker that vanished mid-batch)', async () => {
    harness = sqliteHarness();
    const events = [logEvent(), logEvent()];
    await harness.queue.enqueue({ deliveryId: 'd', events });
    const [leased] = await harness.queue.receive({ max: 1, leaseMs: 30 });
    expect(leased?.attempt).toBe(1);
    expect(await harness.queue.receive({ max: 1, leaseMs: 30 })).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 40));
    const [again] = await harness.queue.receive({ max: 1, leaseMs: 1000 });
    expect(again?.attempt).toBe(2);
    // The first lease holder can no longer acknowledge what it lost.
    await harness.queue.ack(leased!);
    expect(harness.queue.depth()).toBe(1);
    await harness.queue.ack(again!);
    expect(harness.queue.depth()).toBe(0);
  });
});
