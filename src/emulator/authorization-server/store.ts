/**
 * The documents of custom authorization servers (and hook keys) as the emulator stores them, and
 * the tables that hold them. Tables are reached through `authzTables(store)` so the org's shared
 * `Store` needs no field per resource of this area.
 */
import type { JWK } from 'jose';
import { DocTable } from '../store/doc-table.js';
import type { Store } from '../store/index.js';

export type Status = 'ACTIVE' | 'INACTIVE';

export interface AuthServerDoc {
  id: string;
  name: string;
  description: string;
  audiences: string[];
  issuerMode: 'ORG_URL' | 'CUSTOM_URL' | 'DYNAMIC';
  status: Status;
  created: string;
  lastUpdated: string;
  rotationMode: 'AUTO' | 'MANUAL';
  lastRotated: string;
}

export interface ScopeDoc {
  id: string;
  serverId: string;
  name: string;
  displayName?: string;
  description?: string;
  consent: 'REQUIRED' | 'IMPLICIT' | 'ADMIN';
  default: boolean;
  metadataPublish: 'ALL_CLIENTS' | 'NO_CLIENTS';
  system: boolean;
  optional: boolean;
}

export type GroupFilterType = 'STARTS_WITH' | 'EQUALS' | 'CONTAINS' | 'REGEX';

export interface ClaimDoc {
  id: string;
  serverId: string;
  name: string;
  status: Status;
  claimType: 'RESOURCE' | 'IDENTITY';
  valueType: 'EXPRESSION' | 'GROUPS' | 'SYSTEM';
  value: string;
  alwaysIncludeInToken: boolean;
  /** Empty: any scope. */
  scopes: string[];
  groupFilterType?: GroupFilterType;
  system: boolean;
}

export interface PolicyDoc {
  id: string;
  serverId: string;
  name: string;
  description: string;
  status: Status;
  priority: number;
  system: boolean;
  /** `ALL_CLIENTS` or client ids. */
  clients: string[];
  created: string;
  lastUpdated: string;
}

export interface RuleDoc {
  id: string;
  serverId: string;
  policyId: string;
  name: string;
  status: Status;
  priority: number;
  system: boolean;
  grantTypes: string[];
  /** `*` for any scope. */
  scopes: string[];
  people: { users: { include: string[]; exclude: string[] }; groups: { include: string[]; exclude: string[] } };
  token: {
    accessTokenLifetimeMinutes: number;
    refreshTokenLifetimeMinutes: number;
    refreshTokenWindowMinutes: number;
    inlineHookId?: string;
  };
  created: string;
  lastUpdated: string;
}

export interface SigningKeyDoc {
  id: string;
  serverId: string;
  status: 'ACTIVE' | 'NEXT' | 'EXPIRED';
  publicJwk: JWK;
  created: string;
  lastUpdated: string;
  expiresAt?: string;
}

export interface PrivateKeySecret {
  privateJwk: JWK;
}

export interface RefreshTokenDoc {
  /** The `jti` Okta shows in `data.refresh_token` of token hook requests. */
  id: string;
  serverId: string;
  /** SHA-256 of the opaque token; the token itself is never stored. */
  tokenHash: string;
  clientId: string;
  userId: string;
  scopes: string[];
  grantType: string;
  authTime: number;
  status: 'ACTIVE' | 'REVOKED';
  created: string;
  expiresAt: string | null;
  /** Seconds it may go unused; null: no idle limit. */
  idleWindow: number | null;
  lastUsed: string;
  /** DPoP key thumbprint a public client's refresh token is bound to (RFC 9449 section 5). */
  dpopJkt?: string;
}

export interface HookKeyDoc {
  id: string;
  keyId: string;
  name: string;
  publicJwk: JWK;
  created: string;
  lastUpdated: string;
}

export interface AuthzTables {
  servers: DocTable<AuthServerDoc>;
  scopes: DocTable<ScopeDoc>;
  claims: DocTable<ClaimDoc>;
  policies: DocTable<PolicyDoc>;
  rules: DocTable<RuleDoc>;
  keys: DocTable<SigningKeyDoc, PrivateKeySecret>;
  refreshTokens: DocTable<RefreshTokenDoc>;
  hookKeys: DocTable<HookKeyDoc, PrivateKeySecret>;
}

const tables = new WeakMap<Store, AuthzTables>();

export function authzTables(store: Store): AuthzTables {
  let found = tables.get(store);
  if (!found) {
    const { db } = store;
    const byServer = (doc: { serverId: string }) => ({ server_id: doc.serverId });
    found = {
      servers: new DocTable<AuthServerDoc>(db, 'authz_servers'),
      scopes: new DocTable<ScopeDoc>(db, 'authz_scopes', (doc) => ({ server_id: doc.serverId, name: doc.name })),
      claims: new DocTable<ClaimDoc>(db, 'authz_claims', byServer),
      policies: new DocTable<PolicyDoc>(db, 'authz_policies', byServer),
      rules: new DocTable<RuleDoc>(db, 'authz_rules', (doc) => ({ server_id: doc.serverId, policy_id: doc.policyId })),
      keys: new DocTable<SigningKeyDoc, PrivateKeySecret>(db, 'authz_keys', byServer),
      refreshTokens: new DocTable<RefreshTokenDoc>(db, 'authz_refresh_tokens', (doc) => ({ server_id: doc.serverId, token_hash: doc.tokenHash, client_id: doc.clientId })),
      hookKeys: new DocTable<HookKeyDoc, PrivateKeySecret>(db, 'authz_hook_keys', (doc) => ({ key_id: doc.keyId })),
    };
    tables.set(store, found);
  }
  return found;
}
