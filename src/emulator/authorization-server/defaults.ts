/**
 * What every authorization server starts with, and the org's `default` server: Okta's system
 * scopes on each new server, and on `default` the "Default Policy" with its "Default Policy Rule"
 * (every client, every user, the grant types the emulator has, any scope, 1 h access tokens,
 * refresh tokens without an end of life). Like Okta's default setup the rule names no inline hook:
 * a token hook fires once a rule names it (`gatehook register` does this for the default rule).
 */
import type { EmulatorDeps } from '../context.js';
import { randomBase62 } from '../ids.js';
import { inTransaction } from '../store/db.js';
import { authzTables, type AuthServerDoc, type PolicyDoc, type RuleDoc, type ScopeDoc } from './store.js';

export const DEFAULT_SERVER_ID = 'default';
const DEFAULT_SERVER_SEEDED = 'authz.defaultServer';

/** The scopes Okta puts on every authorization server (system scopes), with their consent texts. */
const SYSTEM_SCOPES: readonly (Pick<ScopeDoc, 'name' | 'description'> & { displayName?: string })[] = [
  { name: 'openid', description: 'Signals that a request is an OpenID request.' },
  { name: 'profile', description: "Allows this application to access your profile information." },
  { name: 'email', description: 'Allows this application to access your email address.' },
  { name: 'address', description: 'Allows this application to access your address.' },
  { name: 'phone', description: 'Allows this application to access your phone number.' },
  { name: 'offline_access', description: 'Allows this application to access your information while you are not using the application.' },
  { name: 'device_sso', description: 'Allows this application to use single sign-on across devices.' },
];

export const newScopeId = (): string => `scp${randomBase62(17)}`;
export const newClaimId = (): string => `ocl${randomBase62(17)}`;
export const newPolicyId = (): string => `00p${randomBase62(17)}`;
export const newRuleId = (): string => `0pr${randomBase62(17)}`;
export const newServerId = (): string => `aus${randomBase62(17)}`;

/** Inserts a server with its system scopes (keys are created on first use by the key ring). */
export function insertServer(deps: Pick<EmulatorDeps, 'store'>, server: AuthServerDoc): void {
  const tables = authzTables(deps.store);
  tables.servers.insert(server);
  for (const scope of SYSTEM_SCOPES) {
    tables.scopes.insert({
      id: newScopeId(),
      serverId: server.id,
      name: scope.name,
      description: scope.description,
      consent: 'IMPLICIT',
      default: false,
      metadataPublish: 'ALL_CLIENTS',
      system: true,
      optional: false,
    });
  }
}

export function everyoneRule(serverId: string, policyId: string, now: string, overrides: Partial<RuleDoc> = {}): RuleDoc {
  return {
    id: newRuleId(),
    serverId,
    policyId,
    name: 'Default Policy Rule',
    status: 'ACTIVE',
    priority: 1,
    system: false,
    grantTypes: ['client_credentials', 'authorization_code', 'password', 'implicit'],
    scopes: ['*'],
    people: { users: { include: [], exclude: [] }, groups: { include: ['EVERYONE'], exclude: [] } },
    token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 },
    created: now,
    lastUpdated: now,
    ...overrides,
  };
}

/** Creates the `default` server once per org (a deleted default server stays deleted, as in Okta). */
export function ensureDefaultServer(deps: Pick<EmulatorDeps, 'store' | 'clock'>): void {
  const { store } = deps;
  if (store.meta.get(DEFAULT_SERVER_SEEDED)) return;
  const now = deps.clock.now().toISOString();
  inTransaction(store.db, () => {
    insertServer(deps, {
      id: DEFAULT_SERVER_ID,
      name: 'default',
      description: 'Default Authorization Server for your Applications',
      audiences: ['api://default'],
      issuerMode: 'ORG_URL',
      status: 'ACTIVE',
      created: now,
      lastUpdated: now,
      rotationMode: 'AUTO',
      lastRotated: now,
    });
    const policy: PolicyDoc = {
      id: newPolicyId(),
      serverId: DEFAULT_SERVER_ID,
      name: 'Default Policy',
      description: 'Default policy description',
      status: 'ACTIVE',
      priority: 1,
      system: false,
      clients: ['ALL_CLIENTS'],
      created: now,
      lastUpdated: now,
    };
    const tables = authzTables(store);
    tables.policies.insert(policy);
    tables.rules.insert(everyoneRule(DEFAULT_SERVER_ID, policy.id, now));
    store.meta.set(DEFAULT_SERVER_SEEDED, '1');
  });
}
