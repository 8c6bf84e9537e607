import type { SQLInputValue } from 'node:sqlite';
import { audit, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError } from '../errors.js';
import { type AttributeInfo, compileExpression, escapeLike, jsonPath } from '../filter.js';
import { baseUrl, booleanQuery, isObject, limitQuery, noContent, pageResponse, readJsonObject } from '../http.js';
import { newId } from '../ids.js';
import { inTransaction } from '../store/db.js';
import type { JsonObject, UserDoc, UserStatus } from '../store/types.js';
import { userTypeExists } from '../schemas/org-schemas.js';
import { DEFAULT_USER_TYPE_ID, readCredentials, userIdParam, validateProfile } from '../users.js';
import { renderGroup, renderUser } from '../views.js';
import { deactivateUser } from './user-lifecycle.js';

const USER_DATES = new Set(['created', 'activated', 'statusChanged', 'lastUpdated', 'lastLogin', 'passwordChanged']);

function userAttribute(path: string): AttributeInfo | undefined {
  if (path === 'id' || path === 'status') return { sql: path, kind: 'other' };
  if (path === 'profile.login') return { sql: 'login', kind: 'string' };
  const sql = jsonPath(path);
  if (!sql) return undefined;
  if (USER_DATES.has(path)) return { sql, kind: 'date' };
  if (path === 'type.id' || path.startsWith('profile.')) return { sql, kind: 'string' };
  return undefined;
}

/** `q`, `filter` and `search` as one SQL condition; without filter/search Okta hides DEPROVISIONED users. */
function listCondition(c: EmulatorContext): { where: string; params: SQLInputValue[] } {
  const q = c.req.query('q');
  const filter = c.req.query('filter');
  const search = c.req.query('search');
  if (filter && (q || search)) throw new OktaApiError('E0000033');
  const expression = search ?? filter;
  if (expression) return sqlOf(compileExpression(expression, userAttribute));
  if (q) {
    const prefix = `${escapeLike(q)}%`;
    const fields = ['firstName', 'lastName', 'email'].map((name) => `json_extract(doc, '$.profile.${name}') LIKE ? ESCAPE '\\'`);
    return { where: `status <> 'DEPROVISIONED' AND (${[...fields, "login LIKE ? ESCAPE '\\'"].join(' OR ')})`, params: [prefix, prefix, prefix, prefix] };
  }
  return { where: "status <> 'DEPROVISIONED'", params: [] };
}

function sqlOf(condition: { sql: string; params: SQLInputValue[] }): { where: string; params: SQLInputValue[] } {
  return { where: condition.sql, params: condition.params };
}

