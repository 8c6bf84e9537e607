import type { SQLInputValue } from 'node:sqlite';
import { appFromRequest } from '../apps/app-document.js';
import { appEvent } from '../apps/app-events.js';
import { audit } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { compileExpression, escapeLike, type AttributeInfo } from '../filter.js';
import { baseUrl, booleanQuery, limitQuery, noContent, pageResponse, readJsonObject } from '../http.js';
import { newId } from '../ids.js';
import type { AppDoc } from '../store/types.js';
import { renderApp } from '../views.js';

/** The attributes Okta's `filter` on apps accepts (eq only in Okta; the shared parser allows the others). */
function appAttribute(path: string): AttributeInfo | undefined {
  if (path === 'status') return { sql: "json_extract(doc, '$.status')", kind: 'other' };
  if (path === 'name') return { sql: "json_extract(doc, '$.name')", kind: 'string' };
  if (path === 'credentials.signing.kid') return { sql: "json_extract(doc, '$.credentials.signing.kid')", kind: 'string' };
  return undefined;
}

/** `q` matches the start of the name or label; `filter` and `q` combine with AND. */
function listCondition(c: EmulatorContext): { where?: string; params?: SQLInputValue[] } {
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  const q = c.req.query('q');
  if (q) {
    clauses.push("(json_extract(doc, '$.label') LIKE ? ESCAPE '\\' OR json_extract(doc, '$.name') LIKE ? ESCAPE '\\')");
    params.push(`${escapeLike(q)}%`, `${escapeLike(q)}%`);
  }
  const filter = c.req.query('filter');
  if (filter) {
    const condition = compileExpression(filter, appAttribute);
    clauses.push(`(${condition.sql})`);
    params.push(...condition.params);
  }
  return clauses.length ? { where: clauses.join(' AND '), params } : {};
}

function appOr404(c: EmulatorContext, deps: EmulatorDeps): AppDoc {
  const id = c.req.param('appId') ?? '';
  const app = deps.store.apps.get(id);
  if (!app) throw notFound('AppInstance', id);
  return app;
}

const nameTaken = (deps: EmulatorDeps) => (name: string) => deps.store.apps.all("json_extract(doc, '$.name') = ?", [name]).length > 0;

function clientIdTaken(deps: EmulatorDeps, app: AppDoc): boolean {
  const clientId = app.credentials.oauthClient?.client_id;
  return clientId !== undefined && deps.store.apps.all('client_id = ? AND id <> ?', [clientId, app.id]).length > 0;
}

export function appRoutes(deps: EmulatorDeps): RouteDef[] {
  const toggle = (status: AppDoc['status']): RouteDef => ({
    method: 'POST',
    path: `/api/v1/apps/{appId}/lifecycle/${status === 'ACTIVE' ? 'activate' : 'deactivate'}`,
    scope: 'okta.apps.manage',
    handler: (c) => {
      const app = appOr404(c, deps);
      if (app.status !== status) {
        deps.store.apps.update({ ...app, status, lastUpdated: deps.clock.now().toISOString() });
        audit(c, deps, appEvent(status === 'ACTIVE' ? 'activate' : 'deactivate', app));
      }
      return c.json({});
    },
  });
  return [
    {
      method: 'GET',
      path: '/api/v1/apps',
      scope: 'okta.apps.read',
      handler: (c) => {
        const page = deps.store.apps.page({ ...listCondition(c), after: c.req.query('after'), limit: limitQuery(c, 20, 200) });
        return pageResponse(c, deps, page, renderApp);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/apps',
      scope: 'okta.apps.manage',
      handler: async (c) => {
        const body = await readJsonObject(c);
        const app = await appFromRequest(body, { id: newId('app'), now: deps.clock.now().toISOString(), active: booleanQuery(c, 'activate', true), nameTaken: nameTaken(deps) });
        if (clientIdTaken(deps, app)) throw new OktaApiError('E0000001', 'client_id', ['client_id: An object with this field already exists in the current organization']);
        deps.store.apps.insert(app);
        audit(c, deps, appEvent('create', app));
        if (app.status === 'ACTIVE') audit(c, deps, appEvent('activate', app));
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
        const body = await readJsonObject(c);
        const updated = await appFromRequest(body, { id: app.id, now: deps.clock.now().toISOString(), active: app.status === 'ACTIVE', existing: app, nameTaken: nameTaken(deps) });
        deps.store.apps.update(updated);
        audit(c, deps, appEvent('update', updated));
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
        audit(c, deps, appEvent('delete', app));
        return noContent(c);
      },
    },
    toggle('ACTIVE'),
    toggle('INACTIVE'),
  ];
}
