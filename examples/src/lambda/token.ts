// The token hook on Lambda: the hook secret comes from Secrets Manager (GATEHOOK_HOOK_SECRET_ID, set by the construct).
import { createLambdaHandler } from 'gatehook/runtime/lambda';
import { tokenExample } from '../hooks/token.js';

export const handler = createLambdaHandler(tokenExample);
