import type { DatabaseSync } from 'node:sqlite';
import { DocTable } from '../store/doc-table.js';
import type { PolicyDoc, PolicyRuleDoc } from './types.js';

export interface PolicyTables {
  policies: DocTable<PolicyDoc>;
  rules: DocTable<PolicyRuleDoc>;
}

// One pair of tables (with their prepared statements) per open database.
const byDatabase = new WeakMap<DatabaseSync, PolicyTables>();

export function policyTables(db: DatabaseSync): PolicyTables {
  let tables = byDatabase.get(db);
  if (!tables) {
    tables = {
      policies: new DocTable<PolicyDoc>(db, 'policy_docs'),
      rules: new DocTable<PolicyRuleDoc>(db, 'policy_rules', (rule) => ({ policy_id: rule.policyId })),
    };
    byDatabase.set(db, tables);
  }
  return tables;
}