async function createUser(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const body = await readJsonObject(c);
  const activate = booleanQuery(c, 'activate', true);
  const nextLogin = c.req.query('nextLogin');
  const typeId = isObject(body.type) && typeof body.type.id === 'string' ? body.type.id : DEFAULT_USER_TYPE_ID;
  if (!userTypeExists(deps, typeId)) throw new OktaApiError('E0000001', 'type', [`type: User type ${typeId} does not exist`]);
  validateProfile(deps, body.profile, '', typeId);
  const profile = body.profile;
  const change = await readCredentials(deps, body, profile.login);
  if (nextLogin === 'changePassword') {
    if (!activate) throw new OktaApiError('E0000125');
    if (!change.secret.passwordHash) throw new OktaApiError('E0000124');
  }
  const groupIds = Array.isArray(body.groupIds) ? body.groupIds.filter((id): id is string => typeof id === 'string') : [];
  for (const groupId of groupIds) {
    if (!deps.store.groups.get(groupId)) throw new OktaApiError('E0000001', 'groupIds', [`groupIds: Group ${groupId} does not exist`]);
  }
  const now = deps.clock.now().toISOString();
  let status: UserStatus = 'STAGED';
  if (activate) status = change.passwordSet ? (nextLogin === 'changePassword' ? 'PASSWORD_EXPIRED' : 'ACTIVE') : 'PROVISIONED';
  const user: UserDoc = {
    id: newId('user'),
    status,
    created: now,
    activated: activate ? now : null,
    statusChanged: activate ? now : null,
    lastLogin: null,
    lastUpdated: now,
    passwordChanged: change.secret.passwordHash ? now : null,
    type: { id: typeId },
    profile,
    credentials: {
      provider: { type: 'OKTA', name: 'OKTA' },
      ...change.credentials,
      emails: [{ value: String(profile.email), status: 'VERIFIED', type: 'PRIMARY' }],
    },
  };
  inTransaction(deps.store.db, () => {
    deps.store.users.insert(user, { failedLogins: 0, ...change.secret });
    for (const groupId of groupIds) deps.store.groups.addMember(groupId, user.id);
  });
  audit(c, deps, { eventType: 'user.lifecycle.create', displayMessage: 'Create Okta user', target: [userTarget(user)] });
  if (activate) audit(c, deps, { eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user', target: [userTarget(user)] });
  return c.json(renderUser(user, baseUrl(c, deps)), 200);
}

/** POST merges the given profile properties; PUT replaces the whole profile. */
async function updateUser(c: EmulatorContext, deps: EmulatorDeps, mode: 'partial' | 'replace'): Promise<Response> {
  const user = userIdParam(c, deps);
  const body = await readJsonObject(c);
  let profile: JsonObject = user.profile;
  if (body.profile !== undefined) {
    if (!isObject(body.profile)) throw new OktaApiError('E0000001', 'profile', ['profile: must be an object']);
    profile = mode === 'partial' ? { ...user.profile, ...body.profile } : body.profile;
    for (const [key, value] of Object.entries(profile)) if (value === null && mode === 'partial') delete profile[key];
  } else if (mode === 'replace') {
    throw new OktaApiError('E0000001', 'profile', ['profile: The field cannot be left blank']);
  }
  validateProfile(deps, profile, user.id, user.type.id);
  const change = await readCredentials(deps, body, profile.login);
  const now = deps.clock.now().toISOString();
  const updated: UserDoc = {
    ...user,
    profile,
    lastUpdated: now,
    passwordChanged: change.secret.passwordHash ? now : user.passwordChanged,
    credentials: { ...user.credentials, ...change.credentials },
  };
  const secret = deps.store.users.getSecret(user.id) ?? { failedLogins: 0 };
  deps.store.users.update(updated, { ...secret, ...change.secret });
  if (body.profile !== undefined) {
    audit(c, deps, { eventType: 'user.account.update_profile', displayMessage: 'Update user profile for Okta', target: [userTarget(updated)] });
  }
  if (change.secret.passwordHash) {
    audit(c, deps, { eventType: 'user.account.update_password', displayMessage: 'Update password for Okta user', target: [userTarget(updated)] });
  }
  return c.json(renderUser(updated, baseUrl(c, deps)));
}

/** Okta's two-step delete: the first DELETE deactivates, the second (on DEPROVISIONED) deletes. */
function deleteUser(c: EmulatorContext, deps: EmulatorDeps): Response {
  const user = userIdParam(c, deps);
  if (user.status !== 'DEPROVISIONED') {
    deactivateUser(c, deps, user);
    return noContent(c);
  }
  deps.store.users.delete(user.id);
  audit(c, deps, { eventType: 'user.lifecycle.delete.initiated', displayMessage: 'Delete Okta user', target: [userTarget(user)] });
  return noContent(c);
}

export function userRoutes(deps: EmulatorDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/users',
      scope: 'okta.users.read',
      handler: (c) => {
        const condition = listCondition(c);
        const page = deps.store.users.page({ ...condition, after: c.req.query('after'), limit: limitQuery(c, 200, 200) });
        return pageResponse(c, deps, page, renderUser);
      },
    },
    { method: 'POST', path: '/api/v1/users', scope: 'okta.users.manage', handler: (c) => createUser(c, deps) },
    {
      method: 'GET',
      path: '/api/v1/users/{userId}',
      scope: 'okta.users.read',
      handler: (c) => c.json(renderUser(userIdParam(c, deps), baseUrl(c, deps))),
    },
    { method: 'POST', path: '/api/v1/users/{userId}', scope: 'okta.users.manage', handler: (c) => updateUser(c, deps, 'partial') },
    { method: 'PUT', path: '/api/v1/users/{userId}', scope: 'okta.users.manage', handler: (c) => updateUser(c, deps, 'replace') },
    { method: 'DELETE', path: '/api/v1/users/{userId}', scope: 'okta.users.manage', handler: (c) => deleteUser(c, deps) },
    {
      method: 'GET',
      path: '/api/v1/users/{userId}/groups',
      scope: 'okta.users.read',
      handler: (c) => {
        const user = userIdParam(c, deps);
        return pageResponse(c, deps, deps.store.groups.groupsOfUser(user.id, c.req.query('after'), limitQuery(c, 10000, 10000)), renderGroup);
      },
    },
  ];
}
