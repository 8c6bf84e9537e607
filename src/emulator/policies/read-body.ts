/**
 * Reads policy and rule bodies as Okta validates them: E0000001 with one cause per bad field.
 */
import type { EmulatorDeps } from '../context.js';
import { isObject } from '../http.js';
import type { JsonObject } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { POLICY_TYPES, type PolicyType, type Status } from './types.js';

export const REGISTRATION_HOOK_TYPE = 'com.okta.user.pre-registration';

export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && (POLICY_TYPES as readonly string[]).includes(value);
}

export interface PolicyInput {
  type: PolicyType;
  name: string;
  description: string | null;
  priority?: number;
  status?: Status;
  conditions: JsonObject | null;
  settings?: JsonObject;
}

function readCommon(body: JsonObject, issues: ValidationIssues): { name: string; priority?: number; status?: Status; conditions: JsonObject | null } {
  issues.requireString(body.name, 'name');
  if (typeof body.name === 'string' && body.name.length > 255) issues.add('name', 'The field is too long');
  const priority = body.priority;
  if (priority !== undefined && priority !== null && (!Number.isInteger(priority) || (priority as number) < 1)) issues.add('priority', 'must be a positive integer');
  const status = body.status;
  if (status !== undefined && status !== 'ACTIVE' && status !== 'INACTIVE') issues.add('status', 'must be ACTIVE or INACTIVE');
  const conditions = body.conditions;
  if (conditions !== undefined && conditions !== null && !isObject(conditions)) issues.add('conditions', 'must be an object');
  return {
    name: typeof body.name === 'string' ? body.name.trim() : '',
    ...(typeof priority === 'number' ? { priority } : {}),
    ...(status === 'ACTIVE' || status === 'INACTIVE' ? { status } : {}),
    conditions: isObject(conditions) ? conditions : null,
  };
}

/** A policy body; `fixedType` is the stored policy's type on update (it cannot change). */
export function readPolicy(body: JsonObject, fixedType?: PolicyType): PolicyInput {
  const issues = new ValidationIssues();
  const type = body.type ?? fixedType;
  if (!isPolicyType(type)) issues.add('type', type === undefined ? 'The field cannot be left blank' : `Invalid policy type: ${String(type)}`);
  else if (fixedType && type !== fixedType) issues.add('type', 'The policy type cannot be changed');
  const common = readCommon(body, issues);
  if (body.settings !== undefined && body.settings !== null && !isObject(body.settings)) issues.add('settings', 'must be an object');
  const description = body.description;
  if (description !== undefined && description !== null && typeof description !== 'string') issues.add('description', 'must be a string');
  issues.throwIfAny();
  return {
    ...common,
    type: type as PolicyType,
    description: typeof description === 'string' ? description : null,
    ...(isObject(body.settings) ? { settings: body.settings } : {}),
  };
}

export interface RuleInput {
  name: string;
  priority?: number;
  status?: Status;
  conditions: JsonObject | null;
  actions: JsonObject;
}

/** A rule body for a policy of `policyType`; names in it (inline hooks) must exist in the org. */
export function readRule(deps: EmulatorDeps, body: JsonObject, policyType: PolicyType, ruleType: string): RuleInput {
  const issues = new ValidationIssues();
  const common = readCommon(body, issues);
  if (body.type !== undefined && body.type !== ruleType) issues.add('type', `A ${policyType} policy holds rules of type ${ruleType}`);
  const actions = body.actions ?? {};
  if (!isObject(actions)) issues.add('actions', 'must be an object');
  else if (policyType === 'PROFILE_ENROLLMENT') checkProfileEnrollment(deps, actions, issues);
  issues.throwIfAny();
  return { ...common, actions: actions as JsonObject };
}

function checkProfileEnrollment(deps: EmulatorDeps, actions: JsonObject, issues: ValidationIssues): void {
  const enrollment = actions.profileEnrollment;
  if (enrollment === undefined) return;
  if (!isObject(enrollment)) {
    issues.add('actions.profileEnrollment', 'must be an object');
    return;
  }
  if (enrollment.access !== undefined && enrollment.access !== 'ALLOW' && enrollment.access !== 'DENY') issues.add('actions.profileEnrollment.access', 'must be ALLOW or DENY');
  const unknown = enrollment.unknownUserAction;
  if (unknown !== undefined && unknown !== 'REGISTER' && unknown !== 'DENY') issues.add('actions.profileEnrollment.unknownUserAction', 'must be REGISTER or DENY');
  const groups = enrollment.targetGroupIds;
  if (groups !== undefined && groups !== null) {
    if (!Array.isArray(groups)) issues.add('actions.profileEnrollment.targetGroupIds', 'must be an array of group ids');
    else for (const id of groups) if (typeof id !== 'string' || !deps.store.groups.get(id)) issues.add('actions.profileEnrollment.targetGroupIds', `Group not found: ${String(id)}`);
  }
  const hooks = enrollment.preRegistrationInlineHooks;
  if (hooks === undefined || hooks === null) return;
  const field = 'actions.profileEnrollment.preRegistrationInlineHooks';
  if (!Array.isArray(hooks)) {
    issues.add(field, 'must be an array');
    return;
  }
  // Okta's policy names at most one registration hook.
  if (hooks.length > 1) issues.add(field, 'A profile enrollment policy can have only one inline hook');
  for (const entry of hooks) {
    const id = isObject(entry) ? entry.inlineHookId : undefined;
    const hook = typeof id === 'string' ? deps.store.inlineHooks.get(id) : undefined;
    if (!hook) issues.add(field, `Inline hook not found: ${typeof id === 'string' ? id : '(missing inlineHookId)'}`);
    else if (hook.type !== REGISTRATION_HOOK_TYPE) issues.add(field, `Inline hook ${hook.id} is not a registration hook (${REGISTRATION_HOOK_TYPE})`);
  }
}
