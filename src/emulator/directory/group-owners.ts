/** Owners of a group: users or groups who manage it (Okta's group owners, `/api/v1/groups/{groupId}/owners`). */
import type { DatabaseSync } from 'node:sqlite';
import type { EmulatorDeps } from '../context.js';
import { parseCursor, type Page } from '../store/doc-table.js';
import type { JsonObject } from '../store/types.js';
import { perStore } from './per-store.js';

export interface GroupOwnerRow {
  id: string;
  type: 'USER' | 'GROUP';
  lastUpdated: string;
}

export class GroupOwners {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Adds the owner; adding one twice keeps the first assignment. */
  add(groupId: string, owner: GroupOwnerRow): GroupOwnerRow {
    this.#db.prepare('INSERT OR IGNORE INTO directory_group_owners (group_id, owner_id, doc) VALUES (?, ?, ?)').run(groupId, owner.id, JSON.stringify(owner));
    const row = this.#db.prepare('SELECT doc FROM directory_group_owners WHERE group_id = ? AND owner_id = ?').get(groupId, owner.id) as { doc: string };
    return JSON.parse(row.doc) as GroupOwnerRow;
  }

  remove(groupId: string, ownerId: string): boolean {
    return Number(this.#db.prepare('DELETE FROM directory_group_owners WHERE group_id = ? AND owner_id = ?').run(groupId, ownerId).changes) > 0;
  }

  page(groupId: string, after: string | undefined, limit: number): Page<GroupOwnerRow> {
    const rows = this.#db
      .prepare('SELECT seq, doc FROM directory_group_owners WHERE group_id = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(groupId, parseCursor(after) ?? 0, limit) as { seq: number; doc: string }[];
    const last = rows.at(-1);
    return { items: rows.map((row) => JSON.parse(row.doc) as GroupOwnerRow), ...(rows.length === limit && last ? { next: String(last.seq) } : {}) };
  }
}

export const groupOwners = perStore((db) => new GroupOwners(db));

/** An owner as Okta answers it; an owner deleted since is shown unresolved. */
export function renderOwner(deps: Pick<EmulatorDeps, 'store'>, owner: GroupOwnerRow): JsonObject {
  const user = owner.type === 'USER' ? deps.store.users.get(owner.id) : undefined;
  const group = owner.type === 'GROUP' ? deps.store.groups.get(owner.id) : undefined;
  const displayName = user ? [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ') || user.profile.login : group?.profile.name;
  return {
    id: owner.id,
    type: owner.type,
    displayName: displayName ?? owner.id,
    originId: null,
    originType: 'OKTA_DIRECTORY',
    resolved: Boolean(user ?? group),
    lastUpdated: owner.lastUpdated,
  };
}
