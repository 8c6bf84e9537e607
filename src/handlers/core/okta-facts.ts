/**
 * Okta's facts about hooks, in one place: the runtime (deadlines, response limit), the emulator (how
 * it calls hooks and what it does when one fails), the console and the deploy tooling all read them
 * here. Sources: Okta's inline hook and event hook docs (see ../shared/okta/HOOKS-PROTOCOL.md).
 */
import type { InlineHookType } from './types.js';

/** Okta waits this long for a hook's whole answer (headers and body), then treats the call as failed. */
export const HOOK_TIMEOUT_MS = 3000;

/** Okta refuses hook responses of 256 KB or more. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/** Okta's `eventType` of each inline hook type's request. */
export const INLINE_HOOK_EVENT_TYPES = {
  token: 'com.okta.oauth2.tokens.transform',
  registration: 'com.okta.user.pre-registration',
  'password-import': 'com.okta.user.credential.password.import',
  'user-import': 'com.okta.import.transform',
  saml: 'com.okta.saml.tokens.transform',
  telephony: 'com.okta.telephony.provider',
} as const satisfies Record<InlineHookType, string>;

/**
 * What Okta does when an inline hook cannot be used: a timeout, a network error, a non-2xx status,
 * a malformed or oversized body, or a response the type's rules reject. One row per hook type.
 */
export type FailureEffect =
  /** The token is minted with the original claims. */
  | 'mint-original-token'
  /** The registration or profile update is denied with a generic message. */
  | 'deny-registration'
  /** The sign-in fails; the hook is called again on the next sign-in. */
  | 'fail-sign-in'
  /** The import continues and the user is created. */
  | 'create-user'
  /** The original SAML assertion is used. */
  | 'use-original-assertion'
  /** Okta sends the OTP through its own (rate-limited) providers. */
  | 'okta-telephony-provider';

export interface FailurePolicy {
  readonly eventType: string;
  /** Whether Okta retries once after a 5xx, a timeout or a network error. */
  readonly retried: boolean;
  /** Whether the user-facing flow carries on when the hook fails. */
  readonly failOpen: boolean;
  readonly effect: FailureEffect;
  /** Whether an empty 204 is an acceptable answer. */
  readonly allowsEmpty: boolean;
}

export const FAILURE_POLICY: Readonly<Record<InlineHookType, FailurePolicy>> = {
  token: {
    eventType: INLINE_HOOK_EVENT_TYPES.token,
    retried: false,
    failOpen: true,
    effect: 'mint-original-token',
    allowsEmpty: true,
  },
  registration: {
    eventType: INLINE_HOOK_EVENT_TYPES.registration,
    retried: true,
    failOpen: false,
    effect: 'deny-registration',
    allowsEmpty: true,
  },
  'password-import': {
    eventType: INLINE_HOOK_EVENT_TYPES['password-import'],
    retried: true,
    failOpen: false,
    effect: 'fail-sign-in',
    allowsEmpty: true,
  },
  'user-import': {
    eventType: INLINE_HOOK_EVENT_TYPES['user-import'],
    retried: true,
    failOpen: true,
    effect: 'create-user',
    allowsEmpty: true,
  },
  saml: {
    eventType: INLINE_HOOK_EVENT_TYPES.saml,
    retried: true,
    failOpen: true,
    effect: 'use-original-assertion',
    allowsEmpty: true,
  },
  telephony: {
    eventType: INLINE_HOOK_EVENT_TYPES.telephony,
    retried: false,
    failOpen: true,
    effect: 'okta-telephony-provider',
    allowsEmpty: false,
  },
};

/** Okta's end-user text when a hook answers with an `error` but no summary of its own. */
export const DEFAULT_CALLBACK_ERROR = 'The callback service returned an error';
