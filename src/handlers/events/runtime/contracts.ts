/**
 * The seams of the acknowledge-then-process pipeline. Each has a local SQLite implementation
 * (stores/sqlite) and an AWS one (stores/aws).
 */

/** What the receiver writes: the events of one delivery, not yet validated one by one. */
export interface QueuedBatch {
  /** Okta's `eventId` of the delivery (or `replay:...` for replayed dead letters). */
  readonly deliveryId: string;
  readonly events: readonly unknown[];
}

/** The producer side: the receiver and `replayDeadLetters` write batches here. */
export interface EventQueue {
  /** Resolves only once the batch is durably stored. */
  enqueue(batch: QueuedBatch, signal?: AbortSignal): Promise<void>;
}

export interface ReceivedBatch extends QueuedBatch {
  readonly id: string;
  /** How many times this message has been handed to a worker, this time included. */
  readonly attempt: number;
  readonly leaseToken: string;
}

/** A queue the local worker pulls from: messages are leased, and reappear when a lease expires. */
export interface PullEventQueue extends EventQueue {
  receive(options: { max: number; leaseMs: number }): Promise<ReceivedBatch[]>;
  extendLease(message: ReceivedBatch, leaseMs: number): Promise<void>;
  /** Removes a finished message. */
  ack(message: ReceivedBatch): Promise<void>;
  /** Makes the message visible again after `delayMs`. */
  retryLater(message: ReceivedBatch, delayMs: number): Promise<void>;
}

export type ClaimResult =
  | { readonly status: 'claimed'; readonly token: string }
  | { readonly status: 'completed' }
  | { readonly status: 'in-progress' };

/**
 * De-duplicates events on their `uuid`. A claim is held while an event is processed and expires, so
 * the claim of a crashed worker does not block the event forever; a completed record expires after
 * its TTL.
 */
export interface IdempotencyStore {
  claim(key: string, options: { inProgressTtlMs: number }): Promise<ClaimResult>;
  complete(key: string, token: string, options: { ttlMs: number }): Promise<void>;
  /** Drops a claim so the next attempt can take it at once. */
  release(key: string, token: string): Promise<void>;
  /** Deletes expired records, for stores without a TTL of their own; returns how many. */
  purgeExpired?(): Promise<number>;
}

export interface DeadLetter {
  /** The event's `uuid`, or `<deliveryId>#<index>` for an event without a usable one. */
  readonly id: string;
  readonly deliveryId: string;
  readonly event: unknown;
  readonly error: { readonly code: string; readonly message: string };
  readonly attempts: number;
  /** ISO 8601 time the event was parked. */
  readonly failedAt: string;
}

export interface DeadLetterStore {
  /** Stores (or replaces) the dead letter with this id. */
  park(entry: DeadLetter): Promise<void>;
  list(options?: { ids?: readonly string[]; limit?: number }): Promise<DeadLetter[]>;
  remove(ids: readonly string[]): Promise<void>;
}
