import { audit, groupTarget, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { type AttributeInfo, compileExpression, escapeLike, jsonPath } from '../filter.js';
import { newGroupDoc } from '../documents.js';
import { baseUrl, isObject, limitQuery, noContent, pageResponse, readJsonObject } from '../http.js';
import { newId } from '../ids.js';
import { checkProfileAgainstSchema } from '../schemas/profile-validation.js';
import type { GroupDoc } from '../store/types.js';
import { userIdParam } from '../users.js';
import { renderGroup, renderUser } from '../views.js';
import { ValidationIssues } from '../validation.js';

function groupOr404(c: EmulatorContext, deps: EmulatorDeps): GroupDoc {
  const id = c.req.param('groupId') ?? '';
  const group = deps.store.groups.get(id);
  if (!group) throw notFound('UserGroup', id);
  return group;
}

async function readGroupProfile(c: EmulatorContext, deps: EmulatorDeps, exceptId = ''): Promise<GroupDoc['profile']> {
  const body = await readJsonObject(c);
  const profile = body.profile;
  if (!isObject(profile)) ValidationIssues.fail('profile', 'The field cannot be left blank');
  const issues = new ValidationIssues();
  if (issues.requireString(profile.name, 'name') && deps.store.groups.nameTaken(profile.name, exceptId)) {
    issues.add('name', 'An object with this field already exists in the current organization');
  }
  issues.throwIfAny();
  checkProfileAgainstSchema(deps, 'group', profile);
  return { ...profile, name: String(profile.name), description: typeof profile.description === 'string' ? profile.description : null };
}

function groupAttribute(path: string): AttributeInfo | undefined {
  if (path === 'id') return { sql: 'id', kind: 'other' };
  if (path === 'type') return { sql: jsonPath('type') ?? '', kind: 'other' };
  if (path === 'created' || path === 'lastUpdated' || path === 'lastMembershipUpdated') return { sql: jsonPath(path) ?? '', kind: 'date' };
  const sql = path.startsWith('profile.') ? jsonPath(path) : undefined;
  return sql ? { sql, kind: 'string' } : undefined;
}

function membershipChange(c: EmulatorContext, deps: EmulatorDeps, action: 'add' | 'remove'): Response {
  const group = groupOr404(c, deps);
  const user = userIdParam(c, deps);
  const changed = action === 'add' ? deps.store.groups.addMember(group.id, user.id) : deps.store.groups.removeMember(group.id, user.id);
  if (changed) {
    deps.store.groups.update({ ...group, lastMembershipUpdated: deps.clock.now().toISOString() });
    audit(c, deps, {
      eventType: `group.user_membership.${action}`,
      displayMessage: action === 'add' ? 'Add user to group membership' : 'Remove user from group membership',
      target: [userTarget(user), groupTarget(group)],
    });
  }
  return noContent(c);
}

export function groupRoutes(deps: EmulatorDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/groups',
      scope: 'okta.groups.read',
      handler: (c) => {
        const q = c.req.query('q');
        const expression = c.req.query('search') ?? c.req.query('filter');
        if (q && expression) throw new OktaApiError('E0000033');
        const condition = expression
          ? compileExpression(expression, groupAttribute)
          : q
            ? { sql: "name LIKE ? ESCAPE '\\'", params: [`${escapeLike(q)}%`] }
            : { sql: '', params: [] };
        const page = deps.store.groups.page({ where: condition.sql, params: condition.params, after: c.req.query('after'), limit: limitQuery(c, 10000, 10000) });
        return pageResponse(c, deps, page, renderGroup);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/groups',
      scope: 'okta.groups.manage',
      handler: async (c) => {
        const profile = await readGroupProfile(c, deps);
        const group = newGroupDoc(newId('group'), profile, deps.clock.now().toISOString());
        deps.store.groups.insert(group);
        audit(c, deps, { eventType: 'group.lifecycle.create', displayMessage: 'Create okta group', target: [groupTarget(group)] });
        return c.json(renderGroup(group, baseUrl(c, deps)));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/groups/{groupId}',
      scope: 'okta.groups.read',
      handler: (c) => c.json(renderGroup(groupOr404(c, deps), baseUrl(c, deps))),
    },
    {
      method: 'PUT',
      path: '/api/v1/groups/{groupId}',
      scope: 'okta.groups.manage',
      handler: async (c) => {
        const group = groupOr404(c, deps);
        const profile = await readGroupProfile(c, deps, group.id);
        const updated = { ...group, profile, lastUpdated: deps.clock.now().toISOString() };
        deps.store.groups.update(updated);
        audit(c, deps, { eventType: 'group.profile.update', displayMessage: 'Update group profile', target: [groupTarget(updated)] });
        return c.json(renderGroup(updated, baseUrl(c, deps)));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/groups/{groupId}',
      scope: 'okta.groups.manage',
      handler: (c) => {
        const group = groupOr404(c, deps);
        deps.store.groups.delete(group.id);
        audit(c, deps, { eventType: 'group.lifecycle.delete', displayMessage: 'Delete okta group', target: [groupTarget(group)] });
        return noContent(c);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/groups/{groupId}/users',
      scope: 'okta.groups.read',
      handler: (c) => {
        const group = groupOr404(c, deps);
        return pageResponse(c, deps, deps.store.groups.membersPage(group.id, c.req.query('after'), limitQuery(c, 1000, 1000)), renderUser);
      },
    },
    { method: 'PUT', path: '/api/v1/groups/{groupId}/users/{userId}', scope: 'okta.groups.manage', handler: (c) => membershipChange(c, deps, 'add') },
    {
      method: 'DELETE',
      path: '/api/v1/groups/{groupId}/users/{userId}',
      scope: 'okta.groups.manage',
      handler: (c) => membershipChange(c, deps, 'remove'),
    },
  ];
}
