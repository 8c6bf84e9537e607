/**
 * A user's credential operations: change password, change recovery question, forgot password
 * (reset link, or a new password against the recovery answer), and expiring the password with a
 * temporary one, under both the seed's paths and the ones today's SDK sends.
 */
import { audit, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError } from '../errors.js';
import { normaliseAnswer } from '../factors/questions.js';
import { baseUrl, booleanQuery, isObject, readJsonObject } from '../http.js';
import { randomBase62 } from '../ids.js';
import { hashSecret, verifySecret } from '../password.js';
import { activePolicies } from '../policies/index.js';
import { applyTransition } from '../routes/user-lifecycle.js';
import type { JsonObject, UserDoc, UserStatus } from '../store/types.js';
import { hasPassword, userIdParam } from '../users.js';
import { ValidationIssues } from '../validation.js';
import { changedPassword, credentialsRefused, isCurrentPassword, renderCredentials, secretOf } from './password-change.js';

const CHANGE_PASSWORD_FROM: readonly UserStatus[] = ['STAGED', 'ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY'];
const CHANGE_QUESTION_FROM: readonly UserStatus[] = ['STAGED', 'ACTIVE', 'RECOVERY'];

/** `{ value }` of a password object in the body, or a validation error naming the field. */
function passwordValue(body: JsonObject, field: string): string {
  const object = body[field];
  const value = isObject(object) ? object.value : undefined;
  if (typeof value !== 'string' || value === '') ValidationIssues.fail(field, 'The field cannot be left blank');
  return value;
}

function passwordUpdated(c: EmulatorContext, deps: EmulatorDeps, user: UserDoc): void {
  audit(c, deps, { eventType: 'user.account.update_password', displayMessage: 'User update password for Okta', target: [userTarget(user)] });
}

async function changePassword(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const user = userIdParam(c, deps);
  const body = await readJsonObject(c);
  if (!CHANGE_PASSWORD_FROM.includes(user.status) || !hasPassword(user) || user.credentials.provider.type !== 'OKTA') {
    throw new OktaApiError('E0000035');
  }
  const oldPassword = passwordValue(body, 'oldPassword');
  const newPassword = passwordValue(body, 'newPassword');
  const secret = secretOf(deps, user);
  if (!(await isCurrentPassword(secret, oldPassword))) throw credentialsRefused('oldPassword: The credentials provided were incorrect.');
  if (booleanQuery(c, 'strict', false)) requireMinimumAge(deps, user);
  const changed = await changedPassword(deps, user, secret, newPassword, { checkHistory: true });
  // A user in recovery or with an expired password is back to ACTIVE once the password is changed.
  const status: UserStatus = changed.user.status === 'RECOVERY' || changed.user.status === 'PASSWORD_EXPIRED' ? 'ACTIVE' : changed.user.status;
  const updated: UserDoc = { ...changed.user, status, statusChanged: status === user.status ? user.statusChanged : changed.user.lastUpdated };
  deps.store.users.update(updated, changed.secret);
  if (body.revokeSessions === true) deps.store.sessions.deleteForUser(user.id);
  passwordUpdated(c, deps, updated);
  return c.json(renderCredentials(updated));
}

/** `strict=true`: the password policy's minimum age (minutes) since the last change. */
function requireMinimumAge(deps: EmulatorDeps, user: UserDoc): void {
  const settings = activePolicies(deps, 'PASSWORD').at(-1)?.policy.settings;
  const password = isObject(settings) && isObject(settings.password) ? settings.password : {};
  const minutes = isObject(password.age) && typeof password.age.minAgeMinutes === 'number' ? password.age.minAgeMinutes : 0;
  if (minutes > 0 && user.passwordChanged && deps.clock.now().getTime() - Date.parse(user.passwordChanged) < minutes * 60_000) {
    throw credentialsRefused(`password: Password cannot be changed more than once every ${minutes} minutes.`);
  }
}

async function changeRecoveryQuestion(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const user = userIdParam(c, deps);
  const body = await readJsonObject(c);
  if (!CHANGE_QUESTION_FROM.includes(user.status) || !hasPassword(user)) throw new OktaApiError('E0000036');
  const password = passwordValue(body, 'password');
  const recovery = isObject(body.recovery_question) ? body.recovery_question : {};
  const issues = new ValidationIssues();
  issues.requireString(recovery.question, 'recovery_question.question');
  const answer = recovery.answer;
  if (typeof answer !== 'string' || answer.trim().length < 4) {
    issues.add('recovery_question.answer', 'The security question answer must be at least 4 characters in length');
  } else if (typeof recovery.question === 'string' && answer.toLowerCase().includes(recovery.question.toLowerCase())) {
    issues.add('recovery_question.answer', 'The answer must not contain the question');
  }
  issues.throwIfAny();
  const secret = secretOf(deps, user);
  if (!(await isCurrentPassword(secret, password))) throw credentialsRefused('password: The credentials provided were incorrect.');
  const updated: UserDoc = {
    ...user,
    lastUpdated: deps.clock.now().toISOString(),
    credentials: { ...user.credentials, recovery_question: { question: String(recovery.question) } },
  };
  deps.store.users.update(updated, { ...secret, recoveryAnswerHash: await hashSecret(normaliseAnswer(String(answer)), deps.settings.scryptCost) });
  return c.json(renderCredentials(updated));
}

