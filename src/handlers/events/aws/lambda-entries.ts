/**
 * The two Lambda functions of the event hook pipeline as the CDK construct deploys them, configured from the
 * environment the construct sets: a user's entry files are one line each, and a renamed variable in the
 * construct cannot drift from what the functions read.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createJsonLogger } from '../../../middleware/logger/json-logger.js';
import { GatehookConfigError } from '../../../runtime/errors.js';
import { createLambdaHandler } from '../../../runtime/lambda.js';
import { oktaFromSecretsManager } from '../../../runtime/okta-credentials.js';
import { fromSecretsManager } from '../../../secrets/secrets-manager.js';
import type { EventHookApp } from '../router.js';
import { createEventReceiver } from '../runtime/receiver.js';
import { createSqsWorkerHandler } from '../runtime/sqs-worker.js';
import { DynamoDeadLetterStore } from '../stores/aws/dynamodb-dead-letters.js';
import { DynamoIdempotencyStore } from '../stores/aws/dynamodb-idempotency.js';
import { SqsEventQueue } from '../stores/aws/sqs-queue.js';

type Env = Record<string, string | undefined>;

function required(env: Env, name: string, role: string): string {
  const value = env[name];
  if (!value) throw new GatehookConfigError('ERR_CONFIG_MISSING', `${role}: ${name} is not set (the GatehookHooks construct sets it)`);
  return value;
}

const lambdaLogger = (env: Env) => createJsonLogger({ base: { function: env.AWS_LAMBDA_FUNCTION_NAME } });

/**
 * The receiver: verifies Okta's delivery, queues it on SQS and answers 200.
 * Reads GATEHOOK_HOOK_SECRET_ID and GATEHOOK_EVENTS_QUEUE_URL.
 * @example export const handler = eventReceiverHandler();
 */
export function eventReceiverHandler(env: Env = process.env) {
  const role = 'eventReceiverHandler';
  const receiver = createEventReceiver({
    queue: new SqsEventQueue({ client: new SQSClient({}), queueUrl: required(env, 'GATEHOOK_EVENTS_QUEUE_URL', role) }),
    auth: { header: { secrets: fromSecretsManager(required(env, 'GATEHOOK_HOOK_SECRET_ID', role)) } },
    path: ['/hooks/events', '/'],
    logger: lambdaLogger(env),
  });
  return createLambdaHandler(receiver);
}

/**
 * The worker: runs `app`'s handlers once per event uuid, fed by the receiver's queue. Reads
 * GATEHOOK_EVENTS_QUEUE_URL, GATEHOOK_EVENTS_IDEMPOTENCY_TABLE, GATEHOOK_EVENTS_DEAD_LETTER_TABLE, and
 * GATEHOOK_OKTA_SECRET_ID when the handlers call the org (`ctx.okta`).
 * @example export const handler = eventWorkerHandler(events);
 */
export function eventWorkerHandler(app: EventHookApp, env: Env = process.env): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const role = 'eventWorkerHandler';
  const dynamo = new DynamoDBClient({});
  const oktaSecretId = env.GATEHOOK_OKTA_SECRET_ID;
  return createSqsWorkerHandler({
    app,
    idempotency: new DynamoIdempotencyStore({ client: dynamo, tableName: required(env, 'GATEHOOK_EVENTS_IDEMPOTENCY_TABLE', role) }),
    deadLetters: new DynamoDeadLetterStore({ client: dynamo, tableName: required(env, 'GATEHOOK_EVENTS_DEAD_LETTER_TABLE', role) }),
    ...(oktaSecretId ? { okta: oktaFromSecretsManager(oktaSecretId) } : {}),
    backoff: { client: new SQSClient({}), queueUrl: required(env, 'GATEHOOK_EVENTS_QUEUE_URL', role) },
    log: lambdaLogger(env),
  });
}
