import type { FallbackReason, HookResponseBody, InlineHookDefinition } from '../core/types.js';
import { ACTION_UPDATE } from '../core/action.js';
import { defineInlineHook, type HookHandler } from '../core/define.js';
import { createRegistrationApi, type RegistrationApi } from './api.js';
import { toRegistrationEvent, type RegistrationEvent } from './event.js';
import { checkRegistrationResponse } from './rules.js';
import { PROGRESSIVE_PROFILE, REGISTRATION_EVENT_TYPE, registrationRequestSchema } from './schema.js';

export type RegistrationHookHandler = HookHandler<RegistrationEvent, RegistrationApi>;

export interface RegistrationHookOptions {
  /**
   * What to answer when the handler fails or runs out of time. `deny` (default) matches what Okta does on
   * its own timeout; `allow` lets sign-ups through when your checks are unavailable.
   */
  onFailure?: 'deny' | 'allow';
  /** End-user text of the failure denial; defaults to a retry-later message per flow. */
  failureMessage?: string;
}

const DEFAULT_FAILURE_MESSAGE = {
  registration: "We couldn't complete your registration right now. Please try again in a few minutes.",
  profile: "We couldn't update your profile right now. Please try again in a few minutes.",
};

function failureBody(options: RegistrationHookOptions, event: RegistrationEvent | undefined, _reason: FallbackReason): HookResponseBody | null {
  if (options.onFailure === 'allow') return null;
  const summary = options.failureMessage ?? (event?.requestType === PROGRESSIVE_PROFILE ? DEFAULT_FAILURE_MESSAGE.profile : DEFAULT_FAILURE_MESSAGE.registration);
  return { commands: [{ type: ACTION_UPDATE, value: { registration: 'DENY' } }], error: { errorSummary: summary } };
}

/**
 * Defines a registration inline hook (`com.okta.user.pre-registration`), for both self-service
 * registration and progressive profiling (`event.requestType`).
 *
 * @example
 * export const hook = registrationHook((event, api) => {
 *   const email = String(event.userProfile?.email ?? '');
 *   if (!email.endsWith('@example.com')) {
 *     api.registration.deny('Use your company email.', [
 *       { errorSummary: 'Only example.com addresses can register.', reason: 'INVALID_EMAIL_DOMAIN', locationType: 'body', location: 'data.userProfile.email', domain: 'end-user' },
 *     ]);
 *   }
 * });
 */
export function registrationHook(handler: RegistrationHookHandler, options: RegistrationHookOptions = {}): InlineHookDefinition<RegistrationEvent> {
  if (options.onFailure !== undefined && options.onFailure !== 'deny' && options.onFailure !== 'allow') {
    throw new TypeError(`registrationHook: onFailure must be 'deny' or 'allow', got ${JSON.stringify(options.onFailure)}`);
  }
  return defineInlineHook(
    {
      type: 'registration',
      eventType: REGISTRATION_EVENT_TYPE,
      schema: registrationRequestSchema,
      toEvent: toRegistrationEvent,
      createApi: createRegistrationApi,
      checkResponse: checkRegistrationResponse,
      builderChecksRules: true,
      fallback: (event, reason) => failureBody(options, event, reason),
    },
    handler,
  );
}

export type { RegistrationEvent, SelfServiceRegistrationEvent, ProgressiveProfileEvent } from './event.js';
export type { RegistrationApi } from './api.js';
export type { RegistrationRequest, RegistrationRequestType } from './schema.js';
export { sampleRequest as sampleRegistrationRequest } from './sample.js';