/** Forgot password is for ACTIVE users who have a recovery question. */
function requireForgotPasswordAllowed(user: UserDoc): void {
  if (user.status !== 'ACTIVE' || !user.credentials.recovery_question) throw new OktaApiError('E0000034');
}

async function forgotPassword(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const user = userIdParam(c, deps);
  const body = await readJsonObject(c);
  // The seed's forgotPasswordSetNewPassword shares this path: a body means "set it now".
  if (body.password !== undefined || body.recovery_question !== undefined) return setPasswordWithAnswer(c, deps, user, body);
  requireForgotPasswordAllowed(user);
  const sendEmail = booleanQuery(c, 'sendEmail', true);
  audit(c, deps, { eventType: 'user.account.reset_password', displayMessage: 'Fired when the user forgets the password', target: [userTarget(user)] });
  return c.json(sendEmail ? {} : { resetPasswordUrl: `${baseUrl(c, deps)}/signin/reset-password/${randomBase62(20)}` });
}

async function setPasswordWithAnswer(c: EmulatorContext, deps: EmulatorDeps, user: UserDoc, body: JsonObject): Promise<Response> {
  requireForgotPasswordAllowed(user);
  const newPassword = passwordValue(body, 'password');
  const recovery = isObject(body.recovery_question) ? body.recovery_question : {};
  if (typeof recovery.answer !== 'string' || recovery.answer === '') ValidationIssues.fail('recovery_question.answer', 'The field cannot be left blank');
  const secret = secretOf(deps, user);
  if (!(await verifySecret(normaliseAnswer(recovery.answer), secret.recoveryAnswerHash))) throw new OktaApiError('E0000087');
  const changed = await changedPassword(deps, user, secret, newPassword, { checkHistory: true });
  deps.store.users.update(changed.user, changed.secret);
  passwordUpdated(c, deps, changed.user);
  return c.json(renderCredentials(changed.user));
}

/** Expires the password and sets a temporary one the caller hands to the user: `{ tempPassword }`. */
export async function expireWithTempPassword(c: EmulatorContext, deps: EmulatorDeps, user: UserDoc): Promise<Response> {
  const expired = applyTransition(c, deps, user, 'expire_password');
  const tempPassword = randomBase62(8);
  const secret = secretOf(deps, expired);
  const now = deps.clock.now().toISOString();
  const updated: UserDoc = { ...expired, passwordChanged: now, lastUpdated: now, credentials: { ...expired.credentials, password: {} } };
  deps.store.users.update(updated, {
    ...secret,
    passwordHash: await hashSecret(tempPassword, deps.settings.scryptCost),
    passwordHistory: [secret.passwordHash, ...(secret.passwordHistory ?? [])].filter((hash): hash is string => !!hash).slice(0, 24),
  });
  if (booleanQuery(c, 'revokeSessions', false)) deps.store.sessions.deleteForUser(user.id);
  return c.json({ tempPassword });
}

export function credentialRoutes(deps: EmulatorDeps): RouteDef[] {
  const scope = 'okta.users.manage';
  const base = '/api/v1/users/{userId}';
  return [
    { method: 'POST', path: `${base}/credentials/change_password`, scope, handler: (c) => changePassword(c, deps) },
    { method: 'POST', path: `${base}/credentials/change_recovery_question`, scope, handler: (c) => changeRecoveryQuestion(c, deps) },
    { method: 'POST', path: `${base}/credentials/forgot_password`, scope, handler: (c) => forgotPassword(c, deps) },
    {
      method: 'POST',
      path: `${base}/credentials/forgot_password_recovery_question`,
      scope,
      handler: async (c) => setPasswordWithAnswer(c, deps, userIdParam(c, deps), await readJsonObject(c)),
    },
    {
      method: 'POST',
      path: `${base}/lifecycle/expire_password_with_temp_password`,
      scope,
      handler: (c) => expireWithTempPassword(c, deps, userIdParam(c, deps)),
    },
  ];
}
