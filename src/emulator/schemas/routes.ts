/**
 * Directory schema: `/api/v1/meta/schemas/user/{schemaId}`, `/api/v1/meta/schemas/group/default`
 * (get; POST adds, changes or removes custom attributes — `null` removes one, and its values
 * leave every profile) and the user types of `/api/v1/meta/types/user`.
 */
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { baseUrl, isObject, link, noContent, readJsonObject } from '../http.js';
import { randomBase62 } from '../ids.js';
import type { JsonObject } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { ATTRIBUTE_NAME, readCustomAttribute, type CustomAttribute } from './attribute.js';
import { baseAttributeNames, baseDefinition, type SchemaKind } from './base.js';
import { DEFAULT_SCHEMA_ID, emptySchema, ensureOrgSchemas } from './org-schemas.js';
import { schemaKey, type SchemaDoc, type SchemaTables, type UserTypeDoc } from './store.js';

const TITLES: Record<SchemaKind, { title: string; description?: string; logType: string }> = {
  user: { title: 'User', logType: 'UserSchema' },
  group: { title: 'Okta group', description: 'Okta group profile template', logType: 'GroupSchema' },
  app: { title: 'App user', logType: 'AppUserSchema' },
};

function schemaPath(schema: SchemaDoc): string {
  return schema.kind === 'app' ? `/meta/schemas/apps/${schema.schemaId}/default` : `/meta/schemas/${schema.kind}/${schema.schemaId}`;
}

export function renderSchema(schema: SchemaDoc, base: string): JsonObject {
  const path = schemaPath(schema);
  const facts = TITLES[schema.kind];
  const required = Object.entries(schema.custom).filter(([, attribute]) => attribute.required === true).map(([name]) => name);
  return {
    id: `${base}${path}`,
    $schema: 'http://json-schema.org/draft-04/schema#',
    name: schema.kind,
    title: facts.title,
    ...(facts.description ? { description: facts.description } : {}),
    lastUpdated: schema.lastUpdated,
    created: schema.created,
    definitions: { custom: { id: '#custom', type: 'object', properties: schema.custom, required }, base: baseDefinition(schema.kind) },
    type: 'object',
    properties: { profile: { allOf: [{ $ref: '#/definitions/custom' }, { $ref: '#/definitions/base' }] } },
    _links: { self: link(`${base}/api/v1${path}`, 'GET') },
  };
}

export function renderUserType(type: UserTypeDoc, base: string): JsonObject {
  const { schemaId, ...rest } = type;
  return { ...rest, _links: { self: link(`${base}/api/v1/meta/types/user/${type.id}`), schema: link(`${base}/api/v1/meta/schemas/user/${schemaId}`) } };
}

/** Applies `definitions.custom.properties` of an update body; base attributes are Okta's and stay as they are. */
function applyUpdate(deps: EmulatorDeps, schema: SchemaDoc, body: JsonObject): { updated: SchemaDoc; removed: string[] } {
  const issues = new ValidationIssues();
  const definitions = body.definitions;
  if (!isObject(definitions)) ValidationIssues.fail('definitions', 'The field cannot be left blank');
  const base = definitions.base;
  if (isObject(base) && isObject(base.properties)) {
    const rendered = baseDefinition(schema.kind).properties as JsonObject;
    for (const [name, value] of Object.entries(base.properties)) {
      if (!(name in rendered)) issues.add(`definitions.base.properties.${name}`, 'Base attributes are defined by Okta; add custom attributes under definitions.custom');
      else if (JSON.stringify(value) !== JSON.stringify(rendered[name])) issues.add(`definitions.base.properties.${name}`, 'The emulator does not change base attributes');
    }
  }
  const custom = definitions.custom;
  const properties = isObject(custom) ? custom.properties : undefined;
  if (custom !== undefined && (!isObject(custom) || (properties !== undefined && !isObject(properties)))) issues.add('definitions.custom.properties', 'must be an object');
  const next: Record<string, CustomAttribute> = { ...schema.custom };
  const removed: string[] = [];
  const baseNames = new Set(baseAttributeNames(schema.kind));
  for (const [name, raw] of Object.entries(isObject(properties) ? properties : {})) {
    if (!ATTRIBUTE_NAME.test(name)) {
      issues.add(`definitions.custom.properties.${name}`, 'An attribute name starts with a letter and holds letters, digits and underscores');
      continue;
    }
    if (baseNames.has(name)) {
      issues.add(`definitions.custom.properties.${name}`, 'An object with this field already exists in the current organization');
      continue;
    }
    if (raw === null) {
      if (next[name]) removed.push(name);
      delete next[name];
      continue;
    }
    const attribute = readCustomAttribute(name, raw, issues);
    if (!attribute) continue;
    const current = schema.custom[name];
    if (current && (current.type !== attribute.type || JSON.stringify(current.items ?? null) !== JSON.stringify(attribute.items ?? null))) {
      issues.add(`definitions.custom.properties.${name}.type`, 'The data type of an existing attribute cannot be changed');
      continue;
    }
    next[name] = attribute;
  }
  issues.throwIfAny();
  return { updated: { ...schema, custom: next, lastUpdated: deps.clock.now().toISOString() }, removed };
}

