/**
 * Admin roles assigned to users and groups (`/api/v1/{users|groups}/{id}/roles`) and the targets
 * that narrow them: groups for the group-scoped roles, apps (a whole catalog app by name, or one
 * instance) for APP_ADMIN. A role with no targets applies org-wide; `targets/catalog/apps` PUT
 * makes an APP_ADMIN org-wide again. The emulator records roles; it does not scope API tokens by them.
 */
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { baseUrl, limitQuery, link, noContent, pageResponse, readJsonObject } from '../http.js';
import { randomBase62 } from '../ids.js';
import { DocTable, parseCursor } from '../store/doc-table.js';
import type { JsonObject } from '../store/types.js';
import { getUserOr404 } from '../users.js';
import { ValidationIssues } from '../validation.js';
import { renderGroup } from '../views.js';
import { perStore } from './per-store.js';

/** Okta's standard admin roles and their labels. */
const ROLE_LABELS: Record<string, string> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organizational Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read-only Administrator',
  MOBILE_ADMIN: 'Mobile Administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
  REPORT_ADMIN: 'Report Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
};
const GROUP_TARGETED = new Set(['USER_ADMIN', 'HELP_DESK_ADMIN', 'GROUP_MEMBERSHIP_ADMIN']);
const APP_TARGETED = new Set(['APP_ADMIN']);

type Principal = 'USER' | 'GROUP';

interface RoleDoc {
  id: string;
  principalId: string;
  assignmentType: Principal;
  type: string;
  label: string;
  status: 'ACTIVE';
  created: string;
  lastUpdated: string;
}

const roles = perStore((db) => new DocTable<RoleDoc>(db, 'directory_roles', (role) => ({ principal_id: role.principalId })));

function render(role: RoleDoc, base: string): JsonObject {
  const { principalId, ...shown } = role;
  const assignee = `${base}/api/v1/${role.assignmentType === 'USER' ? 'users' : 'groups'}/${principalId}`;
  return { ...shown, _links: { assignee: link(assignee) } };
}

interface TargetRow {
  seq: number;
  target: string;
}

function targets(deps: EmulatorDeps, roleId: string, kind: 'group' | 'app', after: string | undefined, limit: number): { items: TargetRow[]; next?: string } {
  const rows = deps.store.db
    .prepare('SELECT seq, target FROM directory_role_targets WHERE role_id = ? AND kind = ? AND seq > ? ORDER BY seq LIMIT ?')
    .all(roleId, kind, parseCursor(after) ?? 0, limit) as unknown as TargetRow[];
  const last = rows.at(-1);
  return { items: rows, ...(rows.length === limit && last ? { next: String(last.seq) } : {}) };
}

function targetCount(deps: EmulatorDeps, roleId: string, kind: 'group' | 'app'): number {
  return (deps.store.db.prepare('SELECT COUNT(*) AS n FROM directory_role_targets WHERE role_id = ? AND kind = ?').get(roleId, kind) as { n: number }).n;
}

function addTarget(deps: EmulatorDeps, roleId: string, kind: 'group' | 'app', target: string): void {
  deps.store.db.prepare('INSERT OR IGNORE INTO directory_role_targets (role_id, kind, target) VALUES (?, ?, ?)').run(roleId, kind, target);
}

function removeTarget(deps: EmulatorDeps, role: RoleDoc, kind: 'group' | 'app', target: string): void {
  const exists = deps.store.db.prepare('SELECT 1 FROM directory_role_targets WHERE role_id = ? AND kind = ? AND target = ?').get(role.id, kind, target);
  if (!exists) throw notFound(kind === 'group' ? 'UserGroup' : 'App', target);
  // Okta keeps a scoped role scoped: its last target goes only with the role itself.
  if (targetCount(deps, role.id, kind) === 1) {
    throw new OktaApiError('E0000001', 'target', ['target: The last target of a role cannot be removed; remove the role assignment instead']);
  }
  deps.store.db.prepare('DELETE FROM directory_role_targets WHERE role_id = ? AND kind = ? AND target = ?').run(role.id, kind, target);
}

/** An app of the catalog, by the `name` of the org's apps (the emulator has no OIN catalog of its own). */
function catalogEntry(deps: EmulatorDeps, target: string): JsonObject {
  const [name, appId] = target.split('/');
  const app = appId ? deps.store.apps.get(appId) : deps.store.apps.all("json_extract(doc, '$.name') = ?", [name ?? ''])[0];
  return {
    name,
    displayName: app?.label ?? name,
    description: null,
    status: 'ACTIVE',
    lastUpdated: app?.lastUpdated ?? null,
    category: null,
    signOnModes: app ? [app.signOnMode] : [],
    ...(appId ? { id: appId } : {}),
    _links: {},
  };
}

export function adminRoleRoutes(deps: EmulatorDeps): RouteDef[] {
  return [...routesFor(deps, 'USER'), ...routesFor(deps, 'GROUP')];
}

