export { SqsEventQueue, splitIntoMessages, type SqsBatchBody, type SqsEventQueueOptions } from './sqs-queue.js';
export { createSqsWorkerHandler, EventsPendingError, type SqsWorkerOptions } from './sqs-worker.js';
export { DynamoIdempotencyStore, type DynamoIdempotencyStoreOptions } from './dynamodb-idempotency.js';
export { DynamoDeadLetterStore, type DynamoDeadLetterStoreOptions } from './dynamodb-dead-letters.js';
