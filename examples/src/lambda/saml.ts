// The saml hook on Lambda: the hook secret comes from Secrets Manager (GATEHOOK_HOOK_SECRET_ID, set by the construct).
import { createLambdaHandler } from 'gatehook/runtime/lambda';
import { samlExample } from '../hooks/saml.js';

export const handler = createLambdaHandler(samlExample);
