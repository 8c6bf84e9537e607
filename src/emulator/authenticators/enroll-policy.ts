/**
 * What the org's authenticator enrollment policies (MFA_ENROLL) say about an authenticator:
 * factor enrollment asks whether the policy that applies to a user allows it, and deactivation
 * asks whether any active policy still enables it.
 */
import type { EmulatorDeps } from '../context.js';
import { isObject } from '../http.js';
import { activePolicies, type PolicyDoc } from '../policies/index.js';
import type { UserDoc } from '../store/types.js';

export type EnrollSetting = 'REQUIRED' | 'OPTIONAL' | 'NOT_ALLOWED';

/** Keys of the classic (`type: FACTORS`) policy settings, by factor type and provider. */
const LEGACY_FACTOR_KEYS: Record<string, string> = {
  'push/OKTA': 'okta_push',
  'token:software:totp/OKTA': 'okta_otp',
  'token:software:totp/GOOGLE': 'google_otp',
  'sms/OKTA': 'okta_sms',
  'call/OKTA': 'okta_call',
  'question/OKTA': 'okta_question',
  'email/OKTA': 'okta_email',
};

function setting(value: unknown): EnrollSetting | undefined {
  if (!isObject(value) || !isObject(value.enroll)) return undefined;
  const self = value.enroll.self;
  return self === 'REQUIRED' || self === 'OPTIONAL' || self === 'NOT_ALLOWED' ? self : undefined;
}

/** The policy's enroll setting for an authenticator key (and the factor it would enroll); absent means not allowed. */
export function enrollSetting(policy: PolicyDoc, key: string, factor?: { factorType: string; provider: string }): EnrollSetting {
  const settings = policy.settings ?? {};
  if (settings.type === 'FACTORS' && isObject(settings.factors)) {
    const legacyKey = factor ? LEGACY_FACTOR_KEYS[`${factor.factorType}/${factor.provider}`] : undefined;
    return (legacyKey && setting(settings.factors[legacyKey])) || 'NOT_ALLOWED';
  }
  const entries = Array.isArray(settings.authenticators) ? settings.authenticators : [];
  const entry = entries.find((candidate) => isObject(candidate) && candidate.key === key);
  return setting(entry) ?? 'NOT_ALLOWED';
}

function groupIdsOf(deps: EmulatorDeps, user: UserDoc): Set<string> {
  return new Set(deps.store.groups.groupsOfUser(user.id, undefined, 10_000).items.map((group) => group.id));
}

function idList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** The highest-priority active MFA_ENROLL policy whose group conditions include the user (the system default last). */
export function enrollPolicyFor(deps: EmulatorDeps, user: UserDoc): PolicyDoc | undefined {
  const groups = groupIdsOf(deps, user);
  for (const { policy } of activePolicies(deps, 'MFA_ENROLL')) {
    const people = isObject(policy.conditions) && isObject(policy.conditions.people) ? policy.conditions.people : {};
    const groupCondition = isObject(people.groups) ? people.groups : {};
    const include = idList(groupCondition.include);
    const exclude = idList(groupCondition.exclude);
    if (exclude.some((id) => groups.has(id))) continue;
    if (include.length > 0 && !include.some((id) => groups.has(id))) continue;
    return policy;
  }
  return undefined;
}

/** Names of the active enrollment policies that still let users enroll the authenticator. */
export function policiesEnabling(deps: EmulatorDeps, key: string): string[] {
  return activePolicies(deps, 'MFA_ENROLL')
    .filter(({ policy }) => enrollSetting(policy, key) !== 'NOT_ALLOWED')
    .map(({ policy }) => policy.name);
}
