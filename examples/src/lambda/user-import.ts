// The user-import hook on Lambda: the hook secret comes from Secrets Manager (GATEHOOK_HOOK_SECRET_ID, set by the construct).
import { createLambdaHandler } from 'gatehook/runtime/lambda';
import { userImportExample } from '../hooks/user-import.js';

export const handler = createLambdaHandler(userImportExample);
