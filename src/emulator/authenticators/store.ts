import type { DatabaseSync } from 'node:sqlite';
import type { EmulatorDeps } from '../context.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { DocTable } from '../store/doc-table.js';
import type { JsonObject } from '../store/types.js';
import { AUTHENTICATORS, type AuthenticatorMethod, type LifecycleStatus } from './catalog.js';

export interface AuthenticatorDoc {
  id: string;
  key: string;
  type: string;
  name: string;
  status: LifecycleStatus;
  created: string;
  lastUpdated: string;
  settings?: JsonObject;
  /** Rendered only through `/methods`, as Okta does. */
  methods: AuthenticatorMethod[];
}

const byDatabase = new WeakMap<DatabaseSync, DocTable<AuthenticatorDoc>>();

export function authenticatorTable(db: DatabaseSync): DocTable<AuthenticatorDoc> {
  let table = byDatabase.get(db);
  if (!table) {
    table = new DocTable<AuthenticatorDoc>(db, 'factors_authenticators', (doc) => ({ key: doc.key }));
    byDatabase.set(db, table);
  }
  return table;
}

/** Adds the authenticators the org does not have yet (at start-up); existing ones keep their state. */
export function ensureDefaultAuthenticators(deps: EmulatorDeps): void {
  const table = authenticatorTable(deps.store.db);
  const now = deps.clock.now().toISOString();
  for (const fact of AUTHENTICATORS) {
    if (table.all('key = ?', [fact.key]).length > 0) continue;
    table.insert({
      id: newId('authenticator'),
      key: fact.key,
      type: fact.type,
      name: fact.name,
      status: 'ACTIVE',
      created: now,
      lastUpdated: now,
      ...(fact.settings ? { settings: structuredClone(fact.settings) } : {}),
      methods: fact.methods.map((type) => ({ type, status: 'ACTIVE' })),
    });
  }
}

export function authenticatorByKey(deps: EmulatorDeps, key: string): AuthenticatorDoc | undefined {
  return authenticatorTable(deps.store.db).all('key = ?', [key])[0];
}

export function authenticatorOr404(deps: EmulatorDeps, id: string): AuthenticatorDoc {
  const doc = authenticatorTable(deps.store.db).get(id);
  if (!doc) throw notFound('Authenticator', id);
  return doc;
}
