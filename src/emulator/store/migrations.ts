import type { DatabaseSync } from 'node:sqlite';

/** A table holding one JSON document per row, kept in creation order by `seq`. */
function docTable(name: string, extraColumns = ''): string {
  return `CREATE TABLE ${name} (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    secret TEXT${extraColumns ? `,\n    ${extraColumns}` : ''}
  );`;
}

/** Schema versions in order; index + 1 is the `user_version` after applying the step. Never edit a shipped step. */
const STEPS: string[] = [
  [
    docTable('users', 'login TEXT NOT NULL UNIQUE COLLATE NOCASE, status TEXT NOT NULL'),
    'CREATE INDEX users_status ON users(status);',
    docTable('groups_', 'name TEXT NOT NULL'),
    `CREATE TABLE group_members (
      group_id TEXT NOT NULL REFERENCES groups_(id) ON DELETE CASCADE,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      PRIMARY KEY (group_id, user_id)
    );`,
    'CREATE INDEX group_members_user ON group_members(user_id);',
    docTable('factors', 'user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE'),
    'CREATE INDEX factors_user ON factors(user_id);',
    docTable('sessions', 'user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, expires_at TEXT NOT NULL'),
    `CREATE TABLE session_tokens (
      token_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      expires_at TEXT NOT NULL
    );`,
    docTable('logs', 'published TEXT NOT NULL, event_type TEXT NOT NULL'),
    'CREATE INDEX logs_published ON logs(published);',
    docTable('inline_hooks'),
    docTable('event_hooks'),
    docTable('apps', 'client_id TEXT NOT NULL UNIQUE'),
    docTable('outbox', 'user_id TEXT'),
    'CREATE TABLE used_jtis (jti TEXT PRIMARY KEY, expires_at TEXT NOT NULL);',
    'CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);',
  ].join('\n'),
  [
    '-- authz: custom authorization servers, their scopes, claims, policies, rules, signing keys, refresh tokens; hook keys',
    docTable('authz_servers'),
    docTable('authz_scopes', 'server_id TEXT NOT NULL REFERENCES authz_servers(id) ON DELETE CASCADE, name TEXT NOT NULL, UNIQUE (server_id, name)'),
    docTable('authz_claims', 'server_id TEXT NOT NULL REFERENCES authz_servers(id) ON DELETE CASCADE'),
    docTable('authz_policies', 'server_id TEXT NOT NULL REFERENCES authz_servers(id) ON DELETE CASCADE'),
    docTable('authz_rules', 'server_id TEXT NOT NULL, policy_id TEXT NOT NULL REFERENCES authz_policies(id) ON DELETE CASCADE'),
    docTable('authz_keys', 'server_id TEXT NOT NULL REFERENCES authz_servers(id) ON DELETE CASCADE'),
    docTable('authz_refresh_tokens', 'server_id TEXT NOT NULL REFERENCES authz_servers(id) ON DELETE CASCADE, token_hash TEXT NOT NULL UNIQUE, client_id TEXT NOT NULL'),
    docTable('authz_hook_keys', 'key_id TEXT NOT NULL UNIQUE'),
  ].join('\n'),
  [
    '-- policies: org policies and their rules, directory schemas, user types',
    docTable('policy_docs'),
    docTable('policy_rules', 'policy_id TEXT NOT NULL'),
    'CREATE INDEX policy_rules_policy ON policy_rules(policy_id);',
    docTable('schema_docs'),
    docTable('user_types', 'name TEXT NOT NULL UNIQUE'),
  ].join('\n'),
  [
    '-- factors: the org authenticators that factor enrollment consults',
    docTable('factors_authenticators', 'key TEXT NOT NULL UNIQUE'),
  ].join('\n'),
  [
    '-- directory: app assignments, group rules and owners, linked objects, trusted origins, network zones, admin roles',
    `CREATE TABLE directory_app_users (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      doc TEXT NOT NULL,
      UNIQUE (app_id, user_id)
    );`,
    'CREATE INDEX directory_app_users_user ON directory_app_users(user_id);',
    `CREATE TABLE directory_app_groups (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
      group_id TEXT NOT NULL REFERENCES groups_(id) ON DELETE CASCADE,
      doc TEXT NOT NULL,
      UNIQUE (app_id, group_id)
    );`,
    'CREATE INDEX directory_app_groups_group ON directory_app_groups(group_id);',
    docTable('directory_group_rules'),
    `CREATE TABLE directory_rule_members (
      rule_id TEXT NOT NULL REFERENCES directory_group_rules(id) ON DELETE CASCADE,
      group_id TEXT NOT NULL REFERENCES groups_(id) ON DELETE CASCADE,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      PRIMARY KEY (rule_id, group_id, user_id)
    );`,
    `CREATE TABLE directory_group_owners (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      group_id TEXT NOT NULL REFERENCES groups_(id) ON DELETE CASCADE,
      owner_id TEXT NOT NULL,
      doc TEXT NOT NULL,
      UNIQUE (group_id, owner_id)
    );`,
    docTable('directory_linked_objects', 'primary_name TEXT NOT NULL UNIQUE, associated_name TEXT NOT NULL UNIQUE'),
    `CREATE TABLE directory_user_links (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      primary_name TEXT NOT NULL REFERENCES directory_linked_objects(primary_name) ON DELETE CASCADE,
      primary_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      associated_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      UNIQUE (primary_name, associated_user_id)
    );`,
    docTable('directory_trusted_origins'),
    docTable('directory_network_zones'),
    docTable('directory_roles', 'principal_id TEXT NOT NULL'),
    'CREATE INDEX directory_roles_principal ON directory_roles(principal_id);',
    // Roles belong to a user or a group, so no single foreign key can remove them with their holder.
    'CREATE TRIGGER directory_roles_of_user AFTER DELETE ON users BEGIN DELETE FROM directory_roles WHERE principal_id = OLD.id; END;',
    'CREATE TRIGGER directory_roles_of_group AFTER DELETE ON groups_ BEGIN DELETE FROM directory_roles WHERE principal_id = OLD.id; END;',
    `CREATE TABLE directory_role_targets (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      role_id TEXT NOT NULL REFERENCES directory_roles(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      target TEXT NOT NULL,
      UNIQUE (role_id, kind, target)
    );`,
  ].join('\n'),
];

export function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let version = row.user_version; version < STEPS.length; version++) {
    db.exec('BEGIN');
    try {
      db.exec(STEPS[version] ?? '');
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}
