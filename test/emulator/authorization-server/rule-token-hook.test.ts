/**
 * End to end: a token hook written with gatehook (tokenHook + createHookApp, served on 127.0.0.1)
 * is named by one rule of one custom authorization server. Tokens of that rule carry its patch;
 * tokens of another rule of the same server, of another server and of the default server do not,
 * and the hook request names the policy and rule that matched.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthClient } from '../../../src/emulator/authorization-server/index.js';
import { tokenHook } from '../../../src/handlers/token/index.js';
import { createHookApp } from '../../../src/runtime/app.js';
import { serveNode, type RunningServer } from '../../../src/runtime/node.js';
import { fromValues } from '../../../src/secrets/env.js';
import { startTestOrg, type TestOrg } from '../helpers.js';

const SECRET = 'rule-hook-secret-0123456789';
const CLIENT: OAuthClient = { clientId: 'rule-client', tokenEndpointAuthMethod: 'client_secret_post', clientSecret: 'rule-secret', grantTypes: ['client_credentials'] };

let org: TestOrg;
let hooks: RunningServer;
const seen: { policyId: unknown; ruleId: unknown; scopes: string[] }[] = [];
let hookedServer = '';
let plainServer = '';
let policyId = '';
let hookedRule = '';

async function token(serverId: string, scope: string) {
  const response = await fetch(`${org.url}/oauth2/${serverId}/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope, client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret! }),
  });
  const body = (await response.json()) as Record<string, string>;
  expect(response.status, JSON.stringify(body)).toBe(200);
  const issuer = `${org.url}/oauth2/${serverId}`;
  return (await jwtVerify(body.access_token!, createRemoteJWKSet(new URL(`${issuer}/v1/keys`)), { issuer })).payload;
}

async function server(name: string, scopes: string[]): Promise<string> {
  const created = await org.call('POST', '/api/v1/authorizationServers', { body: { name, audiences: [`api://${name}`] } });
  for (const scope of scopes) expect((await org.call('POST', `/api/v1/authorizationServers/${created.body.id}/scopes`, { body: { name: scope } })).status).toBe(200);
  return created.body.id as string;
}

async function rule(serverId: string, policy: string, name: string, scopes: string[], inlineHookId?: string) {
  const created = await org.call('POST', `/api/v1/authorizationServers/${serverId}/policies/${policy}/rules`, {
    body: {
      name,
      type: 'RESOURCE_ACCESS',
      conditions: { grantTypes: { include: ['client_credentials'] }, scopes: { include: scopes } },
      actions: { token: { accessTokenLifetimeMinutes: 30, ...(inlineHookId ? { inlineHook: { id: inlineHookId } } : {}) } },
    },
  });
  expect(created.status).toBe(200);
  return created.body.id as string;
}

async function policy(serverId: string): Promise<string> {
  const created = await org.call('POST', `/api/v1/authorizationServers/${serverId}/policies`, {
    body: { name: 'Services', description: 'service clients', conditions: { clients: { include: ['ALL_CLIENTS'] } } },
  });
  return created.body.id as string;
}

beforeAll(async () => {
  const app = createHookApp({
    hooks: {
      token: tokenHook(async (event, api) => {
        seen.push({ policyId: event.policy?.id, ruleId: event.policy?.rule?.id, scopes: Object.keys(event.access?.scopes ?? {}) });
        api.accessToken.addClaim('tenant', 'acme');
      }),
    },
    auth: { header: { secrets: fromValues(SECRET) } },
  });
  hooks = await serveNode(app, { port: 0 });
  org = await startTestOrg({ oauthClients: [CLIENT] });
  const hook = await org.call('POST', '/api/v1/inlineHooks', {
    body: {
      name: 'tenant claim',
      type: 'com.okta.oauth2.tokens.transform',
      version: '1.0.0',
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${hooks.url}/hooks/token`, method: 'POST', authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET } } },
    },
  });
  expect(hook.status).toBe(200);

  hookedServer = await server('orders', ['orders:read', 'orders:audit']);
  policyId = await policy(hookedServer);
  hookedRule = await rule(hookedServer, policyId, 'Readers get the tenant', ['orders:read'], hook.body.id);
  await rule(hookedServer, policyId, 'Auditors', ['orders:audit']);

  plainServer = await server('billing', ['orders:read']);
  await rule(plainServer, await policy(plainServer), 'Everyone', ['*']);
  expect((await org.call('POST', '/api/v1/authorizationServers/default/scopes', { body: { name: 'orders:read' } })).status).toBe(200);
});

afterAll(async () => {
  await org.close();
  await hooks.close();
});

describe('a token hook named by one rule of one custom authorization server', () => {
  it('patches the tokens of that rule, with the policy and rule ids in the hook request', async () => {
    const claims = await token(hookedServer, 'orders:read');
    expect(claims).toMatchObject({ tenant: 'acme', aud: 'api://orders', scp: ['orders:read'] });
    expect(claims.exp! - claims.iat!).toBe(1800);
    expect(seen).toEqual([{ policyId, ruleId: hookedRule, scopes: ['orders:read'] }]);
    const granted = await org.call('GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.as.token.grant.access_token"')}`);
    expect(granted.body.at(-1)).toMatchObject({ actor: { id: CLIENT.clientId }, target: [{ id: hookedServer, type: 'AuthorizationServer' }] });
    const processed = await org.call('GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "inline_hook.response.processed"')}`);
    expect(processed.body).toHaveLength(1);
  });

  it('leaves the tokens of another rule, another server and the default server alone', async () => {
    const before = seen.length;
    expect((await token(hookedServer, 'orders:audit')).tenant).toBeUndefined();
    expect((await token(plainServer, 'orders:read')).tenant).toBeUndefined();
    expect((await token('default', 'orders:read')).tenant).toBeUndefined();
    expect(seen).toHaveLength(before);
  });

  it('stops calling the hook once the rule no longer names it', async () => {
    const path = `/api/v1/authorizationServers/${hookedServer}/policies/${policyId}/rules/${hookedRule}`;
    const current = (await org.call('GET', path)).body;
    const withoutHook = { ...current, actions: { token: { accessTokenLifetimeMinutes: 30 } } };
    expect((await org.call('PUT', path, { body: withoutHook })).status).toBe(200);
    const before = seen.length;
    expect((await token(hookedServer, 'orders:read')).tenant).toBeUndefined();
    expect(seen).toHaveLength(before);
  });
});
