/**
 * Setting a new password on behalf of its owner (change, forgot-password, temporary password): the
 * org's password policy and history are checked, `passwordChanged` moves, and the old hash joins
 * the history. An admin setting a password through `POST /users/{id}` skips the history, as in Okta.
 */
import type { EmulatorDeps } from '../context.js';
import { OktaApiError } from '../errors.js';
import { isObject } from '../http.js';
import { hashSecret, passwordPolicyViolation, verifySecret } from '../password.js';
import { activePolicies } from '../policies/index.js';
import type { UserDoc, UserSecret } from '../store/types.js';

/** Okta's default history length, used when the org's password policy does not state one. */
const DEFAULT_HISTORY = 4;

function historyCount(deps: EmulatorDeps): number {
  const settings = activePolicies(deps, 'PASSWORD').at(-1)?.policy.settings;
  const password = isObject(settings) && isObject(settings.password) ? settings.password : {};
  const age = isObject(password.age) ? password.age : {};
  return typeof age.historyCount === 'number' && age.historyCount >= 0 ? age.historyCount : DEFAULT_HISTORY;
}

export const credentialsRefused = (cause: string): OktaApiError => new OktaApiError('E0000014', '', [cause]);

export function secretOf(deps: EmulatorDeps, user: UserDoc): UserSecret {
  return deps.store.users.getSecret(user.id) ?? { failedLogins: 0 };
}

/** Whether the value is the user's current password (an Okta-held one; imported ones have no hash yet). */
export async function isCurrentPassword(secret: UserSecret, value: unknown): Promise<boolean> {
  return typeof value === 'string' && value !== '' && (await verifySecret(value, secret.passwordHash));
}

/**
 * The user and secret after a password change to `value`, or E0000014 naming the policy rule it
 * breaks. The caller saves them (and applies any status change).
 */
export async function changedPassword(
  deps: EmulatorDeps,
  user: UserDoc,
  secret: UserSecret,
  value: string,
  options: { checkHistory: boolean },
): Promise<{ user: UserDoc; secret: UserSecret }> {
  const violation = passwordPolicyViolation(value, user.profile.login);
  if (violation) throw credentialsRefused(`password: ${violation}`);
  const count = historyCount(deps);
  const previous = [secret.passwordHash, ...(secret.passwordHistory ?? [])].filter((hash): hash is string => !!hash).slice(0, count);
  if (options.checkHistory) {
    for (const hash of previous) {
      if (await verifySecret(value, hash)) throw credentialsRefused(`password: Password has been used too recently. Your password cannot be any of your last ${count} passwords.`);
    }
  }
  const now = deps.clock.now().toISOString();
  return {
    user: {
      ...user,
      passwordChanged: now,
      lastUpdated: now,
      credentials: { ...user.credentials, password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    },
    secret: { ...secret, passwordHash: await hashSecret(value, deps.settings.scryptCost), passwordHistory: previous, failedLogins: 0 },
  };
}

/** The user's credentials as Okta returns them from credential operations (no secret values). */
export function renderCredentials(user: UserDoc): Record<string, unknown> {
  const { password, recovery_question, provider } = user.credentials;
  return {
    ...(password !== undefined ? { password: {} } : {}),
    ...(recovery_question ? { recovery_question: { question: recovery_question.question } } : {}),
    provider,
  };
}
