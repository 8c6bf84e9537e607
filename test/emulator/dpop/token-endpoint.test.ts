/**
 * DPoP (RFC 9449) at a custom authorization server's token endpoint, for an app made with Okta's
 * SDK with `dpop_bound_access_tokens`: the missing proof, Okta's use_dpop_nonce round trip, the
 * bound token, the proofs that must be refused, and apps without DPoP whose proofs are ignored.
 */
import okta from '@okta/okta-sdk-nodejs';
import { exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrg, TOKEN, type TestOrg } from '../helpers.js';
import { claimsOf, dpopKey, proof, type DpopKey } from './helpers.js';
import { accessTokenHash } from '../../../src/emulator/dpop/proof.js';

let org: TestOrg;
let client: okta.Client;
let tokenUrl: string;
let bound: { id: string; secret: string };
let plain: { id: string; secret: string };
let key: DpopKey;

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- app JSON

async function serviceApp(label: string, dpop: boolean): Promise<{ id: string; secret: string }> {
  const app = (await client.applicationApi.createApplication({
    application: {
      name: 'oidc_client',
      label,
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
      settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], ...(dpop ? { dpop_bound_access_tokens: true } : {}) } },
    } as never,
  })) as Loose;
  if (dpop) expect(app.settings.oauthClient.dpop_bound_access_tokens).toBe(true);
  return { id: app.credentials.oauthClient.client_id, secret: app.credentials.oauthClient.client_secret };
}

function token(app: { id: string; secret: string }, dpop?: string) {
  return fetch(tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...(dpop ? { dpop } : {}),
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'reports:read' }),
  });
}

