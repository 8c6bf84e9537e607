import type { EmulatorContext, EmulatorDeps } from './context.js';
import { OktaApiError, notFound } from './errors.js';
import { isObject } from './http.js';
import { hashSecret, passwordPolicyViolation } from './password.js';
import { checkProfileAgainstSchema } from './schemas/profile-validation.js';
import type { JsonObject, UserDoc, UserSecret } from './store/types.js';
import { EMAIL_PATTERN, ValidationIssues } from './validation.js';

/** Id of the org's default user type (Okta gives every org one `oty...` type). */
export const DEFAULT_USER_TYPE_ID = 'oty00000000000000001';

export function getUserOr404(deps: EmulatorDeps, idOrLogin: string): UserDoc {
  const user = deps.store.users.findByIdOrLogin(idOrLogin);
  if (!user) throw notFound('User', idOrLogin);
  return user;
}

export function userIdParam(c: EmulatorContext, deps: EmulatorDeps): UserDoc {
  return getUserOr404(deps, c.req.param('userId') ?? '');
}

/**
 * Checks a full profile against Okta's base schema (login, email, firstName, lastName required),
 * then against the user schema of the user's type (unknown attributes, types, required custom ones).
 */
export function validateProfile(deps: EmulatorDeps, profile: unknown, exceptUserId = '', typeId = DEFAULT_USER_TYPE_ID): asserts profile is UserDoc['profile'] {
  if (!isObject(profile)) ValidationIssues.fail('profile', 'The field cannot be left blank');
  const issues = new ValidationIssues();
  if (issues.requireString(profile.login, 'login')) {
    if (!EMAIL_PATTERN.test(profile.login)) issues.add('login', 'Username must be in the form of an email address');
    else if (deps.store.users.loginTaken(profile.login, exceptUserId)) {
      issues.add('login', 'An object with this field already exists in the current organization');
    }
  }
  if (issues.requireString(profile.email, 'email') && !EMAIL_PATTERN.test(profile.email)) {
    issues.add('email', 'Does not match required pattern');
  }
  issues.requireString(profile.firstName, 'firstName');
  issues.requireString(profile.lastName, 'lastName');
  for (const [key, value] of Object.entries(profile)) {
    if (isObject(value)) issues.add(key, 'Property value must be a primitive or an array of primitives');
  }
  issues.throwIfAny();
  checkProfileAgainstSchema(deps, 'user', profile, typeId);
}

export interface CredentialChange {
  credentials: Partial<UserDoc['credentials']>;
  secret: Partial<UserSecret>;
  passwordSet: boolean;
}

/**
 * Reads `credentials` from a create or update body: a password value (checked against the default
 * policy and hashed), a password import hook (provider IMPORT), and a recovery question.
 */
export async function readCredentials(deps: EmulatorDeps, body: JsonObject, login: string): Promise<CredentialChange> {
  const change: CredentialChange = { credentials: {}, secret: {}, passwordSet: false };
  const credentials = body.credentials;
  if (credentials === undefined || credentials === null) return change;
  if (!isObject(credentials)) ValidationIssues.fail('credentials', 'must be an object');
  const issues = new ValidationIssues();
  const password = credentials.password;
  if (isObject(password)) {
    if (isObject(password.hook)) {
      if (password.hook.type !== 'default') issues.add('password.hook.type', 'Hook type must be "default"');
      change.credentials.provider = { type: 'IMPORT', name: 'IMPORT' };
      change.credentials.password = {};
      change.passwordSet = true;
    } else if (typeof password.value === 'string') {
      const violation = passwordPolicyViolation(password.value, login);
      if (violation) issues.add('password', violation);
      else {
        change.secret.passwordHash = await hashSecret(password.value, deps.settings.scryptCost);
        change.credentials.provider = { type: 'OKTA', name: 'OKTA' };
        change.credentials.password = {};
        change.passwordSet = true;
      }
    } else if (password.hash !== undefined) {
      issues.add('password.hash', 'Importing password hashes is not supported by the emulator; use a password import hook');
    }
  }
  const question = credentials.recovery_question;
  if (isObject(question)) {
    if (issues.requireString(question.question, 'recovery_question.question')) {
      const answer = question.answer;
      if (typeof answer !== 'string' || answer.length < 4) {
        issues.add('recovery_question.answer', 'The security question answer must be at least 4 characters in length');
      } else {
        change.credentials.recovery_question = { question: question.question as string };
        change.secret.recoveryAnswerHash = await hashSecret(answer.trim().toLowerCase(), deps.settings.scryptCost);
      }
    }
  }
  issues.throwIfAny();
  return change;
}

export function hasPassword(user: UserDoc): boolean {
  return user.credentials.password !== undefined;
}

export function requireStatusAllowsLogin(user: UserDoc): void {
  if (user.status !== 'ACTIVE') throw new OktaApiError('E0000004');
}
