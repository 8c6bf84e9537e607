import type { DatabaseSync } from 'node:sqlite';
import { DocTable, parseCursor, type Page } from './doc-table.js';
import type { GroupDoc, UserDoc } from './types.js';

export class GroupRepository extends DocTable<GroupDoc> {
  constructor(db: DatabaseSync) {
    super(db, 'groups_', (group) => ({ name: group.profile.name }));
  }

  nameTaken(name: string, exceptId = ''): boolean {
    return this.statement('SELECT 1 FROM groups_ WHERE name = ? AND id <> ?').get(name, exceptId) !== undefined;
  }

  /** Adds the membership; false when it already existed (Okta answers 204 either way). */
  addMember(groupId: string, userId: string): boolean {
    const result = this.statement(
      'INSERT OR IGNORE INTO group_members (group_id, user_id, seq) VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM group_members))',
    ).run(groupId, userId);
    return Number(result.changes) > 0;
  }

  removeMember(groupId: string, userId: string): boolean {
    return Number(this.statement('DELETE FROM group_members WHERE group_id = ? AND user_id = ?').run(groupId, userId).changes) > 0;
  }

  /** Members in the order they joined. */
  membersPage(groupId: string, after: string | undefined, limit: number): Page<UserDoc> {
    return this.#joinedPage('m.seq', 'u.doc', 'm.group_id', groupId, after, limit);
  }

  /** A user's groups in the order the groups were created. */
  groupsOfUser(userId: string, after: string | undefined, limit: number): Page<GroupDoc> {
    return this.#joinedPage('g.seq', 'g.doc', 'm.user_id', userId, after, limit);
  }

  #joinedPage<T>(seq: string, doc: string, key: string, value: string, after: string | undefined, limit: number): Page<T> {
    const rows = this.statement(
      `SELECT ${seq} AS seq, ${doc} AS doc FROM group_members m JOIN users u ON u.id = m.user_id JOIN groups_ g ON g.id = m.group_id
       WHERE ${key} = ? AND ${seq} > ? ORDER BY ${seq} LIMIT ?`,
    ).all(value, parseCursor(after) ?? 0, limit) as { seq: number; doc: string }[];
    const last = rows.at(-1);
    return {
      items: rows.map((row) => JSON.parse(row.doc) as T),
      ...(rows.length === limit && last ? { next: String(last.seq) } : {}),
    };
  }
}