async function nonce(): Promise<string> {
  const first = await token(bound, await proof(key, { htu: tokenUrl }));
  expect(first.status).toBe(400);
  expect(await first.json()).toEqual({ error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' });
  const value = first.headers.get('dpop-nonce');
  expect(value).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  return value!;
}

beforeAll(async () => {
  org = await startTestOrg();
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
  tokenUrl = `${org.url}/oauth2/default/v1/token`;
  await client.authorizationServerApi.createOAuth2Scope({ authServerId: 'default', oAuth2Scope: { name: 'reports:read', consent: 'IMPLICIT' } as never });
  bound = await serviceApp('DPoP service', true);
  plain = await serviceApp('Bearer service', false);
  key = await dpopKey();
});
afterAll(() => org.close());

describe('DPoP at /oauth2/{id}/v1/token', () => {
  it('advertises its proof algorithms in the discovery document', async () => {
    const discovery = (await (await fetch(`${org.url}/oauth2/default/.well-known/oauth-authorization-server`)).json()) as Loose;
    expect(discovery.dpop_signing_alg_values_supported).toEqual(['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512']);
  });

  it('refuses a DPoP-bound app without a proof, as Okta words it', async () => {
    const response = await token(bound);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' });
  });

  it('asks for its nonce, then binds the token to the proof key', async () => {
    const value = await nonce();
    const response = await token(bound, await proof(key, { htu: tokenUrl, nonce: value }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token_type: string; access_token: string; scope: string };
    expect(body).toMatchObject({ token_type: 'DPoP', scope: 'reports:read' });
    expect(claimsOf(body.access_token)).toMatchObject({ cid: bound.id, cnf: { jkt: key.jkt } });
    // The nonce stays good for further proofs in its window.
    const again = await token(bound, await proof(key, { htu: tokenUrl, nonce: value }));
    expect(again.status).toBe(200);
  });

  it('ignores the proof of an app without dpop_bound_access_tokens, as Okta does for its SDK: Bearer at once', async () => {
    const rsaKey = await dpopKey('RS256');
    const withProof = await token(plain, await proof(rsaKey, { htu: tokenUrl }));
    expect(withProof.status).toBe(200);
    const body = (await withProof.json()) as { token_type: string; access_token: string };
    expect(body.token_type).toBe('Bearer');
    expect(claimsOf(body.access_token).cnf).toBeUndefined();
    expect(((await (await token(plain)).json()) as { token_type: string }).token_type).toBe('Bearer');
  });

  it('refuses proofs that are replayed, for another request, stale, forged or carry a private key', async () => {
    const value = await nonce();
    const other = await dpopKey();
    const refusals: [string, string][] = [];
    const used = await proof(key, { htu: tokenUrl, nonce: value });
    expect((await token(bound, used)).status).toBe(200);
    const privateJwk = await exportJWK(key.privateKey);
    const cases: [string, string][] = [
      ['replayed', used],
      ['another method', await proof(key, { htu: tokenUrl, nonce: value, htm: 'GET' })],
      ['another URL', await proof(key, { htu: `${org.url}/oauth2/v1/token`, nonce: value })],
      ['ten minutes old', await proof(key, { htu: tokenUrl, nonce: value, iat: Math.floor(Date.now() / 1000) - 600 })],
      ['signed by another key', await proof(key, { htu: tokenUrl, nonce: value, signWith: other.privateKey })],
      ['a private jwk', await proof(key, { htu: tokenUrl, nonce: value, header: { jwk: privateJwk } })],
      ['typ JWT', await proof(key, { htu: tokenUrl, nonce: value, header: { typ: 'JWT' } })],
      ['not a JWT', 'not-a-jwt'],
      ['two proofs', `${used}, ${used}`],
    ];
    for (const [name, value] of cases) {
      const response = await token(bound, value);
      const body = (await response.json()) as { error: string };
      refusals.push([name, `${response.status} ${body.error}`]);
    }
    expect(refusals).toEqual(cases.map(([name]) => [name, '400 invalid_dpop_proof']));

    const wrongNonce = await token(bound, await proof(key, { htu: tokenUrl, nonce: 'made-up-nonce' }));
    expect(wrongNonce.status).toBe(400);
    expect(((await wrongNonce.json()) as { error: string }).error).toBe('use_dpop_nonce');
    expect(wrongNonce.headers.get('dpop-nonce')).toBe(value);
  });

  it('authenticates the client first: a wrong secret is invalid_client whatever the proof', async () => {
    const response = await token({ id: bound.id, secret: 'wrong-secret-entirely' }, await proof(key, { htu: tokenUrl }));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });

  it("binds a public client's refresh token to its key: refreshing needs a proof of the same key", async () => {
    const user = await client.userApi.createUser({ body: { profile: { firstName: 'Ref', lastName: 'Resh', email: 'ref.resh@example.com', login: 'ref.resh@example.com' }, credentials: { password: { value: 'Correct-Horse-9' } } } as never });
    const app = (await client.applicationApi.createApplication({
      application: {
        name: 'oidc_client',
        label: 'DPoP native',
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'none' } },
        settings: { oauthClient: { application_type: 'native', redirect_uris: ['com.example:/cb'], grant_types: ['password', 'refresh_token'], response_types: ['code'], dpop_bound_access_tokens: true } },
      } as never,
    })) as Loose;
    const clientId = app.credentials.oauthClient.client_id as string;
    // Okta gives tokens only to users assigned to the app.
    await client.applicationApi.assignUserToApplication({ appId: app.id as string, appUser: { id: user.id } as never });
    const post = (body: Record<string, string>, dpop: string) =>
      fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', dpop }, body: new URLSearchParams({ client_id: clientId, ...body }) });
    const value = await nonce();
    const signIn = await post({ grant_type: 'password', username: 'ref.resh@example.com', password: 'Correct-Horse-9', scope: 'openid offline_access' }, await proof(key, { htu: tokenUrl, nonce: value }));
    expect(signIn.status).toBe(200);
    const tokens = (await signIn.json()) as { token_type: string; refresh_token: string };
    expect(tokens.token_type).toBe('DPoP');
    expect(tokens.refresh_token).toBeTruthy();

    const other = await dpopKey();
    const stolen = await post({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, await proof(other, { htu: tokenUrl, nonce: value }));
    expect(stolen.status).toBe(400);
    expect(((await stolen.json()) as { error: string }).error).toBe('invalid_dpop_proof');
    const refreshed = await post({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, await proof(key, { htu: tokenUrl, nonce: value }));
    expect(refreshed.status).toBe(200);
    const body = (await refreshed.json()) as { token_type: string; access_token: string };
    expect(body.token_type).toBe('DPoP');
    expect(claimsOf(body.access_token).cnf).toEqual({ jkt: key.jkt });

    // userinfo takes the bound token only with the DPoP scheme and a proof of the key for that call.
    const userinfoUrl = `${org.url}/oauth2/default/v1/userinfo`;
    const userinfo = (authorization: string, dpop?: string) => fetch(userinfoUrl, { headers: { authorization, ...(dpop ? { dpop } : {}) } });
    const ath = accessTokenHash(body.access_token);
    const ok = await userinfo(`DPoP ${body.access_token}`, await proof(key, { htm: 'GET', htu: userinfoUrl, ath }));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { sub: string }).sub).toMatch(/^00u/);
    expect((await userinfo(`Bearer ${body.access_token}`)).status).toBe(401);
    const foreign = await userinfo(`DPoP ${body.access_token}`, await proof(other, { htm: 'GET', htu: userinfoUrl, ath }));
    expect(foreign.status).toBe(401);
    expect(foreign.headers.get('www-authenticate')).toContain('error="invalid_dpop_proof"');
  });
});
