import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, newUser, startTestOrg, type TestOrg } from './helpers.js';

let org: TestOrg;
let clientKey: CryptoKey;
let appId: string;
const KID = 'test-key-1';

beforeAll(async () => {
  org = await startTestOrg();
  const pair = await generateKeyPair('ES256');
  clientKey = pair.privateKey;
  const app = await org.call('POST', '/api/v1/apps', {
    body: {
      name: 'oidc_client',
      label: 'Hook worker',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
      settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], jwks: { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID }] } } },
    },
  });
  expect(app.status).toBe(200);
  appId = app.body.id;
});
afterAll(() => org.close());

function assertion(overrides: { aud?: string; sub?: string; exp?: number; jti?: string; key?: CryptoKey } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: KID })
    .setIssuer(overrides.sub ?? appId)
    .setSubject(overrides.sub ?? appId)
    .setAudience(overrides.aud ?? `${org.url}/oauth2/v1/token`)
    .setIssuedAt(now)
    .setExpirationTime(overrides.exp ?? now + 300)
    .setJti(overrides.jti ?? crypto.randomUUID())
    .sign(overrides.key ?? clientKey);
}

async function tokenRequest(fields: Record<string, string>) {
  const response = await fetch(`${org.url}/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string>, headers: response.headers };
}

const grant = async (scope: string, jwt?: string) =>
  tokenRequest({
    grant_type: 'client_credentials',
    scope,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: jwt ?? (await assertion()),
  });

describe('API tokens', () => {
  it('accepts a configured SSWS token', async () => {
    expect((await org.call('GET', '/api/v1/users')).status).toBe(200);
  });

  it.each([
    ['no header', null, 403, 'E0000005', 'Invalid session'],
    ['wrong token', 'SSWS not-the-token', 401, 'E0000011', 'Invalid token provided'],
    ['token prefix', `SSWS ${TOKEN.slice(0, -1)}`, 401, 'E0000011', 'Invalid token provided'],
    ['wrong scheme', `Basic ${TOKEN}`, 401, 'E0000011', 'Invalid token provided'],
    ['empty SSWS', 'SSWS', 401, 'E0000011', 'Invalid token provided'],
    ['garbage bearer', 'Bearer abc.def.ghi', 401, 'E0000011', 'Invalid token provided'],
  ])('%s → %i %s', async (_name, auth, status, code, summary) => {
    const result = await org.call('GET', '/api/v1/users', { auth });
    expect(result.status).toBe(status);
    expect(result.body).toMatchObject({ errorCode: code, errorSummary: summary, errorLink: code, errorCauses: [] });
    expect(result.body.errorId).toMatch(/^oae[0-9A-Za-z]{19}$/);
    expect(result.headers.get('x-okta-request-id')).toBeTruthy();
    expect(result.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
  });

  it('a Bearer failure carries WWW-Authenticate', async () => {
    const result = await org.call('GET', '/api/v1/users', { auth: 'Bearer nope' });
    expect(result.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});

describe('OAuth 2.0 client credentials with private_key_jwt', () => {
  it('issues an access token the API accepts within its scopes', async () => {
    const issued = await grant('okta.users.read okta.groups.manage');
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.users.read okta.groups.manage' });
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const bearer = `Bearer ${issued.body.access_token}`;
    expect((await org.call('GET', '/api/v1/users', { auth: bearer })).status).toBe(200);
    // manage implies read
    expect((await org.call('GET', '/api/v1/groups', { auth: bearer })).status).toBe(200);
    const denied = await org.call('POST', '/api/v1/users', { auth: bearer, body: newUser() });
    expect([denied.status, denied.body.errorCode]).toEqual([403, 'E0000006']);
    expect(denied.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect((await org.call('GET', '/api/v1/logs', { auth: bearer })).status).toBe(403);
  });

  it('publishes the keys that verify its tokens', async () => {
    const keys = await (await fetch(`${org.url}/oauth2/v1/keys`)).json();
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]).not.toHaveProperty('d');
    expect(keys.keys[0].kty).toBe('RSA');
  });

  it('refuses replayed, mis-addressed, foreign-signed and long-lived assertions', async () => {
    const jwt = await assertion();
    expect((await grant('okta.users.read', jwt)).status).toBe(200);
    const replay = await grant('okta.users.read', jwt);
    expect([replay.status, replay.body.error]).toEqual([401, 'invalid_client']);
    expect((await grant('okta.users.read', await assertion({ aud: 'https://elsewhere.example/token' }))).body.error).toBe('invalid_client');
    const stranger = await generateKeyPair('ES256');
    expect((await grant('okta.users.read', await assertion({ key: stranger.privateKey }))).body.error).toBe('invalid_client');
    expect((await grant('okta.users.read', await assertion({ exp: Math.floor(Date.now() / 1000) + 7200 }))).body.error).toBe('invalid_client');
    expect((await grant('okta.users.read', await assertion({ sub: '0oaUnknownClient1234' }))).body.error).toBe('invalid_client');
    expect((await grant('okta.users.read', 'not-a-jwt')).status).toBe(401);
  });

  it('refuses bad grant types, missing or unknown scopes and non-form bodies', async () => {
    expect((await tokenRequest({ grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
    expect((await grant('')).body.error).toBe('invalid_scope');
    expect((await grant('openid email')).body.error).toBe('invalid_scope');
    const json = await fetch(`${org.url}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    expect(((await grant('okta.users.read', 'x')).body as { error: string }).error).toBe('invalid_client');
  });

  it('tokens stop working when the app is deactivated; active apps cannot be deleted', async () => {
    const bearer = `Bearer ${(await grant('okta.users.read')).body.access_token}`;
    expect((await org.call('DELETE', `/api/v1/apps/${appId}`)).body.errorCode).toBe('E0000056');
    await org.call('POST', `/api/v1/apps/${appId}/lifecycle/deactivate`);
    expect((await org.call('GET', '/api/v1/users', { auth: bearer })).status).toBe(401);
    expect((await grant('okta.users.read')).body.error).toBe('invalid_client');
    await org.call('POST', `/api/v1/apps/${appId}/lifecycle/activate`);
    expect((await org.call('GET', '/api/v1/users', { auth: bearer })).status).toBe(200);
  });

  it('app validation: private keys in jwks are refused; the client_id is the app id', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const result = await org.call('POST', '/api/v1/apps', {
      body: { label: 'Leaky', signOnMode: 'OPENID_CONNECT', settings: { oauthClient: { jwks: { keys: [await exportJWK(pair.privateKey)] } } } },
    });
    expect(result.body.errorCode).toBe('E0000001');
    const fetched = await org.call('GET', `/api/v1/apps/${appId}`);
    expect(fetched.body.credentials.oauthClient.client_id).toBe(appId);
    const list = await org.call('GET', '/api/v1/apps');
    expect(list.body.map((app: { id: string }) => app.id)).toContain(appId);
  });
});
