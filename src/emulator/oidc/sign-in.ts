/**
 * The org's hosted sign-in page, where `/v1/authorize` sends a browser without an org session:
 *
 * - `GET /signin?tx=` the username and password form (`login_hint` fills the username);
 * - `POST /signin/password` primary authentication as the Authentication API does it (password
 *   import hook, lockout, System Log), then the user's enrolled factors, if any;
 * - `POST /signin/password/change` replaces an expired password;
 * - `POST /signin/factor` picks a factor (SMS, voice and email codes land in the outbox);
 * - `POST /signin/verify` checks the code (TOTP or the one sent);
 * - `GET|POST /signin/register` self-service registration through the registration hook.
 *
 * Success starts the org session (`sid`) and answers the app's authorization request with a code.
 * Every post is checked against the transaction's browser and CSRF token (see browser.ts).
 */
import { audit, userActor, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError } from '../errors.js';
import { requestInfoOf } from '../flows/hook-runner.js';
import { registerSelfService } from '../flows/registration.js';
import { startPushChallenge } from '../factors/push.js';
import { sendFactorCode } from '../outbox.js';
import { hashSecret, passwordPolicyViolation } from '../password.js';
import { profileEnrollment } from '../policies/profile-enrollment.js';
import { authenticatePrimary } from '../routes/authn.js';
import { checkPassCode } from '../routes/factors.js';
import type { FactorDoc, UserDoc } from '../store/types.js';
import { isGenuinePost, isTransactionBrowser } from './browser.js';
import { findOidcClient } from './clients.js';
import { completeAuthorization } from './complete.js';
import { startSession } from './org-session.js';
import { errorPage, page } from './respond.js';
import { MAX_CODE_FAILURES, oidcState, type SignInTransaction } from './state.js';
import { ChangePasswordPage, CodePage, FactorChoicePage, PushWaitPage, RegistrationPage, SignInPage, type FactorChoice } from './views.js';

/** The factor types the page can verify, with the `amr` value each adds (RFC 8176 where it has one). */
const FACTOR_AMR: Partial<Record<FactorDoc['factorType'], string>> = {
  'token:software:totp': 'otp',
  sms: 'sms',
  call: 'tel',
  email: 'email',
  // RFC 8176's proof of possession of a software-secured key, which an Okta Verify push is.
  push: 'swk',
};

const SIGN_IN_FAILED = 'Unable to sign in';
const LOCKED_OUT = 'Your account is locked. Contact your administrator to unlock it.';
const PASSWORD_RULES = 'Choose a new password: at least 8 characters, a lowercase and an uppercase letter, a number, and no part of your username.';
const EXPIRED = 'This sign-in has expired or is not valid in this browser. Go back to the app and sign in again.';
const FORGED = 'The form could not be verified. Reload the sign-in page from the app and try again.';
const TOO_MANY_CODES = 'Too many wrong codes. Go back to the app and sign in again.';

function transactionOf(c: EmulatorContext, deps: EmulatorDeps, id: string | null | undefined): SignInTransaction | undefined {
  const transaction = id ? oidcState(deps).transactions.get(id) : undefined;
  return transaction && isTransactionBrowser(c, transaction) ? transaction : undefined;
}

const appName = (deps: EmulatorDeps, transaction: SignInTransaction) => findOidcClient(deps, transaction.request.clientId)?.name ?? transaction.request.clientId;

/** Self-service registration is offered where the JSON endpoint would accept it. */
function registrationOpen(deps: EmulatorDeps): boolean {
  const enrollment = profileEnrollment(deps);
  return !enrollment || enrollment.registrationOpen;
}

const signInPage = (c: EmulatorContext, deps: EmulatorDeps, transaction: SignInTransaction, extra: { username?: string | undefined; error?: string }, status: 200 | 401 = 200) =>
  page(
    c,
    SignInPage({
      tx: transaction.id,
      csrf: transaction.csrf,
      appName: appName(deps, transaction),
      username: extra.username ?? transaction.request.loginHint,
      ...(extra.error ? { error: extra.error } : {}),
      registration: registrationOpen(deps),
    }),
    status,
  );

function factorsOf(deps: EmulatorDeps, user: UserDoc): FactorDoc[] {
  return deps.store.factors.listForUser(user.id).filter((factor) => factor.status === 'ACTIVE' && FACTOR_AMR[factor.factorType] !== undefined);
}

