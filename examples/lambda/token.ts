// Lambda entry of the example token hook: secret from GATEHOOK_HOOK_SECRET_ID (Secrets Manager).
import { createLambdaHandler } from '../../src/runtime/lambda.js';
import { tokenExample } from '../hooks/token.js';

export const handler = createLambdaHandler(tokenExample);
