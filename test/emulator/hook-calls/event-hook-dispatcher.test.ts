import { describe, expect, it } from 'vitest';
import type { EventHookCallOutcome } from '../../../src/emulator/hook-calls/deliver-event-hook.js';
import { EventHookDispatcher, type EventHookTarget, type Scheduler } from '../../../src/emulator/hook-calls/event-hook-dispatcher.js';
import type { LogEvent } from '../../../src/emulator/store/types.js';
import { inlineHookResponseProcessedEvent } from '../../../src/emulator/hook-calls/system-log.js';
import { json, startServer } from './http-fixture.js';

/** A scheduler whose time only moves when the test says so. */
class ManualScheduler implements Scheduler {
  now = 0;
  #timers = new Map<number, { at: number; callback: () => void }>();
  #next = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.#timers]) {
      if (timer.at <= this.now) {
        this.#timers.delete(id);
        timer.callback();
      }
    }
  }
}

function event(eventType: string): LogEvent {
  return { ...inlineHookResponseProcessedEvent({ id: 'cal1', name: 'h' }, { applied: true }), eventType };
}

function hook(id: string, overrides: Partial<EventHookTarget> = {}): EventHookTarget {
  return {
    id,
    status: 'ACTIVE',
    verificationStatus: 'VERIFIED',
    events: { items: ['user.lifecycle.create', 'user.session.start'] },
    channel: { type: 'HTTP', config: { uri: 'http://127.0.0.1:9/unused' } },
    ...overrides,
  };
}

function setup(hooks: EventHookTarget[]) {
  const scheduler = new ManualScheduler();
  const deliveries: { hookId: string; types: string[] }[] = [];
  const dispatcher = new EventHookDispatcher({
    orgUrl: 'https://org.example',
    hooks: () => hooks,
    scheduler,
    windowMs: 200,
    maxBatch: 3,
    deliver: async (target, events) => {
      deliveries.push({ hookId: target.id, types: events.map((e) => e.eventType) });
      return { ok: true, status: 200, attempts: 1, durationMs: 1 };
    },
  });
  return { scheduler, deliveries, dispatcher };
}

describe('EventHookDispatcher', () => {
  it('batches events appended within the window into one delivery per hook', async () => {
    const { scheduler, deliveries, dispatcher } = setup([hook('a'), hook('b', { events: { items: ['user.session.start'] } })]);
    dispatcher.append(event('user.lifecycle.create'));
    scheduler.advance(150);
    dispatcher.append(event('user.session.start'));
    expect(deliveries).toHaveLength(0);
    scheduler.advance(50);
    await dispatcher.idle();
    expect(deliveries).toEqual([{ hookId: 'a', types: ['user.lifecycle.create', 'user.session.start'] }]);
    // Each hook's window opens with its first pending event.
    scheduler.advance(150);
    await dispatcher.idle();
    expect(deliveries[1]).toEqual({ hookId: 'b', types: ['user.session.start'] });
  });

  it('starts a new batch after the window closed', async () => {
    const { scheduler, deliveries, dispatcher } = setup([hook('a')]);
    dispatcher.append(event('user.lifecycle.create'));
    scheduler.advance(200);
    dispatcher.append(event('user.session.start'));
    scheduler.advance(200);
    await dispatcher.idle();
    expect(deliveries.map((d) => d.types)).toEqual([['user.lifecycle.create'], ['user.session.start']]);
  });

  it.each([
    ['inactive', hook('x', { status: 'INACTIVE' })],
    ['unverified', hook('x', { verificationStatus: 'UNVERIFIED' })],
    ['not subscribed', hook('x', { events: { items: ['group.user_membership.add'] } })],
  ])('skips a hook that is %s', async (_name, target) => {
    const { scheduler, deliveries, dispatcher } = setup([target]);
    dispatcher.append(event('user.lifecycle.create'));
    expect(dispatcher.pendingCount()).toBe(0);
    scheduler.advance(1_000);
    await dispatcher.idle();
    expect(deliveries).toHaveLength(0);
  });

  it('never delivers event_hook.* events (no feedback loop on failures)', () => {
    const { dispatcher } = setup([hook('a', { events: { items: ['event_hook.delivery'] } })]);
    dispatcher.append(event('event_hook.delivery'));
    expect(dispatcher.pendingCount()).toBe(0);
  });

  it('sends a full batch at once without waiting for the window', async () => {
    const { deliveries, dispatcher } = setup([hook('a')]);
    for (let i = 0; i < 3; i += 1) dispatcher.append(event('user.session.start'));
    await dispatcher.idle();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.types).toHaveLength(3);
  });

  it('flush() sends pending batches immediately', async () => {
    const { deliveries, dispatcher } = setup([hook('a')]);
    dispatcher.append(event('user.session.start'));
    await dispatcher.flush();
    expect(deliveries).toHaveLength(1);
  });

  it('delivers over real HTTP by default and reports each outcome', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    try {
      const outcomes: EventHookCallOutcome[] = [];
      const dispatcher = new EventHookDispatcher({
        orgUrl: 'https://org.example',
        hooks: () => [hook('who1', { channel: { type: 'HTTP', config: { uri: server.url, authScheme: { type: 'HEADER', key: 'Authorization', value: 's' } } } })],
        onDelivered: (_hook, _events, outcome) => outcomes.push(outcome),
        windowMs: 10,
      });
      dispatcher.append(event('user.lifecycle.create'));
      await new Promise((resolve) => setTimeout(resolve, 30));
      await dispatcher.idle();
      expect(outcomes).toMatchObject([{ ok: true, status: 200, attempts: 1 }]);
      expect(JSON.parse(server.requests[0]?.body ?? '{}').source).toBe('https://org.example/api/v1/eventHooks/who1');
    } finally {
      await server.close();
    }
  });
});
