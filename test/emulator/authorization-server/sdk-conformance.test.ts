/**
 * Okta's own Node SDK drives the emulator's authorization servers, scopes, claims, access
 * policies and rules, signing keys and hook keys; tokens are then minted on the servers and
 * verified against their published keys (also after a restart over the same data file).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import okta from '@okta/okta-sdk-nodejs';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthClient } from '../../../src/emulator/authorization-server/index.js';
import { newUser, startTestOrg, TOKEN, type TestOrg } from '../helpers.js';
import { errorOf } from '../okta-sdk-results.js';

const CLIENT: OAuthClient = {
  clientId: 'conformance-client',
  name: 'Conformance client',
  tokenEndpointAuthMethod: 'client_secret_basic',
  clientSecret: 'conformance-secret',
  grantTypes: ['client_credentials', 'password', 'refresh_token'],
};
const OTHER: OAuthClient = { ...CLIENT, clientId: 'other-client', clientSecret: 'other-secret' };
const basic = (client: OAuthClient) => `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;

let dir: string;
let org: TestOrg;
let client: okta.Client;

async function token(serverId: string, form: Record<string, string>, as: OAuthClient = CLIENT) {
  const response = await fetch(`${org.url}/oauth2/${serverId}/v1/token`, {
    method: 'POST',
    headers: { authorization: basic(as), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** Verifies against the server's published keys; `issuer` differs after a restart on another port. */
async function verify(serverId: string, jwt: string, audience: string, issuer = `${org.url}/oauth2/${serverId}`) {
  const jwks = createRemoteJWKSet(new URL(`${org.url}/oauth2/${serverId}/v1/keys`));
  return (await jwtVerify(jwt, jwks, { issuer, audience })).payload;
}

async function start(): Promise<void> {
  org = await startTestOrg({ dataFile: join(dir, 'org.sqlite'), oauthClients: [CLIENT, OTHER] });
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehook-authz-'));
  await start();
});
afterAll(async () => {
  await org.close();
  await rm(dir, { recursive: true, force: true });
});

