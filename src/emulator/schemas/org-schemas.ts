/**
 * The org's schemas and user types as stored, created on first use: the default user type
 * ("User", `default: true`) with the user schema `default`, and the group schema `default`.
 */
import type { EmulatorDeps } from '../context.js';
import { DEFAULT_USER_TYPE_ID } from '../users.js';
import type { SchemaKind } from './base.js';
import { schemaKey, schemaTables, type SchemaDoc, type SchemaTables, type UserTypeDoc } from './store.js';

export const DEFAULT_SCHEMA_ID = 'default';

export function ensureOrgSchemas(deps: EmulatorDeps): SchemaTables {
  const tables = schemaTables(deps.store.db);
  const now = deps.clock.now().toISOString();
  for (const kind of ['user', 'group'] as const) {
    if (!tables.schemas.get(schemaKey(kind, DEFAULT_SCHEMA_ID))) tables.schemas.insert(emptySchema(kind, DEFAULT_SCHEMA_ID, now));
  }
  if (!tables.userTypes.get(DEFAULT_USER_TYPE_ID)) {
    const type: UserTypeDoc = {
      id: DEFAULT_USER_TYPE_ID,
      name: 'user',
      displayName: 'User',
      description: 'Okta user profile template with default permission settings',
      default: true,
      schemaId: DEFAULT_SCHEMA_ID,
      createdBy: 'system',
      lastUpdatedBy: 'system',
      created: now,
      lastUpdated: now,
    };
    tables.userTypes.insert(type);
  }
  return tables;
}

export function emptySchema(kind: SchemaKind, schemaId: string, now: string): SchemaDoc {
  return { id: schemaKey(kind, schemaId), kind, schemaId, custom: {}, created: now, lastUpdated: now };
}

/** The schema a user of `typeId` is validated against; the default one for an unknown type. */
export function userSchemaFor(deps: EmulatorDeps, typeId: string): SchemaDoc | undefined {
  const tables = schemaTables(deps.store.db);
  const type = tables.userTypes.get(typeId) ?? tables.userTypes.get(DEFAULT_USER_TYPE_ID);
  return tables.schemas.get(schemaKey('user', type?.schemaId ?? DEFAULT_SCHEMA_ID));
}

export function groupSchema(deps: EmulatorDeps): SchemaDoc | undefined {
  return schemaTables(deps.store.db).schemas.get(schemaKey('group', DEFAULT_SCHEMA_ID));
}

/** True for a type of the org (and for the default type before the org's schemas exist). */
export function userTypeExists(deps: EmulatorDeps, typeId: string): boolean {
  const tables = schemaTables(deps.store.db);
  return typeId === DEFAULT_USER_TYPE_ID || tables.userTypes.get(typeId) !== undefined;
}
