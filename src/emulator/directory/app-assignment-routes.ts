/** `/api/v1/apps/{appId}/users` and `/api/v1/apps/{appId}/groups`: who is assigned to an app. */
import { audit, groupTarget, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { baseUrl, isObject, limitQuery, link, noContent, pageResponse, readJsonObject } from '../http.js';
import type { AppDoc, GroupDoc, JsonObject, LogTarget } from '../store/types.js';
import { getUserOr404 } from '../users.js';
import { ValidationIssues } from '../validation.js';
import { renderApp, renderGroup, renderUser } from '../views.js';
import { appAssignments, type AppGroupRow, type AppUser } from './app-assignments.js';
import { appParam as appOr404, groupParam as groupOr404 } from './params.js';

const appTarget = (app: AppDoc): LogTarget => ({ id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: null });

function optionalProfile(body: JsonObject, issues: ValidationIssues): JsonObject | undefined {
  if (body.profile === undefined || body.profile === null) return undefined;
  if (!isObject(body.profile)) {
    issues.add('profile', 'must be an object');
    return undefined;
  }
  return body.profile;
}

function renderAppUser(appUser: AppUser, appId: string, base: string, embedUser: boolean): JsonObject {
  const { user } = appUser;
  const links: JsonObject = { app: link(`${base}/api/v1/apps/${appId}`), user: link(`${base}/api/v1/users/${user.id}`) };
  if (appUser.groupId) links.group = link(`${base}/api/v1/groups/${appUser.groupId}`);
  return {
    id: user.id,
    externalId: null,
    created: appUser.created,
    lastUpdated: appUser.lastUpdated,
    scope: appUser.scope,
    status: user.status === 'ACTIVE' ? 'ACTIVE' : 'PROVISIONED',
    statusChanged: appUser.statusChanged,
    passwordChanged: null,
    syncState: 'DISABLED',
    credentials: { userName: user.profile.login },
    profile: appUser.profile,
    _links: links,
    ...(embedUser ? { _embedded: { user: renderUser(user, base) } } : {}),
  };
}

function renderAppGroup(row: AppGroupRow, appId: string, base: string, group?: GroupDoc): JsonObject {
  return {
    id: row.id,
    lastUpdated: row.lastUpdated,
    priority: row.priority,
    profile: row.profile,
    _links: { app: link(`${base}/api/v1/apps/${appId}`), group: link(`${base}/api/v1/groups/${row.id}`) },
    ...(group ? { _embedded: { group: renderGroup(group, base) } } : {}),
  };
}

/** Okta's `q` on app users: a prefix of the user's first name, last name, email or app user name. */
function matchesQuery(appUser: AppUser, q: string): boolean {
  const prefix = q.toLowerCase();
  const { profile } = appUser.user;
  return [profile.firstName, profile.lastName, profile.email, profile.login].some((value) => typeof value === 'string' && value.toLowerCase().startsWith(prefix));
}

export function appAssignmentRoutes(deps: EmulatorDeps): RouteDef[] {
  const assignments = appAssignments(deps);
  const users = (id: string) => deps.store.users.get(id);
  return [
    {
      method: 'GET',
      path: '/api/v1/apps/{appId}/users',
      scope: 'okta.apps.read',
      handler: (c) => {
        const app = appOr404(c, deps);
        const limit = limitQuery(c, 50, 500);
        const q = c.req.query('q');
        const embed = c.req.query('expand') === 'user';
        const render = (item: AppUser, base: string) => renderAppUser(item, app.id, base, embed);
        if (!q) return pageResponse(c, deps, assignments.appUsersPage(app.id, users, c.req.query('after'), limit), render);
        const matching = assignments.appUsersPage(app.id, users, undefined, 100_000).items.filter((item) => matchesQuery(item, q));
        const start = Number(c.req.query('after') ?? 0) || 0;
        const items = matching.slice(start, start + limit);
        return pageResponse(c, deps, { items, ...(start + limit < matching.length ? { next: String(start + limit) } : {}) }, render);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/apps/{appId}/users',
      scope: 'okta.apps.manage',
      handler: async (c) => {
        const app = appOr404(c, deps);
        const body = await readJsonObject(c);
        const issues = new ValidationIssues();
        issues.requireString(body.id, 'id');
        const profile = optionalProfile(body, issues);
        issues.throwIfAny();
        const user = getUserOr404(deps, String(body.id));
        if (user.status === 'DEPROVISIONED') throw new OktaApiError('E0000117');
        const now = deps.clock.now().toISOString();
        const existing = assignments.directRow(app.id, user.id);
        assignments.saveRow(app.id, user.id, {
          scope: 'USER',
          created: existing?.created ?? now,
          lastUpdated: now,
          statusChanged: existing?.statusChanged ?? now,
          profile: { ...(existing?.profile ?? {}), ...(profile ?? {}) },
        });
        audit(c, deps, { eventType: 'application.user_membership.add', displayMessage: 'Add user to application membership', target: [userTarget(user), appTarget(app)] });
        return c.json(renderAppUser(assignments.appUser(app.id, user) as AppUser, app.id, baseUrl(c, deps), false));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/apps/{appId}/users/{userId}',
      scope: 'okta.apps.read',
      handler: (c) => {
        const app = appOr404(c, deps);
        const appUser = appUserOr404(c, deps, app);
        return c.json(renderAppUser(appUser, app.id, baseUrl(c, deps), c.req.query('expand') === 'user'));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/apps/{appId}/users/{userId}',
      scope: 'okta.apps.manage',
      handler: async (c) => {
        const app = appOr404(c, deps);
        const current = appUserOr404(c, deps, app);
        const body = await readJsonObject(c);
        const issues = new ValidationIssues();
        const profile = optionalProfile(body, issues);
        issues.throwIfAny();
        if (current.user.status === 'DEPROVISIONED') throw new OktaApiError('E0000117');
        const stored = assignments.directRow(app.id, current.user.id);
        const now = deps.clock.now().toISOString();
        // A group-scoped user keeps the group's values for attributes the update does not set.
        const own = { ...(stored?.profile ?? (current.scope === 'USER' ? current.profile : {})), ...(profile ?? {}) };
        for (const [key, value] of Object.entries(own)) if (value === null) delete own[key];
        assignments.saveRow(app.id, current.user.id, { scope: current.scope, created: current.created, lastUpdated: now, statusChanged: current.statusChanged, profile: own });
        audit(c, deps, { eventType: 'application.user_membership.change_profile', displayMessage: 'Update user app profile', target: [userTarget(current.user), appTarget(app)] });
        return c.json(renderAppUser(assignments.appUser(app.id, current.user) as AppUser, app.id, baseUrl(c, deps), false));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/apps/{appId}/users/{userId}',
      scope: 'okta.apps.manage',
      handler: (c) => {
        const app = appOr404(c, deps);
        const current = appUserOr404(c, deps, app);
        if (current.scope === 'GROUP') {
          throw new OktaApiError('E0000001', 'user', ['user: The user is assigned to this app through a group; remove the group assignment or the group membership instead']);
        }
        assignments.deleteRow(app.id, current.user.id);
        audit(c, deps, { eventType: 'application.user_membership.remove', displayMessage: 'Remove user from application membership', target: [userTarget(current.user), appTarget(app)] });
        return noContent(c);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/apps/{appId}/groups',
      scope: 'okta.apps.read',
      handler: (c) => {
        const app = appOr404(c, deps);
        const embed = c.req.query('expand') === 'group';
        const page = assignments.groupsPage(app.id, c.req.query('after'), limitQuery(c, 20, 200));
        const q = c.req.query('q')?.toLowerCase();
        const items = q ? page.items.filter((row) => deps.store.groups.get(row.id)?.profile.name.toLowerCase().startsWith(q)) : page.items;
        return pageResponse(c, deps, { ...page, items }, (row, base) => renderAppGroup(row, app.id, base, embed ? deps.store.groups.get(row.id) : undefined));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/apps/{appId}/groups/{groupId}',
      scope: 'okta.apps.read',
      handler: (c) => {
        const app = appOr404(c, deps);
        const id = c.req.param('groupId') ?? '';
        const row = assignments.group(app.id, id);
        if (!row) throw notFound('ApplicationGroupAssignment', id);
        const group = c.req.query('expand') === 'group' ? deps.store.groups.get(id) : undefined;
        return c.json(renderAppGroup(row, app.id, baseUrl(c, deps), group));
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/apps/{appId}/groups/{groupId}',
      scope: 'okta.apps.manage',
      handler: async (c) => {
        const app = appOr404(c, deps);
        const group = groupOr404(c, deps);
        const body = await readJsonObject(c);
        const issues = new ValidationIssues();
        const profile = optionalProfile(body, issues);
        if (body.priority !== undefined && body.priority !== null && (!Number.isInteger(body.priority) || (body.priority as number) < 0)) {
          issues.add('priority', 'must be a non-negative integer');
        }
        issues.throwIfAny();
        const existing = assignments.group(app.id, group.id);
        const priority = typeof body.priority === 'number' ? body.priority : (existing?.priority ?? assignments.groupsPage(app.id, undefined, 100_000).items.length);
        const row: AppGroupRow = { id: group.id, priority, lastUpdated: deps.clock.now().toISOString(), profile: profile ?? existing?.profile ?? {} };
        assignments.saveGroup(app.id, row);
        audit(c, deps, {
          eventType: existing ? 'group.application_assignment.update' : 'group.application_assignment.add',
          displayMessage: existing ? 'Update group application assignment' : 'Add assigned application to group',
          target: [groupTarget(group), appTarget(app)],
        });
        return c.json(renderAppGroup(row, app.id, baseUrl(c, deps)));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/groups/{groupId}/apps',
      scope: 'okta.groups.read',
      handler: (c) => {
        const group = groupOr404(c, deps);
        const ids = assignments.appIdsOfGroup(group.id);
        const start = Number(c.req.query('after') ?? 0) || 0;
        const limit = limitQuery(c, 20, 200);
        const apps = ids.slice(start, start + limit).flatMap((id) => deps.store.apps.get(id) ?? []);
        return pageResponse(c, deps, { items: apps, ...(start + limit < ids.length ? { next: String(start + limit) } : {}) }, renderApp);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/apps/{appId}/groups/{groupId}',
      scope: 'okta.apps.manage',
      handler: (c) => {
        const app = appOr404(c, deps);
        const id = c.req.param('groupId') ?? '';
        const group = deps.store.groups.get(id);
        if (!group || !assignments.deleteGroup(app.id, id)) throw notFound('ApplicationGroupAssignment', id);
        audit(c, deps, { eventType: 'group.application_assignment.remove', displayMessage: 'Remove assigned application from group', target: [groupTarget(group), appTarget(app)] });
        return noContent(c);
      },
    },
  ];
}

function appUserOr404(c: EmulatorContext, deps: EmulatorDeps, app: AppDoc): AppUser {
  const id = c.req.param('userId') ?? '';
  const user = deps.store.users.get(id);
  const appUser = user ? appAssignments(deps).appUser(app.id, user) : undefined;
  if (!appUser) throw notFound('AppUser', id);
  return appUser;
}
