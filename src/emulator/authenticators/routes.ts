import { audit } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { baseUrl, isObject, link, readJsonObject, stringField } from '../http.js';
import type { JsonObject } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { authenticatorFact, type LifecycleStatus } from './catalog.js';
import { policiesEnabling } from './enroll-policy.js';
import { authenticatorOr404, authenticatorTable, ensureDefaultAuthenticators, type AuthenticatorDoc } from './store.js';

function renderAuthenticator(doc: AuthenticatorDoc, base: string): JsonObject {
  const { methods: _methods, ...rest } = doc;
  const self = `${base}/api/v1/authenticators/${doc.id}`;
  const toggle = doc.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    ...rest,
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT'] } },
      methods: link(`${self}/methods`, 'GET'),
      [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST'),
    },
  };
}

function renderMethod(doc: AuthenticatorDoc, method: AuthenticatorDoc['methods'][number], base: string): JsonObject {
  const self = `${base}/api/v1/authenticators/${doc.id}/methods/${method.type}`;
  const toggle = method.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    type: method.type,
    status: method.status,
    _links: { self: { href: self, hints: { allow: ['GET', 'PUT'] } }, [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST') },
  };
}

function save(deps: EmulatorDeps, doc: AuthenticatorDoc): AuthenticatorDoc {
  const updated = { ...doc, lastUpdated: deps.clock.now().toISOString() };
  authenticatorTable(deps.store.db).update(updated);
  return updated;
}

function setStatus(c: EmulatorContext, deps: EmulatorDeps, status: LifecycleStatus): Response {
  const doc = authenticatorOr404(deps, c.req.param('authenticatorId') ?? '');
  if (status === 'INACTIVE' && doc.status === 'ACTIVE') {
    // Okta refuses to switch off an authenticator that a policy still lets users enroll.
    const policies = policiesEnabling(deps, doc.key);
    if (policies.length > 0) {
      throw new OktaApiError('E0000148', 'To continue, disable the authenticator in these policies.', [
        `Authenticator Enrollment Policies: ${policies.join(', ')}`,
      ]);
    }
  }
  if (doc.status === status) return c.json(renderAuthenticator(doc, baseUrl(c, deps)));
  const updated = save(deps, { ...doc, status });
  const verb = status === 'ACTIVE' ? 'activate' : 'deactivate';
  audit(c, deps, {
    eventType: `security.authenticator.lifecycle.${verb}`,
    displayMessage: `${status === 'ACTIVE' ? 'Activate' : 'Deactivate'} Authenticator`,
    target: [{ id: doc.id, type: 'Authenticator', alternateId: doc.key, displayName: doc.name, detailEntry: null }],
  });
  return c.json(renderAuthenticator(updated, baseUrl(c, deps)));
}

function methodOr404(c: EmulatorContext, deps: EmulatorDeps): { doc: AuthenticatorDoc; index: number } {
  const doc = authenticatorOr404(deps, c.req.param('authenticatorId') ?? '');
  const type = c.req.param('methodType') ?? '';
  const index = doc.methods.findIndex((method) => method.type === type);
  if (index < 0) throw notFound('AuthenticatorMethod', type);
  return { doc, index };
}

function setMethodStatus(c: EmulatorContext, deps: EmulatorDeps, status: LifecycleStatus): Response {
  const { doc, index } = methodOr404(c, deps);
  const methods = doc.methods.map((method, at) => (at === index ? { ...method, status } : method));
  if (status === 'INACTIVE' && methods.every((method) => method.status === 'INACTIVE')) {
    throw new OktaApiError('E0000001', 'methodType', ['At least one method of an authenticator must stay active.']);
  }
  const updated = save(deps, { ...doc, methods });
  return c.json(renderMethod(updated, updated.methods[index]!, baseUrl(c, deps)));
}

async function replace(c: EmulatorContext, deps: EmulatorDeps): Promise<Response> {
  const doc = authenticatorOr404(deps, c.req.param('authenticatorId') ?? '');
  const body = await readJsonObject(c);
  const name = stringField(body, 'name');
  if (!name || name.trim() === '') ValidationIssues.fail('name', 'The field cannot be left blank');
  if (body.key !== undefined && body.key !== doc.key) ValidationIssues.fail('key', 'The authenticator key cannot be changed');
  if (body.settings !== undefined && !isObject(body.settings)) ValidationIssues.fail('settings', 'must be an object');
  const settings = isObject(body.settings) ? { ...doc.settings, ...body.settings } : doc.settings;
  const updated = save(deps, { ...doc, name, ...(settings ? { settings } : {}) });
  return c.json(renderAuthenticator(updated, baseUrl(c, deps)));
}

async function create(c: EmulatorContext): Promise<Response> {
  const body = await readJsonObject(c);
  const key = stringField(body, 'key');
  if (!key) ValidationIssues.fail('key', 'The field cannot be left blank');
  if (!authenticatorFact(key)) {
    throw new OktaApiError('E0000001', 'key', [`key: The emulator does not model the authenticator '${key}'`]);
  }
  // Every authenticator the emulator models exists from the start, so a create always meets one.
  throw new OktaApiError('E0000157', key);
}

export function authenticatorRoutes(deps: EmulatorDeps): RouteDef[] {
  ensureDefaultAuthenticators(deps);
  const read = 'okta.authenticators.read';
  const manage = 'okta.authenticators.manage';
  const base = '/api/v1/authenticators';
  return [
    {
      method: 'GET',
      path: base,
      scope: read,
      handler: (c) => c.json(authenticatorTable(deps.store.db).all().map((doc) => renderAuthenticator(doc, baseUrl(c, deps)))),
    },
    { method: 'POST', path: base, scope: manage, handler: (c) => create(c) },
    {
      method: 'GET',
      path: `${base}/{authenticatorId}`,
      scope: read,
      handler: (c) => c.json(renderAuthenticator(authenticatorOr404(deps, c.req.param('authenticatorId') ?? ''), baseUrl(c, deps))),
    },
    { method: 'PUT', path: `${base}/{authenticatorId}`, scope: manage, handler: (c) => replace(c, deps) },
    { method: 'POST', path: `${base}/{authenticatorId}/lifecycle/activate`, scope: manage, handler: (c) => setStatus(c, deps, 'ACTIVE') },
    { method: 'POST', path: `${base}/{authenticatorId}/lifecycle/deactivate`, scope: manage, handler: (c) => setStatus(c, deps, 'INACTIVE') },
    {
      method: 'GET',
      path: `${base}/{authenticatorId}/methods`,
      scope: read,
      handler: (c) => {
        const doc = authenticatorOr404(deps, c.req.param('authenticatorId') ?? '');
        return c.json(doc.methods.map((method) => renderMethod(doc, method, baseUrl(c, deps))));
      },
    },
    {
      method: 'GET',
      path: `${base}/{authenticatorId}/methods/{methodType}`,
      scope: read,
      handler: (c) => {
        const { doc, index } = methodOr404(c, deps);
        return c.json(renderMethod(doc, doc.methods[index]!, baseUrl(c, deps)));
      },
    },
    {
      method: 'POST',
      path: `${base}/{authenticatorId}/methods/{methodType}/lifecycle/activate`,
      scope: manage,
      handler: (c) => setMethodStatus(c, deps, 'ACTIVE'),
    },
    {
      method: 'POST',
      path: `${base}/{authenticatorId}/methods/{methodType}/lifecycle/deactivate`,
      scope: manage,
      handler: (c) => setMethodStatus(c, deps, 'INACTIVE'),
    },
  ];
}
