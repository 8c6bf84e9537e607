import type { DatabaseSync } from 'node:sqlite';
import { openDatabase } from './db.js';
import { DocTable } from './doc-table.js';
import { FactorRepository } from './factors.js';
import { GroupRepository } from './groups.js';
import { LogRepository } from './logs.js';
import { MetaRepository } from './meta.js';
import { SessionRepository } from './sessions.js';
import type { AppDoc, EventHookDoc, HookSecret, InlineHookDoc, OutboxMessage } from './types.js';
import { UserRepository } from './users.js';

export interface Store {
  readonly db: DatabaseSync;
  readonly users: UserRepository;
  readonly groups: GroupRepository;
  readonly factors: FactorRepository;
  readonly sessions: SessionRepository;
  readonly logs: LogRepository;
  readonly inlineHooks: DocTable<InlineHookDoc, HookSecret>;
  readonly eventHooks: DocTable<EventHookDoc, HookSecret>;
  readonly apps: DocTable<AppDoc>;
  readonly outbox: DocTable<OutboxMessage>;
  readonly meta: MetaRepository;
  close(): void;
}

export function createStore(dataFile: string): Store {
  const db = openDatabase(dataFile);
  return {
    db,
    users: new UserRepository(db),
    groups: new GroupRepository(db),
    factors: new FactorRepository(db),
    sessions: new SessionRepository(db),
    logs: new LogRepository(db),
    inlineHooks: new DocTable<InlineHookDoc, HookSecret>(db, 'inline_hooks'),
    eventHooks: new DocTable<EventHookDoc, HookSecret>(db, 'event_hooks'),
    apps: new DocTable<AppDoc>(db, 'apps', // Apps without an OAuth client keep their own id in the unique client_id column.
      (app) => ({ client_id: app.credentials.oauthClient?.client_id ?? app.id })),
    outbox: new DocTable<OutboxMessage>(db, 'outbox', (message) => ({ user_id: message.userId })),
    meta: new MetaRepository(db),
    close: () => db.close(),
  };
}

export type * from './types.js';
export type { Page, PageQuery } from './doc-table.js';
