/**
 * An import of app users, as a directory or HR source would run it:
 * `POST /api/v1/_emulator/imports` with `{ appId?, users: [{ profile: {...} }, ...] }` (API token).
 * Each app user is matched to an Okta user by login/email (LINK_USER when found, else CREATE_USER),
 * then the user import hook may change the profiles and the action. A hook that fails does not stop
 * the import: the user is created unchanged. New users are created STAGED, as Okta imports do.
 */
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError } from '../errors.js';
import { applyUserImportResponse, userImportHookFailed, type UserImportDraft, type UserImportHookResult } from '../hook-calls/apply-user-import.js';
import { isObject, readJsonObject } from '../http.js';
import { randomBase62 } from '../ids.js';
import type { JsonObject, UserDoc } from '../store/types.js';
import { validateProfile } from '../users.js';
import { ValidationIssues } from '../validation.js';
import { hookEnvelope, runInlineHook } from './hook-runner.js';
import { insertUser } from './new-user.js';

const MAX_USERS = 1000;

interface ImportResult {
  index: number;
  action: UserImportHookResult['action'];
  userId?: string;
  /** Why the hook's answer was not used (the user is then created unchanged). */
  hookFailure?: string;
  /** Why the user could not be created or linked. */
  error?: string;
}

/** Okta's default mapping from an app user to an Okta user profile. */
function mappedProfile(appUser: JsonObject): JsonObject {
  const email = appUser.email ?? appUser.login;
  const profile: JsonObject = { login: appUser.login ?? email, email, firstName: appUser.firstName, lastName: appUser.lastName };
  for (const key of ['department', 'title', 'mobilePhone', 'city', 'employeeNumber']) if (appUser[key] !== undefined) profile[key] = appUser[key];
  return profile;
}

function matchOf(deps: EmulatorDeps, profile: JsonObject): UserDoc | undefined {
  for (const key of ['login', 'email']) {
    const value = profile[key];
    const found = typeof value === 'string' ? deps.store.users.findByIdOrLogin(value) : undefined;
    if (found) return found;
  }
  return undefined;
}

async function importOne(c: EmulatorContext, deps: EmulatorDeps, job: { id: string; application: JsonObject }, appUser: JsonObject, index: number): Promise<ImportResult> {
  const userProfile = mappedProfile(appUser);
  const match = matchOf(deps, userProfile);
  const draft: UserImportDraft = { action: match ? 'LINK_USER' : 'CREATE_USER', appUserProfile: appUser, userProfile };
  const call = await runInlineHook(deps, 'user-import', job.id, (hook) =>
    hookEnvelope(deps, 'user-import', hook.id, {
      context: {
        conflicts: match ? ['login'] : [],
        application: job.application,
        job: { id: job.id, type: 'import:users' },
        matches: match ? [{ id: match.id }] : [],
        policy: ['EMAIL'],
      },
      action: { result: draft.action },
      appUser: { profile: appUser },
      user: { ...(match ? { id: match.id } : {}), profile: userProfile },
    }),
  );
  let result: UserImportHookResult = { action: draft.action, appUserProfile: appUser, userProfile, ...(match ? { linkUserId: match.id } : {}) };
  if (call) {
    const { outcome } = call;
    result = outcome.ok ? applyUserImportResponse(draft, outcome.body) : userImportHookFailed(draft, outcome.message);
    call.processed({
      applied: result.failure === undefined,
      ...(result.failure ? { reason: `the user is created unchanged: ${result.failure}` } : {}),
      ...(result.debugContext ? { debugContext: result.debugContext } : {}),
    });
  }
  const failure = result.failure ? { hookFailure: result.failure } : {};
  if (result.action === 'LINK_USER') {
    const linked = result.linkUserId ? deps.store.users.get(result.linkUserId) : undefined;
    if (!linked) return { index, action: 'LINK_USER', error: `no Okta user ${result.linkUserId ?? ''} to link to`, ...failure };
    return { index, action: 'LINK_USER', userId: linked.id, ...failure };
  }
  try {
    validateProfile(deps, result.userProfile);
    const user = insertUser(c, deps, { profile: result.userProfile as UserDoc['profile'], status: 'STAGED' });
    return { index, action: 'CREATE_USER', userId: user.id, ...failure };
  } catch (error) {
    if (!(error instanceof OktaApiError)) throw error;
    return { index, action: 'CREATE_USER', error: [error.message, ...error.causes].join(' '), ...failure };
  }
}

async function runImport(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const body = await readJsonObject(c);
  const users = body.users;
  if (!Array.isArray(users) || users.length === 0) ValidationIssues.fail('users', 'At least one app user is required');
  if (users.length > MAX_USERS) ValidationIssues.fail('users', `At most ${MAX_USERS} app users per import`);
  const profiles = users.map((user, index) => {
    if (!isObject(user) || !isObject(user.profile)) ValidationIssues.fail(`users[${index}].profile`, 'must be an object');
    return user.profile;
  });
  const appId = typeof body.appId === 'string' ? body.appId : undefined;
  const app = appId ? deps.store.apps.get(appId) : undefined;
  if (appId && !app) ValidationIssues.fail('appId', `Application ${appId} does not exist`);
  const application = app
    ? { name: app.name, id: app.id, label: app.label, status: app.status }
    : { name: 'emulator_import', id: '0oaemulatorimport0001', label: 'Emulator import', status: 'ACTIVE' };
  const job = { id: `ij${randomBase62(18)}`, application };
  const results: ImportResult[] = [];
  // One at a time, as Okta's import job does, so the hook sees users in order.
  for (const [index, profile] of profiles.entries()) results.push(await importOne(c, deps, job, profile, index));
  return c.json({ id: job.id, type: 'import:users', status: 'COMPLETED', results });
}

export function userImportRoutes(deps: EmulatorDeps): RouteDef[] {
  return [{ method: 'POST', path: '/api/v1/_emulator/imports', scope: 'okta.users.manage', handler: (c) => runImport(c, deps) }];
}
