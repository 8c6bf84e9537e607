import * as z from 'zod/mini';
import { hookRequestSchema, signedInContextShape } from '../core/envelope.js';
import { INLINE_HOOK_EVENT_TYPES } from '../core/okta-facts.js';

export const SAML_EVENT_TYPE = INLINE_HOOK_EVENT_TYPES.saml;

const attributeValueSchema = z.looseObject({
  attributes: z.optional(z.record(z.string(), z.unknown())),
  value: z.optional(z.unknown()),
});

const attributeSchema = z.looseObject({
  attributes: z.optional(z.looseObject({ NameFormat: z.optional(z.string()) })),
  attributeValues: z.optional(z.array(attributeValueSchema)),
});

const assertionSchema = z.looseObject({
  subject: z.optional(
    z.looseObject({
      nameId: z.optional(z.string()),
      nameFormat: z.optional(z.string()),
      confirmation: z.optional(z.looseObject({ method: z.optional(z.string()), data: z.optional(z.looseObject({ recipient: z.optional(z.string()) })) })),
    }),
  ),
  authentication: z.optional(
    z.looseObject({
      sessionIndex: z.optional(z.string()),
      authnContext: z.optional(z.looseObject({ authnContextClassRef: z.optional(z.string()) })),
    }),
  ),
  conditions: z.optional(z.looseObject({ audienceRestriction: z.optional(z.array(z.string())) })),
  claims: z.optional(z.record(z.string(), attributeSchema)),
  lifetime: z.optional(z.looseObject({ expiration: z.optional(z.number()) })),
});

export const samlRequestSchema = hookRequestSchema(SAML_EVENT_TYPE, {
  data: z.looseObject({
    context: z.looseObject({
      ...signedInContextShape,
      protocol: z.optional(
        z.looseObject({
          type: z.optional(z.string()),
          issuer: z.optional(z.looseObject({ id: z.optional(z.string()), name: z.optional(z.string()), uri: z.optional(z.string()) })),
        }),
      ),
    }),
    assertion: assertionSchema,
  }),
});

export type SamlRequest = z.infer<typeof samlRequestSchema>;
export type SamlAssertion = z.infer<typeof assertionSchema>;
export type SamlAttribute = z.infer<typeof attributeSchema>;