/** What the page shows for a factor: enough to recognise it, no full phone number or address. */
function factorLabel(factor: FactorDoc): string {
  const phone = String(factor.profile.phoneNumber ?? '');
  switch (factor.factorType) {
    case 'token:software:totp':
      return factor.provider === 'GOOGLE' ? 'Google Authenticator code' : 'Okta Verify code';
    case 'sms':
      return `Text a code to a phone ending in ${phone.slice(-4)}`;
    case 'call':
      return `Call a phone ending in ${phone.slice(-4)}`;
    case 'push':
      return `Get a push notification on ${String(factor.profile.name ?? 'your phone')} (Okta Verify)`;
    default: {
      const email = String(factor.profile.email ?? '');
      return `Email a code to ${email.slice(0, 1)}…${email.slice(email.indexOf('@'))}`;
    }
  }
}

function codePrompt(factor: FactorDoc): string {
  return factor.factorType === 'token:software:totp' ? 'Enter the code from your authenticator app.' : `We sent a code. ${factorLabel(factor).replace(/^\w+ a code to/, 'It went to')}.`;
}

/** The org session starts and the app gets its code. */
function finish(c: EmulatorContext, deps: EmulatorDeps, transaction: SignInTransaction, user: UserDoc, amr: string[]): Promise<Response> {
  oidcState(deps).transactions.take(transaction.id);
  const live = startSession(c, deps, user, amr);
  return completeAuthorization(c, deps, transaction.request, live);
}

const PUSH_REJECTED = 'The push was rejected on your phone. Sign in again, or choose another security method.';
const PUSH_EXPIRED = 'The push expired before it was answered. Sign in again.';

/** Sends the code of an SMS, voice or email factor, or a push; a TOTP factor needs nothing sent. */
async function challenge(c: EmulatorContext, deps: EmulatorDeps, transaction: SignInTransaction, factor: FactorDoc): Promise<Response> {
  if (factor.factorType === 'push') {
    const started = startPushChallenge(deps, deps.store.factors.getSecret(factor.id) ?? {});
    deps.store.factors.update(factor, started.secret);
    transaction.factorId = factor.id;
    transaction.pushTransactionId = started.transaction.id;
    return page(c, PushWaitPage({ tx: transaction.id, csrf: transaction.csrf, prompt: `We sent a push to ${String(factor.profile.name ?? 'your phone')}. Approve it there.` }));
  }
  if (factor.factorType !== 'token:software:totp') {
    const secret = deps.store.factors.getSecret(factor.id) ?? {};
    deps.store.factors.update(factor, await sendFactorCode(deps, factor, secret, { requestType: 'com.okta.user.telephony.mfa-verification', request: requestInfoOf(c) }));
  }
  transaction.factorId = factor.id;
  return page(c, CodePage({ tx: transaction.id, csrf: transaction.csrf, prompt: codePrompt(factor) }));
}

async function readPageForm(c: EmulatorContext): Promise<URLSearchParams | undefined> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  return type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(await c.req.text()) : undefined;
}

type Step = (c: EmulatorContext, deps: EmulatorDeps, transaction: SignInTransaction, form: URLSearchParams) => Promise<Response>;

/** A form post of a live transaction from its own browser, or an error page. */
const post = (deps: EmulatorDeps, step: Step) => async (c: EmulatorContext) => {
  const form = await readPageForm(c);
  if (!form) return errorPage(c, 'invalid_request', 'The sign-in form must be posted as application/x-www-form-urlencoded.');
  const transaction = transactionOf(c, deps, form.get('tx'));
  if (!transaction) return errorPage(c, 'invalid_request', EXPIRED);
  if (!isGenuinePost(c, transaction, form)) return page(c, SignInPage({ tx: transaction.id, csrf: transaction.csrf, appName: appName(deps, transaction), error: FORGED, registration: false }), 403);
  return step(c, deps, transaction, form);
};

const passwordStep: Step = async (c, deps, transaction, form) => {
  const username = (form.get('username') ?? '').trim();
  const password = form.get('password') ?? '';
  if (!username || !password) return signInPage(c, deps, transaction, { username, error: 'Enter your username and password.' }, 401);
  const result = await authenticatePrimary(c, deps, username, password);
  if (result.status === 'FAILED') return signInPage(c, deps, transaction, { username, error: SIGN_IN_FAILED }, 401);
  if (result.status === 'LOCKED_OUT') return signInPage(c, deps, transaction, { username, error: LOCKED_OUT }, 401);
  transaction.userId = result.user.id;
  if (result.status === 'PASSWORD_EXPIRED') {
    transaction.passwordExpired = true;
    return page(c, ChangePasswordPage({ tx: transaction.id, csrf: transaction.csrf, requirements: PASSWORD_RULES }));
  }
  return secondFactor(c, deps, transaction, result.user);
};

