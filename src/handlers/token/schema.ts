import * as z from 'zod/mini';
import { hookRequestSchema, signedInContextShape } from '../core/envelope.js';
import { INLINE_HOOK_EVENT_TYPES } from '../core/okta-facts.js';

export const TOKEN_EVENT_TYPE = INLINE_HOOK_EVENT_TYPES.token;

const claimsSchema = z.record(z.string(), z.unknown());
const lifetimeSchema = z.looseObject({ lifetime: z.optional(z.looseObject({ expiration: z.optional(z.number()) })) });

const protocolRequestSchema = z.looseObject({
  scope: z.optional(z.string()),
  state: z.optional(z.string()),
  redirect_uri: z.optional(z.string()),
  response_mode: z.optional(z.string()),
  response_type: z.optional(z.string()),
  client_id: z.optional(z.string()),
  grant_type: z.optional(z.string()),
});

const tokenDataSchema = z.looseObject({
  claims: z.optional(claimsSchema),
  token: z.optional(lifetimeSchema),
  scopes: z.optional(z.record(z.string(), z.looseObject({ id: z.optional(z.string()), action: z.optional(z.string()) }))),
});

const originalGrantSchema = z.looseObject({
  authorization: z.optional(protocolRequestSchema),
  refresh_token: z.optional(z.looseObject({ jti: z.optional(z.string()) })),
});

export const tokenRequestSchema = hookRequestSchema(TOKEN_EVENT_TYPE, {
  data: z.looseObject({
    context: z.looseObject({
      ...signedInContextShape,
      protocol: z.optional(
        z.looseObject({
          type: z.optional(z.string()),
          request: z.optional(protocolRequestSchema),
          issuer: z.optional(z.looseObject({ uri: z.optional(z.string()) })),
          client: z.optional(z.looseObject({ id: z.optional(z.string()), name: z.optional(z.string()), type: z.optional(z.string()) })),
          // The OAS spells it `OriginalGrant`; no real payload was seen, so both spellings are read.
          OriginalGrant: z.optional(originalGrantSchema),
          originalGrant: z.optional(originalGrantSchema),
        }),
      ),
      policy: z.optional(z.looseObject({ id: z.optional(z.string()), rule: z.optional(z.looseObject({ id: z.optional(z.string()) })) })),
    }),
    identity: z.optional(tokenDataSchema),
    access: z.optional(tokenDataSchema),
    refresh_token: z.optional(z.looseObject({ jti: z.optional(z.string()) })),
  }),
});

export type TokenRequest = z.infer<typeof tokenRequestSchema>;
export type TokenData = z.infer<typeof tokenDataSchema>;
export type OriginalGrant = z.infer<typeof originalGrantSchema>;
