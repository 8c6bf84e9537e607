/**
 * DPoP-bound tokens of the org authorization server at the Management API, driven by Okta's SDK in
 * PrivateKey mode: its proofs (made by its own code) are checked on each call, a bound token is
 * refused as Bearer, and an app without DPoP keeps working with the proof the SDK always sends.
 */
import okta from '@okta/okta-sdk-nodejs';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrg, TOKEN, type TestOrg } from '../helpers.js';
import { claimsOf, proof } from './helpers.js';
import { accessTokenHash } from '../../../src/emulator/dpop/proof.js';

let org: TestOrg;
let admin: okta.Client;
let tokenUrl: string;

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- app JSON

interface ServiceApp {
  id: string;
  privateJwk: JWK;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function serviceApp(label: string, dpop: boolean): Promise<ServiceApp> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `${label.replace(/\W/g, '')}-key`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const app = (await admin.applicationApi.createApplication({
    application: {
      name: 'oidc_client',
      label,
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
      settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], jwks: { keys: [publicJwk] }, ...(dpop ? { dpop_bound_access_tokens: true } : {}) } },
    } as never,
  })) as Loose;
  return { id: app.id, privateKey, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' }, publicJwk };
}

const sdkClient = (app: ServiceApp) => new okta.Client({ orgUrl: org.url, authorizationMode: 'PrivateKey', clientId: app.id, scopes: ['okta.users.read'], privateKey: app.privateJwk as never, keyId: app.publicJwk.kid });

const assertion = (app: ServiceApp) =>
  new SignJWT({ jti: crypto.randomUUID() }).setProtectedHeader({ alg: 'RS256', kid: app.publicJwk.kid! }).setIssuer(app.id).setSubject(app.id).setAudience(tokenUrl).setIssuedAt().setExpirationTime('5m').sign(app.privateKey);

async function tokenRequest(app: ServiceApp, dpop?: string): Promise<Response> {
  return fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...(dpop ? { dpop } : {}) },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'okta.users.read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await assertion(app) }),
  });
}

/** Okta's nonce handshake, done by hand (the 8.x SDK's own retry is unreachable: it throws on the 400 first). */
async function dpopToken(app: ServiceApp): Promise<{ access_token: string; token_type: string }> {
  const key = { publicJwk: app.publicJwk, privateKey: app.privateKey, jkt: '' };
  const first = await tokenRequest(app, await proof(key, { htu: tokenUrl }));
  expect([first.status, ((await first.json()) as { error: string }).error]).toEqual([400, 'use_dpop_nonce']);
  const nonce = first.headers.get('dpop-nonce')!;
  const second = await tokenRequest(app, await proof(key, { htu: tokenUrl, nonce }));
  expect(second.status).toBe(200);
  return (await second.json()) as { access_token: string; token_type: string };
}

beforeAll(async () => {
  org = await startTestOrg();
  admin = new okta.Client({ orgUrl: org.url, token: TOKEN });
  tokenUrl = `${org.url}/oauth2/v1/token`;
  await admin.userApi.createUser({ body: { profile: { firstName: 'Dee', lastName: 'Pop', email: 'dee.pop@example.com', login: 'dee.pop@example.com' } } as never });
});
afterAll(() => org.close());

