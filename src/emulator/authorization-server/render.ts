/** Authorization servers and their parts in the Management API wire format, with Okta's `_links`. */
import { link } from '../http.js';
import type { JsonObject } from '../store/types.js';
import type { AuthServerDoc, ClaimDoc, PolicyDoc, RefreshTokenDoc, RuleDoc, ScopeDoc, SigningKeyDoc } from './store.js';
import { issuerOf } from './org-servers.js';

const ROTATION_PERIOD_MS = 90 * 86_400_000;

export const serverHref = (base: string, id: string): string => `${base}/api/v1/authorizationServers/${id}`;

export function renderServer(server: AuthServerDoc, base: string, activeKid: string | undefined): JsonObject {
  const self = serverHref(base, server.id);
  const issuer = issuerOf(base, server.id);
  const toggle = server.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    id: server.id,
    name: server.name,
    description: server.description,
    audiences: server.audiences,
    issuer,
    issuerMode: server.issuerMode,
    status: server.status,
    created: server.created,
    lastUpdated: server.lastUpdated,
    credentials: {
      signing: {
        rotationMode: server.rotationMode,
        lastRotated: server.lastRotated,
        ...(server.rotationMode === 'AUTO' ? { nextRotation: new Date(Date.parse(server.lastRotated) + ROTATION_PERIOD_MS).toISOString() } : {}),
        ...(activeKid ? { kid: activeKid } : {}),
        use: 'sig',
      },
    },
    _links: {
      scopes: link(`${self}/scopes`, 'GET'),
      claims: link(`${self}/claims`, 'GET'),
      policies: link(`${self}/policies`, 'GET'),
      self: { href: self, hints: { allow: ['GET', 'DELETE', 'PUT'] } },
      metadata: [link(`${issuer}/.well-known/openid-configuration`, 'GET'), link(`${issuer}/.well-known/oauth-authorization-server`, 'GET')],
      rotateKey: link(`${self}/credentials/lifecycle/keyRotate`, 'POST'),
      [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST'),
      keys: link(`${self}/credentials/keys`, 'GET'),
    },
  };
}

export function renderScope(scope: ScopeDoc, base: string): JsonObject {
  return {
    id: scope.id,
    name: scope.name,
    ...(scope.displayName !== undefined ? { displayName: scope.displayName } : {}),
    ...(scope.description !== undefined ? { description: scope.description } : {}),
    system: scope.system,
    default: scope.default,
    consent: scope.consent,
    optional: scope.optional,
    metadataPublish: scope.metadataPublish,
    _links: { self: { href: `${serverHref(base, scope.serverId)}/scopes/${scope.id}`, hints: { allow: ['GET', 'PUT', 'DELETE'] } } },
  };
}

export function renderClaim(claim: ClaimDoc, base: string): JsonObject {
  return {
    id: claim.id,
    name: claim.name,
    status: claim.status,
    claimType: claim.claimType,
    valueType: claim.valueType,
    value: claim.value,
    ...(claim.groupFilterType ? { group_filter_type: claim.groupFilterType } : {}),
    alwaysIncludeInToken: claim.alwaysIncludeInToken,
    conditions: { scopes: claim.scopes },
    system: claim.system,
    _links: { self: { href: `${serverHref(base, claim.serverId)}/claims/${claim.id}`, hints: { allow: ['GET', 'PUT', 'DELETE'] } } },
  };
}

export function renderPolicy(policy: PolicyDoc, base: string): JsonObject {
  const self = `${serverHref(base, policy.serverId)}/policies/${policy.id}`;
  const toggle = policy.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    type: 'OAUTH_AUTHORIZATION_POLICY',
    id: policy.id,
    status: policy.status,
    name: policy.name,
    description: policy.description,
    priority: policy.priority,
    system: policy.system,
    conditions: { clients: { include: policy.clients } },
    created: policy.created,
    lastUpdated: policy.lastUpdated,
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST'),
      rules: link(`${self}/rules`, 'GET'),
    },
  };
}

export function renderRule(rule: RuleDoc, base: string): JsonObject {
  const self = `${serverHref(base, rule.serverId)}/policies/${rule.policyId}/rules/${rule.id}`;
  const toggle = rule.status === 'ACTIVE' ? 'deactivate' : 'activate';
  const { inlineHookId, ...lifetimes } = rule.token;
  return {
    type: 'RESOURCE_ACCESS',
    id: rule.id,
    status: rule.status,
    name: rule.name,
    priority: rule.priority,
    created: rule.created,
    lastUpdated: rule.lastUpdated,
    system: rule.system,
    conditions: {
      people: rule.people,
      grantTypes: { include: rule.grantTypes },
      scopes: { include: rule.scopes },
    },
    actions: { token: { ...lifetimes, ...(inlineHookId ? { inlineHook: { id: inlineHookId } } : {}) } },
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST'),
    },
  };
}

export function renderKey(key: SigningKeyDoc, base: string): JsonObject {
  return {
    status: key.status,
    ...key.publicJwk,
    _links: { self: link(`${serverHref(base, key.serverId)}/credentials/keys/${key.id}`, 'GET') },
  };
}

export function renderRefreshToken(token: RefreshTokenDoc, base: string): JsonObject {
  const self = `${serverHref(base, token.serverId)}/clients/${token.clientId}/tokens/${token.id}`;
  return {
    id: token.id,
    status: token.status,
    created: token.created,
    lastUpdated: token.created,
    expiresAt: token.expiresAt,
    issuer: issuerOf(base, token.serverId),
    clientId: token.clientId,
    userId: token.userId,
    scopes: token.scopes,
    _links: {
      app: link(`${base}/api/v1/apps/${token.clientId}`, 'GET'),
      self: link(self, 'GET'),
      revoke: link(self, 'DELETE'),
      client: link(`${base}/oauth2/v1/clients/${token.clientId}`, 'GET'),
      user: link(`${base}/api/v1/users/${token.userId}`, 'GET'),
      authorizationServer: link(serverHref(base, token.serverId), 'GET'),
    },
  };
}
