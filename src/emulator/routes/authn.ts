import { audit, userActor, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError } from '../errors.js';
import { readJsonObject, stringField } from '../http.js';
import { newOpaqueToken } from '../ids.js';
import { checkPassword } from '../flows/password-import.js';
import { requestInfoOf } from '../flows/hook-runner.js';
import type { JsonObject, UserDoc } from '../store/types.js';
import { ValidationIssues } from '../validation.js';

function embeddedUser(user: UserDoc): JsonObject {
  const { login, firstName, lastName, locale, timezone } = user.profile;
  return { id: user.id, passwordChanged: user.passwordChanged, profile: { login, firstName, lastName, locale: locale ?? 'en', timeZone: timezone ?? 'America/Los_Angeles' } };
}

function failedSignIn(c: EmulatorContext, deps: EmulatorDeps, username: string, user: UserDoc | undefined, reason: string): void {
  audit(c, deps, {
    eventType: 'user.session.start',
    displayMessage: 'User login to Okta',
    severity: 'WARN',
    outcome: { result: 'FAILURE', reason },
    actor: user ? userActor(user) : { id: 'unknown', type: 'User', alternateId: username, displayName: 'unknown', detailEntry: null },
  });
}

/** Counts a wrong password; at the policy's limit the account locks, as Okta's default password policy does. */
function recordFailure(c: EmulatorContext, deps: EmulatorDeps, user: UserDoc): UserDoc {
  const secret = deps.store.users.getSecret(user.id) ?? { failedLogins: 0 };
  secret.failedLogins += 1;
  if (secret.failedLogins < deps.settings.lockoutAttempts || user.status !== 'ACTIVE') {
    deps.store.users.update(user, secret);
    return user;
  }
  const now = deps.clock.now().toISOString();
  const locked: UserDoc = { ...user, status: 'LOCKED_OUT', statusChanged: now, lastUpdated: now };
  deps.store.users.update(locked, secret);
  deps.store.sessions.deleteForUser(user.id);
  audit(c, deps, { eventType: 'user.account.lock', displayMessage: 'Max sign in attempts exceeded', actor: userActor(user), target: [userTarget(user)] });
  return locked;
}

export type PrimaryAuthentication =
  | { status: 'SUCCESS' | 'PASSWORD_EXPIRED'; user: UserDoc }
  | { status: 'LOCKED_OUT' }
  | { status: 'FAILED' };

/**
 * Username and password as primary authentication checks them (the Authentication API and the
 * hosted sign-in page): password import, lockout after the policy's failures, the System Log.
 */
export async function authenticatePrimary(c: EmulatorContext, deps: EmulatorDeps, username: string, password: string): Promise<PrimaryAuthentication> {
  let user = deps.store.users.findByIdOrLogin(username);
  if (!user) {
    failedSignIn(c, deps, username, undefined, 'VERIFICATION_ERROR');
    return { status: 'FAILED' };
  }
  if (user.status === 'LOCKED_OUT') return { status: 'LOCKED_OUT' };
  const passwordOk = await checkPassword(deps, user, password, requestInfoOf(c));
  // Re-read: a password import may just have changed the user and its secret.
  const secret = deps.store.users.getSecret(user.id);
  user = deps.store.users.get(user.id) ?? user;
  if (!passwordOk) {
    const after = recordFailure(c, deps, user);
    if (after.status === 'LOCKED_OUT') return { status: 'LOCKED_OUT' };
    failedSignIn(c, deps, user.profile.login, user, 'INVALID_CREDENTIALS');
    return { status: 'FAILED' };
  }
  if (user.status !== 'ACTIVE' && user.status !== 'PASSWORD_EXPIRED') {
    failedSignIn(c, deps, user.profile.login, user, `User is ${user.status}`);
    return { status: 'FAILED' };
  }
  const signedIn: UserDoc = { ...user, lastLogin: deps.clock.now().toISOString() };
  deps.store.users.update(signedIn, { ...(secret ?? { failedLogins: 0 }), failedLogins: 0 });
  audit(c, deps, {
    eventType: 'user.authentication.authenticate',
    displayMessage: 'User login to Okta',
    actor: userActor(user),
    target: [userTarget(user)],
  });
  return { status: user.status === 'PASSWORD_EXPIRED' ? 'PASSWORD_EXPIRED' : 'SUCCESS', user: signedIn };
}

/** `POST /api/v1/authn`: primary authentication with username and password (Okta's Authentication API). */
async function primaryAuthentication(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const body = await readJsonObject(c);
  const username = stringField(body, 'username');
  const password = stringField(body, 'password');
  const issues = new ValidationIssues();
  issues.requireString(username, 'username');
  issues.requireString(password, 'password');
  issues.throwIfAny();
  const result = await authenticatePrimary(c, deps, username ?? '', password ?? '');
  if (result.status === 'LOCKED_OUT') return c.json({ status: 'LOCKED_OUT' });
  if (result.status === 'FAILED') throw new OktaApiError('E0000004');
  const { user } = result;
  const expiresAt = new Date(deps.clock.now().getTime() + deps.settings.sessionTokenLifetimeMs).toISOString();
  if (result.status === 'PASSWORD_EXPIRED') {
    return c.json({ stateToken: newOpaqueToken(24), expiresAt, status: 'PASSWORD_EXPIRED', _embedded: { user: embeddedUser(user) } });
  }
  const sessionToken = deps.store.sessions.issueToken(user.id, expiresAt);
  return c.json({ expiresAt, status: 'SUCCESS', sessionToken, _embedded: { user: embeddedUser(user) } });
}

export function authnRoutes(deps: EmulatorDeps): RouteDef[] {
  return [{ method: 'POST', path: '/api/v1/authn', anonymous: true, handler: (c) => primaryAuthentication(c, deps) }];
}
