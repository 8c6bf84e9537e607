import type { DatabaseSync } from 'node:sqlite';
import { DocTable } from '../store/doc-table.js';
import type { JsonObject } from '../store/types.js';
import type { SchemaKind } from './base.js';
import type { CustomAttribute } from './attribute.js';

/** A schema's own part: its custom attributes. `id` is `user:<schemaId>` or `group:default`. */
export interface SchemaDoc {
  id: string;
  kind: SchemaKind;
  schemaId: string;
  custom: Record<string, CustomAttribute>;
  created: string;
  lastUpdated: string;
}

export interface UserTypeDoc extends JsonObject {
  id: string;
  name: string;
  displayName: string;
  description: string | null;
  default: boolean;
  schemaId: string;
  createdBy: string;
  lastUpdatedBy: string;
  created: string;
  lastUpdated: string;
}

export interface SchemaTables {
  schemas: DocTable<SchemaDoc>;
  userTypes: DocTable<UserTypeDoc>;
}

const byDatabase = new WeakMap<DatabaseSync, SchemaTables>();

export function schemaTables(db: DatabaseSync): SchemaTables {
  let tables = byDatabase.get(db);
  if (!tables) {
    tables = { schemas: new DocTable<SchemaDoc>(db, 'schema_docs'), userTypes: new DocTable<UserTypeDoc>(db, 'user_types', (type) => ({ name: type.name })) };
    byDatabase.set(db, tables);
  }
  return tables;
}

export const schemaKey = (kind: SchemaKind, schemaId: string): string => `${kind}:${schemaId}`;
