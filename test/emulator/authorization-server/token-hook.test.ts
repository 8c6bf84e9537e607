import { afterEach, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { callInlineHook } from '../../../src/emulator/hook-calls/call-inline-hook.js';
import type { HttpChannel, OAuthChannel } from '../../../src/emulator/hook-calls/channel.js';
import { ChannelTokenCache } from '../../../src/emulator/hook-calls/oauth-channel-token.js';
import type { TokenHookReport } from '../../../src/emulator/authorization-server/index.js';
import { tokenHook } from '../../../src/handlers/token/index.js';
import { json, sleep, startServer, type Responder, type TestServer } from '../hook-calls/http-fixture.js';
import { ada, startAuthorizationServer, type RunningServer } from './fixture.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

async function hookServer(responder: Responder): Promise<TestServer> {
  const server = await startServer(responder);
  cleanup.push(() => server.close());
  return server;
}

async function orgWithHook(hook: TestServer): Promise<{ org: RunningServer; reports: TokenHookReport[] }> {
  const reports: TokenHookReport[] = [];
  const channel: HttpChannel = { type: 'HTTP', config: { uri: hook.url, authScheme: { type: 'HEADER', key: 'Authorization', value: 'hook-secret' } } };
  const org = await startAuthorizationServer({
    tokenHook: (payload) => callInlineHook(channel, payload, { hookType: 'token' }),
    onTokenHook: (report) => reports.push(report),
  });
  cleanup.push(() => org.close());
  return { org, reports };
}

const passwordForm = {
  grant_type: 'password',
  username: 'ada@example.com',
  password: 'correct horse',
  scope: 'openid profile offline_access',
  client_id: 'web-app',
  client_secret: 'web-secret',
};

async function claimsOf(org: RunningServer, token: unknown, audience: string) {
  return (await jwtVerify(String(token), createLocalJWKSet(org.server.jwks()), { issuer: org.server.issuer, audience })).payload;
}

describe('token inline hook at the token endpoint', () => {
  it('sends the real claims and context, and mints the patched tokens', async () => {
    const hook = await hookServer((_req, res) =>
      json(res, 200, {
        commands: [
          { type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/tenant', value: 'acme' }, { op: 'replace', path: '/token/lifetime/expiration', value: 600 }] },
          { type: 'com.okta.identity.patch', value: [{ op: 'add', path: '/claims/employee_id', value: '4711' }] },
        ],
        debugContext: { rule: 'tenant' },
      }),
    );
    const { org, reports } = await orgWithHook(hook);
    const { status, body } = await org.token(passwordForm);
    expect(status).toBe(200);
    expect(body.expires_in).toBe(600);
    const access = await claimsOf(org, body.access_token, 'api://default');
    expect(access.tenant).toBe('acme');
    expect(Number(access.exp) - Number(access.iat)).toBe(600);
    expect((await claimsOf(org, body.id_token, 'web-app')).employee_id).toBe('4711');

    const request = hook.requests[0];
    expect(request?.headers.authorization).toBe('hook-secret');
    const payload = JSON.parse(request?.body ?? '{}');
    expect(payload).toMatchObject({
      eventType: 'com.okta.oauth2.tokens.transform',
      cloudEventVersion: '0.1',
      source: `${org.server.issuer}/v1/token`,
      data: {
        context: {
          protocol: { type: 'OAUTH2.0', request: { grant_type: 'password', client_id: 'web-app' }, issuer: { uri: org.server.issuer } },
          user: { id: ada.id, profile: { login: 'ada@example.com' } },
          session: { userId: ada.id },
        },
        access: { claims: { cid: 'web-app', uid: ada.id, aud: 'api://default' }, token: { lifetime: { expiration: 3600 } } },
        identity: { claims: { sub: ada.id, aud: 'web-app' } },
        refresh_token: { jti: expect.stringMatching(/^oar/) },
      },
    });
    expect(payload.data.access.claims.iat).toBeUndefined();
    // The payload we send is one the token hook definition accepts.
    expect(tokenHook(() => undefined).parse(payload).ok).toBe(true);
    expect(reports[0]?.result).toMatchObject({ kind: 'patched', operations: 3, debugContext: { rule: 'tenant' } });
  });

  it('mints the token unchanged when the patch touches a reserved claim, and reports why', async () => {
    const hook = await hookServer((_req, res) =>
      json(res, 200, {
        commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/tenant', value: 'acme' }, { op: 'replace', path: '/claims/iss', value: 'https://evil.example' }] }],
      }),
    );
    const { org, reports } = await orgWithHook(hook);
    const { status, body } = await org.token(passwordForm);
    expect(status).toBe(200);
    const access = await claimsOf(org, body.access_token, 'api://default');
    expect(access.tenant).toBeUndefined();
    expect(access.iss).toBe(org.server.issuer);
    expect(reports[0]?.result).toMatchObject({ kind: 'unchanged', reason: expect.stringContaining('reserved') });
  });

  it('answers 400 server_error with the hook errorSummary and mints nothing', async () => {
    const hook = await hookServer((_req, res) => json(res, 200, { error: { errorSummary: 'Account under review' } }));
    const { org } = await orgWithHook(hook);
    const { status, body } = await org.token(passwordForm);
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'server_error', error_description: 'Account under review' });
  });

  it('mints the token unchanged after 3 s when the hook is too slow, without retrying', async () => {
    const hook = await hookServer(async (_req, res) => {
      await sleep(3_500);
      if (!res.destroyed) json(res, 200, { commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/late', value: true }] }] });
    });
    const { org, reports } = await orgWithHook(hook);
    const started = Date.now();
    const { status, body } = await org.token({ ...passwordForm, scope: 'openid' });
    const elapsed = Date.now() - started;
    expect(status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(2_950);
    expect(elapsed).toBeLessThan(3_600);
    expect((await claimsOf(org, body.access_token, 'api://default')).late).toBeUndefined();
    expect(hook.requests).toHaveLength(1);
    expect(reports[0]?.outcome).toMatchObject({ ok: false, failure: 'timeout', attempts: 1 });
  });

  it('mints the token unchanged when the hook answers 500 (one attempt)', async () => {
    const hook = await hookServer((_req, res) => json(res, 500, {}));
    const { org } = await orgWithHook(hook);
    const { status } = await org.token({ grant_type: 'client_credentials', scope: 'okta.hooks', client_id: 'svc-post', client_secret: 'post-secret' });
    expect(status).toBe(200);
    expect(hook.requests).toHaveLength(1);
    // No ID token was requested, so Okta sends no identity section.
    expect(JSON.parse(hook.requests[0]?.body ?? '{}').data.identity).toBeUndefined();
  });
});

describe('token hook callback without an attached hook', () => {
  it('mints the drafted token when the callback resolves undefined', async () => {
    const reports: TokenHookReport[] = [];
    let calls = 0;
    const org = await startAuthorizationServer({
      tokenHook: async () => {
        calls += 1;
        return undefined;
      },
      onTokenHook: (report) => reports.push(report),
    });
    cleanup.push(() => org.close());
    const { status, body } = await org.token(passwordForm);
    expect(status).toBe(200);
    expect((await claimsOf(org, body.access_token, 'api://default')).uid).toBe(ada.id);
    expect([calls, reports.length]).toEqual([1, 0]);
  });
});

describe('OAUTH hook channel against this authorization server', () => {
  async function bearerCheckingHook(org: () => RunningServer): Promise<TestServer> {
    return hookServer(async (req, res) => {
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      try {
        const { payload } = await jwtVerify(token, createLocalJWKSet(org().server.jwks()), { issuer: org().server.issuer, audience: 'api://default' });
        if (!(payload.scp as string[]).includes('okta.hooks')) throw new Error('scope');
        json(res, 200, { debugContext: { cid: payload.cid } });
      } catch {
        json(res, 401, {});
      }
    });
  }

  it('client_secret_post: gets a token for the scope and the hook accepts it', async () => {
    const org = await startAuthorizationServer();
    cleanup.push(() => org.close());
    const hook = await bearerCheckingHook(() => org);
    const channel: OAuthChannel = {
      type: 'OAUTH',
      config: { uri: hook.url, authType: 'client_secret_post', clientId: 'svc-post', clientSecret: 'post-secret', tokenUrl: org.server.tokenEndpoint, scope: 'okta.hooks' },
    };
    const outcome = await callInlineHook(channel, { hello: 1 }, { hookType: 'registration', tokenCache: new ChannelTokenCache() });
    expect(outcome).toMatchObject({ ok: true, status: 200, body: { debugContext: { cid: 'svc-post' } } });
  });

  it('private_key_jwt: signs the assertion with the hook key', async () => {
    const pair = await generateKeyPair('RS256');
    const org = await startAuthorizationServer({
      extraClients: [
        {
          clientId: 'hook-key-client',
          tokenEndpointAuthMethod: 'private_key_jwt',
          jwks: { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'HKY1', alg: 'RS256' }] },
          grantTypes: ['client_credentials'],
        },
      ],
    });
    cleanup.push(() => org.close());
    const hook = await bearerCheckingHook(() => org);
    const channel: OAuthChannel = {
      type: 'OAUTH',
      config: { uri: hook.url, authType: 'private_key_jwt', clientId: 'hook-key-client', hookKeyId: 'HKY1', tokenUrl: org.server.tokenEndpoint, scope: 'okta.hooks' },
    };
    const outcome = await callInlineHook(channel, {}, {
      hookType: 'saml',
      tokenCache: new ChannelTokenCache(),
      hookKeys: async (id) => (id === 'HKY1' ? { key: pair.privateKey, kid: 'HKY1' } : undefined),
    });
    expect(outcome).toMatchObject({ ok: true, body: { debugContext: { cid: 'hook-key-client' } } });
    expect(decodeJwt(String(hook.requests[0]?.headers.authorization).slice(7)).cid).toBe('hook-key-client');
  });
});
