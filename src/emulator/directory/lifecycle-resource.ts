/**
 * The operations Okta gives trusted origins and network zones alike: list (with `filter`), create,
 * get, replace, delete, and `lifecycle/activate|deactivate` answering the object. Each resource
 * says how a body reads, how an object renders, and what may not be deleted.
 */
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { notFound } from '../errors.js';
import { compileExpression, escapeLike, jsonPath, type AttributeInfo, type SqlCondition } from '../filter.js';
import { baseUrl, limitQuery, noContent, pageResponse, readJsonObject } from '../http.js';
import { DocTable } from '../store/doc-table.js';
import type { JsonObject } from '../store/types.js';

export interface LifecycleDoc {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
}

export interface LifecycleResource<D extends LifecycleDoc> {
  /** `/api/v1/trustedOrigins` */
  path: string;
  /** The path parameter naming one object (`trustedOriginId`). */
  idParam: string;
  /** Okta's name of the resource in 404s (`TrustedOrigin`). */
  kind: string;
  readScope: string;
  manageScope: string;
  table: string;
  /** Attributes `filter` may compare. */
  filterable: readonly string[];
  /** Attributes `q` matches by prefix, without regard to case. */
  searchable?: readonly string[];
  newId(): string;
  /** Reads and checks a body; `current` is the object being replaced. Throws Okta's E0000001. */
  read(deps: EmulatorDeps, body: JsonObject, current: D | undefined, c: EmulatorContext): Omit<D, keyof LifecycleDoc> & Partial<LifecycleDoc>;
  render(doc: D, base: string): JsonObject;
  /** Throws when the object may not be deleted (a system zone, an active zone). */
  assertDeletable?(doc: D): void;
  /** Objects an org starts with (system zones), inserted on first use. */
  defaults?(now: string): D[];
  /** Records what happened in the System Log. */
  audit?(c: EmulatorContext, deps: EmulatorDeps, action: 'create' | 'update' | 'delete' | 'activate' | 'deactivate', doc: D): void;
}

const tables = new WeakMap<object, Map<string, DocTable<LifecycleDoc>>>();

function tableOf<D extends LifecycleDoc>(deps: EmulatorDeps, resource: LifecycleResource<D>): DocTable<D> {
  let byName = tables.get(deps.store.db);
  if (!byName) {
    byName = new Map();
    tables.set(deps.store.db, byName);
  }
  let table = byName.get(resource.table) as DocTable<D> | undefined;
  if (!table) {
    table = new DocTable<D>(deps.store.db, resource.table);
    byName.set(resource.table, table as unknown as DocTable<LifecycleDoc>);
    if (resource.defaults && table.page({ limit: 1 }).items.length === 0) {
      for (const doc of resource.defaults(deps.clock.now().toISOString())) table.insert(doc);
    }
  }
  return table;
}

function prefixSearch(attributes: readonly string[], q: string): SqlCondition {
  return { sql: attributes.map((name) => `${jsonPath(name) ?? 'NULL'} LIKE ? ESCAPE '\\'`).join(' OR '), params: attributes.map(() => `${escapeLike(q)}%`) };
}

export function lifecycleResourceRoutes<D extends LifecycleDoc>(deps: EmulatorDeps, resource: LifecycleResource<D>): RouteDef[] {
  const one = `${resource.path}/{${resource.idParam}}`;
  const table = () => tableOf(deps, resource);
  const attribute = (path: string): AttributeInfo | undefined => {
    if (!resource.filterable.includes(path)) return undefined;
    if (path === 'id') return { sql: 'id', kind: 'other' };
    const sql = jsonPath(path);
    return sql ? { sql, kind: path === 'created' || path === 'lastUpdated' ? 'date' : 'string' } : undefined;
  };
  const docOr404 = (c: EmulatorContext): D => {
    const id = c.req.param(resource.idParam) ?? '';
    const doc = table().get(id);
    if (!doc) throw notFound(resource.kind, id);
    return doc;
  };
  const lifecycle = (status: LifecycleDoc['status']): RouteDef => ({
    method: 'POST',
    path: `${one}/lifecycle/${status === 'ACTIVE' ? 'activate' : 'deactivate'}`,
    scope: resource.manageScope,
    handler: (c) => {
      const doc = docOr404(c);
      const updated = { ...doc, status, lastUpdated: deps.clock.now().toISOString() };
      table().update(updated);
      resource.audit?.(c, deps, status === 'ACTIVE' ? 'activate' : 'deactivate', updated);
      return c.json(resource.render(updated, baseUrl(c, deps)));
    },
  });
  return [
    {
      method: 'GET',
      path: resource.path,
      scope: resource.readScope,
      handler: (c) => {
        const filter = c.req.query('filter');
        const q = c.req.query('q');
        const conditions = [filter ? compileExpression(filter, attribute) : undefined, q && resource.searchable ? prefixSearch(resource.searchable, q) : undefined].filter((item) => item !== undefined);
        const condition = { sql: conditions.map((item) => `(${item.sql})`).join(' AND '), params: conditions.flatMap((item) => item.params) };
        const page = table().page({ where: condition.sql, params: condition.params, after: c.req.query('after'), limit: limitQuery(c, 20, 200) });
        return pageResponse(c, deps, page, resource.render);
      },
    },
    {
      method: 'POST',
      path: resource.path,
      scope: resource.manageScope,
      handler: async (c) => {
        const input = resource.read(deps, await readJsonObject(c), undefined, c);
        const now = deps.clock.now().toISOString();
        const doc = { status: 'ACTIVE', ...input, id: resource.newId(), created: now, lastUpdated: now } as D;
        table().insert(doc);
        resource.audit?.(c, deps, 'create', doc);
        return c.json(resource.render(doc, baseUrl(c, deps)));
      },
    },
    { method: 'GET', path: one, scope: resource.readScope, handler: (c) => c.json(resource.render(docOr404(c), baseUrl(c, deps))) },
    {
      method: 'PUT',
      path: one,
      scope: resource.manageScope,
      handler: async (c) => {
        const current = docOr404(c);
        const input = resource.read(deps, await readJsonObject(c), current, c);
        // Status changes go through the lifecycle operations, not a replace.
        const doc = { ...current, ...input, id: current.id, status: current.status, created: current.created, lastUpdated: deps.clock.now().toISOString() } as D;
        table().update(doc);
        resource.audit?.(c, deps, 'update', doc);
        return c.json(resource.render(doc, baseUrl(c, deps)));
      },
    },
    {
      method: 'DELETE',
      path: one,
      scope: resource.manageScope,
      handler: (c) => {
        const doc = docOr404(c);
        resource.assertDeletable?.(doc);
        table().delete(doc.id);
        resource.audit?.(c, deps, 'delete', doc);
        return noContent(c);
      },
    },
    lifecycle('ACTIVE'),
    lifecycle('INACTIVE'),
  ];
}

/** All objects of a resource, for other modules (a trusted origin check, a zone lookup). */
export function lifecycleDocs<D extends LifecycleDoc>(deps: EmulatorDeps, resource: LifecycleResource<D>): D[] {
  return tableOf(deps, resource).all();
}
