/**
 * Group rules: an Okta Expression Language condition over a user's profile that, while the rule is
 * ACTIVE, puts matching users into the rule's groups. A rule is applied to every user when it is
 * activated and to one user whenever their profile changes or they are activated (the System Log
 * events of those changes drive it, so every way in — API, registration hook, import — counts).
 * Memberships a rule added are remembered, so a user who stops matching leaves those groups again;
 * memberships made by hand are never touched.
 */
import { groupTarget, userTarget } from '../audit.js';
import type { EmulatorDeps } from '../context.js';
import { compileExpressionOver, FilterExpressionError, type ExpressionFunction } from '../event-filters/expression.js';
import { newUuid } from '../ids.js';
import { knownAttributes } from '../schemas/profile-validation.js';
import { DocTable } from '../store/doc-table.js';
import type { LogEvent, UserDoc } from '../store/types.js';
import { DEFAULT_USER_TYPE_ID } from '../users.js';
import { perStore } from './per-store.js';

export const EXPRESSION_TYPE = 'urn:okta:expression:1.0';

export interface GroupRuleDoc {
  id: string;
  type: 'group_rule';
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
  conditions: {
    people: { users: { exclude: string[] }; groups: { exclude: string[] } };
    expression: { value: string; type: string };
  };
  actions: { assignUserToGroups: { groupIds: string[] } };
}

/** Users a rule does not apply to: an explicit exclusion, or a status Okta does not evaluate rules for. */
const NOT_EVALUATED = new Set(['STAGED', 'DEPROVISIONED']);

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The Okta Expression Language functions real group rules use; `scope.groups` holds the user's groups. */
function ruleFunctions(): Record<string, ExpressionFunction> {
  const groups = (scope: Readonly<Record<string, unknown>>) => scope.groups as { id: string; name: string }[];
  const names = (scope: Readonly<Record<string, unknown>>) => groups(scope).map((group) => group.name);
  const strings = (args: unknown[]) => args.filter((arg): arg is string => typeof arg === 'string');
  return {
    'String.stringContains': ([value, part]) => (text(value) ?? '').includes(text(part) ?? '\u0000'),
    'String.startsWith': ([value, prefix]) => text(prefix) !== undefined && (text(value) ?? '').startsWith(text(prefix) as string),
    'String.endsWith': ([value, suffix]) => text(suffix) !== undefined && (text(value) ?? '').endsWith(text(suffix) as string),
    'String.toLowerCase': ([value]) => text(value)?.toLowerCase(),
    'String.toUpperCase': ([value]) => text(value)?.toUpperCase(),
    'String.len': ([value]) => text(value)?.length ?? 0,
    'Arrays.contains': ([list, item]) => Array.isArray(list) && list.includes(item),
    'Arrays.isEmpty': ([list]) => !Array.isArray(list) || list.length === 0,
    'Arrays.size': ([list]) => (Array.isArray(list) ? list.length : 0),
    isMemberOfGroup: ([id], scope) => groups(scope).some((group) => group.id === id),
    isMemberOfAnyGroup: (args, scope) => strings(args).some((id) => groups(scope).some((group) => group.id === id)),
    isMemberOfGroupName: ([name], scope) => names(scope).includes(text(name) ?? '\u0000'),
    isMemberOfGroupNameStartsWith: ([prefix], scope) => text(prefix) !== undefined && names(scope).some((name) => name.startsWith(text(prefix) as string)),
    isMemberOfGroupNameContains: ([part], scope) => text(part) !== undefined && names(scope).some((name) => name.includes(text(part) as string)),
  };
}

const FUNCTIONS = ruleFunctions();

export type RuleCondition = (user: UserDoc, groups: { id: string; name: string }[]) => boolean;