/** A removed attribute's values leave every profile, as Okta drops the data with the attribute. */
function dropValues(deps: EmulatorDeps, kind: SchemaKind, schemaId: string, names: string[], tables: SchemaTables): void {
  // App user profiles belong to app assignments, which keep their own values.
  if (kind === 'app') return;
  const table = kind === 'user' ? 'users' : 'groups_';
  const typeIds = kind === 'user' ? tables.userTypes.all().filter((type) => type.schemaId === schemaId).map((type) => type.id) : [];
  for (const name of names) {
    const path = `$.profile.${name}`;
    if (kind === 'group') deps.store.db.prepare(`UPDATE ${table} SET doc = json_remove(doc, ?)`).run(path);
    else for (const typeId of typeIds) deps.store.db.prepare(`UPDATE ${table} SET doc = json_remove(doc, ?) WHERE json_extract(doc, '$.type.id') = ?`).run(path, typeId);
  }
}

const PATHS: Record<SchemaKind, string> = {
  user: '/api/v1/meta/schemas/user/{schemaId}',
  group: '/api/v1/meta/schemas/group/default',
  app: '/api/v1/meta/schemas/apps/{appInstanceId}/default',
};

function schemaRoutes(deps: EmulatorDeps, tables: SchemaTables, kind: SchemaKind): RouteDef[] {
  const path = PATHS[kind];
  const find = (c: EmulatorContext): SchemaDoc => {
    if (kind === 'app') {
      const appId = c.req.param('appInstanceId') ?? '';
      if (!deps.store.apps.get(appId)) throw notFound('AppInstance', appId);
      // An app's schema exists with the app; it is stored once it is first read or changed.
      const stored = tables.schemas.get(schemaKey('app', appId));
      if (stored) return stored;
      const created = emptySchema('app', appId, deps.clock.now().toISOString());
      tables.schemas.insert(created);
      return created;
    }
    const schemaId = kind === 'user' ? (c.req.param('schemaId') ?? '') : DEFAULT_SCHEMA_ID;
    const schema = tables.schemas.get(schemaKey(kind, schemaId));
    if (!schema) throw notFound(TITLES[kind].logType, schemaId);
    return schema;
  };
  return [
    { method: 'GET', path, scope: 'okta.schemas.read', handler: (c) => c.json(renderSchema(find(c), baseUrl(c, deps))) },
    {
      method: 'POST',
      path,
      scope: 'okta.schemas.manage',
      handler: async (c) => {
        const schema = find(c);
        const { updated, removed } = applyUpdate(deps, schema, await readJsonObject(c));
        tables.schemas.update(updated);
        dropValues(deps, kind, schema.schemaId, removed, tables);
        return c.json(renderSchema(updated, baseUrl(c, deps)));
      },
    },
  ];
}

