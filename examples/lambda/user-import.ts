// Lambda entry of the example user-import hook: secret from GATEHOOK_HOOK_SECRET_ID (Secrets Manager).
import { createLambdaHandler } from '../../src/runtime/lambda.js';
import { userImportExample } from '../hooks/user-import.js';

export const handler = createLambdaHandler(userImportExample);
