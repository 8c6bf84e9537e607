// Lambda entry of the example telephony hook: secret from GATEHOOK_HOOK_SECRET_ID (Secrets Manager).
import { createLambdaHandler } from '../../src/runtime/lambda.js';
import { telephonyExample } from '../hooks/telephony.js';

export const handler = createLambdaHandler(telephonyExample);
