import { audit, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError } from '../errors.js';
import { baseUrl, booleanQuery, isObject, link, noContent, readJsonObject, stringField } from '../http.js';
import { newId } from '../ids.js';
import { requestInfoOf } from '../flows/hook-runner.js';
import { enrollableFactors, requireEnrollable, type Enrollable } from '../factors/enrollable.js';
import { requirePhoneNumber } from '../factors/phone.js';
import { activationEmbedded, newActivation, pollActivation, startPushChallenge, waitingBody } from '../factors/push.js';
import { factorOr404 } from '../factors/lookup.js';
import { pushRoutes } from '../factors/push-routes.js';
import { normaliseAnswer, questionText, SECURITY_QUESTIONS } from '../factors/questions.js';
import { pendingCodeMatches, sendFactorCode } from '../outbox.js';
import { hashSecret, verifySecret } from '../password.js';
import type { FactorDoc, FactorSecret, JsonObject, UserDoc } from '../store/types.js';
import { matchTotp, newTotpSecret, otpauthUrl } from '../totp.js';
import { userIdParam } from '../users.js';
import { EMAIL_PATTERN, ValidationIssues } from '../validation.js';
import { renderFactor } from '../views.js';

const wrongPassCode = (): OktaApiError => new OktaApiError('E0000068', '', ["Your passcode doesn't match our records. Please try again."]);
const wrongAnswer = (): OktaApiError => new OktaApiError('E0000068', '', ["Your answer doesn't match our records. Please try again."]);


interface EnrolledState {
  profile: JsonObject;
  secret: FactorSecret;
}

/** The factor's profile and secret from the enrollment body, checked as Okta checks them. */
async function enrollState(deps: EmulatorDeps, entry: Enrollable, body: JsonObject, user: UserDoc): Promise<EnrolledState> {
  const profile = isObject(body.profile) ? body.profile : {};
  const issues = new ValidationIssues();
  switch (entry.factorType) {
    case 'token:software:totp':
      return { profile: { credentialId: user.profile.login }, secret: {} };
    case 'push':
      return { profile: {}, secret: { pushActivation: newActivation(deps) } };
    case 'sms':
    case 'call': {
      const phoneNumber = profile.phoneNumber;
      if (!issues.requireString(phoneNumber, 'phoneNumber')) issues.throwIfAny();
      const extension = profile.phoneExtension;
      if (extension !== undefined && extension !== null && (typeof extension !== 'string' || !/^\d{1,15}$/.test(extension))) {
        throw new OktaApiError('E0000121');
      }
      const normalised = requirePhoneNumber(String(phoneNumber));
      return { profile: { phoneNumber: normalised, ...(entry.factorType === 'call' && extension ? { phoneExtension: extension } : {}) }, secret: {} };
    }
    case 'email': {
      const email = typeof profile.email === 'string' ? profile.email : String(user.profile.email);
      if (!EMAIL_PATTERN.test(email)) ValidationIssues.fail('email', 'Does not match required pattern');
      return { profile: { email }, secret: {} };
    }
    case 'question': {
      const question = profile.question;
      const answer = profile.answer;
      if (issues.requireString(question, 'question') && !questionText(question)) {
        issues.add('question', `'${question}' is not one of the security questions listed by /factors/questions`);
      }
      if (typeof answer !== 'string' || answer.trim().length < 4) {
        issues.add('answer', 'The security question answer must be at least 4 characters in length');
      }
      issues.throwIfAny();
      const key = String(question);
      return {
        profile: { question: key, questionText: questionText(key) },
        secret: { answerHash: await hashSecret(normaliseAnswer(String(answer)), deps.settings.scryptCost) },
      };
    }
  }
}

