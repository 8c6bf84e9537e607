/**
 * `/api/v1/authorizationServers`: custom authorization servers, their lifecycle, scopes, claims,
 * access policies and rules, signing keys (list, rotate) and the refresh tokens they issued.
 */
import type { EmulatorContext, EmulatorDeps, RouteDef, RouteHandler } from '../context.js';
import { notFound } from '../errors.js';
import { escapeLike } from '../filter.js';
import { baseUrl, limitQuery, noContent, pageResponse, readJsonObject } from '../http.js';
import { inTransaction } from '../store/db.js';
import { ValidationIssues } from '../validation.js';
import { policiesOf, rulesOf } from '../authorization-server/access-policy.js';
import { readClaim, readPolicy, readRule, readScope, readServer } from '../authorization-server/api-input.js';
import { insertServer, newClaimId, newPolicyId, newRuleId, newScopeId, newServerId } from '../authorization-server/defaults.js';
import { keyRing } from '../authorization-server/key-ring.js';
import { renderClaim, renderKey, renderPolicy, renderRefreshToken, renderRule, renderScope, renderServer } from '../authorization-server/render.js';
import { authzTables, type AuthServerDoc, type PolicyDoc, type RuleDoc } from '../authorization-server/store.js';

const READ = 'okta.authorizationServers.read';
const MANAGE = 'okta.authorizationServers.manage';
const SERVERS = '/api/v1/authorizationServers';
const SERVER = `${SERVERS}/{authServerId}`;
const POLICY = `${SERVER}/policies/{policyId}`;
const RULE = `${POLICY}/rules/{ruleId}`;

/** Puts `moved` at its priority among `items` (1-based, clamped) and numbers them all 1..n. */
function renumber<T extends { id: string; priority: number }>(items: T[], moved: T): T[] {
  const others = items.filter((item) => item.id !== moved.id).sort((a, b) => a.priority - b.priority);
  const index = Math.min(Math.max(moved.priority, 1), others.length + 1) - 1;
  others.splice(index, 0, moved);
  return others.map((item, position) => ({ ...item, priority: position + 1 }));
}

