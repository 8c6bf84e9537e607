/**
 * Event hooks: `eventHook()` defines handlers per event type, `createEventReceiver` acknowledges
 * Okta's deliveries into an `EventQueue`, and a worker (`createEventWorker` locally,
 * `createSqsWorkerHandler` on Lambda) runs the handlers once per event uuid.
 * The SQLite and AWS stores are separate entry points (`./sqlite/index.js`, `./aws/index.js`), so a
 * Lambda bundle carries no `node:sqlite` and a local app no AWS SDK.
 */
export { eventHook, type EventContext, type EventHandler, type EventHookApp } from './router.js';
export { EVENT_HOOK_ELIGIBLE_EVENT_TYPES, isEligibleEventType, type EventTypeName } from './event-types.js';
export { actorUser, subjectsOf, targetApp, targetGroup, targetUser, type LogEventOf, type SubjectsOf } from './subjects.js';
export { deliverySchema, logEventSchema, type EventHookDelivery, type LogActor, type LogEvent, type LogTarget } from './schema.js';
export { parseDelivery } from './validate.js';
export { createEventReceiver, type EventHookAuth, type EventReceiverOptions } from './runtime/receiver.js';
export { createEventWorker, type EventWorker, type EventWorkerOptions } from './runtime/worker.js';
export { processBatch, processingOrder, type BatchOutcome } from './runtime/process.js';
export type { EventProcessingOptions } from './runtime/settings.js';
export { replayDeadLetters, type ReplayOptions } from './runtime/replay.js';
export type {
  ClaimResult,
  DeadLetter,
  DeadLetterStore,
  EventQueue,
  IdempotencyStore,
  PullEventQueue,
  QueuedBatch,
  ReceivedBatch,
} from './runtime/contracts.js';
export * from './errors.js';
export { CHALLENGE_HEADER, checkChallenge } from './runtime/verification.js';
export { sampleDelivery, sampleLogEvent } from './sample.js';
