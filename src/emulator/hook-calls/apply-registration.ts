/**
 * Applies a registration inline hook response (self-service registration or progressive profiling)
 * the way Okta does: an `error` denies without running commands, `com.okta.action.update` allows or
 * denies, profile updates are only valid for their own request type, and a response Okta cannot use
 * denies the registration (fail-closed).
 */
import type { HookErrorCause } from '../../handlers/core/types.js';
import { isRecord, readResponse, ResponseRejected } from './response-shape.js';

export type RegistrationRequestType = 'self.service.registration' | 'progressive.profile';

export interface RegistrationDraft {
  requestType: RegistrationRequestType;
  /** The submitted profile (SSR) or the current profile merged with the submitted delta (progressive). */
  profile: Record<string, unknown>;
  /** When given, profile updates may only name these attributes (the org's user schema). */
  knownAttributes?: readonly string[];
}

export type RegistrationHookResult =
  | {
      kind: 'allowed';
      profile: Record<string, unknown>;
      /** Attributes the hook set, in application order. */
      updates: Record<string, unknown>;
      debugContext?: Record<string, unknown>;
    }
  | {
      kind: 'denied';
      /** The end-user message. */
      message: string;
      /** Inline messages from `errorCauses[]`, shown next to the named form field. */
      fieldErrors: HookErrorCause[];
      /** Why, for the System Log, when the hook could not be used. */
      reason?: string;
      debugContext?: Record<string, unknown>;
    };

const MESSAGES: Record<RegistrationRequestType, { errorWithoutCauses: string; denied: string; failure: string }> = {
  'self.service.registration': {
    errorWithoutCauses: "Registration can't be completed at this time.",
    denied: 'Registration denied.',
    failure: 'There was an error creating your account. Please try registering again.',
  },
  'progressive.profile': {
    errorWithoutCauses: 'We found some errors. Please review the form and make corrections.',
    denied: 'Profile update denied.',
    failure: 'There was an error updating your profile. Please try again later.',
  },
};

const PROFILE_COMMAND: Record<RegistrationRequestType, string> = {
  'self.service.registration': 'com.okta.user.profile.update',
  'progressive.profile': 'com.okta.user.progressive.profile.update',
};

/** Attributes a registration hook may never set. */
const FORBIDDEN_ATTRIBUTES = new Set(['password']);

export function applyRegistrationResponse(draft: RegistrationDraft, body: unknown): RegistrationHookResult {
  const read = readResponse(body);
  if (!read.ok) return registrationHookFailed(draft, read.reason);
  const { commands, error, debugContext } = read.response;
  const debug = debugContext ? { debugContext } : {};
  const messages = MESSAGES[draft.requestType];
  if (error) {
    const causes = error.errorCauses ?? [];
    return {
      kind: 'denied',
      message: causes.length > 0 && error.errorSummary ? error.errorSummary : messages.errorWithoutCauses,
      fieldErrors: causes,
      ...debug,
    };
  }
  let allowed = true;
  const updates: Record<string, unknown> = {};
  try {
    for (const command of commands) {
      if (command.type === 'com.okta.action.update') allowed = readAction(command.value);
      else if (command.type === PROFILE_COMMAND[draft.requestType]) Object.assign(updates, readProfileUpdate(draft, command.value));
      else throw new ResponseRejected(`command "${command.type}" is not valid for ${draft.requestType}`);
    }
  } catch (rejection) {
    if (rejection instanceof ResponseRejected) return registrationHookFailed(draft, rejection.message, debugContext);
    throw rejection;
  }
  if (!allowed) return { kind: 'denied', message: messages.denied, fieldErrors: [], ...debug };
  return { kind: 'allowed', profile: { ...draft.profile, ...updates }, updates, ...debug };
}

/** The failure-policy result: the registration or profile update is denied. */
export function registrationHookFailed(
  draft: RegistrationDraft,
  reason: string,
  debugContext?: Record<string, unknown>,
): RegistrationHookResult {
  return {
    kind: 'denied',
    message: MESSAGES[draft.requestType].failure,
    fieldErrors: [],
    reason,
    ...(debugContext ? { debugContext } : {}),
  };
}

function readAction(value: unknown): boolean {
  if (!isRecord(value) || (value.registration !== 'ALLOW' && value.registration !== 'DENY')) {
    throw new ResponseRejected('com.okta.action.update needs {"registration": "ALLOW" | "DENY"}');
  }
  return value.registration === 'ALLOW';
}

function readProfileUpdate(draft: RegistrationDraft, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new ResponseRejected('a profile update value must be an object of attributes');
  const known = draft.knownAttributes ? new Set(draft.knownAttributes) : undefined;
  for (const name of Object.keys(value)) {
    if (FORBIDDEN_ATTRIBUTES.has(name)) throw new ResponseRejected(`"${name}" can't be set by a registration hook`);
    if (known && !known.has(name)) throw new ResponseRejected(`"${name}" is not an attribute of the user schema`);
  }
  return value;
}