describe('authorization servers through @okta/okta-sdk-nodejs', () => {
  let serverId = '';
  let policyId = '';
  let ruleId = '';
  let userLogin = '';

  it('lists the default server with its Default Policy and a rule that names no hook', async () => {
    const servers: okta.AuthorizationServer[] = [];
    for await (const server of await client.authorizationServerApi.listAuthorizationServers({})) if (server) servers.push(server);
    const byId = servers.find((server) => server.id === 'default');
    expect(byId).toMatchObject({ name: 'default', audiences: ['api://default'], status: 'ACTIVE', issuer: `${org.url}/oauth2/default` });
    const policies: okta.AuthorizationServerPolicy[] = [];
    for await (const policy of await client.authorizationServerApi.listAuthorizationServerPolicies({ authServerId: 'default' })) if (policy) policies.push(policy);
    expect(policies.map((policy) => policy.name)).toEqual(['Default Policy']);
    const rules: okta.AuthorizationServerPolicyRule[] = [];
    for await (const rule of await client.authorizationServerApi.listAuthorizationServerPolicyRules({ authServerId: 'default', policyId: policies[0]!.id! })) if (rule) rules.push(rule);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ name: 'Default Policy Rule', conditions: { scopes: { include: ['*'] } }, actions: { token: { accessTokenLifetimeMinutes: 60 } } });
    expect(rules[0]!.actions?.token?.inlineHook).toBeUndefined();
  });

  it('creates, reads, replaces, deactivates and refuses to delete an active server', async () => {
    const created = await client.authorizationServerApi.createAuthorizationServer({
      authorizationServer: { name: 'Orders API', description: 'orders', audiences: ['api://orders'] },
    });
    serverId = created.id!;
    expect(serverId).toMatch(/^aus[0-9A-Za-z]{17}$/);
    expect(created).toMatchObject({ status: 'ACTIVE', issuer: `${org.url}/oauth2/${serverId}`, issuerMode: 'ORG_URL' });
    expect(created.credentials?.signing?.kid).toBeTruthy();
    const duplicate = await errorOf(client.authorizationServerApi.createAuthorizationServer({ authorizationServer: { name: 'Orders API', audiences: ['x'] } }));
    expect(duplicate).toMatchObject({ status: 400, errorCode: 'E0000001' });
    const missing = await errorOf(client.authorizationServerApi.createAuthorizationServer({ authorizationServer: { name: 'No audience' } }));
    expect(missing.errorCauses.map((cause) => cause.errorSummary)).toContain('audiences: The field cannot be left blank');

    const found: string[] = [];
    for await (const server of await client.authorizationServerApi.listAuthorizationServers({ q: 'api://ORD' })) if (server) found.push(server.id!);
    expect(found).toEqual([serverId]);
    const firstPage = await org.call('GET', '/api/v1/authorizationServers?limit=1');
    expect(firstPage.body).toHaveLength(1);
    expect(firstPage.headers.get('link')).toMatch(/rel="next"/);

    const replaced = await client.authorizationServerApi.replaceAuthorizationServer({
      authServerId: serverId,
      authorizationServer: { name: 'Orders API', description: 'orders, v2', audiences: ['api://orders'] },
    });
    expect(replaced.description).toBe('orders, v2');
    expect((await errorOf(client.authorizationServerApi.deleteAuthorizationServer({ authServerId: serverId }))).status).toBe(400);
    await client.authorizationServerApi.deactivateAuthorizationServer({ authServerId: serverId });
    expect((await client.authorizationServerApi.getAuthorizationServer({ authServerId: serverId })).status).toBe('INACTIVE');
    expect((await fetch(`${org.url}/oauth2/${serverId}/.well-known/openid-configuration`)).status).toBe(404);
    await client.authorizationServerApi.activateAuthorizationServer({ authServerId: serverId });
    const discovery = (await (await fetch(`${org.url}/oauth2/${serverId}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: `${org.url}/oauth2/${serverId}`, jwks_uri: `${org.url}/oauth2/${serverId}/v1/keys` });
  });

  it('manages scopes next to the system ones', async () => {
    const scope = await client.authorizationServerApi.createOAuth2Scope({ authServerId: serverId, oAuth2Scope: { name: 'orders:read', description: 'Read orders', metadataPublish: 'ALL_CLIENTS' } });
    expect(scope).toMatchObject({ name: 'orders:read', system: false, consent: 'IMPLICIT', _default: false });
    const names: string[] = [];
    for await (const each of await client.authorizationServerApi.listOAuth2Scopes({ authServerId: serverId })) if (each) names.push(each.name!);
    expect(names).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access', 'orders:read']));
    const updated = await client.authorizationServerApi.replaceOAuth2Scope({ authServerId: serverId, scopeId: scope.id!, oAuth2Scope: { name: 'orders:read', description: 'Read all orders', _default: true } });
    expect(updated).toMatchObject({ description: 'Read all orders', _default: true });
    const twice = await errorOf(client.authorizationServerApi.createOAuth2Scope({ authServerId: serverId, oAuth2Scope: { name: 'orders:read' } }));
    expect(twice.errorCode).toBe('E0000001');
    let openid = '';
    for await (const each of await client.authorizationServerApi.listOAuth2Scopes({ authServerId: serverId })) if (each?.name === 'openid') openid = each.id!;
    expect((await errorOf(client.authorizationServerApi.deleteOAuth2Scope({ authServerId: serverId, scopeId: openid }))).errorCode).toBe('E0000001');
    const spare = await client.authorizationServerApi.createOAuth2Scope({ authServerId: serverId, oAuth2Scope: { name: 'spare' } });
    await client.authorizationServerApi.deleteOAuth2Scope({ authServerId: serverId, scopeId: spare.id! });
    expect((await errorOf(client.authorizationServerApi.getOAuth2Scope({ authServerId: serverId, scopeId: spare.id! }))).status).toBe(404);
  });

  it('manages claims and refuses expressions a local org cannot evaluate', async () => {
    const department = await client.authorizationServerApi.createOAuth2Claim({
      authServerId: serverId,
      oAuth2Claim: { name: 'department', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.department', conditions: { scopes: [] } },
    });
    expect(department).toMatchObject({ name: 'department', status: 'ACTIVE', alwaysIncludeInToken: true, conditions: { scopes: [] } });
    await client.authorizationServerApi.createOAuth2Claim({
      authServerId: serverId,
      oAuth2Claim: { name: 'label', claimType: 'IDENTITY', valueType: 'EXPRESSION', value: 'user.firstName + " from " + user.department', alwaysIncludeInToken: true, conditions: { scopes: ['profile'] } },
    });
    await client.authorizationServerApi.createOAuth2Claim({
      authServerId: serverId,
      oAuth2Claim: { name: 'teams', claimType: 'RESOURCE', valueType: 'GROUPS', group_filter_type: 'STARTS_WITH', value: 'team-', conditions: { scopes: [] } },
    });
    const unsupported = await errorOf(
      client.authorizationServerApi.createOAuth2Claim({ authServerId: serverId, oAuth2Claim: { name: 'x', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'String.toUpperCase(user.login)' } }),
    );
    expect(unsupported.errorCode).toBe('E0000001');
    expect(unsupported.errorCauses[0]!.errorSummary).toMatch(/^value: .*not an expression the emulator evaluates/);
    const reserved = await errorOf(client.authorizationServerApi.createOAuth2Claim({ authServerId: serverId, oAuth2Claim: { name: 'sub', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.login' } }));
    expect(reserved.errorCode).toBe('E0000001');
    const renamed = await client.authorizationServerApi.replaceOAuth2Claim({
      authServerId: serverId,
      claimId: department.id!,
      oAuth2Claim: { name: 'dept', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.department', conditions: { scopes: [] } },
    });
    expect(renamed.name).toBe('dept');
    const claims: string[] = [];
    for await (const claim of await client.authorizationServerApi.listOAuth2Claims({ authServerId: serverId })) if (claim) claims.push(claim.name!);
    expect(claims).toEqual(['dept', 'label', 'teams']);
  });

  it('manages access policies and rules with priorities and lifecycles', async () => {
    const policy = await client.authorizationServerApi.createAuthorizationServerPolicy({
      authServerId: serverId,
      policy: { type: 'OAUTH_AUTHORIZATION_POLICY', name: 'Conformance clients', description: 'only the conformance client', conditions: { clients: { include: [CLIENT.clientId] } } },
    });
    policyId = policy.id!;
    expect(policy).toMatchObject({ status: 'ACTIVE', priority: 1, conditions: { clients: { include: [CLIENT.clientId] } } });
    const badHook = await errorOf(
      client.authorizationServerApi.createAuthorizationServerPolicyRule({
        authServerId: serverId,
        policyId,
        policyRule: { name: 'x', type: 'RESOURCE_ACCESS', conditions: { grantTypes: { include: ['password'] }, scopes: { include: ['*'] } }, actions: { token: { inlineHook: { id: 'calNope' } } } },
      }),
    );
    expect(badHook.errorCauses[0]!.errorSummary).toMatch(/^actions\.token\.inlineHook\.id: /);
    const rule = await client.authorizationServerApi.createAuthorizationServerPolicyRule({
      authServerId: serverId,
      policyId,
      policyRule: {
        name: 'Short tokens',
        type: 'RESOURCE_ACCESS',
        conditions: { people: { groups: { include: ['EVERYONE'] } }, grantTypes: { include: ['password', 'client_credentials'] }, scopes: { include: ['*'] } },
        actions: { token: { accessTokenLifetimeMinutes: 10, refreshTokenLifetimeMinutes: 120, refreshTokenWindowMinutes: 60 } },
      },
    });
    ruleId = rule.id!;
    expect(rule).toMatchObject({ status: 'ACTIVE', priority: 1, actions: { token: { accessTokenLifetimeMinutes: 10 } } });
    const first = await client.authorizationServerApi.createAuthorizationServerPolicyRule({
      authServerId: serverId,
      policyId,
      policyRule: { name: 'Inactive first', priority: 1, type: 'RESOURCE_ACCESS', conditions: { grantTypes: { include: ['password'] }, scopes: { include: ['*'] } } },
    });
    await client.authorizationServerApi.deactivateAuthorizationServerPolicyRule({ authServerId: serverId, policyId, ruleId: first.id! });
    const rules: okta.AuthorizationServerPolicyRule[] = [];
    for await (const each of await client.authorizationServerApi.listAuthorizationServerPolicyRules({ authServerId: serverId, policyId })) if (each) rules.push(each);
    expect(rules.map((each) => [each.name, each.priority, each.status])).toEqual([
      ['Inactive first', 1, 'INACTIVE'],
      ['Short tokens', 2, 'ACTIVE'],
    ]);
    const lifetime = await errorOf(
      client.authorizationServerApi.replaceAuthorizationServerPolicyRule({
        authServerId: serverId,
        policyId,
        ruleId,
        policyRule: { name: 'Short tokens', type: 'RESOURCE_ACCESS', conditions: { grantTypes: { include: ['password'] }, scopes: { include: ['*'] } }, actions: { token: { accessTokenLifetimeMinutes: 2 } } },
      }),
    );
    expect(lifetime.errorCauses[0]!.errorSummary).toMatch(/^actions\.token\.accessTokenLifetimeMinutes: /);
  });

  it('mints tokens with the rule lifetimes and the server claims; clients outside every policy are denied', async () => {
    const created = await org.call('POST', '/api/v1/users?activate=true', { body: newUser({ department: 'Logistics' }) });
    userLogin = created.body.profile.login;
    const group = await org.call('POST', '/api/v1/groups', { body: { profile: { name: 'team-blue' } } });
    await org.call('PUT', `/api/v1/groups/${group.body.id}/users/${created.body.id}`);

    const granted = await token(serverId, { grant_type: 'password', username: userLogin, password: 'Correct-Horse-9', scope: 'openid profile orders:read offline_access' });
    expect(granted.status).toBe(200);
    expect(granted.body.expires_in).toBe(600);
    const access = await verify(serverId, granted.body.access_token!, 'api://orders');
    expect(access).toMatchObject({ sub: userLogin, dept: 'Logistics', teams: ['team-blue'], scp: ['openid', 'profile', 'orders:read', 'offline_access'] });
    expect(access.exp! - access.iat!).toBe(600);
    const id = await verify(serverId, granted.body.id_token!, CLIENT.clientId);
    expect(id.label).toBe(`${created.body.profile.firstName} from Logistics`);
    expect(id.dept).toBeUndefined();

    const service = await token(serverId, { grant_type: 'client_credentials' });
    expect(service.status).toBe(200);
    expect(service.body.scope).toBe('orders:read');
    const serviceClaims = await verify(serverId, service.body.access_token!, 'api://orders');
    expect(serviceClaims.dept).toBeUndefined();

    const unknownScope = await token(serverId, { grant_type: 'client_credentials', scope: 'orders:write' });
    expect(unknownScope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const denied = await token(serverId, { grant_type: 'client_credentials', scope: 'orders:read' }, OTHER);
    expect(denied).toMatchObject({ status: 400, body: { error: 'access_denied' } });

    const tokens: okta.OAuth2RefreshToken[] = [];
    for await (const each of await client.authorizationServerApi.listRefreshTokensForAuthorizationServerAndClient({ authServerId: serverId, clientId: CLIENT.clientId })) if (each) tokens.push(each);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ status: 'ACTIVE', clientId: CLIENT.clientId, userId: created.body.id });
    const refreshed = await token(serverId, { grant_type: 'refresh_token', refresh_token: granted.body.refresh_token! });
    expect(refreshed.status).toBe(200);
    await client.authorizationServerApi.revokeRefreshTokenForAuthorizationServerAndClient({ authServerId: serverId, clientId: CLIENT.clientId, tokenId: tokens[0]!.id! });
    expect(await token(serverId, { grant_type: 'refresh_token', refresh_token: granted.body.refresh_token! })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const again = await token(serverId, { grant_type: 'password', username: userLogin, password: 'Correct-Horse-9', scope: 'openid offline_access' });
    const clients: okta.OAuth2Client[] = [];
    for await (const each of await client.authorizationServerApi.listOAuth2ClientsForAuthorizationServer({ authServerId: serverId })) if (each) clients.push(each);
    expect(clients.map((each) => each.client_id)).toEqual([CLIENT.clientId]);
    await client.authorizationServerApi.revokeRefreshTokensForAuthorizationServerAndClient({ authServerId: serverId, clientId: CLIENT.clientId });
    expect(await token(serverId, { grant_type: 'refresh_token', refresh_token: again.body.refresh_token! })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('rotates keys: NEXT becomes ACTIVE, tokens signed before still verify, and all of it survives a restart', async () => {
    const before = await token(serverId, { grant_type: 'client_credentials' });
    expect(before.body.error_description).toBeUndefined();
    const keys: okta.AuthorizationServerJsonWebKey[] = [];
    for await (const key of await client.authorizationServerApi.listAuthorizationServerKeys({ authServerId: serverId })) if (key) keys.push(key);
    expect(keys.map((key) => key.status)).toEqual(['ACTIVE', 'NEXT']);
    expect(decodeProtectedHeader(before.body.access_token!).kid).toBe(keys[0]!.kid);
    const bad = await org.call('POST', `/api/v1/authorizationServers/${serverId}/credentials/lifecycle/keyRotate`, { body: { use: 'enc' } });
    expect(bad).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
    const rotated: okta.AuthorizationServerJsonWebKey[] = [];
    for await (const key of await client.authorizationServerApi.rotateAuthorizationServerKeys({ authServerId: serverId, use: { use: 'sig' } })) if (key) rotated.push(key);
    expect(rotated.map((key) => [key.kid, key.status])).toEqual([
      [keys[1]!.kid, 'ACTIVE'],
      [expect.any(String), 'NEXT'],
      [keys[0]!.kid, 'EXPIRED'],
    ]);
    expect((await client.authorizationServerApi.getAuthorizationServerKey({ authServerId: serverId, keyId: keys[0]!.kid! })).status).toBe('EXPIRED');
    const after = await token(serverId, { grant_type: 'client_credentials' });
    expect(decodeProtectedHeader(after.body.access_token!).kid).toBe(keys[1]!.kid);
    expect((await client.authorizationServerApi.getAuthorizationServer({ authServerId: serverId })).credentials?.signing?.kid).toBe(keys[1]!.kid);

    const issuedBy = `${org.url}/oauth2/${serverId}`;
    await org.close();
    await start();
    await expect(verify(serverId, before.body.access_token!, 'api://orders', issuedBy)).resolves.toMatchObject({ cid: CLIENT.clientId });
    await expect(verify(serverId, after.body.access_token!, 'api://orders', issuedBy)).resolves.toMatchObject({ cid: CLIENT.clientId });
    const again = await token(serverId, { grant_type: 'client_credentials' });
    expect(decodeProtectedHeader(again.body.access_token!).kid).toBe(keys[1]!.kid);
  });

  it('deletes rules, policies and (inactive) servers', async () => {
    await client.authorizationServerApi.deleteAuthorizationServerPolicyRule({ authServerId: serverId, policyId, ruleId });
    expect((await errorOf(client.authorizationServerApi.getAuthorizationServerPolicyRule({ authServerId: serverId, policyId, ruleId }))).status).toBe(404);
    await client.authorizationServerApi.deleteAuthorizationServerPolicy({ authServerId: serverId, policyId });
    await client.authorizationServerApi.deactivateAuthorizationServer({ authServerId: serverId });
    await client.authorizationServerApi.deleteAuthorizationServer({ authServerId: serverId });
    const gone = await errorOf(client.authorizationServerApi.getAuthorizationServer({ authServerId: serverId }));
    expect(gone).toMatchObject({ status: 404, errorCode: 'E0000007' });
  });
});

describe('hook keys through @okta/okta-sdk-nodejs', () => {
  it('creates a key pair, serves its public half and refuses to delete a key an inline hook uses', async () => {
    const created = await client.hookKeyApi.createHookKey({ keyRequest: { name: 'token hook key' } });
    expect(created.id).toMatch(/^HKY/);
    expect(created).toMatchObject({ name: 'token hook key', isUsed: false });
    expect(created._embedded).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: created.keyId });
    expect(created._embedded).not.toHaveProperty('d');
    const publicKey = await client.hookKeyApi.getPublicKey({ keyId: created.keyId! });
    expect(publicKey.n).toBe(created._embedded!.n);
    const renamed = await client.hookKeyApi.replaceHookKey({ hookKeyId: created.id!, keyRequest: { name: 'renamed key' } });
    expect(renamed.name).toBe('renamed key');
    const keys: okta.HookKey[] = [];
    for await (const key of await client.hookKeyApi.listHookKeys()) if (key) keys.push(key);
    expect(keys.map((key) => key.id)).toContain(created.id);

    const hook = await org.call('POST', '/api/v1/inlineHooks', {
      body: {
        name: 'oauth token hook',
        type: 'com.okta.oauth2.tokens.transform',
        version: '1.0.0',
        channel: { type: 'OAUTH', version: '1.0.0', config: { uri: 'https://hooks.example.com/token', authType: 'private_key_jwt', clientId: 'hook-client', hookKeyId: created.id, tokenUrl: 'https://auth.example.com/token', scope: 'hooks' } },
      },
    });
    expect(hook.status).toBe(200);
    expect(hook.body.channel).toMatchObject({ type: 'OAUTH', config: { authType: 'private_key_jwt', hookKeyId: created.id } });
    expect((await client.hookKeyApi.getHookKey({ hookKeyId: created.id! })).isUsed).toBe(true);
    expect((await errorOf(client.hookKeyApi.deleteHookKey({ hookKeyId: created.id! }))).errorCode).toBe('E0000001');
    await org.call('POST', `/api/v1/inlineHooks/${hook.body.id}/lifecycle/deactivate`);
    await org.call('DELETE', `/api/v1/inlineHooks/${hook.body.id}`);
    await client.hookKeyApi.deleteHookKey({ hookKeyId: created.id! });
    expect((await errorOf(client.hookKeyApi.getHookKey({ hookKeyId: created.id! }))).status).toBe(404);
  });
});
