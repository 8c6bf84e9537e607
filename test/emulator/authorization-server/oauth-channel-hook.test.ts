/**
 * An inline hook on the OAUTH channel with private_key_jwt: the org signs a client assertion with
 * the hook key it holds, trades it for a bearer token at the channel's token URL (a real server
 * that checks the assertion against the key's public half from /api/v1/hook-keys/public/{keyId}),
 * and calls the hook with that token. The hook answers only with a token its token server issued.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { importJWK, jwtVerify, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthClient } from '../../../src/emulator/authorization-server/index.js';
import { serveApp, type Served } from '../../console/helpers.js';
import { startTestOrg, type TestOrg } from '../helpers.js';

const CLIENT: OAuthClient = { clientId: 'svc', tokenEndpointAuthMethod: 'client_secret_post', clientSecret: 'svc-secret', grantTypes: ['client_credentials'] };
let org: TestOrg;
let tokenServer: Served;
let hookServer: Served;
let publicJwk: JWK | undefined;
const issued = new Set<string>();
const assertions: Record<string, unknown>[] = [];

beforeAll(async () => {
  const tokens = new Hono();
  tokens.post('/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (!publicJwk || form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return c.json({ error: 'invalid_client' }, 401);
    try {
      const { payload } = await jwtVerify(form.get('client_assertion') ?? '', await importJWK(publicJwk, 'RS256'), {
        issuer: 'hook-client',
        subject: 'hook-client',
        audience: `${tokenServer.url}/token`,
      });
      assertions.push(payload);
    } catch {
      return c.json({ error: 'invalid_client' }, 401);
    }
    const token = randomUUID();
    issued.add(token);
    return c.json({ access_token: token, token_type: 'Bearer', expires_in: 300, scope: form.get('scope') });
  });
  tokenServer = await serveApp(tokens);
  const hook = new Hono();
  hook.post('/hooks/token', (c) => {
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!bearer || !issued.has(bearer)) return c.json({ error: 'unauthorized' }, 401);
    return c.json({ commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/channel', value: 'oauth' }] }] });
  });
  hookServer = await serveApp(hook);
  org = await startTestOrg({ oauthClients: [CLIENT] });
});

afterAll(async () => {
  await org.close();
  await tokenServer.close();
  await hookServer.close();
});

describe('token hook on an OAUTH channel with private_key_jwt', () => {
  it('gets a bearer token with an assertion signed by the hook key, then calls the hook with it', async () => {
    const key = await org.call('POST', '/api/v1/hook-keys', { body: { name: 'channel key' } });
    expect(key.status).toBe(200);
    publicJwk = (await org.call('GET', `/api/v1/hook-keys/public/${key.body.keyId}`)).body as JWK;
    const hook = await org.call('POST', '/api/v1/inlineHooks', {
      body: {
        name: 'oauth hook',
        type: 'com.okta.oauth2.tokens.transform',
        version: '1.0.0',
        channel: {
          type: 'OAUTH',
          version: '1.0.0',
          config: { uri: `${hookServer.url}/hooks/token`, method: 'POST', authType: 'private_key_jwt', clientId: 'hook-client', hookKeyId: key.body.id, tokenUrl: `${tokenServer.url}/token`, scope: 'okta.hooks' },
        },
      },
    });
    expect(hook.status).toBe(200);
    await org.call('POST', '/api/v1/authorizationServers/default/scopes', { body: { name: 'jobs' } });
    const [policy] = (await org.call('GET', '/api/v1/authorizationServers/default/policies')).body as { id: string }[];
    const [rule] = (await org.call('GET', `/api/v1/authorizationServers/default/policies/${policy!.id}/rules`)).body as Record<string, unknown>[];
    const put = await org.call('PUT', `/api/v1/authorizationServers/default/policies/${policy!.id}/rules/${String(rule!.id)}`, {
      body: { ...rule, actions: { token: { accessTokenLifetimeMinutes: 60, inlineHook: { id: hook.body.id } } } },
    });
    expect(put.status).toBe(200);

    const response = await fetch(`${org.url}/oauth2/default/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'jobs', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret! }),
    });
    const body = (await response.json()) as { access_token: string };
    expect(response.status).toBe(200);
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims.channel).toBe('oauth');
    expect(assertions).toHaveLength(1);
    expect(typeof assertions[0]!.jti).toBe('string');
  });
});
