import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { createHash } from 'node:crypto';
import { ada, basic, startAuthorizationServer, type RunningServer } from './fixture.js';

let org: RunningServer;
let clientKey: CryptoKey;
let otherKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  clientKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  org = await startAuthorizationServer({
    extraClients: [
      { clientId: 'svc-jwt', tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [publicJwk] }, grantTypes: ['client_credentials'] },
      { clientId: 'spa', tokenEndpointAuthMethod: 'none', grantTypes: ['password', 'client_credentials'] },
    ],
  });
});
afterAll(() => org.close());

async function verify(token: string, audience: string) {
  const jwks = createRemoteJWKSet(new URL(`${org.server.issuer}/v1/keys`));
  return (await jwtVerify(token, jwks, { issuer: org.server.issuer, audience, algorithms: ['RS256'] })).payload;
}

function assertion(key: CryptoKey, overrides: { aud?: string; iss?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(overrides.iss ?? 'svc-jwt')
    .setSubject('svc-jwt')
    .setAudience(overrides.aud ?? org.server.tokenEndpoint)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .setJti(crypto.randomUUID())
    .sign(key);
}

describe('discovery and keys', () => {
  it('publishes the issuer, endpoints and an RS256 JWKS', async () => {
    const config = (await (await fetch(`${org.server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      issuer: `${org.url}/oauth2/default`,
      jwks_uri: `${org.url}/oauth2/default/v1/keys`,
      token_endpoint: `${org.url}/oauth2/default/v1/token`,
    });
    const jwks = (await (await fetch(String(config.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('client_credentials', () => {
  it('mints an access token for client_secret_basic that verifies against the JWKS', async () => {
    const { status, body } = await org.token({ grant_type: 'client_credentials', scope: 'okta.hooks' }, basic('svc-basic', 'basic-secret'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.hooks' });
    expect(body).not.toHaveProperty('id_token');
    expect(body).not.toHaveProperty('refresh_token');
    const claims = await verify(String(body.access_token), 'api://default');
    expect(claims).toMatchObject({ ver: 1, cid: 'svc-basic', sub: 'svc-basic', scp: ['okta.hooks'] });
    expect(claims.uid).toBeUndefined();
    expect(String(claims.jti)).toMatch(/^AT\./);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
  });

  it('accepts client_secret_post', async () => {
    const { status } = await org.token({ grant_type: 'client_credentials', scope: 'okta.hooks', client_id: 'svc-post', client_secret: 'post-secret' });
    expect(status).toBe(200);
  });

  it('accepts a private_key_jwt assertion once', async () => {
    const form = {
      grant_type: 'client_credentials',
      scope: 'custom',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await assertion(clientKey),
    };
    const first = await org.token(form);
    expect(first.status).toBe(200);
    expect((await verify(String(first.body.access_token), 'api://default')).cid).toBe('svc-jwt');
    const replay = await org.token(form);
    expect(replay).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it.each([
    ['a wrong secret (basic)', { grant_type: 'client_credentials', scope: 'x' }, basic('svc-basic', 'wrong')],
    ['an unknown client', { grant_type: 'client_credentials', scope: 'x' }, basic('nobody', 'x')],
    ['basic for a client registered for post', { grant_type: 'client_credentials', scope: 'okta.hooks' }, basic('svc-post', 'post-secret')],
    ['post for a client registered for basic', { grant_type: 'client_credentials', scope: 'x', client_id: 'svc-basic', client_secret: 'basic-secret' }, {}],
    ['no credentials at all', { grant_type: 'client_credentials', scope: 'x' }, {}],
    ['a public client', { grant_type: 'client_credentials', scope: 'x', client_id: 'spa' }, {}],
    ['a body client_id that differs from basic', { grant_type: 'client_credentials', scope: 'x', client_id: 'svc-post' }, basic('svc-basic', 'basic-secret')],
  ])('refuses %s with 401 invalid_client', async (_name, form, headers) => {
    const { status, body } = await org.token(form as Record<string, string>, headers);
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it.each([
    ['signed by another key', async () => assertion(otherKey)],
    ['for another audience', async () => assertion(clientKey, { aud: 'https://elsewhere.example/token' })],
    ['not a JWT', async () => 'not-a-jwt'],
  ])('refuses an assertion %s', async (_name, make) => {
    const { status, body } = await org.token({
      grant_type: 'client_credentials',
      scope: 'custom',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await make(),
    });
    expect([status, body.error]).toEqual([401, 'invalid_client']);
  });

  it.each([
    ['OpenID scopes', { scope: 'openid' }, 'invalid_scope'],
    ['no scope', {}, 'invalid_scope'],
    ['a scope the client may not request', { scope: 'okta.users.manage' }, 'invalid_scope'],
    ['a malformed scope', { scope: 'bad"scope' }, 'invalid_scope'],
  ])('refuses %s', async (_name, extra, error) => {
    const { status, body } = await org.token({ grant_type: 'client_credentials', client_id: 'svc-post', client_secret: 'post-secret', ...extra });
    expect([status, body.error]).toEqual([400, error]);
  });
});

describe('password and refresh_token', () => {
  const passwordForm = {
    grant_type: 'password',
    username: 'ada@example.com',
    password: 'correct horse',
    scope: 'openid profile email offline_access',
    client_id: 'web-app',
    client_secret: 'web-secret',
  };

  it('mints access, ID and refresh tokens with the documented claims', async () => {
    const { status, body } = await org.token(passwordForm);
    expect(status).toBe(200);
    const access = await verify(String(body.access_token), 'api://default');
    expect(access).toMatchObject({ cid: 'web-app', uid: ada.id, sub: 'ada@example.com', scp: ['openid', 'profile', 'email', 'offline_access'] });
    const id = await verify(String(body.id_token), 'web-app');
    expect(id).toMatchObject({ sub: ada.id, name: 'Ada Lovelace', email: 'ada@example.com', ver: 1, amr: ['pwd'], preferred_username: 'ada@example.com' });
    expect(String(id.jti)).toMatch(/^ID\./);
    expect(typeof id.auth_time).toBe('number');
    expect(String(id.idp)).toMatch(/^00o/);
    const digest = createHash('sha256').update(String(body.access_token)).digest();
    expect(id.at_hash).toBe(digest.subarray(0, 16).toString('base64url'));
    expect(typeof body.refresh_token).toBe('string');
  });

  it('exchanges the refresh token for new tokens within the original scopes', async () => {
    const first = await org.token(passwordForm);
    const refreshed = await org.token({
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
      scope: 'openid offline_access',
      client_id: 'web-app',
      client_secret: 'web-secret',
    });
    expect(refreshed.status).toBe(200);
    expect((await verify(String(refreshed.body.access_token), 'api://default')).scp).toEqual(['openid', 'offline_access']);
    expect(refreshed.body.id_token).toBeTypeOf('string');
  });

  it.each([
    ['a wrong password', { ...passwordForm, password: 'wrong' }, 400, 'invalid_grant'],
    ['no password', { ...passwordForm, password: '' }, 400, 'invalid_request'],
    ['an unknown refresh token', { grant_type: 'refresh_token', refresh_token: 'nope', client_id: 'web-app', client_secret: 'web-secret' }, 400, 'invalid_grant'],
    ['a grant the client may not use', { grant_type: 'client_credentials', scope: 'x', client_id: 'web-app', client_secret: 'web-secret' }, 400, 'unauthorized_client'],
    ['an unsupported grant', { grant_type: 'authorization_code', code: 'x', client_id: 'web-app', client_secret: 'web-secret' }, 400, 'unsupported_grant_type'],
    ['no grant_type', { client_id: 'web-app', client_secret: 'web-secret' }, 400, 'invalid_request'],
  ])('refuses %s', async (_name, form, status, error) => {
    const result = await org.token(form as Record<string, string>);
    expect([result.status, result.body.error]).toEqual([status, error]);
    expect(JSON.stringify(result.body)).not.toContain('correct horse');
  });

  it('refuses a refresh that widens the scopes', async () => {
    const first = await org.token({ ...passwordForm, scope: 'openid offline_access' });
    const widened = await org.token({
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
      scope: 'openid email offline_access',
      client_id: 'web-app',
      client_secret: 'web-secret',
    });
    expect([widened.status, widened.body.error]).toEqual([400, 'invalid_scope']);
  });

  it('refuses a non-form body and repeated parameters', async () => {
    const json = await fetch(org.server.tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
    const repeated = await fetch(org.server.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&grant_type=client_credentials&client_id=spa',
    });
    expect(repeated.status).toBe(400);
    expect(repeated.headers.get('cache-control')).toBe('no-store');
  });
});
