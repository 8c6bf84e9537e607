// Lambda entry of the example password-import hook: secret from GATEHOOK_HOOK_SECRET_ID (Secrets Manager).
import { createLambdaHandler } from '../../src/runtime/lambda.js';
import { passwordImportExample } from '../hooks/password-import.js';

export const handler = createLambdaHandler(passwordImportExample);