async function enroll(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const user = userIdParam(c, deps);
  const body = await readJsonObject(c);
  const factorType = stringField(body, 'factorType');
  const provider = stringField(body, 'provider') ?? 'OKTA';
  if (!factorType) ValidationIssues.fail('factorType', 'The field cannot be left blank');
  const entry = requireEnrollable(deps, user, factorType, provider);
  if (deps.store.factors.listForUser(user.id).some((factor) => factor.factorType === entry.factorType && factor.provider === entry.provider)) {
    throw new OktaApiError('E0000001', 'factorEnrollRequest', ['A factor of this type is already set up.']);
  }
  const state = await enrollState(deps, entry, body, user);
  // A security question needs no activation; push activates on the device, never through `activate=true`.
  const activateNow =
    entry.factorType === 'question' || (['sms', 'call', 'email'].includes(entry.factorType) && booleanQuery(c, 'activate', false));
  const now = deps.clock.now().toISOString();
  const factor: FactorDoc = {
    id: newId(entry.idKind),
    userId: user.id,
    factorType: entry.factorType,
    provider: entry.provider,
    vendorName: entry.vendorName,
    status: activateNow ? 'ACTIVE' : 'PENDING_ACTIVATION',
    created: now,
    lastUpdated: now,
    profile: state.profile,
  };
  let secret = state.secret;
  let embedded: JsonObject | undefined;
  const base = baseUrl(c, deps);
  if (entry.factorType === 'token:software:totp') {
    const sharedSecret = newTotpSecret();
    secret = { totpSecret: sharedSecret };
    const uri = otpauthUrl(sharedSecret, user.profile.login, new URL(base).host);
    embedded = {
      activation: {
        timeStep: 30,
        sharedSecret,
        encoding: 'base32',
        keyLength: sharedSecret.length,
        otpauthUrl: uri,
        _links: { qrcode: { href: uri, type: 'text/uri-list' } },
      },
    };
  } else if (entry.factorType === 'push' && secret.pushActivation) {
    embedded = activationEmbedded(base, factor, secret.pushActivation);
  } else if (!activateNow) {
    secret = await sendFactorCode(deps, factor, secret, { requestType: 'com.okta.user.telephony.pre-enrollment', request: requestInfoOf(c) });
  }
  deps.store.factors.insert(factor, secret);
  if (activateNow) activatedEvent(c, deps, user, factor);
  return c.json(renderFactor(factor, base, embedded));
}

function activatedEvent(c: EmulatorContext, deps: EmulatorDeps, user: UserDoc, factor: FactorDoc): void {
  audit(c, deps, {
    eventType: 'user.mfa.factor.activate',
    displayMessage: `Activate factor ${factor.factorType}`,
    target: [userTarget(user)],
  });
}

/** Checks a passcode against the factor (TOTP, or the code last sent); returns the updated secret. */
export function checkPassCode(deps: EmulatorDeps, factor: FactorDoc, secret: FactorSecret, passCode: string): FactorSecret {
  if (factor.factorType === 'token:software:totp') {
    const counter = matchTotp(secret.totpSecret ?? '', passCode, deps.clock.now());
    if (counter === undefined) throw wrongPassCode();
    if (secret.lastTotpCounter !== undefined && counter <= secret.lastTotpCounter) throw new OktaApiError('E0000082');
    return { ...secret, lastTotpCounter: counter };
  }
  if (!pendingCodeMatches(deps, secret, passCode)) throw wrongPassCode();
  const { pendingCodeHash: _hash, pendingCodeExpiresAt: _expires, ...rest } = secret;
  return rest;
}

async function activate(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const { user, factor, secret } = factorOr404(c, deps);
  const body = await readJsonObject(c);
  if (factor.status !== 'PENDING_ACTIVATION') {
    throw new OktaApiError('E0000001', 'factorActivateRequest', ['Factor is not pending activation.']);
  }
  if (factor.factorType === 'push') {
    const poll = pollActivation(c, deps, user, factor, secret);
    if (poll.kind === 'pending') {
      deps.store.factors.update(factor, poll.secret);
      return c.json(poll.body);
    }
    deps.store.factors.update(poll.factor, poll.secret);
    activatedEvent(c, deps, user, poll.factor);
    return c.json(renderFactor(poll.factor, baseUrl(c, deps)));
  }
  const passCode = stringField(body, 'passCode');
  if (!passCode) ValidationIssues.fail('passCode', 'The field cannot be left blank');
  const nextSecret = checkPassCode(deps, factor, secret, passCode);
  const activated: FactorDoc = { ...factor, status: 'ACTIVE', lastUpdated: deps.clock.now().toISOString() };
  deps.store.factors.update(activated, nextSecret);
  activatedEvent(c, deps, user, activated);
  return c.json(renderFactor(activated, baseUrl(c, deps)));
}

async function verify(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const { user, factor, secret } = factorOr404(c, deps);
  const body = await readJsonObject(c);
  if (factor.status !== 'ACTIVE') throw new OktaApiError('E0000154');
  const event = { eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', target: [userTarget(user)] };
  if (factor.factorType === 'push') {
    const started = startPushChallenge(deps, secret);
    deps.store.factors.update(factor, started.secret);
    return c.json(waitingBody(baseUrl(c, deps), factor, started.transaction), 201);
  }
  if (factor.factorType === 'question') {
    const answer = stringField(body, 'answer');
    if (!answer) ValidationIssues.fail('answer', 'The field cannot be left blank');
    if (!(await verifySecret(normaliseAnswer(answer), secret.answerHash))) {
      audit(c, deps, { ...event, severity: 'WARN', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } });
      throw wrongAnswer();
    }
    audit(c, deps, event);
    return c.json({ factorResult: 'SUCCESS' });
  }
  const passCode = stringField(body, 'passCode');
  const self = `${baseUrl(c, deps)}/api/v1/users/${user.id}/factors/${factor.id}`;
  if (!passCode) {
    if (factor.factorType === 'token:software:totp') ValidationIssues.fail('passCode', 'The field cannot be left blank');
    const sent = await sendFactorCode(deps, factor, secret, { requestType: 'com.okta.user.telephony.mfa-verification', request: requestInfoOf(c) });
    deps.store.factors.update(factor, sent);
    return c.json({ factorResult: 'CHALLENGE', _links: { verify: link(`${self}/verify`, 'POST'), factor: link(self, 'GET') } });
  }
  let nextSecret: FactorSecret;
  try {
    nextSecret = checkPassCode(deps, factor, secret, passCode);
  } catch (error) {
    audit(c, deps, { ...event, severity: 'WARN', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } });
    throw error;
  }
  deps.store.factors.update(factor, nextSecret);
  audit(c, deps, event);
  return c.json({ factorResult: 'SUCCESS' });
}

