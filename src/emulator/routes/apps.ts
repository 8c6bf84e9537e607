import { importJWK, type JWK } from 'jose';
import { audit } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { escapeLike } from '../filter.js';
import { newServiceAppDoc, oauthClientSettings } from '../documents.js';
import { baseUrl, booleanQuery, isObject, limitQuery, noContent, pageResponse, readJsonObject } from '../http.js';
import { newId } from '../ids.js';
import type { AppDoc, JsonObject, LogTarget } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { renderApp } from '../views.js';

const target = (app: AppDoc): LogTarget => ({ id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: null });

/** Public keys a client signs its assertions with; private key material is refused outright. */
async function readJwks(value: unknown, issues: ValidationIssues): Promise<JsonObject[]> {
  const keys = isObject(value) && Array.isArray(value.keys) ? value.keys : undefined;
  if (!keys || keys.length === 0) {
    issues.add('settings.oauthClient.jwks', 'private_key_jwt clients need at least one public key');
    return [];
  }
  const accepted: JsonObject[] = [];
  for (const key of keys) {
    if (!isObject(key) || 'd' in key) {
      issues.add('settings.oauthClient.jwks.keys', 'Each key must be a public JWK');
      continue;
    }
    try {
      await importJWK(key as JWK, typeof key.alg === 'string' ? key.alg : key.kty === 'EC' ? 'ES256' : 'RS256');
      accepted.push(key);
    } catch {
      issues.add('settings.oauthClient.jwks.keys', 'Not a usable JWK');
    }
  }
  return accepted;
}

/** OAuth service apps (`private_key_jwt`): the only app kind the emulator models, enough for client credentials. */
async function readOidcApp(c: EmulatorContext): Promise<{ label: string; jwks: JsonObject[]; oauthSettings: JsonObject }> {
  const body = await readJsonObject(c);
  const issues = new ValidationIssues();
  issues.requireString(body.label, 'label');
  if (body.signOnMode !== 'OPENID_CONNECT') issues.add('signOnMode', 'The emulator models OPENID_CONNECT apps only');
  const credentials = isObject(body.credentials) && isObject(body.credentials.oauthClient) ? body.credentials.oauthClient : {};
  const method = credentials.token_endpoint_auth_method ?? 'private_key_jwt';
  if (method !== 'private_key_jwt') issues.add('credentials.oauthClient.token_endpoint_auth_method', 'The emulator supports private_key_jwt only');
  const settings = isObject(body.settings) && isObject(body.settings.oauthClient) ? body.settings.oauthClient : {};
  const jwks = await readJwks(settings.jwks, issues);
  issues.throwIfAny();
  return { label: String(body.label), jwks, oauthSettings: settings };
}

function appOr404(c: EmulatorContext, deps: EmulatorDeps): AppDoc {
  const id = c.req.param('appId') ?? '';
  const app = deps.store.apps.get(id);
  if (!app) throw notFound('AppInstance', id);
  return app;
}

export function appRoutes(deps: EmulatorDeps): RouteDef[] {
  const toggle = (status: AppDoc['status']): RouteDef => ({
    method: 'POST',
    path: `/api/v1/apps/{appId}/lifecycle/${status === 'ACTIVE' ? 'activate' : 'deactivate'}`,
    scope: 'okta.apps.manage',
    handler: (c) => {
      const app = appOr404(c, deps);
      deps.store.apps.update({ ...app, status, lastUpdated: deps.clock.now().toISOString() });
      audit(c, deps, { eventType: `application.lifecycle.${status === 'ACTIVE' ? 'activate' : 'deactivate'}`, displayMessage: 'Application status changed', target: [target(app)] });
      return c.json({});
    },
  });
  return [
    {
      method: 'GET',
      path: '/api/v1/apps',
      scope: 'okta.apps.read',
      handler: (c) => {
        const q = c.req.query('q');
        const page = deps.store.apps.page({
          ...(q ? { where: "json_extract(doc, '$.label') LIKE ? ESCAPE '\\'", params: [`${escapeLike(q)}%`] } : {}),
          after: c.req.query('after'),
          limit: limitQuery(c, 20, 200),
        });
        return pageResponse(c, deps, page, renderApp);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/apps',
      scope: 'okta.apps.manage',
      handler: async (c) => {
        const input = await readOidcApp(c);
        const app = newServiceAppDoc({ id: newId('app'), active: booleanQuery(c, 'activate', true), ...input }, deps.clock.now().toISOString());
        deps.store.apps.insert(app);
        audit(c, deps, { eventType: 'application.lifecycle.create', displayMessage: 'Add application', target: [target(app)] });
        return c.json(renderApp(app, baseUrl(c, deps)));
      },
    },
    { method: 'GET', path: '/api/v1/apps/{appId}', scope: 'okta.apps.read', handler: (c) => c.json(renderApp(appOr404(c, deps), baseUrl(c, deps))) },
    {
      method: 'PUT',
      path: '/api/v1/apps/{appId}',
      scope: 'okta.apps.manage',
      handler: async (c) => {
        const app = appOr404(c, deps);
        const input = await readOidcApp(c);
        const updated: AppDoc = {
          ...app,
          label: input.label,
          settings: { ...app.settings, oauthClient: oauthClientSettings(input.jwks, input.oauthSettings) },
          lastUpdated: deps.clock.now().toISOString(),
        };
        deps.store.apps.update(updated);
        audit(c, deps, { eventType: 'application.lifecycle.update', displayMessage: 'Update application', target: [target(updated)] });
        return c.json(renderApp(updated, baseUrl(c, deps)));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/apps/{appId}',
      scope: 'okta.apps.manage',
      handler: (c) => {
        const app = appOr404(c, deps);
        if (app.status !== 'INACTIVE') throw new OktaApiError('E0000056', '', ['Application must be deactivated before deletion.']);
        deps.store.apps.delete(app.id);
        audit(c, deps, { eventType: 'application.lifecycle.delete', displayMessage: 'Delete application', target: [target(app)] });
        return noContent(c);
      },
    },
    toggle('ACTIVE'),
    toggle('INACTIVE'),
  ];
}
