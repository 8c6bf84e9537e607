import type { DatabaseSync } from 'node:sqlite';
import { DocTable } from './doc-table.js';
import type { FactorDoc, FactorSecret } from './types.js';

export class FactorRepository extends DocTable<FactorDoc, FactorSecret> {
  constructor(db: DatabaseSync) {
    super(db, 'factors', (factor) => ({ user_id: factor.userId }));
  }

  listForUser(userId: string): FactorDoc[] {
    return this.all('user_id = ?', [userId]);
  }

  deleteForUser(userId: string): number {
    return Number(this.statement('DELETE FROM factors WHERE user_id = ?').run(userId).changes);
  }
}
