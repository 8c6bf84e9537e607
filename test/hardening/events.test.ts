/**
 * The event hook pipeline under faults, on a real SQLite file: a full disk, a failing or hanging
 * queue, a read-only database and corrupted messages. The receiver must never answer 200 for a batch
 * it did not store (so Okta retries), and afterwards every acknowledged event is processed exactly
 * once in effect. (Worker kills: test/soak/events-kill.test.ts; one kill: test/handlers/events.)
 */
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventQueue } from '../../src/handlers/events/index.js';
import { SqliteEventQueue } from '../../src/handlers/events/sqlite/index.js';
import { deliveryOf, eventPipeline, uuidsOf } from './events-harness.js';

let pipeline: ReturnType<typeof eventPipeline> | undefined;
afterEach(() => {
  pipeline?.cleanup();
  pipeline = undefined;
});

describe('event pipeline faults', () => {
  it('a full disk: 503 for every batch not stored, 200 only for stored ones; after Okta retries, each event runs once', async () => {
    pipeline = eventPipeline();
    const { stores } = pipeline;
    const pages = (stores.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    stores.db.exec(`PRAGMA max_page_count = ${pages + 8}`); // room for a few batches, then SQLITE_FULL
    const deliveries = Array.from({ length: 12 }, () => deliveryOf(5, 1500));
    const first = await Promise.all(deliveries.map((d) => pipeline!.deliver(d)));
    const acknowledged = deliveries.filter((_, i) => first[i] === 200);
    const refused = deliveries.filter((_, i) => first[i] !== 200);
    console.info(`full disk: ${acknowledged.length} acknowledged, ${refused.length} refused`);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(first)).toEqual(new Set([200, 503]));
    expect(stores.queue.depth()).toBe(acknowledged.length); // every 200 is on disk, nothing else

    stores.db.exec('PRAGMA max_page_count = 1000000'); // space freed
    for (const d of refused) expect(await pipeline.deliver(d)).toBe(200); // Okta's retry
    expect(await pipeline.deliver(acknowledged[0]!)).toBe(200); // and a duplicate delivery
    await pipeline.work();

    const all = deliveries.flatMap(uuidsOf);
    expect(stores.queue.depth()).toBe(0);
    expect(pipeline.runs.size).toBe(all.length);
    expect(all.every((uuid) => pipeline!.runs.get(uuid) === 1)).toBe(true);
    expect(await stores.deadLetters.list()).toEqual([]);
  });

  it('a queue whose enqueue throws: 503, never 200', async () => {
    pipeline = eventPipeline({ queue: () => ({ enqueue: async () => Promise.reject(new Error('ENOSPC: no space left on device')) }) });
    expect(await pipeline.deliver(deliveryOf(3))).toBe(503);
    expect(pipeline.stores.queue.depth()).toBe(0);
  });

  it('a queue that hangs: 503 within the enqueue timeout, so Okta can retry inside its 3 s', async () => {
    const hanging: EventQueue = { enqueue: () => new Promise(() => undefined) };
    pipeline = eventPipeline({ queue: () => hanging, enqueueTimeoutMs: 300 });
    const started = performance.now();
    expect(await pipeline.deliver(deliveryOf(3))).toBe(503);
    expect(performance.now() - started).toBeLessThan(300 + 300);
  });

  it('a read-only database: 503, nothing stored', async () => {
    let readOnly: DatabaseSync | undefined;
    pipeline = eventPipeline({
      queue: (path) => {
        readOnly = new DatabaseSync(path, { readOnly: true });
        return new SqliteEventQueue(readOnly);
      },
    });
    const delivery = deliveryOf(4);
    expect(await pipeline.deliver(delivery)).toBe(503);
    readOnly?.close();
    expect(pipeline.stores.queue.depth()).toBe(0);
  });

  it('invalid events in a batch are parked in the dead-letter table; the others run once', async () => {
    pipeline = eventPipeline();
    const delivery = deliveryOf(4);
    const valid = uuidsOf(delivery);
    delivery.data.events.splice(1, 0, { uuid: 'not-an-event', eventType: 42 } as never, { hello: 'world' } as never);
    expect(await pipeline.deliver(delivery)).toBe(200);
    await pipeline.work();
    expect(valid.every((uuid) => pipeline!.runs.get(uuid) === 1)).toBe(true);
    const parked = await pipeline.stores.deadLetters.list();
    expect(parked.map((p) => p.id).sort()).toEqual(['not-an-event', `${delivery.eventId}#2`].sort());
    expect(pipeline.stores.queue.depth()).toBe(0);
  });

  it('entries of every JSON type beside good events: 200, the good ones run once, each bad one is parked as it arrived', async () => {
    pipeline = eventPipeline();
    const delivery = deliveryOf(3);
    const good = uuidsOf(delivery);
    const bad: unknown[] = [null, true, false, 0, -1.5, 1e300, '', 'a string', [], [1, null, 'x'], {}, { uuid: 'half-event', eventType: 'user.session.start' }];
    const events: unknown[] = [...delivery.data.events];
    bad.forEach((entry, i) => events.splice(i * 2, 0, entry)); // interleaved with the good ones
    expect(await pipeline.deliver({ ...delivery, data: { events } } as never)).toBe(200);
    await pipeline.work();

    expect(good.every((uuid) => pipeline!.runs.get(uuid) === 1)).toBe(true);
    expect(pipeline.runs.size).toBe(good.length);
    expect(pipeline.stores.queue.depth()).toBe(0);
    const parked = await pipeline.stores.deadLetters.list();
    expect(parked).toHaveLength(bad.length);
    const byId = new Map(parked.map((letter) => [letter.id, letter]));
    for (const entry of bad) {
      const index = events.indexOf(entry);
      const letter = byId.get(entry === bad.at(-1) ? 'half-event' : `${delivery.eventId}#${index}`);
      expect(letter, JSON.stringify(entry)).toBeDefined();
      expect(letter!.event).toEqual(entry);
      expect(letter!.deliveryId).toBe(delivery.eventId);
      expect(letter!.error.code).toBe('ERR_EVENT_HOOK_INVALID_DELIVERY');
    }
    // The raw text is kept: the stored column is the entry's own JSON.
    const rows = pipeline.stores.db.prepare('SELECT event FROM event_dead_letters').all() as { event: string }[];
    expect(rows.map((r) => r.event).sort()).toEqual(bad.map((entry) => JSON.stringify(entry)).sort());
  });

  // A corrupted row must not block the queue: it is parked in the dead-letter table, text intact.
  it.each([
    { label: 'not JSON', text: '{"truncated": [' },
    { label: 'JSON but not an array', text: '{"events": "nope"}' },
  ])('a corrupted queue message ($label) is parked and the others proceed', async ({ text }) => {
    pipeline = eventPipeline();
    const before = deliveryOf(3);
    const after = deliveryOf(3);
    expect(await pipeline.deliver(before)).toBe(200);
    pipeline.stores.db
      .prepare('INSERT INTO event_queue (id, delivery_id, events, visible_at) VALUES (?, ?, ?, ?)')
      .run('corrupted-1', 'delivery-corrupted', text, Date.now());
    expect(await pipeline.deliver(after)).toBe(200);
    await pipeline.work(100);
    for (const uuid of [...uuidsOf(before), ...uuidsOf(after)]) expect(pipeline.runs.get(uuid), uuid).toBe(1);
    expect(pipeline.stores.queue.depth()).toBe(0);
    expect((await pipeline.stores.deadLetters.list()).map((d) => d.deliveryId)).toContain('delivery-corrupted');
  });
});
