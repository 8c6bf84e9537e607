import type { InlineHookDefinition } from '../core/types.js';
import { defineInlineHook, type HookHandler } from '../core/define.js';
import { createSamlApi, type SamlApi } from './api.js';
import { toSamlEvent, type SamlEvent } from './event.js';
import { checkSamlResponse } from './rules.js';
import { SAML_EVENT_TYPE, samlRequestSchema } from './schema.js';

export type SamlHookHandler = HookHandler<SamlEvent, SamlApi>;

/**
 * Defines a SAML assertion inline hook (`com.okta.saml.tokens.transform`).
 *
 * @example
 * export const hook = samlHook((event, api) => {
 *   api.assertion.addAttribute('http://schemas.example.com/claims/tier', 'gold', { nameFormat: 'uri' });
 *   api.assertion.setSessionLifetime(3600);
 * });
 *
 * On timeout or failure Okta signs the original assertion, so the fallback is an empty 204.
 */
export function samlHook(handler: SamlHookHandler): InlineHookDefinition<SamlEvent> {
  return defineInlineHook(
    {
      type: 'saml',
      eventType: SAML_EVENT_TYPE,
      schema: samlRequestSchema,
      toEvent: toSamlEvent,
      createApi: createSamlApi,
      checkResponse: checkSamlResponse,
      fallback: () => null,
    },
    handler,
  );
}

export type { SamlEvent } from './event.js';
export type { SamlApi, AssertionApi, AssertionPath, AttributeOptions, AttributeValueInput } from './api.js';
export type { SamlRequest, SamlAssertion, SamlAttribute } from './schema.js';
export { sampleRequest as sampleSamlRequest } from './sample.js';
