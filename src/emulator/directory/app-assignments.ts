/**
 * Who is assigned to an app, as Okta models it: a user is assigned directly (`scope: USER`) or
 * through a group assigned to the app (`scope: GROUP`). Group assignments are not copied into app
 * users: a member of an assigned group is an app user for as long as the membership lasts, with the
 * profile of the highest-priority assigned group they belong to. A stored row for such a user only
 * holds their own profile values on top of the group's.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { EmulatorDeps } from '../context.js';
import { parseCursor, type Page } from '../store/doc-table.js';
import type { AppDoc, JsonObject, UserDoc } from '../store/types.js';
import { perStore } from './per-store.js';

export interface AppUserRow {
  scope: 'USER' | 'GROUP';
  created: string;
  lastUpdated: string;
  statusChanged: string;
  profile: JsonObject;
}

export interface AppGroupRow {
  id: string;
  priority: number;
  lastUpdated: string;
  profile: JsonObject;
}

/** An app user as Okta answers it, before links. */
export interface AppUser extends AppUserRow {
  user: UserDoc;
  /** The assigned group the user is an app user through (scope GROUP). */
  groupId?: string;
}

export class AppAssignments {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  directRow(appId: string, userId: string): AppUserRow | undefined {
    const row = this.#db.prepare('SELECT doc FROM directory_app_users WHERE app_id = ? AND user_id = ?').get(appId, userId) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as AppUserRow) : undefined;
  }

  saveRow(appId: string, userId: string, row: AppUserRow): void {
    this.#db
      .prepare('INSERT INTO directory_app_users (app_id, user_id, doc) VALUES (?, ?, ?) ON CONFLICT (app_id, user_id) DO UPDATE SET doc = excluded.doc')
      .run(appId, userId, JSON.stringify(row));
  }

  deleteRow(appId: string, userId: string): boolean {
    return Number(this.#db.prepare('DELETE FROM directory_app_users WHERE app_id = ? AND user_id = ?').run(appId, userId).changes) > 0;
  }

  group(appId: string, groupId: string): AppGroupRow | undefined {
    const row = this.#db.prepare('SELECT doc FROM directory_app_groups WHERE app_id = ? AND group_id = ?').get(appId, groupId) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as AppGroupRow) : undefined;
  }

  saveGroup(appId: string, row: AppGroupRow): void {
    this.#db
      .prepare('INSERT INTO directory_app_groups (app_id, group_id, doc) VALUES (?, ?, ?) ON CONFLICT (app_id, group_id) DO UPDATE SET doc = excluded.doc')
      .run(appId, row.id, JSON.stringify(row));
  }

  deleteGroup(appId: string, groupId: string): boolean {
    return Number(this.#db.prepare('DELETE FROM directory_app_groups WHERE app_id = ? AND group_id = ?').run(appId, groupId).changes) > 0;
  }

  groupsPage(appId: string, after: string | undefined, limit: number): Page<AppGroupRow> {
    const rows = this.#db
      .prepare('SELECT seq, doc FROM directory_app_groups WHERE app_id = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(appId, parseCursor(after) ?? 0, limit) as { seq: number; doc: string }[];
    return pageOf(rows, limit, (doc) => JSON.parse(doc) as AppGroupRow);
  }

  /** The assigned groups the user belongs to, highest priority (lowest number) first. */
  groupsOfUser(appId: string, userId: string): AppGroupRow[] {
    const rows = this.#db
      .prepare(
        `SELECT a.doc FROM directory_app_groups a JOIN group_members m ON m.group_id = a.group_id
         WHERE a.app_id = ? AND m.user_id = ? ORDER BY json_extract(a.doc, '$.priority'), a.seq`,
      )
      .all(appId, userId) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as AppGroupRow);
  }

  /** The user's assignment to the app, direct or through a group; undefined when there is none. */
  appUser(appId: string, user: UserDoc): AppUser | undefined {
    const row = this.directRow(appId, user.id);
    if (row?.scope === 'USER') return { ...row, user };
    const [group] = this.groupsOfUser(appId, user.id);
    if (!group) return undefined;
    const since = row?.created ?? group.lastUpdated;
    return {
      scope: 'GROUP',
      created: since,
      lastUpdated: row?.lastUpdated ?? group.lastUpdated,
      statusChanged: row?.statusChanged ?? since,
      profile: { ...group.profile, ...(row?.profile ?? {}) },
      user,
      groupId: group.id,
    };
  }

  /**
   * The app's users in the order they were first assigned (direct rows by row order, then members
   * of assigned groups by membership order); the cursor is an offset into that order.
   */
  appUsersPage(appId: string, users: (id: string) => UserDoc | undefined, after: string | undefined, limit: number): Page<AppUser> {
    const offset = parseCursor(after) ?? 0;
    const ids = this.#db
      .prepare(
        `SELECT user_id FROM (
           SELECT user_id, 0 AS part, seq FROM directory_app_users WHERE app_id = ? AND json_extract(doc, '$.scope') = 'USER'
           UNION ALL
           SELECT m.user_id, 1 AS part, MIN(m.seq) AS seq FROM directory_app_groups a JOIN group_members m ON m.group_id = a.group_id
           WHERE a.app_id = ? AND m.user_id NOT IN (SELECT user_id FROM directory_app_users WHERE app_id = ? AND json_extract(doc, '$.scope') = 'USER')
           GROUP BY m.user_id
         ) ORDER BY part, seq LIMIT ? OFFSET ?`,
      )
      .all(appId, appId, appId, limit, offset) as { user_id: string }[];
    const items: AppUser[] = [];
    for (const { user_id: id } of ids) {
      const user = users(id);
      const appUser = user ? this.appUser(appId, user) : undefined;
      if (appUser) items.push(appUser);
    }
    return { items, ...(ids.length === limit ? { next: String(offset + ids.length) } : {}) };
  }

  /** Whether the user may get tokens for the app: assigned directly or through any assigned group. */
  isAssigned(appId: string, userId: string): boolean {
    if (this.directRow(appId, userId)?.scope === 'USER') return true;
    return (
      this.#db
        .prepare('SELECT 1 FROM directory_app_groups a JOIN group_members m ON m.group_id = a.group_id WHERE a.app_id = ? AND m.user_id = ? LIMIT 1')
        .get(appId, userId) !== undefined
    );
  }

  /** Apps the group is assigned to, for `listAssignedApplicationsForGroup`. */
  appIdsOfGroup(groupId: string): string[] {
    return (this.#db.prepare('SELECT app_id FROM directory_app_groups WHERE group_id = ? ORDER BY seq').all(groupId) as { app_id: string }[]).map((row) => row.app_id);
  }
}

function pageOf<T>(rows: { seq: number; doc: string }[], limit: number, parse: (doc: string) => T): Page<T> {
  const last = rows.at(-1);
  return { items: rows.map((row) => parse(row.doc)), ...(rows.length === limit && last ? { next: String(last.seq) } : {}) };
}

export const appAssignments = perStore((db) => new AppAssignments(db));

/** The org app whose OAuth client this is; undefined for clients given to the emulator directly. */
export function appOfClient(deps: Pick<EmulatorDeps, 'store'>, clientId: string): AppDoc | undefined {
  return deps.store.apps.all("json_extract(doc, '$.credentials.oauthClient.client_id') = ?", [clientId])[0];
}
