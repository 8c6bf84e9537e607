// Lambda entry of the example event hook worker, fed by the SQS queue the receiver writes to.
// Env: GATEHOOK_EVENTS_QUEUE_URL, GATEHOOK_EVENTS_IDEMPOTENCY_TABLE, GATEHOOK_EVENTS_DEAD_LETTER_TABLE,
// optional GATEHOOK_OKTA_SECRET_ID (without it, deactivations are only logged).
// The event source mapping needs ReportBatchItemFailures, and the queue's redrive maxReceiveCount
// must exceed the worker's maxAttempts (5).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDeadLetterStore } from '../../src/handlers/events/stores/aws/dynamodb-dead-letters.js';
import { DynamoIdempotencyStore } from '../../src/handlers/events/stores/aws/dynamodb-idempotency.js';
import { createSqsWorkerHandler } from '../../src/handlers/events/runtime/sqs-worker.js';
import { createJsonLogger } from '../../src/middleware/logger/json-logger.js';
import { GatehookConfigError } from '../../src/runtime/errors.js';
import { oktaFromSecretsManager } from '../../src/runtime/okta-credentials.js';
import { eventsExample } from '../events.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new GatehookConfigError('ERR_CONFIG_MISSING', `${name} is not set`);
  return value;
}

const dynamo = new DynamoDBClient({});
const oktaSecretId = process.env.GATEHOOK_OKTA_SECRET_ID;

export const handler = createSqsWorkerHandler({
  app: eventsExample({ clearSessions: Boolean(oktaSecretId) }),
  idempotency: new DynamoIdempotencyStore({ client: dynamo, tableName: required('GATEHOOK_EVENTS_IDEMPOTENCY_TABLE') }),
  deadLetters: new DynamoDeadLetterStore({ client: dynamo, tableName: required('GATEHOOK_EVENTS_DEAD_LETTER_TABLE') }),
  ...(oktaSecretId ? { okta: oktaFromSecretsManager(oktaSecretId) } : {}),
  backoff: { client: new SQSClient({}), queueUrl: required('GATEHOOK_EVENTS_QUEUE_URL') },
  log: createJsonLogger({ base: { function: process.env.AWS_LAMBDA_FUNCTION_NAME } }),
});