/** After the password: the user's factor if it has one, else the app gets its code. */
function secondFactor(c: EmulatorContext, deps: EmulatorDeps, transaction: SignInTransaction, user: UserDoc): Promise<Response> {
  const factors = factorsOf(deps, user);
  if (factors.length === 0) return finish(c, deps, transaction, user, ['pwd']);
  if (factors.length === 1) return challenge(c, deps, transaction, factors[0] as FactorDoc);
  const choices: FactorChoice[] = factors.map((factor) => ({ id: factor.id, label: factorLabel(factor) }));
  return page(c, FactorChoicePage({ tx: transaction.id, csrf: transaction.csrf, factors: choices }));
}

/** An expired password is replaced here (Okta's sign-in asks for a new one before going on). */
const changePasswordStep: Step = async (c, deps, transaction, form) => {
  const user = transaction.passwordExpired && transaction.userId ? deps.store.users.get(transaction.userId) : undefined;
  if (!user || user.status !== 'PASSWORD_EXPIRED') return signInPage(c, deps, transaction, { error: SIGN_IN_FAILED }, 401);
  const password = form.get('newPassword') ?? '';
  const again = (error: string) => page(c, ChangePasswordPage({ tx: transaction.id, csrf: transaction.csrf, requirements: PASSWORD_RULES, error }), 400);
  if (password !== (form.get('confirmPassword') ?? '')) return again('The passwords do not match.');
  const violation = passwordPolicyViolation(password, user.profile.login);
  if (violation) return again(violation);
  const now = deps.clock.now().toISOString();
  const changed: UserDoc = { ...user, status: 'ACTIVE', statusChanged: now, passwordChanged: now, lastUpdated: now };
  const secret = deps.store.users.getSecret(user.id) ?? { failedLogins: 0 };
  deps.store.users.update(changed, { ...secret, passwordHash: await hashSecret(password, deps.settings.scryptCost), failedLogins: 0 });
  audit(c, deps, { eventType: 'user.account.update_password', displayMessage: 'Update password for Okta user', actor: userActor(changed), target: [userTarget(changed)] });
  transaction.passwordExpired = false;
  return secondFactor(c, deps, transaction, changed);
};

/** The user of a transaction whose password step passed, still allowed to sign in. */
function verifiedUser(deps: EmulatorDeps, transaction: SignInTransaction): UserDoc | undefined {
  const user = transaction.userId ? deps.store.users.get(transaction.userId) : undefined;
  return user?.status === 'ACTIVE' ? user : undefined;
}

const factorStep: Step = async (c, deps, transaction, form) => {
  const user = verifiedUser(deps, transaction);
  if (!user) return signInPage(c, deps, transaction, { error: SIGN_IN_FAILED }, 401);
  const factor = factorsOf(deps, user).find((candidate) => candidate.id === form.get('factorId'));
  if (!factor) return signInPage(c, deps, transaction, { error: 'Choose one of your security methods.' }, 401);
  return challenge(c, deps, transaction, factor);
};

const verifyStep: Step = async (c, deps, transaction, form) => {
  const user = verifiedUser(deps, transaction);
  const factor = user && factorsOf(deps, user).find((candidate) => candidate.id === transaction.factorId);
  if (!user || !factor) return signInPage(c, deps, transaction, { error: SIGN_IN_FAILED }, 401);
  const event = { eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', target: [userTarget(user)] };
  try {
    const next = checkPassCode(deps, factor, deps.store.factors.getSecret(factor.id) ?? {}, (form.get('passCode') ?? '').trim());
    deps.store.factors.update(factor, next);
  } catch (error) {
    if (!(error instanceof OktaApiError)) throw error;
    audit(c, deps, { ...event, severity: 'WARN', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } });
    transaction.codeFailures += 1;
    if (transaction.codeFailures >= MAX_CODE_FAILURES) {
      oidcState(deps).transactions.take(transaction.id);
      return errorPage(c, 'access_denied', TOO_MANY_CODES);
    }
    const message = error.causes[0] ?? error.message;
    return page(c, CodePage({ tx: transaction.id, csrf: transaction.csrf, prompt: codePrompt(factor), error: message }), 401);
  }
  audit(c, deps, event);
  return finish(c, deps, transaction, user, ['pwd', 'mfa', FACTOR_AMR[factor.factorType] as string]);
};