function readUserType(body: JsonObject, current?: UserTypeDoc, replace = false): { name: string; displayName: string; description: string | null } {
  const issues = new ValidationIssues();
  const name = body.name ?? (replace ? undefined : current?.name);
  if (issues.requireString(name, 'name') && !/^[A-Za-z][A-Za-z0-9_]*$/.test(name as string)) issues.add('name', 'A user type name starts with a letter and holds letters, digits and underscores');
  if (current && name !== undefined && name !== current.name) issues.add('name', 'The name of a user type cannot be changed');
  const displayName = body.displayName ?? (replace ? undefined : current?.displayName);
  issues.requireString(displayName, 'displayName');
  const description = body.description === undefined && !replace ? (current?.description ?? null) : body.description;
  if (description !== undefined && description !== null && typeof description !== 'string') issues.add('description', 'must be a string');
  issues.throwIfAny();
  return { name: String(name), displayName: String(displayName), description: typeof description === 'string' ? description : null };
}

function userTypeRoutes(deps: EmulatorDeps, tables: SchemaTables): RouteDef[] {
  const find = (c: EmulatorContext): UserTypeDoc => {
    const id = c.req.param('typeId') ?? '';
    const type = tables.userTypes.get(id);
    if (!type) throw notFound('UserType', id);
    return type;
  };
  const actor = (c: EmulatorContext) => c.get('principal').actor.id;
  const update = (replace: boolean) => async (c: EmulatorContext) => {
    const type = find(c);
    const input = readUserType(await readJsonObject(c), type, replace);
    const updated: UserTypeDoc = { ...type, ...input, lastUpdatedBy: actor(c), lastUpdated: deps.clock.now().toISOString() };
    tables.userTypes.update(updated);
    return c.json(renderUserType(updated, baseUrl(c, deps)));
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/meta/types/user',
      scope: 'okta.userTypes.read',
      handler: (c) => {
        const base = baseUrl(c, deps);
        return c.json(tables.userTypes.all().map((type) => renderUserType(type, base)));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/meta/types/user',
      scope: 'okta.userTypes.manage',
      handler: async (c) => {
        const input = readUserType(await readJsonObject(c));
        if (tables.userTypes.all().some((type) => type.name.toLowerCase() === input.name.toLowerCase())) {
          ValidationIssues.fail('name', 'An object with this field already exists in the current organization');
        }
        const now = deps.clock.now().toISOString();
        const schemaId = `osc${randomBase62(17)}`;
        const type: UserTypeDoc = { id: `oty${randomBase62(17)}`, ...input, default: false, schemaId, createdBy: actor(c), lastUpdatedBy: actor(c), created: now, lastUpdated: now };
        tables.schemas.insert(emptySchema('user', schemaId, now));
        tables.userTypes.insert(type);
        return c.json(renderUserType(type, baseUrl(c, deps)));
      },
    },
    { method: 'GET', path: '/api/v1/meta/types/user/{typeId}', scope: 'okta.userTypes.read', handler: (c) => c.json(renderUserType(find(c), baseUrl(c, deps))) },
    { method: 'POST', path: '/api/v1/meta/types/user/{typeId}', scope: 'okta.userTypes.manage', handler: update(false) },
    { method: 'PUT', path: '/api/v1/meta/types/user/{typeId}', scope: 'okta.userTypes.manage', handler: update(true) },
    {
      method: 'DELETE',
      path: '/api/v1/meta/types/user/{typeId}',
      scope: 'okta.userTypes.manage',
      handler: (c) => {
        const type = find(c);
        // Okta keeps the default type, and a type that users still have.
        const inUse = deps.store.db.prepare("SELECT 1 FROM users WHERE json_extract(doc, '$.type.id') = ? LIMIT 1").get(type.id);
        if (type.default || inUse) throw new OktaApiError('E0000142', '', [type.default ? 'The default user type cannot be deleted' : 'Users of this type still exist']);
        tables.userTypes.delete(type.id);
        tables.schemas.delete(schemaKey('user', type.schemaId));
        return noContent(c);
      },
    },
  ];
}

export function directorySchemaRoutes(deps: EmulatorDeps): RouteDef[] {
  const tables = ensureOrgSchemas(deps);
  return [...userTypeRoutes(deps, tables), ...schemaRoutes(deps, tables, 'user'), ...schemaRoutes(deps, tables, 'group'), ...schemaRoutes(deps, tables, 'app')];
}
