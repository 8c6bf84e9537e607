/**
 * The six inline hook types as the console needs them: Okta's type string, a definition (for its
 * `parse` and `redact`, never its handler) and the shared sample request generator.
 */
import type { InlineHookDefinition, InlineHookType } from '../handlers/core/types.js';
import { passwordImportHook, samplePasswordImportRequest } from '../handlers/password-import/index.js';
import { registrationHook, sampleRegistrationRequest } from '../handlers/registration/index.js';
import { samlHook, sampleSamlRequest } from '../handlers/saml/index.js';
import { sampleTelephonyRequest, telephonyHook } from '../handlers/telephony/index.js';
import { sampleTokenRequest, tokenHook } from '../handlers/token/index.js';
import { sampleUserImportRequest, userImportHook } from '../handlers/user-import/index.js';

export interface HookTypeInfo {
  type: InlineHookType;
  label: string;
  // Only parse and redact are used, so the event type does not matter here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  definition: InlineHookDefinition<any>;
  sample(): unknown;
}

const noop = (): void => {};

export const HOOK_TYPES: readonly HookTypeInfo[] = [
  { type: 'token', label: 'Token', definition: tokenHook(noop), sample: () => sampleTokenRequest() },
  { type: 'registration', label: 'Registration', definition: registrationHook(noop), sample: () => sampleRegistrationRequest() },
  { type: 'password-import', label: 'Password import', definition: passwordImportHook(noop), sample: () => samplePasswordImportRequest() },
  { type: 'user-import', label: 'User import', definition: userImportHook(noop), sample: () => sampleUserImportRequest() },
  { type: 'saml', label: 'SAML assertion', definition: samlHook(noop), sample: () => sampleSamlRequest() },
  { type: 'telephony', label: 'Telephony', definition: telephonyHook(noop), sample: () => sampleTelephonyRequest() },
];

export function hookTypeInfo(type: string | undefined): HookTypeInfo | undefined {
  return HOOK_TYPES.find((info) => info.type === type);
}

/** Our short type for an Okta inline hook type string (`com.okta.oauth2.tokens.transform` -> token). */
export function hookTypeOfOktaType(oktaType: string): HookTypeInfo | undefined {
  return HOOK_TYPES.find((info) => info.definition.eventType === oktaType);
}
