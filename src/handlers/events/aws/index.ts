export { SqsEventQueue, splitIntoMessages, type SqsBatchBody, type SqsEventQueueOptions } from '../stores/aws/sqs-queue.js';
export { createSqsWorkerHandler, EventsPendingError, type SqsWorkerOptions } from '../runtime/sqs-worker.js';
export { DynamoIdempotencyStore, type DynamoIdempotencyStoreOptions } from '../stores/aws/dynamodb-idempotency.js';
export { DynamoDeadLetterStore, type DynamoDeadLetterStoreOptions } from '../stores/aws/dynamodb-dead-letters.js';
export { eventReceiverHandler, eventWorkerHandler } from './lambda-entries.js';