describe('DPoP at the Management API', () => {
  it('an app without DPoP works through the SDK, which sends a proof it ignores and uses Bearer', async () => {
    const app = await serviceApp('Plain Service', false);
    const client = sdkClient(app);
    const logins: string[] = [];
    await (await client.userApi.listUsers()).each((user) => {
      logins.push(String(user.profile?.login));
    });
    expect(logins).toContain('dee.pop@example.com');
  });

  it('a DPoP app: bound token, and each SDK call carries a fresh proof the emulator checks', async () => {
    const app = await serviceApp('DPoP Service', true);
    const token = await dpopToken(app);
    expect(token.token_type).toBe('DPoP');
    expect(claimsOf(token.access_token).cnf).toEqual({ jkt: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

    // The SDK as it behaves once the handshake is done: `Authorization: DPoP` and its own proof per request.
    const client = sdkClient(app) as unknown as { oauth: { accessToken: unknown; isDPoP: boolean }; userApi: okta.UserApi };
    client.oauth.accessToken = token;
    client.oauth.isDPoP = true;
    const logins: string[] = [];
    await (await client.userApi.listUsers({ limit: 1 })).each((user) => {
      logins.push(String(user.profile?.login));
    });
    expect(logins).toContain('dee.pop@example.com');
    const user = await client.userApi.getUser({ userId: 'dee.pop@example.com' });
    expect(user.profile?.email).toBe('dee.pop@example.com');
  });

  it('refuses the bound token as Bearer, without a proof, with a proof of another key, request or token', async () => {
    const app = await serviceApp('Strict Service', true);
    const { access_token: accessToken } = await dpopToken(app);
    const url = `${org.url}/api/v1/users`;
    const key = { publicJwk: app.publicJwk, privateKey: app.privateKey, jkt: '' };
    const { publicKey: otherPublic, privateKey: otherPrivate } = await generateKeyPair('ES256');
    const other = { publicJwk: await exportJWK(otherPublic), privateKey: otherPrivate, jkt: '' };
    const call = (authorization: string, dpop?: string) => org.call('GET', '/api/v1/users?limit=5', { auth: authorization, headers: dpop ? { dpop } : {} });
    const ath = accessTokenHash(accessToken);

    const ok = await call(`DPoP ${accessToken}`, await proof(key, { htm: 'GET', htu: url, ath }));
    expect(ok.status).toBe(200);

    const cases: [string, Promise<Awaited<ReturnType<typeof call>>>][] = [
      ['as Bearer', call(`Bearer ${accessToken}`)],
      ['no proof', call(`DPoP ${accessToken}`)],
      ['another key', call(`DPoP ${accessToken}`, await proof(other, { htm: 'GET', htu: url, ath }))],
      ['another method', call(`DPoP ${accessToken}`, await proof(key, { htm: 'POST', htu: url, ath }))],
      ['another path', call(`DPoP ${accessToken}`, await proof(key, { htm: 'GET', htu: `${org.url}/api/v1/groups`, ath }))],
      ['no ath', call(`DPoP ${accessToken}`, await proof(key, { htm: 'GET', htu: url }))],
      ['ath of another token', call(`DPoP ${accessToken}`, await proof(key, { htm: 'GET', htu: url, ath: accessTokenHash('other') }))],
    ];
    for (const [name, pending] of cases) {
      const answer = await pending;
      expect([name, answer.status, answer.body.errorCode]).toEqual([name, 401, 'E0000011']);
      expect(answer.headers.get('www-authenticate')).toMatch(/^DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", /);
    }
    const noProof = await call(`DPoP ${accessToken}`);
    expect(noProof.headers.get('www-authenticate')).toContain('error="invalid_dpop_proof", error_description="The DPoP proof JWT header is missing."');
    expect(noProof.headers.get('www-authenticate')).toContain('resource="/api/v1/users"');

    const replayed = await proof(key, { htm: 'GET', htu: url, ath });
    expect((await call(`DPoP ${accessToken}`, replayed)).status).toBe(200);
    expect((await call(`DPoP ${accessToken}`, replayed)).status).toBe(401);
  });

  it('refuses a DPoP-bound app that asks for a token without a proof, and a Bearer token sent as DPoP', async () => {
    const app = await serviceApp('Needs Proof', true);
    const missing = await tokenRequest(app);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' });

    const plain = await serviceApp('Plain Too', false);
    const bearer = (await (await tokenRequest(plain)).json()) as { access_token: string; token_type: string };
    expect(bearer.token_type).toBe('Bearer');
    const key = { publicJwk: plain.publicJwk, privateKey: plain.privateKey, jkt: '' };
    const asDpop = await org.call('GET', '/api/v1/users', { auth: `DPoP ${bearer.access_token}`, headers: { dpop: await proof(key, { htm: 'GET', htu: `${org.url}/api/v1/users`, ath: accessTokenHash(bearer.access_token) }) } });
    expect(asDpop.status).toBe(401);
    expect((await org.call('GET', '/api/v1/users', { auth: `Bearer ${bearer.access_token}` })).status).toBe(200);
  });
});
