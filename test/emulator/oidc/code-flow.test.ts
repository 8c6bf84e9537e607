/** Authorization code + PKCE against a real emulator, driven by openid-client (a relying party we did not write). */
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOidcAppDoc } from '../../../src/emulator/oidc/app-documents.js';
import { startTestOrg, newUser, type TestOrg } from '../helpers.js';
import { exchangeCode, insecure, startAuthorization } from './relying-party.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe('authorization code with PKCE (sessionToken sign-in) through openid-client', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await startTestOrg();
    org.running.emulator.store.apps.insert(
      newOidcAppDoc({ id: '0oaTestSpaApp0000001', label: 'Test SPA', kind: 'browser', redirectUris: [REDIRECT], postLogoutRedirectUris: [] }, new Date().toISOString()),
    );
  });
  afterAll(() => org?.close());

  it('discovers, gets a code, exchanges it with the verifier, reads userinfo, refuses plain PKCE', async () => {
    const user = newUser();
    const created = await org.call('POST', '/api/v1/users?activate=true', { body: user });
    expect(created.status).toBe(200);
    // As in Okta, only users assigned to the app get its tokens.
    expect((await org.call('POST', '/api/v1/apps/0oaTestSpaApp0000001/users', { body: { id: created.body.id, scope: 'USER' } })).status).toBe(200);
    const authn = await org.call('POST', '/api/v1/authn', { auth: null, body: { username: user.profile.login, password: 'Correct-Horse-9' } });
    expect(authn.body.status).toBe('SUCCESS');

    const config = await client.discovery(new URL(`${org.url}/oauth2/default`), '0oaTestSpaApp0000001', undefined, client.None(), insecure);
    expect(config.serverMetadata().code_challenge_methods_supported).toEqual(['S256']);
    const started = await startAuthorization(config, REDIRECT, { sessionToken: authn.body.sessionToken });
    const { url } = started;
    const answer = await fetch(url, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const callback = new URL(answer.headers.get('location') ?? '');
    expect(callback.searchParams.get('code')).toBeTruthy();

    const tokens = await exchangeCode(config, started, callback.toString());
    const claims = tokens.claims();
    expect(claims?.preferred_username).toBe(user.profile.login);
    const info = await client.fetchUserInfo(config, tokens.access_token, String(claims?.sub));
    expect(info.email).toBe(user.profile.login);

    const plain = new URL(url);
    plain.searchParams.set('code_challenge_method', 'plain');
    const refused = new URL((await fetch(plain, { redirect: 'manual' })).headers.get('location') ?? '');
    expect(refused.searchParams.get('error')).toBe('invalid_request');
  });

  it('sends an unassigned user back to the app with access_denied, before any code is issued', async () => {
    const user = newUser();
    expect((await org.call('POST', '/api/v1/users?activate=true', { body: user })).status).toBe(200);
    const authn = await org.call('POST', '/api/v1/authn', { auth: null, body: { username: user.profile.login, password: 'Correct-Horse-9' } });
    const config = await client.discovery(new URL(`${org.url}/oauth2/default`), '0oaTestSpaApp0000001', undefined, client.None(), insecure);
    const { url } = await startAuthorization(config, REDIRECT, { sessionToken: authn.body.sessionToken });
    const answer = await fetch(url, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const callback = new URL(answer.headers.get('location') ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toBe('User is not assigned to the client application.');
    expect(callback.searchParams.get('state')).toBe(url.searchParams.get('state'));
    expect(callback.searchParams.get('code')).toBeNull();
  });
});
