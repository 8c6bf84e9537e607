import { audit, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { baseUrl, booleanQuery, isObject, link, noContent, readJsonObject, stringField } from '../http.js';
import { newId, type IdKind } from '../ids.js';
import { requestInfoOf } from '../flows/hook-runner.js';
import { pendingCodeMatches, sendFactorCode } from '../outbox.js';
import type { FactorDoc, FactorSecret, FactorType, JsonObject, UserDoc } from '../store/types.js';
import { matchTotp, newTotpSecret, otpauthUrl } from '../totp.js';
import { userIdParam } from '../users.js';
import { EMAIL_PATTERN, ValidationIssues } from '../validation.js';
import { renderFactor } from '../views.js';

interface CatalogEntry {
  factorType: FactorType;
  provider: FactorDoc['provider'];
  vendorName: string;
  idKind: IdKind;
}

/** Factor types the emulator enrolls; the catalog and enrollment both read this list. */
const CATALOG: CatalogEntry[] = [
  { factorType: 'token:software:totp', provider: 'GOOGLE', vendorName: 'GOOGLE', idKind: 'totpGoogle' },
  { factorType: 'token:software:totp', provider: 'OKTA', vendorName: 'OKTA', idKind: 'totpOkta' },
  { factorType: 'sms', provider: 'OKTA', vendorName: 'OKTA', idKind: 'sms' },
  { factorType: 'call', provider: 'OKTA', vendorName: 'OKTA', idKind: 'call' },
  { factorType: 'email', provider: 'OKTA', vendorName: 'OKTA', idKind: 'email' },
];

const PHONE_PATTERN = /^\+[1-9]\d{6,14}$/;

const wrongPassCode = (): OktaApiError => new OktaApiError('E0000068', '', ["Your passcode doesn't match our records. Please try again."]);

function factorOr404(c: EmulatorContext, deps: EmulatorDeps): { user: UserDoc; factor: FactorDoc; secret: FactorSecret } {
  const user = userIdParam(c, deps);
  const id = c.req.param('factorId') ?? '';
  const factor = deps.store.factors.get(id);
  if (!factor || factor.userId !== user.id) throw notFound('UserFactor', id);
  return { user, factor, secret: deps.store.factors.getSecret(id) ?? {} };
}

function enrollProfile(entry: CatalogEntry, body: JsonObject, user: UserDoc): JsonObject {
  const profile = isObject(body.profile) ? body.profile : {};
  const issues = new ValidationIssues();
  switch (entry.factorType) {
    case 'token:software:totp':
      return { credentialId: user.profile.login };
    case 'sms':
    case 'call': {
      const phoneNumber = profile.phoneNumber;
      if (!issues.requireString(phoneNumber, 'phoneNumber')) issues.throwIfAny();
      if (!PHONE_PATTERN.test(String(phoneNumber).replace(/[\s()-]/g, ''))) throw new OktaApiError('E0000098');
      return { phoneNumber: String(phoneNumber).replace(/[\s()-]/g, '') };
    }
    case 'email': {
      const email = typeof profile.email === 'string' ? profile.email : String(user.profile.email);
      if (!EMAIL_PATTERN.test(email)) ValidationIssues.fail('email', 'Does not match required pattern');
      return { email };
    }
  }
}

async function enroll(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const user = userIdParam(c, deps);
  const body = await readJsonObject(c);
  const factorType = stringField(body, 'factorType');
  const provider = stringField(body, 'provider') ?? 'OKTA';
  if (!factorType) ValidationIssues.fail('factorType', 'The field cannot be left blank');
  const entry = CATALOG.find((candidate) => candidate.factorType === factorType && candidate.provider === provider);
  if (!entry) ValidationIssues.fail('factorType', `Factor type ${factorType} with provider ${provider} is not supported`);
  if (deps.store.factors.listForUser(user.id).some((factor) => factor.factorType === entry.factorType && factor.provider === entry.provider)) {
    throw new OktaApiError('E0000001', 'factorEnrollRequest', ['A factor of this type is already set up.']);
  }
  const profile = enrollProfile(entry, body, user);
  const activateNow = entry.factorType !== 'token:software:totp' && booleanQuery(c, 'activate', false);
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
    profile,
  };
  let secret: FactorSecret = {};
  let embedded: JsonObject | undefined;
  if (entry.factorType === 'token:software:totp') {
    const sharedSecret = newTotpSecret();
    secret = { totpSecret: sharedSecret };
    const uri = otpauthUrl(sharedSecret, user.profile.login, new URL(baseUrl(c, deps)).host);
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
  } else if (!activateNow) {
    secret = await sendFactorCode(deps, factor, secret, { requestType: 'com.okta.user.telephony.pre-enrollment', request: requestInfoOf(c) });
  }
  deps.store.factors.insert(factor, secret);
  if (activateNow) activatedEvent(c, deps, user, factor);
  return c.json(renderFactor(factor, baseUrl(c, deps), embedded));
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
  const passCode = stringField(body, 'passCode');
  const self = `${baseUrl(c, deps)}/api/v1/users/${user.id}/factors/${factor.id}`;
  if (!passCode) {
    if (factor.factorType === 'token:software:totp') ValidationIssues.fail('passCode', 'The field cannot be left blank');
    const sent = await sendFactorCode(deps, factor, secret, { requestType: 'com.okta.user.telephony.mfa-verification', request: requestInfoOf(c) });
    deps.store.factors.update(factor, sent);
    return c.json({ factorResult: 'CHALLENGE', _links: { verify: link(`${self}/verify`, 'POST'), factor: link(self, 'GET') } });
  }
  const event = { eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', target: [userTarget(user)] };
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
          CATALOG.map((entry) => ({
            factorType: entry.factorType,
            provider: entry.provider,
            vendorName: entry.vendorName,
            status: enrolled.find((factor) => factor.factorType === entry.factorType && factor.provider === entry.provider)?.status ?? 'NOT_SETUP',
            enrollment: 'OPTIONAL',
            _links: { enroll: link(href, 'POST') },
          })),
        );
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