function routesFor(deps: EmulatorDeps, principal: Principal): RouteDef[] {
  const base = principal === 'USER' ? '/api/v1/users/{userId}/roles' : '/api/v1/groups/{groupId}/roles';
  const one = `${base}/{roleId}`;
  const groupTargetParam = principal === 'USER' ? 'groupId' : 'targetGroupId';
  const principalId = (c: EmulatorContext): string => {
    if (principal === 'USER') return getUserOr404(deps, c.req.param('userId') ?? '').id;
    const id = c.req.param('groupId') ?? '';
    if (!deps.store.groups.get(id)) throw notFound('UserGroup', id);
    return id;
  };
  const roleOr404 = (c: EmulatorContext): RoleDoc => {
    const owner = principalId(c);
    const id = c.req.param('roleId') ?? '';
    const role = roles(deps).get(id);
    if (!role || role.principalId !== owner) throw notFound('Role', id);
    return role;
  };
  const targeted = (c: EmulatorContext, kind: 'group' | 'app'): RoleDoc => {
    const role = roleOr404(c);
    if (!(kind === 'group' ? GROUP_TARGETED : APP_TARGETED).has(role.type)) throw new OktaApiError('E0000091');
    return role;
  };
  const appTarget = (c: EmulatorContext): string => {
    const name = c.req.param('appName') ?? '';
    const appId = c.req.param('applicationId');
    if (appId !== undefined) {
      const app = deps.store.apps.get(appId);
      if (!app || app.name !== name) throw notFound('AppInstance', appId);
      return `${name}/${appId}`;
    }
    if (deps.store.apps.all("json_extract(doc, '$.name') = ?", [name]).length === 0) throw notFound('App', name);
    return name;
  };
  const catalog = `${one}/targets/catalog/apps`;
  return [
    {
      method: 'GET',
      path: base,
      scope: 'okta.roles.read',
      handler: (c) => c.json(roles(deps).all('principal_id = ?', [principalId(c)]).map((role) => render(role, baseUrl(c, deps)))),
    },
    {
      method: 'POST',
      path: base,
      scope: 'okta.roles.manage',
      handler: async (c) => {
        const owner = principalId(c);
        const body = await readJsonObject(c);
        const type = typeof body.type === 'string' ? body.type : '';
        if (!ROLE_LABELS[type]) ValidationIssues.fail('type', `must be one of ${Object.keys(ROLE_LABELS).join(', ')} (custom roles are not modelled)`);
        if (roles(deps).all("principal_id = ? AND json_extract(doc, '$.type') = ?", [owner, type]).length > 0) throw new OktaApiError('E0000090');
        const now = deps.clock.now().toISOString();
        const role: RoleDoc = { id: `ra1${randomBase62(17)}`, principalId: owner, assignmentType: principal, type, label: ROLE_LABELS[type] as string, status: 'ACTIVE', created: now, lastUpdated: now };
        roles(deps).insert(role);
        // Okta answers 201 for a user's new role and 200 for a group's.
        return c.json(render(role, baseUrl(c, deps)), principal === 'USER' ? 201 : 200);
      },
    },
    { method: 'GET', path: one, scope: 'okta.roles.read', handler: (c) => c.json(render(roleOr404(c), baseUrl(c, deps))) },
    {
      method: 'DELETE',
      path: one,
      scope: 'okta.roles.manage',
      handler: (c) => {
        roles(deps).delete(roleOr404(c).id);
        return noContent(c);
      },
    },
    {
      method: 'GET',
      path: `${one}/targets/groups`,
      scope: 'okta.roles.read',
      handler: (c) => {
        const page = targets(deps, targeted(c, 'group').id, 'group', c.req.query('after'), limitQuery(c, 20, 100));
        const groups = page.items.map((row) => deps.store.groups.get(row.target)).filter((group) => group !== undefined);
        return pageResponse(c, deps, { items: groups, ...(page.next ? { next: page.next } : {}) }, renderGroup);
      },
    },
    {
      method: 'PUT',
      path: `${one}/targets/groups/{${groupTargetParam}}`,
      scope: 'okta.roles.manage',
      handler: (c) => {
        const role = targeted(c, 'group');
        const id = c.req.param(groupTargetParam) ?? '';
        if (!deps.store.groups.get(id)) throw notFound('UserGroup', id);
        addTarget(deps, role.id, 'group', id);
        return noContent(c);
      },
    },
    {
      method: 'DELETE',
      path: `${one}/targets/groups/{${groupTargetParam}}`,
      scope: 'okta.roles.manage',
      handler: (c) => {
        removeTarget(deps, targeted(c, 'group'), 'group', c.req.param(groupTargetParam) ?? '');
        return noContent(c);
      },
    },
    {
      method: 'GET',
      path: catalog,
      scope: 'okta.roles.read',
      handler: (c) => {
        const page = targets(deps, targeted(c, 'app').id, 'app', c.req.query('after'), limitQuery(c, 20, 100));
        return pageResponse(c, deps, page, (row) => catalogEntry(deps, row.target));
      },
    },
    ...(principal === 'USER'
      ? [
          {
            method: 'PUT' as const,
            path: catalog,
            scope: 'okta.roles.manage',
            handler: (c: EmulatorContext) => {
              const role = targeted(c, 'app');
              deps.store.db.prepare("DELETE FROM directory_role_targets WHERE role_id = ? AND kind = 'app'").run(role.id);
              return c.body(null, 200);
            },
          },
        ]
      : []),
    ...(['', '/{applicationId}'] as const).flatMap((suffix): RouteDef[] => [
      {
        method: 'PUT',
        path: `${catalog}/{appName}${suffix}`,
        scope: 'okta.roles.manage',
        handler: (c) => {
          const role = targeted(c, 'app');
          addTarget(deps, role.id, 'app', appTarget(c));
          return noContent(c);
        },
      },
      {
        method: 'DELETE',
        path: `${catalog}/{appName}${suffix}`,
        scope: 'okta.roles.manage',
        handler: (c) => {
          const role = targeted(c, 'app');
          const name = c.req.param('appName') ?? '';
          const appId = c.req.param('applicationId');
          removeTarget(deps, role, 'app', appId === undefined ? name : `${name}/${appId}`);
          return noContent(c);
        },
      },
    ]),
  ];
}
