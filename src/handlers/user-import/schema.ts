import * as z from 'zod/mini';
import { hookRequestSchema, profileSchema } from '../core/envelope.js';
import { INLINE_HOOK_EVENT_TYPES } from '../core/okta-facts.js';

export const USER_IMPORT_EVENT_TYPE = INLINE_HOOK_EVENT_TYPES['user-import'];
export const IMPORT_RESULTS = ['CREATE_USER', 'LINK_USER'] as const;
export type ImportResult = (typeof IMPORT_RESULTS)[number];

export const userImportRequestSchema = hookRequestSchema(USER_IMPORT_EVENT_TYPE, {
  data: z.looseObject({
    context: z.looseObject({
      conflicts: z.optional(z.array(z.string())),
      application: z.optional(
        z.looseObject({ name: z.optional(z.string()), id: z.optional(z.string()), label: z.optional(z.string()), status: z.optional(z.string()) }),
      ),
      job: z.optional(z.looseObject({ id: z.optional(z.string()), type: z.optional(z.string()) })),
      matches: z.optional(z.array(z.unknown())),
      policy: z.optional(z.array(z.string())),
    }),
    action: z.optional(z.looseObject({ result: z.optional(z.string()) })),
    appUser: z.looseObject({ profile: profileSchema }),
    user: z.looseObject({ id: z.optional(z.string()), profile: profileSchema }),
  }),
});

export type UserImportRequest = z.infer<typeof userImportRequestSchema>;
