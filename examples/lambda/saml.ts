// Lambda entry of the example saml hook: secret from GATEHOOK_HOOK_SECRET_ID (Secrets Manager).
import { createLambdaHandler } from '../../src/runtime/lambda.js';
import { samlExample } from '../hooks/saml.js';

export const handler = createLambdaHandler(samlExample);
