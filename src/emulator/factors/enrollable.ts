/**
 * Whether a user may enroll a factor type from a provider, decided the way Okta decides it: the
 * provider and type must be Okta's, the org must have an active authenticator (and method) behind
 * them, and the enrollment policy that applies to the user must allow that authenticator.
 */
import { authenticatorForFactor, type AuthenticatorFact } from '../authenticators/catalog.js';
import { enrollPolicyFor, enrollSetting } from '../authenticators/enroll-policy.js';
import { authenticatorByKey } from '../authenticators/store.js';
import type { EmulatorDeps } from '../context.js';
import { OktaApiError } from '../errors.js';
import type { IdKind } from '../ids.js';
import type { FactorDoc, FactorType, UserDoc } from '../store/types.js';

/** Okta's factor providers and factor types (the Factors API's enums). */
const OKTA_PROVIDERS = new Set(['OKTA', 'RSA', 'SYMANTEC', 'GOOGLE', 'DUO', 'YUBICO', 'FIDO', 'CUSTOM']);
const OKTA_FACTOR_TYPES = new Set([
  'call', 'email', 'push', 'question', 'sms', 'token', 'token:hardware', 'token:hotp', 'token:software:totp', 'u2f', 'web', 'webauthn', 'signed_nonce',
]);

export interface Enrollable {
  factorType: FactorType;
  provider: FactorDoc['provider'];
  vendorName: string;
  idKind: IdKind;
  authenticator: AuthenticatorFact;
}

const ID_KINDS: Record<string, IdKind> = {
  'token:software:totp/GOOGLE': 'totpGoogle',
  'token:software:totp/OKTA': 'totpOkta',
  'sms/OKTA': 'sms',
  'call/OKTA': 'call',
  'email/OKTA': 'email',
  'question/OKTA': 'question',
  'push/OKTA': 'push',
};

const refuse = (cause: string): OktaApiError => new OktaApiError('E0000001', 'factorEnrollRequest', [cause]);

/** What the emulator would enroll, ignoring the org's settings (the factor catalog lists these). */
export function modelledFactors(): { factorType: FactorType; provider: FactorDoc['provider'] }[] {
  return Object.keys(ID_KINDS).map((key) => {
    const [factorType, provider] = key.split('/') as [FactorType, FactorDoc['provider']];
    return { factorType, provider };
  });
}

/** Whether the org's authenticator (and its method) behind the factor is active. */
export function factorEnabled(deps: EmulatorDeps, factorType: string, provider: string): boolean {
  const backing = authenticatorForFactor(factorType, provider);
  if (!backing) return false;
  const doc = authenticatorByKey(deps, backing.fact.key);
  return doc?.status === 'ACTIVE' && doc.methods.some((method) => method.type === backing.method && method.status === 'ACTIVE');
}

export function requireEnrollable(deps: EmulatorDeps, user: UserDoc, factorType: string, provider: string): Enrollable {
  if (!OKTA_PROVIDERS.has(provider)) throw refuse('Invalid Provider.');
  if (!OKTA_FACTOR_TYPES.has(factorType)) throw refuse('Invalid Factor Type.');
  const idKind = ID_KINDS[`${factorType}/${provider}`];
  const backing = authenticatorForFactor(factorType, provider);
  if (!idKind || !backing || !factorEnabled(deps, factorType, provider)) throw refuse('Factor not enabled.');
  const policy = enrollPolicyFor(deps, user);
  if (!policy || enrollSetting(policy, backing.fact.key, { factorType, provider }) === 'NOT_ALLOWED') {
    throw refuse('Factor not allowed for the user based on the Multifactor policy.');
  }
  return {
    factorType: factorType as FactorType,
    provider: provider as FactorDoc['provider'],
    vendorName: provider,
    idKind,
    authenticator: backing.fact,
  };
}

/** The factors the user could enroll now (the factor catalog), with the policy's REQUIRED or OPTIONAL. */
export function enrollableFactors(deps: EmulatorDeps, user: UserDoc): (Enrollable & { enrollment: 'REQUIRED' | 'OPTIONAL' })[] {
  const policy = enrollPolicyFor(deps, user);
  if (!policy) return [];
  const result: (Enrollable & { enrollment: 'REQUIRED' | 'OPTIONAL' })[] = [];
  for (const { factorType, provider } of modelledFactors()) {
    const backing = authenticatorForFactor(factorType, provider);
    if (!backing || !factorEnabled(deps, factorType, provider)) continue;
    const enrollment = enrollSetting(policy, backing.fact.key, { factorType, provider });
    if (enrollment !== 'NOT_ALLOWED') result.push({ ...requireEnrollable(deps, user, factorType, provider), enrollment });
  }
  return result;
}