/** One look at the push the page is waiting for: the app gets its code once the phone approved it. */
async function pushStep(c: EmulatorContext, deps: EmulatorDeps, transaction: SignInTransaction): Promise<Response> {
  const user = verifiedUser(deps, transaction);
  const factor = user && factorsOf(deps, user).find((candidate) => candidate.id === transaction.factorId && candidate.factorType === 'push');
  const pending = factor && transaction.pushTransactionId ? (deps.store.factors.getSecret(factor.id)?.pushTransactions ?? []).find((tx) => tx.id === transaction.pushTransactionId) : undefined;
  if (!user || !factor || !pending) return signInPage(c, deps, transaction, { error: SIGN_IN_FAILED }, 401);
  if (pending.result === 'SUCCESS') return finish(c, deps, transaction, user, ['pwd', 'mfa', FACTOR_AMR.push as string]);
  if (pending.result === 'REJECTED') {
    oidcState(deps).transactions.take(transaction.id);
    return errorPage(c, 'access_denied', PUSH_REJECTED);
  }
  if (deps.clock.now().getTime() >= Date.parse(pending.expiresAt)) {
    oidcState(deps).transactions.take(transaction.id);
    return errorPage(c, 'access_denied', PUSH_EXPIRED);
  }
  return page(c, PushWaitPage({ tx: transaction.id, csrf: transaction.csrf, prompt: `We sent a push to ${String(factor.profile.name ?? 'your phone')}. Approve it there.` }));
}

const REGISTRATION_FIELDS = ['email', 'firstName', 'lastName'] as const;

const registerStep: Step = async (c, deps, transaction, form) => {
  if (!registrationOpen(deps)) return signInPage(c, deps, transaction, { error: 'Registration is not enabled for this organization.' }, 401);
  const values = Object.fromEntries(REGISTRATION_FIELDS.map((name) => [name, (form.get(name) ?? '').trim()]));
  const again = (errors: string[]) => page(c, RegistrationPage({ tx: transaction.id, csrf: transaction.csrf, values, errors }), 400);
  const profile = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
  try {
    const result = await registerSelfService(c, deps, profile, form.get('password') ?? undefined);
    if (result.kind === 'denied') return again([result.message, ...result.fieldErrors.map((cause) => cause.errorSummary)].filter((text): text is string => Boolean(text)));
    return finish(c, deps, transaction, result.user, ['pwd']);
  } catch (error) {
    if (error instanceof OktaApiError) return again(error.causes.length > 0 ? error.causes : [error.message]);
    throw error;
  }
};

export function signInRoutes(deps: EmulatorDeps): RouteDef[] {
  const withTransaction = (render: (c: EmulatorContext, transaction: SignInTransaction) => Promise<Response>) => (c: EmulatorContext) => {
    const transaction = transactionOf(c, deps, c.req.query('tx'));
    return transaction ? render(c, transaction) : errorPage(c, 'invalid_request', EXPIRED);
  };
  return [
    { method: 'GET', path: '/signin', anonymous: true, handler: withTransaction((c, transaction) => signInPage(c, deps, transaction, {})) },
    { method: 'POST', path: '/signin/password', anonymous: true, handler: post(deps, passwordStep) },
    { method: 'POST', path: '/signin/password/change', anonymous: true, handler: post(deps, changePasswordStep) },
    { method: 'POST', path: '/signin/factor', anonymous: true, handler: post(deps, factorStep) },
    { method: 'POST', path: '/signin/verify', anonymous: true, handler: post(deps, verifyStep) },
    // A GET, so a page without script can poll it; only the browser that started the sign-in gets an answer.
    { method: 'GET', path: '/signin/push', anonymous: true, handler: withTransaction((c, transaction) => pushStep(c, deps, transaction)) },
    {
      method: 'GET',
      path: '/signin/register',
      anonymous: true,
      handler: withTransaction((c, transaction) =>
        registrationOpen(deps)
          ? page(c, RegistrationPage({ tx: transaction.id, csrf: transaction.csrf, values: {} }))
          : signInPage(c, deps, transaction, { error: 'Registration is not enabled for this organization.' }),
      ),
    },
    { method: 'POST', path: '/signin/register', anonymous: true, handler: post(deps, registerStep) },
  ];
}