export function authorizationServerRoutes(deps: EmulatorDeps): RouteDef[] {
  const tables = authzTables(deps.store);
  const ring = keyRing(deps);
  const now = () => deps.clock.now().toISOString();
  const base = (c: EmulatorContext) => baseUrl(c, deps);

  const serverOr404 = (c: EmulatorContext): AuthServerDoc => {
    const id = c.req.param('authServerId') ?? '';
    const server = tables.servers.get(id);
    if (!server) throw notFound('AuthorizationServer', id);
    return server;
  };
  const childOr404 = <D extends { serverId: string }>(c: EmulatorContext, table: { get(id: string): D | undefined }, param: string, kind: string): D => {
    const server = serverOr404(c);
    const id = c.req.param(param) ?? '';
    const found = table.get(id);
    if (!found || found.serverId !== server.id) throw notFound(kind, id);
    return found;
  };
  const policyOr404 = (c: EmulatorContext): PolicyDoc => childOr404(c, tables.policies, 'policyId', 'AuthorizationServerPolicy');
  const ruleOr404 = (c: EmulatorContext): RuleDoc => {
    const policy = policyOr404(c);
    const id = c.req.param('ruleId') ?? '';
    const rule = tables.rules.get(id);
    if (!rule || rule.policyId !== policy.id) throw notFound('AuthorizationServerPolicyRule', id);
    return rule;
  };
  /** Deletes a scope or claim of the server; Okta's own (system) ones stay. */
  const deleteUnlessSystem = <D extends { id: string; serverId: string; system: boolean }>(
    path: string,
    table: { get(id: string): D | undefined; delete(id: string): boolean },
    param: string,
    kind: string,
    label: string,
  ): RouteDef => ({
    method: 'DELETE',
    path,
    scope: MANAGE,
    handler: (c) => {
      const doc = childOr404(c, table, param, kind);
      if (doc.system) ValidationIssues.fail('system', `A system ${label} cannot be deleted`);
      table.delete(doc.id);
      return noContent(c);
    },
  });
  /** Claim names are unique per token type within a server. */
  const claimNameTaken = (serverId: string, input: { name: string; claimType: string }, exceptId = '') =>
    tables.claims.all('server_id = ? AND id <> ?', [serverId, exceptId]).some((claim) => claim.name === input.name && claim.claimType === input.claimType);
  const activeKid = (serverId: string) => ring.list(serverId).find((key) => key.status === 'ACTIVE')?.id;
  const showServer = (c: EmulatorContext, server: AuthServerDoc) => c.json(renderServer(server, base(c), activeKid(server.id)));

  const savePolicies = (serverId: string, moved: PolicyDoc) => {
    inTransaction(deps.store.db, () => {
      for (const policy of renumber(policiesOf(deps, serverId), moved)) {
        if (tables.policies.get(policy.id)) tables.policies.update(policy);
        else tables.policies.insert(policy);
      }
    });
    return tables.policies.get(moved.id) as PolicyDoc;
  };
  const saveRules = (policyId: string, moved: RuleDoc) => {
    inTransaction(deps.store.db, () => {
      for (const rule of renumber(rulesOf(deps, policyId), moved)) {
        if (tables.rules.get(rule.id)) tables.rules.update(rule);
        else tables.rules.insert(rule);
      }
    });
    return tables.rules.get(moved.id) as RuleDoc;
  };
  const nameTaken = (name: string, exceptId = '') => tables.servers.all('id <> ?', [exceptId]).some((server) => server.name === name);
  const lifecycle = <D extends { status: string; lastUpdated?: string }>(find: (c: EmulatorContext) => D, save: (doc: D) => void, status: 'ACTIVE' | 'INACTIVE'): RouteHandler =>
    (c) => {
      const doc = find(c);
      save({ ...doc, status, ...('lastUpdated' in doc ? { lastUpdated: now() } : {}) });
      return noContent(c);
    };

  return [
    // Servers
    {
      method: 'GET',
      path: SERVERS,
      scope: READ,
      handler: (c) => {
        // `q` matches the start of the name or of an audience, case-insensitively.
        const q = c.req.query('q');
        const like = q ? `${escapeLike(q)}%` : undefined;
        const page = tables.servers.page({
          ...(like
            ? { where: "json_extract(doc, '$.name') LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(json_extract(doc, '$.audiences')) WHERE value LIKE ? ESCAPE '\\')", params: [like, like] }
            : {}),
          after: c.req.query('after'),
          limit: limitQuery(c, 200, 200),
        });
        return pageResponse(c, deps, page, (server, origin) => renderServer(server, origin, activeKid(server.id)));
      },
    },
    {
      method: 'POST',
      path: SERVERS,
      scope: MANAGE,
      handler: async (c) => {
        const input = readServer(await readJsonObject(c));
        if (nameTaken(input.name)) ValidationIssues.fail('name', 'An authorization server with this name already exists');
        const at = now();
        const server: AuthServerDoc = { id: newServerId(), ...input, status: 'ACTIVE', created: at, lastUpdated: at, lastRotated: at };
        inTransaction(deps.store.db, () => insertServer(deps, server));
        await ring.ensure(server.id);
        return showServer(c, server);
      },
    },
    { method: 'GET', path: SERVER, scope: READ, handler: (c) => showServer(c, serverOr404(c)) },
    {
      method: 'PUT',
      path: SERVER,
      scope: MANAGE,
      handler: async (c) => {
        const server = serverOr404(c);
        const input = readServer(await readJsonObject(c), server);
        if (nameTaken(input.name, server.id)) ValidationIssues.fail('name', 'An authorization server with this name already exists');
        const updated = { ...server, ...input, lastUpdated: now() };
        tables.servers.update(updated);
        return showServer(c, updated);
      },
    },
    {
      method: 'DELETE',
      path: SERVER,
      scope: MANAGE,
      handler: (c) => {
        const server = serverOr404(c);
        if (server.status === 'ACTIVE') ValidationIssues.fail('status', 'Deactivate the authorization server before deleting it');
        // Scopes, claims, policies (and their rules), keys and refresh tokens go with it (ON DELETE CASCADE).
        tables.servers.delete(server.id);
        return noContent(c);
      },
    },
    { method: 'POST', path: `${SERVER}/lifecycle/activate`, scope: MANAGE, handler: lifecycle(serverOr404, (doc) => tables.servers.update(doc), 'ACTIVE') },
    { method: 'POST', path: `${SERVER}/lifecycle/deactivate`, scope: MANAGE, handler: lifecycle(serverOr404, (doc) => tables.servers.update(doc), 'INACTIVE') },

    // Signing keys
    {
      method: 'GET',
      path: `${SERVER}/credentials/keys`,
      scope: READ,
      handler: async (c) => {
        const server = serverOr404(c);
        await ring.ensure(server.id);
        return c.json(ring.list(server.id).map((key) => renderKey(key, base(c))));
      },
    },
    {
      method: 'GET',
      path: `${SERVER}/credentials/keys/{keyId}`,
      scope: READ,
      handler: (c) => {
        const server = serverOr404(c);
        const id = c.req.param('keyId') ?? '';
        const key = ring.list(server.id).find((candidate) => candidate.id === id);
        if (!key) throw notFound('JsonWebKey', id);
        return c.json(renderKey(key, base(c)));
      },
    },
    {
      method: 'POST',
      path: `${SERVER}/credentials/lifecycle/keyRotate`,
      scope: MANAGE,
      handler: async (c) => {
        const server = serverOr404(c);
        const body = await readJsonObject(c);
        if (body.use !== 'sig') ValidationIssues.fail('use', "The only supported value is 'sig'");
        const keys = await ring.rotate(server.id);
        tables.servers.update({ ...server, lastRotated: now(), lastUpdated: now() });
        return c.json(keys.map((key) => renderKey(key, base(c))));
      },
    },

    // Scopes
    {
      method: 'GET',
      path: `${SERVER}/scopes`,
      scope: READ,
      handler: (c) => {
        const server = serverOr404(c);
        const q = c.req.query('q')?.toLowerCase();
        const scopes = tables.scopes.all('server_id = ?', [server.id]).filter((scope) => !q || scope.name.toLowerCase().startsWith(q));
        return c.json(scopes.map((scope) => renderScope(scope, base(c))));
      },
    },
    {
      method: 'POST',
      path: `${SERVER}/scopes`,
      scope: MANAGE,
      handler: async (c) => {
        const server = serverOr404(c);
        const input = readScope(await readJsonObject(c));
        if (tables.scopes.all('server_id = ? AND name = ?', [server.id, input.name]).length > 0) ValidationIssues.fail('name', 'A scope with this name already exists');
        const scope = { id: newScopeId(), serverId: server.id, system: false, ...input };
        tables.scopes.insert(scope);
        return c.json(renderScope(scope, base(c)));
      },
    },
    { method: 'GET', path: `${SERVER}/scopes/{scopeId}`, scope: READ, handler: (c) => c.json(renderScope(childOr404(c, tables.scopes, 'scopeId', 'OAuth2Scope'), base(c))) },
    {
      method: 'PUT',
      path: `${SERVER}/scopes/{scopeId}`,
      scope: MANAGE,
      handler: async (c) => {
        const scope = childOr404(c, tables.scopes, 'scopeId', 'OAuth2Scope');
        const input = readScope(await readJsonObject(c), scope);
        if (tables.scopes.all('server_id = ? AND name = ? AND id <> ?', [scope.serverId, input.name, scope.id]).length > 0) ValidationIssues.fail('name', 'A scope with this name already exists');
        const updated = { ...scope, ...input };
        tables.scopes.update(updated);
        return c.json(renderScope(updated, base(c)));
      },
    },
    deleteUnlessSystem(`${SERVER}/scopes/{scopeId}`, tables.scopes, 'scopeId', 'OAuth2Scope', 'scope'),

    // Claims
    { method: 'GET', path: `${SERVER}/claims`, scope: READ, handler: (c) => c.json(tables.claims.all('server_id = ?', [serverOr404(c).id]).map((claim) => renderClaim(claim, base(c)))) },
    {
      method: 'POST',
      path: `${SERVER}/claims`,
      scope: MANAGE,
      handler: async (c) => {
        const server = serverOr404(c);
        const known = new Set(tables.scopes.all('server_id = ?', [server.id]).map((scope) => scope.name));
        const input = readClaim(await readJsonObject(c), known);
        if (claimNameTaken(server.id, input)) ValidationIssues.fail('name', `A ${input.claimType} claim with this name already exists`);
        const claim = { id: newClaimId(), serverId: server.id, system: false, ...input };
        tables.claims.insert(claim);
        return c.json(renderClaim(claim, base(c)));
      },
    },
    { method: 'GET', path: `${SERVER}/claims/{claimId}`, scope: READ, handler: (c) => c.json(renderClaim(childOr404(c, tables.claims, 'claimId', 'OAuth2Claim'), base(c))) },
    {
      method: 'PUT',
      path: `${SERVER}/claims/{claimId}`,
      scope: MANAGE,
      handler: async (c) => {
        const claim = childOr404(c, tables.claims, 'claimId', 'OAuth2Claim');
        const known = new Set(tables.scopes.all('server_id = ?', [claim.serverId]).map((scope) => scope.name));
        const input = readClaim(await readJsonObject(c), known);
        if (claimNameTaken(claim.serverId, input, claim.id)) ValidationIssues.fail('name', `A ${input.claimType} claim with this name already exists`);
        const updated = { ...claim, ...input, ...(input.groupFilterType ? {} : { groupFilterType: undefined }) };
        tables.claims.update(updated);
        return c.json(renderClaim(updated, base(c)));
      },
    },
    deleteUnlessSystem(`${SERVER}/claims/{claimId}`, tables.claims, 'claimId', 'OAuth2Claim', 'claim'),

    // Access policies
    { method: 'GET', path: `${SERVER}/policies`, scope: READ, handler: (c) => c.json(policiesOf(deps, serverOr404(c).id).map((policy) => renderPolicy(policy, base(c)))) },
    {
      method: 'POST',
      path: `${SERVER}/policies`,
      scope: MANAGE,
      handler: async (c) => {
        const server = serverOr404(c);
        const input = readPolicy(await readJsonObject(c));
        const at = now();
        const policy: PolicyDoc = { id: newPolicyId(), serverId: server.id, system: false, created: at, lastUpdated: at, ...input, priority: input.priority ?? Number.MAX_SAFE_INTEGER };
        return c.json(renderPolicy(savePolicies(server.id, policy), base(c)));
      },
    },
    { method: 'GET', path: POLICY, scope: READ, handler: (c) => c.json(renderPolicy(policyOr404(c), base(c))) },
    {
      method: 'PUT',
      path: POLICY,
      scope: MANAGE,
      handler: async (c) => {
        const policy = policyOr404(c);
        const input = readPolicy(await readJsonObject(c));
        const updated: PolicyDoc = { ...policy, ...input, priority: input.priority ?? policy.priority, lastUpdated: now() };
        return c.json(renderPolicy(savePolicies(policy.serverId, updated), base(c)));
      },
    },
    {
      method: 'DELETE',
      path: POLICY,
      scope: MANAGE,
      handler: (c) => {
        const policy = policyOr404(c);
        tables.policies.delete(policy.id);
        return noContent(c);
      },
    },
    { method: 'POST', path: `${POLICY}/lifecycle/activate`, scope: MANAGE, handler: lifecycle(policyOr404, (doc) => tables.policies.update(doc), 'ACTIVE') },
    { method: 'POST', path: `${POLICY}/lifecycle/deactivate`, scope: MANAGE, handler: lifecycle(policyOr404, (doc) => tables.policies.update(doc), 'INACTIVE') },

    // Rules
    { method: 'GET', path: `${POLICY}/rules`, scope: READ, handler: (c) => c.json(rulesOf(deps, policyOr404(c).id).map((rule) => renderRule(rule, base(c)))) },
    {
      method: 'POST',
      path: `${POLICY}/rules`,
      scope: MANAGE,
      handler: async (c) => {
        const policy = policyOr404(c);
        const input = readRule(deps, await readJsonObject(c));
        const at = now();
        const rule: RuleDoc = { id: newRuleId(), serverId: policy.serverId, policyId: policy.id, system: false, created: at, lastUpdated: at, ...input, priority: input.priority ?? Number.MAX_SAFE_INTEGER };
        return c.json(renderRule(saveRules(policy.id, rule), base(c)));
      },
    },
    { method: 'GET', path: RULE, scope: READ, handler: (c) => c.json(renderRule(ruleOr404(c), base(c))) },
    {
      method: 'PUT',
      path: RULE,
      scope: MANAGE,
      handler: async (c) => {
        const rule = ruleOr404(c);
        const input = readRule(deps, await readJsonObject(c));
        const updated: RuleDoc = { ...rule, ...input, priority: input.priority ?? rule.priority, lastUpdated: now() };
        return c.json(renderRule(saveRules(rule.policyId, updated), base(c)));
      },
    },
    {
      method: 'DELETE',
      path: RULE,
      scope: MANAGE,
      handler: (c) => {
        tables.rules.delete(ruleOr404(c).id);
        return noContent(c);
      },
    },
    { method: 'POST', path: `${RULE}/lifecycle/activate`, scope: MANAGE, handler: lifecycle(ruleOr404, (doc) => tables.rules.update(doc), 'ACTIVE') },
    { method: 'POST', path: `${RULE}/lifecycle/deactivate`, scope: MANAGE, handler: lifecycle(ruleOr404, (doc) => tables.rules.update(doc), 'INACTIVE') },

    // Clients and their refresh tokens
    {
      method: 'GET',
      path: `${SERVER}/clients`,
      scope: READ,
      handler: (c) => {
        const server = serverOr404(c);
        const ids = [...new Set(tables.refreshTokens.all("server_id = ? AND json_extract(doc, '$.status') = 'ACTIVE'", [server.id]).map((token) => token.clientId))];
        return c.json(
          ids.map((clientId) => {
            const app = deps.store.apps.all('client_id = ?', [clientId])[0];
            return {
              client_id: clientId,
              client_name: app?.label ?? clientId,
              _links: { self: { href: `${base(c)}/oauth2/v1/clients/${clientId}` }, tokens: { href: `${base(c)}${SERVERS}/${server.id}/clients/${clientId}/tokens` } },
            };
          }),
        );
      },
    },
    {
      method: 'GET',
      path: `${SERVER}/clients/{clientId}/tokens`,
      scope: READ,
      handler: (c) => {
        const server = serverOr404(c);
        const tokens = tables.refreshTokens.all("server_id = ? AND client_id = ? AND json_extract(doc, '$.status') = 'ACTIVE'", [server.id, c.req.param('clientId') ?? '']);
        return c.json(tokens.map((token) => renderRefreshToken(token, base(c))));
      },
    },
    {
      method: 'DELETE',
      path: `${SERVER}/clients/{clientId}/tokens`,
      scope: MANAGE,
      handler: (c) => {
        const server = serverOr404(c);
        for (const token of tables.refreshTokens.all('server_id = ? AND client_id = ?', [server.id, c.req.param('clientId') ?? ''])) {
          tables.refreshTokens.update({ ...token, status: 'REVOKED' });
        }
        return noContent(c);
      },
    },
    ...(['GET', 'DELETE'] as const).map(
      (method): RouteDef => ({
        method,
        path: `${SERVER}/clients/{clientId}/tokens/{tokenId}`,
        scope: method === 'GET' ? READ : MANAGE,
        handler: (c) => {
          const server = serverOr404(c);
          const id = c.req.param('tokenId') ?? '';
          const token = tables.refreshTokens.get(id);
          if (!token || token.serverId !== server.id || token.clientId !== c.req.param('clientId') || token.status !== 'ACTIVE') throw notFound('OAuth2RefreshToken', id);
          if (method === 'GET') return c.json(renderRefreshToken(token, base(c)));
          tables.refreshTokens.update({ ...token, status: 'REVOKED' });
          return noContent(c);
        },
      }),
    ),
  ];
}