/** Compiles a rule's expression; throws FilterExpressionError naming what is wrong (Okta refuses such rules when saved). */
export function compileRuleExpression(deps: EmulatorDeps, source: string): RuleCondition {
  const known = new Set(knownAttributes(deps, 'user', DEFAULT_USER_TYPE_ID));
  const predicate = compileExpressionOver(source, {
    roots: ['user'],
    functions: FUNCTIONS,
    allowed: (path) => {
      const attribute = path[1];
      if (!attribute) return 'user must be followed by a profile attribute (user.department)';
      if (path.length > 2) return `${path.join('.')} is not a profile attribute`;
      return known.has(attribute) ? undefined : `Invalid property ${attribute} in expression ${source}`;
    },
  });
  return (user, groups) => predicate({ user: user.profile, groups });
}

export class GroupRuleTable extends DocTable<GroupRuleDoc> {
  /** Records that the rule added the user to the group. */
  remember(ruleId: string, groupId: string, userId: string): void {
    this.statement('INSERT OR IGNORE INTO directory_rule_members (rule_id, group_id, user_id) VALUES (?, ?, ?)').run(ruleId, groupId, userId);
  }

  /** Forgets the rule's membership; true when no other rule holds it either. */
  forget(ruleId: string, groupId: string, userId: string): boolean {
    this.statement('DELETE FROM directory_rule_members WHERE rule_id = ? AND group_id = ? AND user_id = ?').run(ruleId, groupId, userId);
    return this.statement('SELECT 1 FROM directory_rule_members WHERE group_id = ? AND user_id = ?').get(groupId, userId) === undefined;
  }

  membersAdded(ruleId: string, userId?: string): { groupId: string; userId: string }[] {
    const rows = (
      userId === undefined
        ? this.statement('SELECT group_id, user_id FROM directory_rule_members WHERE rule_id = ?').all(ruleId)
        : this.statement('SELECT group_id, user_id FROM directory_rule_members WHERE rule_id = ? AND user_id = ?').all(ruleId, userId)
    ) as { group_id: string; user_id: string }[];
    return rows.map((row) => ({ groupId: row.group_id, userId: row.user_id }));
  }
}

export const groupRules = perStore((db) => new GroupRuleTable(db, 'directory_group_rules'));

/** Records in the System Log a membership a rule changed. */
export type MembershipLog = (action: 'add' | 'remove', user: UserDoc, groupId: string) => void;

export const MEMBERSHIP_MESSAGE = { add: 'Add user to group membership', remove: 'Remove user from group membership' } as const;

function userGroups(deps: EmulatorDeps, userId: string): { id: string; name: string }[] {
  return deps.store.groups.groupsOfUser(userId, undefined, 100_000).items.map((group) => ({ id: group.id, name: group.profile.name }));
}

/** Applies one rule to one user: joins its groups when the user matches, leaves the ones it added otherwise. */
function applyRule(deps: EmulatorDeps, rule: GroupRuleDoc, condition: RuleCondition, user: UserDoc, log: MembershipLog): void {
  const table = groupRules(deps);
  const excluded = rule.conditions.people.users.exclude.includes(user.id);
  const groups = userGroups(deps, user.id);
  const excludedByGroup = groups.some((group) => rule.conditions.people.groups.exclude.includes(group.id));
  const matches = rule.status === 'ACTIVE' && !excluded && !excludedByGroup && !NOT_EVALUATED.has(user.status) && condition(user, groups);
  if (matches) {
    for (const groupId of rule.actions.assignUserToGroups.groupIds) {
      const group = deps.store.groups.get(groupId);
      if (!group) continue;
      if (deps.store.groups.addMember(groupId, user.id)) {
        table.remember(rule.id, groupId, user.id);
        deps.store.groups.update({ ...group, lastMembershipUpdated: deps.clock.now().toISOString() });
        log('add', user, groupId);
      }
      // A membership made by hand is not the rule's: it stays when the user stops matching.
    }
    return;
  }
  for (const added of table.membersAdded(rule.id, user.id)) {
    if (table.forget(rule.id, added.groupId, user.id) && deps.store.groups.removeMember(added.groupId, user.id)) log('remove', user, added.groupId);
  }
}

