/** `/api/v1/groups/rules` (CRUD and lifecycle) and `/api/v1/groups/{groupId}/owners`. */
import { audit, groupTarget, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { FilterExpressionError } from '../event-filters/expression.js';
import { OktaApiError, notFound } from '../errors.js';
import { booleanQuery, isObject, limitQuery, noContent, pageResponse, readJsonObject } from '../http.js';
import { randomBase62 } from '../ids.js';
import type { JsonObject, LogTarget } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import {
  applyRuleToAll,
  compileRuleExpression,
  EXPRESSION_TYPE,
  groupRules,
  MEMBERSHIP_MESSAGE,
  removeRuleMembers,
  renderedStatus,
  type GroupRuleDoc,
  type MembershipLog,
} from './group-rules.js';
import { groupOwners, renderOwner } from './group-owners.js';
import { groupParam as groupOr404 } from './params.js';

const NAME_MAX = 50;

const ruleTarget = (rule: GroupRuleDoc): LogTarget => ({ id: rule.id, type: 'Rule', alternateId: 'unknown', displayName: rule.name, detailEntry: null });

const ids = (value: unknown): string[] | undefined => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined);

async function readRule(c: EmulatorContext, deps: EmulatorDeps, exceptId: string): Promise<Pick<GroupRuleDoc, 'name' | 'conditions' | 'actions'>> {
  const body = await readJsonObject(c);
  const issues = new ValidationIssues();
  if (issues.requireString(body.name, 'name')) {
    if (body.name.length > NAME_MAX) issues.add('name', `The field cannot exceed ${NAME_MAX} characters`);
    else if (groupRules(deps).all("json_extract(doc, '$.name') = ? AND id <> ?", [body.name, exceptId]).length > 0) {
      issues.add('name', 'An object with this field already exists in the current organization');
    }
  }
  if (body.type !== undefined && body.type !== 'group_rule') issues.add('type', "must be 'group_rule'");
  const conditions = isObject(body.conditions) ? body.conditions : {};
  const expression = isObject(conditions.expression) ? conditions.expression : {};
  const value = typeof expression.value === 'string' ? expression.value : '';
  if (value.trim() === '') issues.add('conditions.expression.value', 'The field cannot be left blank');
  else {
    try {
      compileRuleExpression(deps, value);
    } catch (error) {
      if (!(error instanceof FilterExpressionError)) throw error;
      issues.add('conditions.expression.value', error.message);
    }
  }
  if (expression.type !== undefined && expression.type !== EXPRESSION_TYPE) issues.add('conditions.expression.type', `must be '${EXPRESSION_TYPE}'`);
  const people = isObject(conditions.people) ? conditions.people : {};
  const excludedUsers = isObject(people.users) ? (ids(people.users.exclude ?? []) ?? (issues.add('conditions.people.users.exclude', 'must be a list of user ids'), [])) : [];
  const excludedGroups = isObject(people.groups) ? (ids(people.groups.exclude ?? []) ?? (issues.add('conditions.people.groups.exclude', 'must be a list of group ids'), [])) : [];
  const actions = isObject(body.actions) && isObject(body.actions.assignUserToGroups) ? body.actions.assignUserToGroups : {};
  const groupIds = ids(actions.groupIds);
  if (!groupIds || groupIds.length === 0) issues.add('actions.assignUserToGroups.groupIds', 'The field cannot be left blank');
  for (const id of groupIds ?? []) {
    const group = deps.store.groups.get(id);
    if (!group) issues.add('actions.assignUserToGroups.groupIds', `Group ${id} does not exist`);
    else if (group.type !== 'OKTA_GROUP') issues.add('actions.assignUserToGroups.groupIds', `Group ${id} is not an Okta group; rules assign to Okta groups only`);
  }
  issues.throwIfAny();
  return {
    name: String(body.name),
    conditions: { people: { users: { exclude: excludedUsers }, groups: { exclude: excludedGroups } }, expression: { value, type: EXPRESSION_TYPE } },
    actions: { assignUserToGroups: { groupIds: groupIds ?? [] } },
  };
}

