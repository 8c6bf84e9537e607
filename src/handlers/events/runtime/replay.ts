import type { DeadLetterStore, EventQueue } from './contracts.js';

export interface ReplayOptions {
  deadLetters: DeadLetterStore;
  queue: EventQueue;
  /** Only these dead letters; all (up to `limit`) when omitted. */
  ids?: readonly string[];
  limit?: number;
}

/**
 * Puts dead-lettered events back on the queue as one new batch, then removes them from the
 * dead-letter table. Enqueue comes first: a crash in between leaves a duplicate that the
 * idempotency store absorbs, never a lost event.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<{ replayed: string[] }> {
  const letters = await options.deadLetters.list({
    ...(options.ids ? { ids: options.ids } : {}),
    ...(options.limit ? { limit: options.limit } : {}),
  });
  if (letters.length === 0) return { replayed: [] };
  const ids = letters.map((letter) => letter.id);
  await options.queue.enqueue({
    deliveryId: `replay:${new Date().toISOString()}`,
    events: letters.map((letter) => letter.event),
  });
  await options.deadLetters.remove(ids);
  return { replayed: ids };
}