function compiledOrUndefined(deps: EmulatorDeps, rule: GroupRuleDoc): RuleCondition | undefined {
  try {
    return compileRuleExpression(deps, rule.conditions.expression.value);
  } catch (error) {
    // A schema attribute removed after the rule was saved: the rule no longer matches anyone.
    if (error instanceof FilterExpressionError) return undefined;
    throw error;
  }
}

/** Applies every ACTIVE rule to one user. */
export function applyRulesToUser(deps: EmulatorDeps, user: UserDoc, log: MembershipLog): void {
  for (const rule of groupRules(deps).all("json_extract(doc, '$.status') = 'ACTIVE'")) {
    const condition = compiledOrUndefined(deps, rule);
    if (condition) applyRule(deps, rule, condition, user, log);
  }
}

/** Applies one rule to every user (on activation). */
export function applyRuleToAll(deps: EmulatorDeps, rule: GroupRuleDoc, log: MembershipLog): void {
  const condition = compiledOrUndefined(deps, rule);
  if (!condition) return;
  for (const user of deps.store.users.all()) applyRule(deps, rule, condition, user, log);
}

/** Removes every membership the rule added (delete with `removeUsers=true`). */
export function removeRuleMembers(deps: EmulatorDeps, rule: GroupRuleDoc, log: MembershipLog): void {
  const table = groupRules(deps);
  for (const added of table.membersAdded(rule.id)) {
    const user = deps.store.users.get(added.userId);
    if (table.forget(rule.id, added.groupId, added.userId) && deps.store.groups.removeMember(added.groupId, added.userId) && user) log('remove', user, added.groupId);
  }
}

const TRIGGERS = new Set(['user.lifecycle.activate', 'user.account.update_profile', 'user.lifecycle.reactivate', 'user.lifecycle.unsuspend']);

/** Outside a request (a rule reacting to a user event): entries share the causing event's request, client and actor. */
export function membershipLogger(deps: EmulatorDeps, cause: Pick<LogEvent, 'client' | 'request' | 'transaction' | 'debugContext' | 'authenticationContext' | 'actor'>): MembershipLog {
  return (action, user, groupId) => {
    const group = deps.store.groups.get(groupId);
    const event: LogEvent = {
      ...(cause as LogEvent),
      uuid: newUuid(),
      published: deps.clock.now().toISOString(),
      eventType: `group.user_membership.${action}`,
      version: '0',
      severity: 'INFO',
      legacyEventType: null,
      displayMessage: MEMBERSHIP_MESSAGE[action],
      outcome: { result: 'SUCCESS', reason: null },
      device: null,
      securityContext: {},
      target: [
        userTarget(user),
        ...(group ? [groupTarget(group)] : []),
      ],
    };
    deps.store.logs.append(event);
  };
}

const subscribed = new WeakSet<object>();

/** Re-applies the rules to a user whenever the System Log says their profile changed or they were activated. */
export function applyRulesOnUserEvents(deps: EmulatorDeps): void {
  if (subscribed.has(deps.store.db)) return;
  subscribed.add(deps.store.db);
  deps.store.logs.onAppend((event) => {
    if (!TRIGGERS.has(event.eventType)) return;
    const target = event.target.find((item) => item.type === 'User');
    const user = target ? deps.store.users.get(target.id) : undefined;
    if (user) applyRulesToUser(deps, user, membershipLogger(deps, event));
  });
}

export function renderedStatus(deps: Pick<EmulatorDeps, 'store'>, rule: GroupRuleDoc): GroupRuleDoc['status'] | 'INVALID' {
  return rule.actions.assignUserToGroups.groupIds.every((id) => deps.store.groups.get(id)) ? rule.status : 'INVALID';
}