function renderRule(deps: EmulatorDeps, rule: GroupRuleDoc, expand: boolean): JsonObject {
  const status = renderedStatus(deps, rule);
  const names: Record<string, string> = {};
  if (expand) for (const id of rule.actions.assignUserToGroups.groupIds) names[id] = deps.store.groups.get(id)?.profile.name ?? 'Group not found';
  return {
    ...rule,
    status,
    allGroupsValid: status !== 'INVALID',
    ...(expand ? { _embedded: { groupIdToGroupNameMap: names } } : {}),
  };
}

function ruleOr404(c: EmulatorContext, deps: EmulatorDeps): GroupRuleDoc {
  const id = c.req.param('ruleId') ?? '';
  const rule = groupRules(deps).get(id);
  if (!rule) throw notFound('GroupRule', id);
  return rule;
}

/** Membership changes a rule makes during this request, in the System Log as part of it. */
function logFor(c: EmulatorContext, deps: EmulatorDeps): MembershipLog {
  return (action, user, groupId) => {
    const group = deps.store.groups.get(groupId);
    audit(c, deps, { eventType: `group.user_membership.${action}`, displayMessage: MEMBERSHIP_MESSAGE[action], target: [userTarget(user), ...(group ? [groupTarget(group)] : [])] });
  };
}

