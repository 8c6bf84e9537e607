/**
 * What Okta does when an inline hook cannot be used: a timeout, a network error, a non-2xx status,
 * a malformed or oversized body, or a response the type's rules reject. One row per hook type,
 * read by the hook caller (retries) and by the apply functions (fallback results).
 */
import type { InlineHookType } from '../../handlers/core/types.js';

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
    eventType: 'com.okta.oauth2.tokens.transform',
    retried: false,
    failOpen: true,
    effect: 'mint-original-token',
    allowsEmpty: true,
  },
  registration: {
    eventType: 'com.okta.user.pre-registration',
    retried: true,
    failOpen: false,
    effect: 'deny-registration',
    allowsEmpty: true,
  },
  'password-import': {
    eventType: 'com.okta.user.credential.password.import',
    retried: true,
    failOpen: false,
    effect: 'fail-sign-in',
    allowsEmpty: true,
  },
  'user-import': {
    eventType: 'com.okta.import.transform',
    retried: true,
    failOpen: true,
    effect: 'create-user',
    allowsEmpty: true,
  },
  saml: {
    eventType: 'com.okta.saml.tokens.transform',
    retried: true,
    failOpen: true,
    effect: 'use-original-assertion',
    allowsEmpty: true,
  },
  telephony: {
    eventType: 'com.okta.telephony.provider',
    retried: false,
    failOpen: true,
    effect: 'okta-telephony-provider',
    allowsEmpty: false,
  },
};

/** Okta's end-user text when a hook answers with an `error` but no summary of its own. */
export const DEFAULT_CALLBACK_ERROR = 'The callback service returned an error';
