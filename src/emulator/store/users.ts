import type { DatabaseSync } from 'node:sqlite';
import { DocTable } from './doc-table.js';
import type { UserDoc, UserSecret } from './types.js';

export class UserRepository extends DocTable<UserDoc, UserSecret> {
  constructor(db: DatabaseSync) {
    super(db, 'users', (user) => ({ login: user.profile.login, status: user.status }));
  }

  /** Okta's `/users/{idOrLogin}`: an id, or a login matched without regard to case. */
  findByIdOrLogin(idOrLogin: string): UserDoc | undefined {
    const row = this.statement('SELECT doc FROM users WHERE id = ? OR login = ? LIMIT 1').get(idOrLogin, idOrLogin) as
      | { doc: string }
      | undefined;
    return row ? (JSON.parse(row.doc) as UserDoc) : undefined;
  }

  loginTaken(login: string, exceptId = ''): boolean {
    return this.statement('SELECT 1 FROM users WHERE login = ? AND id <> ?').get(login, exceptId) !== undefined;
  }
}
