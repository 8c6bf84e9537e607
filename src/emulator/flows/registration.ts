/**
 * Profile Enrollment as the Sign-In Widget drives it, reduced to two JSON endpoints:
 *
 * - `POST /api/v1/_emulator/registration` (anonymous): self-service registration with
 *   `{ userProfile: {...}, credentials?: { password } }`; the registration hook sees the profile
 *   (never the password) with `requestType: self.service.registration`.
 * - `POST /api/v1/_emulator/users/{userId}/progressive-profile` (API token): progressive profiling
 *   with `{ userProfileUpdate: {...} }`; the hook sees the user and the delta.
 *
 * Allowed: 200 with the user. Denied by the hook, or the hook failed (fail-closed, as in Okta):
 * 400 E0000001 with the hook's message and its errorCauses as given.
 */
import { audit, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import {
  applyRegistrationResponse,
  registrationHookFailed,
  type RegistrationDraft,
  type RegistrationHookResult,
  type RegistrationRequestType,
} from '../hook-calls/apply-registration.js';
import { baseUrl, isObject, readJsonObject } from '../http.js';
import { joinTargetGroups, profileEnrollment } from '../policies/profile-enrollment.js';
import { knownAttributes } from '../schemas/profile-validation.js';
import { newErrorId } from '../ids.js';
import { hashSecret, passwordPolicyViolation } from '../password.js';
import type { JsonObject, UserDoc } from '../store/types.js';
import { userIdParam, validateProfile } from '../users.js';
import { EMAIL_PATTERN, ValidationIssues } from '../validation.js';
import { renderUser } from '../views.js';
import { callGivenInlineHook, hookEnvelope, requestInfoOf, type HookRequestInfo } from './hook-runner.js';
import { insertUser } from './new-user.js';

/** What the end user reads when the profile enrollment policy does not allow sign-up. */
const REGISTRATION_CLOSED = 'Registration is not enabled for this organization.';

/** Attributes the form never sends to the hook. */
const SENSITIVE = new Set(['password']);

type Denied = Extract<RegistrationHookResult, { kind: 'denied' }>;

function deniedResponse(c: EmulatorContext, denied: Denied): Response {
  return c.json(
    {
      errorCode: 'E0000001',
      errorSummary: denied.message,
      errorLink: 'E0000001',
      errorId: newErrorId(),
      errorCauses: denied.fieldErrors.length > 0 ? denied.fieldErrors : [{ errorSummary: denied.message }],
    },
    400,
  );
}

/**
 * Runs the registration hook the profile enrollment policy names (if any) over the draft; without
 * one the registration is allowed as is. A policy closed to sign-up denies new registrations.
 */
async function decide(
  c: EmulatorContext,
  deps: EmulatorDeps,
  draft: RegistrationDraft,
  data: (request: HookRequestInfo) => Record<string, unknown>,
): Promise<RegistrationHookResult> {
  const request = requestInfoOf(c);
  const enrollment = profileEnrollment(deps);
  if (draft.requestType === 'self.service.registration' && enrollment && !enrollment.registrationOpen) {
    return { kind: 'denied', message: REGISTRATION_CLOSED, fieldErrors: [], reason: `the profile enrollment policy "${enrollment.policy.name}" does not allow sign-up` };
  }
  const hook = enrollment?.hook;
  if (!hook) return { kind: 'allowed', profile: draft.profile, updates: {} };
  const payload = hookEnvelope(deps, 'registration', `reg${hook.id.slice(3)}`, { ...data(request), action: 'ALLOW' }, { requestType: draft.requestType });
  const call = await callGivenInlineHook(deps, hook, 'registration', request.id, payload);
  const { outcome } = call;
  const result = outcome.ok ? applyRegistrationResponse(draft, outcome.body) : registrationHookFailed(draft, outcome.message);
  call.processed({
    applied: result.kind === 'allowed' || result.reason === undefined,
    ...(result.kind === 'denied' ? { reason: result.reason ?? result.message } : {}),
    ...(result.debugContext ? { debugContext: result.debugContext } : {}),
  });
  return result;
}

/**
 * Self-service registration of `submitted` (the form's profile) with an optional password, as the
 * JSON endpoint and the hosted sign-in page's sign-up form run it: checks, the registration hook,
 * the new ACTIVE user. Invalid input throws OktaApiError (E0000001).
 */
export async function registerSelfService(
  c: EmulatorContext,
  deps: EmulatorDeps,
  submitted: unknown,
  password: unknown,
): Promise<{ kind: 'created'; user: UserDoc } | Denied> {
  const issues = new ValidationIssues();
  if (!isObject(submitted)) ValidationIssues.fail('userProfile', 'The field cannot be left blank');
  if (issues.requireString(submitted.email, 'userProfile.email') && !EMAIL_PATTERN.test(submitted.email as string)) {
    issues.add('userProfile.email', 'Does not match required pattern');
  }
  if (password !== undefined && typeof password !== 'string') issues.add('credentials.password', 'must be a string');
  issues.throwIfAny();
  // Okta uses the email as the login unless the form has its own login field.
  const profile: JsonObject = { login: submitted.email, ...Object.fromEntries(Object.entries(submitted).filter(([key]) => !SENSITIVE.has(key))) };
  if (typeof password === 'string') {
    const violation = passwordPolicyViolation(password, String(profile.login));
    if (violation) ValidationIssues.fail('credentials.password', violation);
  }

  // The hook's profile.update may only set attributes of the user schema, as in Okta.
  const draft: RegistrationDraft = { requestType: 'self.service.registration', profile, knownAttributes: knownAttributes(deps, 'user') };
  const result = await decide(c, deps, draft, (request) => ({ context: { request }, userProfile: profile }));
  if (result.kind === 'denied') return result;
  validateProfile(deps, result.profile);
  const passwordHash = typeof password === 'string' ? await hashSecret(password, deps.settings.scryptCost) : undefined;
  const user = insertUser(c, deps, { profile: result.profile, status: 'ACTIVE', ...(passwordHash ? { passwordHash } : {}) });
  joinTargetGroups(c, deps, user);
  return { kind: 'created', user };
}

async function selfServiceRegistration(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const body = await readJsonObject(c);
  const password = isObject(body.credentials) ? body.credentials.password : undefined;
  const result = await registerSelfService(c, deps, body.userProfile, password);
  if (result.kind === 'denied') return deniedResponse(c, result);
  return c.json(renderUser(result.user, baseUrl(c, deps)));
}

async function progressiveProfile(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const user = userIdParam(c, deps);
  const body = await readJsonObject(c);
  const update = body.userProfileUpdate;
  if (!isObject(update) || Object.keys(update).length === 0) ValidationIssues.fail('userProfileUpdate', 'The field cannot be left blank');
  if (Object.keys(update).some((key) => SENSITIVE.has(key))) ValidationIssues.fail('userProfileUpdate', 'The password is not a profile attribute');
  const requestType: RegistrationRequestType = 'progressive.profile';
  const draft: RegistrationDraft = { requestType, profile: { ...user.profile, ...update }, knownAttributes: knownAttributes(deps, 'user', user.type.id) };
  const context = (request: HookRequestInfo) => ({
    request,
    user: {
      id: user.id,
      passwordChanged: user.passwordChanged,
      profile: user.profile,
      _links: { groups: { href: `${baseUrl(c, deps)}/api/v1/users/${user.id}/groups` }, factors: { href: `${baseUrl(c, deps)}/api/v1/users/${user.id}/factors` } },
    },
  });
  const result = await decide(c, deps, draft, (request) => ({ context: context(request), userProfileUpdate: update }));
  if (result.kind === 'denied') return deniedResponse(c, result);
  const profile = result.profile as UserDoc['profile'];
  validateProfile(deps, profile, user.id, user.type.id);
  const updated: UserDoc = { ...user, profile, lastUpdated: deps.clock.now().toISOString() };
  deps.store.users.update(updated);
  audit(c, deps, { eventType: 'user.account.update_profile', displayMessage: 'Update user profile for Okta', target: [userTarget(updated)] });
  return c.json(renderUser(updated, baseUrl(c, deps)));
}

export function registrationRoutes(deps: EmulatorDeps): RouteDef[] {
  return [
    { method: 'POST', path: '/api/v1/_emulator/registration', anonymous: true, handler: (c) => selfServiceRegistration(c, deps) },
    { method: 'POST', path: '/api/v1/_emulator/users/{userId}/progressive-profile', scope: 'okta.users.manage', handler: (c) => progressiveProfile(c, deps) },
  ];
}