export function factorRoutes(deps: EmulatorDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/users/{userId}/factors',
      scope: 'okta.users.read',
      handler: (c) => {
        const user = userIdParam(c, deps);
        const base = baseUrl(c, deps);
        return c.json(deps.store.factors.listForUser(user.id).map((factor) => renderFactor(factor, base)));
      },
    },
    { method: 'POST', path: '/api/v1/users/{userId}/factors', scope: 'okta.users.manage', handler: (c) => enroll(c, deps) },
    {
      method: 'GET',
      path: '/api/v1/users/{userId}/factors/catalog',
      scope: 'okta.users.read',
      handler: (c) => {
        const user = userIdParam(c, deps);
        const enrolled = deps.store.factors.listForUser(user.id);
        const href = `${baseUrl(c, deps)}/api/v1/users/${user.id}/factors`;
        return c.json(
          enrollableFactors(deps, user).map((entry) => ({
            factorType: entry.factorType,
            provider: entry.provider,
            vendorName: entry.vendorName,
            status: enrolled.find((factor) => factor.factorType === entry.factorType && factor.provider === entry.provider)?.status ?? 'NOT_SETUP',
            enrollment: entry.enrollment,
            _links: {
              ...(entry.factorType === 'question' ? { questions: link(`${href}/questions`, 'GET') } : {}),
              enroll: link(href, 'POST'),
            },
          })),
        );
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users/{userId}/factors/questions',
      scope: 'okta.users.read',
      handler: (c) => {
        userIdParam(c, deps);
        return c.json(SECURITY_QUESTIONS);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users/{userId}/factors/{factorId}',
      scope: 'okta.users.read',
      handler: (c) => c.json(renderFactor(factorOr404(c, deps).factor, baseUrl(c, deps))),
    },
    {
      method: 'DELETE',
      path: '/api/v1/users/{userId}/factors/{factorId}',
      scope: 'okta.users.manage',
      handler: (c) => {
        const { user, factor } = factorOr404(c, deps);
        deps.store.factors.delete(factor.id);
        audit(c, deps, { eventType: 'user.mfa.factor.deactivate', displayMessage: `Reset factor ${factor.factorType}`, target: [userTarget(user)] });
        return noContent(c);
      },
    },
    { method: 'POST', path: '/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate', scope: 'okta.users.manage', handler: (c) => activate(c, deps) },
    {
      method: 'POST',
      path: '/api/v1/users/{userId}/factors/{factorId}/resend',
      scope: 'okta.users.manage',
      handler: async (c) => {
        // Sends a new enrollment code for a pending sms, call or email factor; the factor is unchanged.
        const { factor, secret } = factorOr404(c, deps);
        await readJsonObject(c);
        if (!['sms', 'call', 'email'].includes(factor.factorType) || factor.status !== 'PENDING_ACTIVATION') {
          throw new OktaApiError('E0000001', 'factorResendRequest', ['Only a pending sms, call or email factor can resend its code.']);
        }
        const sent = await sendFactorCode(deps, factor, secret, { requestType: 'com.okta.user.telephony.pre-enrollment', request: requestInfoOf(c) });
        deps.store.factors.update(factor, sent);
        return c.json(renderFactor(factor, baseUrl(c, deps)));
      },
    },
    { method: 'POST', path: '/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate/poll', scope: 'okta.users.manage', handler: (c) => activate(c, deps) },
    ...pushRoutes(deps),
    { method: 'POST', path: '/api/v1/users/{userId}/factors/{factorId}/verify', scope: 'okta.users.manage', handler: (c) => verify(c, deps) },
    {
      method: 'GET',
      path: '/api/v1/_emulator/outbox',
      handler: (c) => {
        // Emulator-only inspection of sent codes: for the org's API tokens, not for OAuth clients.
        if (c.get('principal').kind !== 'ssws') throw new OktaApiError('E0000006');
        const userId = c.req.query('userId');
        const messages = userId ? deps.store.outbox.all('user_id = ?', [userId]) : deps.store.outbox.all();
        return c.json(messages);
      },
    },
  ];
}
