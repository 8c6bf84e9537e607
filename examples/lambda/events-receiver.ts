// Lambda entry of the example event hook receiver: verifies, queues each delivery on SQS, answers 200.
// Env: GATEHOOK_HOOK_SECRET_ID (Secrets Manager id of the hook secret), GATEHOOK_EVENTS_QUEUE_URL.
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsEventQueue } from '../../src/handlers/events/stores/aws/sqs-queue.js';
import { createEventReceiver } from '../../src/handlers/events/runtime/receiver.js';
import { createJsonLogger } from '../../src/middleware/logger/json-logger.js';
import { GatehookConfigError } from '../../src/runtime/errors.js';
import { createLambdaHandler } from '../../src/runtime/lambda.js';
import { fromSecretsManager } from '../../src/secrets/secrets-manager.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new GatehookConfigError('ERR_CONFIG_MISSING', `${name} is not set`);
  return value;
}

const receiver = createEventReceiver({
  queue: new SqsEventQueue({ client: new SQSClient({}), queueUrl: required('GATEHOOK_EVENTS_QUEUE_URL') }),
  auth: { header: { secrets: fromSecretsManager(required('GATEHOOK_HOOK_SECRET_ID')) } },
  path: ['/hooks/events', '/'],
  logger: createJsonLogger({ base: { function: process.env.AWS_LAMBDA_FUNCTION_NAME } }),
});

export const handler = createLambdaHandler(receiver);