export function groupRuleRoutes(deps: EmulatorDeps): RouteDef[] {
  const rules = groupRules(deps);
  const lifecycle = (status: GroupRuleDoc['status']): RouteDef => ({
    method: 'POST',
    path: `/api/v1/groups/rules/{ruleId}/lifecycle/${status === 'ACTIVE' ? 'activate' : 'deactivate'}`,
    scope: 'okta.groups.manage',
    handler: (c) => {
      const rule = ruleOr404(c, deps);
      if (status === 'ACTIVE' && renderedStatus(deps, rule) === 'INVALID') {
        throw new OktaApiError('E0000001', 'actions.assignUserToGroups.groupIds', ['actions.assignUserToGroups.groupIds: A group the rule assigns to no longer exists']);
      }
      const updated: GroupRuleDoc = { ...rule, status, lastUpdated: deps.clock.now().toISOString() };
      rules.update(updated);
      audit(c, deps, { eventType: `group.rule.${status === 'ACTIVE' ? 'activate' : 'deactivate'}`, displayMessage: `${status === 'ACTIVE' ? 'Activate' : 'Deactivate'} group rule`, target: [ruleTarget(updated)] });
      if (status === 'ACTIVE') applyRuleToAll(deps, updated, logFor(c, deps));
      return noContent(c);
    },
  });
  return [
    {
      method: 'GET',
      path: '/api/v1/groups/rules',
      scope: 'okta.groups.read',
      handler: (c) => {
        const search = c.req.query('search');
        const page = rules.page({
          ...(search ? { where: "instr(lower(json_extract(doc, '$.name')), lower(?)) > 0", params: [search] } : {}),
          after: c.req.query('after'),
          limit: limitQuery(c, 50, 200),
        });
        const expand = c.req.query('expand')?.split(',').includes('groupIdToGroupNameMap') ?? false;
        return pageResponse(c, deps, page, (rule) => renderRule(deps, rule, expand));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/groups/rules',
      scope: 'okta.groups.manage',
      handler: async (c) => {
        const input = await readRule(c, deps, '');
        const now = deps.clock.now().toISOString();
        // Okta creates rules INACTIVE; they apply once activated.
        const rule: GroupRuleDoc = { id: `0pr${randomBase62(17)}`, type: 'group_rule', status: 'INACTIVE', created: now, lastUpdated: now, ...input };
        rules.insert(rule);
        audit(c, deps, { eventType: 'group.rule.create', displayMessage: 'Create group rule', target: [ruleTarget(rule)] });
        return c.json(renderRule(deps, rule, false));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/groups/rules/{ruleId}',
      scope: 'okta.groups.read',
      handler: (c) => c.json(renderRule(deps, ruleOr404(c, deps), c.req.query('expand')?.split(',').includes('groupIdToGroupNameMap') ?? false)),
    },
    {
      method: 'PUT',
      path: '/api/v1/groups/rules/{ruleId}',
      scope: 'okta.groups.manage',
      handler: async (c) => {
        const rule = ruleOr404(c, deps);
        if (rule.status === 'ACTIVE') throw new OktaApiError('E0000001', 'status', ['status: An ACTIVE rule cannot be updated; deactivate it first']);
        const input = await readRule(c, deps, rule.id);
        const updated: GroupRuleDoc = { ...rule, ...input, lastUpdated: deps.clock.now().toISOString() };
        rules.update(updated);
        audit(c, deps, { eventType: 'group.rule.update', displayMessage: 'Update group rule', target: [ruleTarget(updated)] });
        return c.json(renderRule(deps, updated, false));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/groups/rules/{ruleId}',
      scope: 'okta.groups.manage',
      handler: (c) => {
        const rule = ruleOr404(c, deps);
        if (booleanQuery(c, 'removeUsers', false)) removeRuleMembers(deps, rule, logFor(c, deps));
        rules.delete(rule.id);
        audit(c, deps, { eventType: 'group.rule.delete', displayMessage: 'Delete group rule', target: [ruleTarget(rule)] });
        return noContent(c);
      },
    },
    lifecycle('ACTIVE'),
    lifecycle('INACTIVE'),
    {
      method: 'GET',
      path: '/api/v1/groups/{groupId}/owners',
      scope: 'okta.groups.read',
      handler: (c) => {
        const group = groupOr404(c, deps);
        const page = groupOwners(deps).page(group.id, c.req.query('after'), limitQuery(c, 1000, 1000));
        const search = c.req.query('search')?.toLowerCase();
        const rendered = page.items.map((owner) => renderOwner(deps, owner));
        const items = search ? rendered.filter((owner) => owner.id === search || String(owner.displayName).toLowerCase().includes(search)) : rendered;
        return pageResponse(c, deps, { ...page, items }, (owner) => owner);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/groups/{groupId}/owners',
      scope: 'okta.groups.manage',
      handler: async (c) => {
        const group = groupOr404(c, deps);
        const body = await readJsonObject(c);
        const issues = new ValidationIssues();
        issues.requireString(body.id, 'id');
        if (body.type !== 'USER' && body.type !== 'GROUP') issues.add('type', "must be 'USER' or 'GROUP'");
        issues.throwIfAny();
        const id = String(body.id);
        const type = body.type as 'USER' | 'GROUP';
        if (type === 'USER' && !deps.store.users.get(id)) throw notFound('User', id);
        if (type === 'GROUP' && !deps.store.groups.get(id)) throw notFound('UserGroup', id);
        const owner = groupOwners(deps).add(group.id, { id, type, lastUpdated: deps.clock.now().toISOString() });
        audit(c, deps, { eventType: 'group.owner.add', displayMessage: 'Add owner to group', target: [groupTarget(group)] });
        return c.json(renderOwner(deps, owner), 201);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/groups/{groupId}/owners/{ownerId}',
      scope: 'okta.groups.manage',
      handler: (c) => {
        const group = groupOr404(c, deps);
        const ownerId = c.req.param('ownerId') ?? '';
        if (!groupOwners(deps).remove(group.id, ownerId)) throw notFound('GroupOwner', ownerId);
        audit(c, deps, { eventType: 'group.owner.remove', displayMessage: 'Remove owner from group', target: [groupTarget(group)] });
        return noContent(c);
      },
    },
  ];
}
