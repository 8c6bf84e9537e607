/**
 * After the sign-in: openid-client refreshes, introspects and revokes the tokens and signs out
 * (RP-initiated logout), and Okta's own `@okta/jwt-verifier` verifies the access and ID tokens
 * against the org's `/v1/keys`. The example token hook runs on a real hook server throughout.
 */
import OktaJwtVerifier from '@okta/jwt-verifier';
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOidcAppDoc } from '../../../src/emulator/oidc/app-documents.js';
import { startLoop, type Loop } from '../../e2e/fixture.js';
import { FormBrowser } from './form-browser.js';
import { exchangeCode, insecure, startAuthorization } from './relying-party.js';

const WEB = '0oaLifecycleWeb00001';
const SECRET = 'lifecycle-web-secret-0123456789abcdef';
const REDIRECT = 'http://127.0.0.1:9/callback';
const SIGNED_OUT = 'http://127.0.0.1:9/signed-out';
const MIRA = { login: 'mira.lindqvist@example.com', password: 'Lantern-Meadow-77' };

let loop: Loop;
let config: client.Configuration;
let issuer = '';
let browser: FormBrowser;
let tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
let nonce = '';

beforeAll(async () => {
  loop = await startLoop({ targets: ['token'] });
  issuer = `${loop.org.url}/oauth2/default`;
  loop.org.emulator.store.apps.insert(
    newOidcAppDoc({ id: WEB, label: 'Lifecycle Web', kind: 'web', clientSecret: SECRET, redirectUris: [REDIRECT], postLogoutRedirectUris: [SIGNED_OUT] }, new Date().toISOString()),
  );
  const created = await loop.api('POST', '/api/v1/users?activate=true', {
    profile: { login: MIRA.login, email: MIRA.login, firstName: 'Mira', lastName: 'Lindqvist' },
    credentials: { password: { value: MIRA.password } },
  });
  expect(created.status).toBe(200);
  // Okta gives tokens only to users assigned to the app.
  expect((await loop.api('POST', `/api/v1/apps/${WEB}/users`, { id: created.body.id })).status).toBe(200);
  config = await client.discovery(new URL(issuer), WEB, SECRET, client.ClientSecretBasic(SECRET), insecure);

  browser = new FormBrowser(loop.org.url);
  const started = await startAuthorization(config, REDIRECT);
  nonce = started.nonce;
  const page = await browser.visit(started.url.toString(), loop.org.url);
  const answer = await browser.submit(page, '/signin/password', { username: MIRA.login, password: MIRA.password });
  tokens = await exchangeCode(config, started, answer.location);
}, 30_000);
afterAll(() => loop?.close());

describe('tokens of a hosted-page sign-in through their life', () => {
  it('verifies with @okta/jwt-verifier: the access token for its audience, the ID token for the client and nonce', async () => {
    const verifier = new OktaJwtVerifier({ issuer, clientId: WEB, testing: { disableHttpsCheck: true } });
    const access = await verifier.verifyAccessToken(tokens.access_token, 'api://default');
    expect(access.claims).toMatchObject({ cid: WEB, sub: MIRA.login, tier: 'gold', scp: expect.arrayContaining(['openid', 'offline_access']) });
    await expect(verifier.verifyAccessToken(tokens.access_token, 'api://other')).rejects.toThrow(/audience/i);
    const id = await verifier.verifyIdToken(String(tokens.id_token), WEB, nonce);
    expect(id.claims).toMatchObject({ employee_id: 'E-10442', aud: WEB });
    await expect(verifier.verifyIdToken(String(tokens.id_token), WEB, 'another-nonce')).rejects.toThrow(/nonce/i);
    const tampered = tokens.access_token.replace(/\.[^.]+\./, `.${Buffer.from(JSON.stringify({ ...decodeJwt(tokens.access_token), tier: 'platinum' })).toString('base64url')}.`);
    await expect(verifier.verifyAccessToken(tampered, 'api://default')).rejects.toThrow(/signature/i);
  });

  it('introspects the access, refresh and ID tokens for their client', async () => {
    const access = await client.tokenIntrospection(config, tokens.access_token);
    expect(access).toMatchObject({ active: true, client_id: WEB, username: MIRA.login, token_type: 'Bearer' });
    const refresh = await client.tokenIntrospection(config, String(tokens.refresh_token), { token_type_hint: 'refresh_token' });
    expect(refresh).toMatchObject({ active: true, token_type: 'refresh_token', client_id: WEB });
    const id = await client.tokenIntrospection(config, String(tokens.id_token));
    expect(id).toMatchObject({ active: true, token_type: 'id_token', aud: WEB });
    expect((await client.tokenIntrospection(config, 'not-a-token')).active).toBe(false);
  });

  it('refreshes: new tokens for the same user, the token hook runs again', async () => {
    const calls = loop.calls.get('/hooks/token') ?? 0;
    const refreshed = await client.refreshTokenGrant(config, String(tokens.refresh_token));
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()?.sub).toBe(tokens.claims()?.sub);
    expect(decodeJwt(refreshed.access_token).tier).toBe('gold');
    expect(loop.calls.get('/hooks/token')).toBe(calls + 1);
    const info = await client.fetchUserInfo(config, refreshed.access_token, String(refreshed.claims()?.sub));
    expect(info.email).toBe(MIRA.login);
    tokens = refreshed;
  });

  it('revokes: the access token stops at userinfo and introspection, the refresh token stops at the token endpoint', async () => {
    await client.tokenRevocation(config, tokens.access_token);
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    await expect(client.fetchUserInfo(config, tokens.access_token, String(tokens.claims()?.sub))).rejects.toThrow();
    await client.tokenRevocation(config, String(tokens.refresh_token), { token_type_hint: 'refresh_token' });
    await expect(client.refreshTokenGrant(config, String(tokens.refresh_token))).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('signs out (RP-initiated logout): back to the logout redirect URI with the state, and the next authorize asks again', async () => {
    const foreign = client.buildEndSessionUrl(config, { id_token_hint: String(tokens.id_token), post_logout_redirect_uri: 'https://evil.example/' });
    const refused = await browser.visit(foreign.toString(), loop.org.url);
    expect([refused.status, refused.location]).toEqual([400, undefined]);
    expect(browser.cookies.has('sid')).toBe(true);

    const url = client.buildEndSessionUrl(config, { id_token_hint: String(tokens.id_token), post_logout_redirect_uri: SIGNED_OUT, state: 'see-you' });
    const answer = await browser.visit(url.toString(), loop.org.url);
    expect(answer.location).toBe(`${SIGNED_OUT}?state=see-you`);
    expect(browser.cookies.has('sid')).toBe(false);
    const ended = await loop.systemLog('user.session.end');
    expect(ended).toHaveLength(1);

    const again = (await startAuthorization(config, REDIRECT, { scope: 'openid', prompt: 'none' })).url;
    const silent = await browser.visit(again.toString(), loop.org.url);
    expect(new URL(silent.location ?? '').searchParams.get('error')).toBe('login_required');
  });
});
