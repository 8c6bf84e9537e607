/**
 * The authenticators an Okta Identity Engine org offers, as far as the emulator models them, and
 * which Factors API enrollments each one backs. One source of truth: the default org, the
 * authenticators routes and factor enrollment all read this table.
 */
import type { FactorDoc, FactorType, JsonObject } from '../store/types.js';

export type AuthenticatorKey = 'okta_email' | 'okta_password' | 'okta_verify' | 'google_otp' | 'phone_number' | 'security_question';
export type LifecycleStatus = 'ACTIVE' | 'INACTIVE';

export interface AuthenticatorMethod {
  type: string;
  status: LifecycleStatus;
}

export interface AuthenticatorFact {
  key: AuthenticatorKey;
  type: string;
  name: string;
  settings?: JsonObject;
  methods: string[];
  /** Factors API enrollments this authenticator backs, and the method each one needs. */
  factors: { factorType: FactorType; provider: FactorDoc['provider']; method: string }[];
}

/**
 * Listed in the order Okta lists a fresh org's authenticators (email first). A fresh Okta org has
 * the phone authenticator off and Google Authenticator not added; the emulator's org starts with
 * everything it can emulate switched on so local MFA flows work without setup. Deactivate an
 * authenticator (or a method) to see Okta's refusals.
 */
export const AUTHENTICATORS: readonly AuthenticatorFact[] = [
  {
    key: 'okta_email',
    type: 'email',
    name: 'Email',
    settings: { allowedFor: 'any', tokenLifetimeInMinutes: 5 },
    methods: ['email'],
    factors: [{ factorType: 'email', provider: 'OKTA', method: 'email' }],
  },
  { key: 'okta_password', type: 'password', name: 'Password', methods: ['password'], factors: [] },
  {
    key: 'okta_verify',
    type: 'app',
    name: 'Okta Verify',
    settings: { compliance: { fips: 'OPTIONAL' }, userVerification: 'PREFERRED' },
    methods: ['push', 'totp', 'signed_nonce'],
    factors: [
      { factorType: 'push', provider: 'OKTA', method: 'push' },
      { factorType: 'token:software:totp', provider: 'OKTA', method: 'totp' },
    ],
  },
  {
    key: 'google_otp',
    type: 'app',
    name: 'Google Authenticator',
    methods: ['otp'],
    factors: [{ factorType: 'token:software:totp', provider: 'GOOGLE', method: 'otp' }],
  },
  {
    key: 'phone_number',
    type: 'phone',
    name: 'Phone',
    settings: { allowedFor: 'any' },
    methods: ['sms', 'voice'],
    factors: [
      { factorType: 'sms', provider: 'OKTA', method: 'sms' },
      { factorType: 'call', provider: 'OKTA', method: 'voice' },
    ],
  },
  {
    key: 'security_question',
    type: 'security_question',
    name: 'Security Question',
    settings: { allowedFor: 'any' },
    methods: ['security_question'],
    factors: [{ factorType: 'question', provider: 'OKTA', method: 'security_question' }],
  },
];

export function authenticatorFact(key: string): AuthenticatorFact | undefined {
  return AUTHENTICATORS.find((fact) => fact.key === key);
}

/** The authenticator (and method) behind a factor type and provider, if the emulator models one. */
export function authenticatorForFactor(factorType: string, provider: string): { fact: AuthenticatorFact; method: string } | undefined {
  for (const fact of AUTHENTICATORS) {
    const match = fact.factors.find((factor) => factor.factorType === factorType && factor.provider === provider);
    if (match) return { fact, method: match.method };
  }
  return undefined;
}
