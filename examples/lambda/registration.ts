// Lambda entry of the example registration hook: secret from GATEHOOK_HOOK_SECRET_ID (Secrets Manager).
import { createLambdaHandler } from '../../src/runtime/lambda.js';
import { registrationExample } from '../hooks/registration.js';

export const handler = createLambdaHandler(registrationExample);
