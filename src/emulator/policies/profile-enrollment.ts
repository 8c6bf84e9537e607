/**
 * What the org's profile enrollment policy says about a registration: whether self-service
 * registration is open, and which registration inline hook (if any) it names. The registration
 * hook fires only where this policy names it, as in Okta; an active hook no policy names is idle.
 */
import { audit, groupTarget, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps } from '../context.js';
import { isObject } from '../http.js';
import { withCredential } from '../routes/hook-channel.js';
import type { InlineHookDoc, UserDoc } from '../store/types.js';
import { REGISTRATION_HOOK_TYPE } from './read-body.js';
import { rulesOf } from './routes.js';
import { policyTables } from './store.js';
import type { PolicyDoc, PolicyRuleDoc } from './types.js';

export interface ProfileEnrollment {
  policy: PolicyDoc;
  rule: PolicyRuleDoc;
  /** `access: ALLOW` and `unknownUserAction: REGISTER`: new users may sign up. */
  registrationOpen: boolean;
  /** The ACTIVE registration hook the rule names, with its credential filled in. */
  hook?: InlineHookDoc;
  targetGroupIds: string[];
}

/**
 * The enrollment that applies to the org's own sign-up: Okta applies the policy assigned to the
 * app being signed up to, else the default one; the emulator's sign-up has no app, so it is the
 * default policy's first active rule.
 */
export function profileEnrollment(deps: EmulatorDeps): ProfileEnrollment | undefined {
  const tables = policyTables(deps.store.db);
  const policy = tables.policies.all("json_extract(doc, '$.type') = 'PROFILE_ENROLLMENT' AND json_extract(doc, '$.system') = 1")[0];
  if (!policy || policy.status !== 'ACTIVE') return undefined;
  const rule = rulesOf(tables, policy.id).find((candidate) => candidate.status === 'ACTIVE');
  if (!rule) return undefined;
  const action = isObject(rule.actions.profileEnrollment) ? rule.actions.profileEnrollment : {};
  const hooks = Array.isArray(action.preRegistrationInlineHooks) ? action.preRegistrationInlineHooks : [];
  const hookId = hooks.map((entry) => (isObject(entry) ? entry.inlineHookId : undefined)).find((id): id is string => typeof id === 'string');
  const stored = hookId ? deps.store.inlineHooks.get(hookId) : undefined;
  const hook = stored && stored.status === 'ACTIVE' && stored.type === REGISTRATION_HOOK_TYPE ? withCredential(stored, deps.store.inlineHooks.getSecret(stored.id) ?? {}) : undefined;
  return {
    policy,
    rule,
    registrationOpen: action.access !== 'DENY' && action.unknownUserAction !== 'DENY',
    ...(hook ? { hook } : {}),
    targetGroupIds: Array.isArray(action.targetGroupIds) ? action.targetGroupIds.filter((id): id is string => typeof id === 'string') : [],
  };
}

/** Puts a user who just signed up into the policy's target groups (the ones that still exist). */
export function joinTargetGroups(c: EmulatorContext, deps: EmulatorDeps, user: UserDoc): void {
  for (const groupId of profileEnrollment(deps)?.targetGroupIds ?? []) {
    const group = deps.store.groups.get(groupId);
    if (!group || !deps.store.groups.addMember(group.id, user.id)) continue;
    audit(c, deps, { eventType: 'group.user_membership.add', displayMessage: 'Add user to group membership', target: [userTarget(user), groupTarget(group)] });
  }
}
