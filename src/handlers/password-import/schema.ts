import * as z from 'zod/mini';
import { hookRequestSchema, requestSchema } from '../core/envelope.js';
import { INLINE_HOOK_EVENT_TYPES } from '../core/okta-facts.js';

export const PASSWORD_IMPORT_EVENT_TYPE = INLINE_HOOK_EVENT_TYPES['password-import'];
export const CREDENTIAL_OUTCOMES = ['VERIFIED', 'UNVERIFIED'] as const;
export type CredentialOutcome = (typeof CREDENTIAL_OUTCOMES)[number];

export const passwordImportRequestSchema = hookRequestSchema(PASSWORD_IMPORT_EVENT_TYPE, {
  data: z.looseObject({
    context: z.looseObject({
      request: z.optional(requestSchema),
      credential: z.looseObject({ username: z.string(), password: z.string() }),
    }),
    action: z.optional(z.looseObject({ credential: z.optional(z.string()) })),
  }),
});

export type PasswordImportRequest = z.infer<typeof passwordImportRequestSchema>;
