/**
 * The token hook on the authorization code path: the request Okta sends for it (grant type, the
 * app, the user, the scopes granted, the authorize parameters) reaches a hook server, its patches
 * land in both tokens, and the System Log has the inline hook events of the exchange.
 */
import { Hono } from 'hono';
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOidcAppDoc } from '../../../src/emulator/oidc/app-documents.js';
import { startLoop, type Loop } from '../../e2e/fixture.js';
import { FormBrowser } from './form-browser.js';
import { exchangeCode, insecure, startAuthorization } from './relying-party.js';

const SPA = '0oaHookedSpa00000001';
const REDIRECT = 'http://127.0.0.1:9/callback';
const LOGIN = 'hook.path@example.com';
const PASSWORD = 'Correct-Horse-9';

let loop: Loop;
const requests: Record<string, any>[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any -- the hook request as Okta sends it

beforeAll(async () => {
  const hooks = new Hono();
  hooks.post('/hooks/token', async (c) => {
    requests.push(await c.req.json());
    return c.json({
      commands: [
        { type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/plan', value: 'team' }] },
        { type: 'com.okta.identity.patch', value: [{ op: 'add', path: '/claims/badge', value: 'B-7' }] },
      ],
    });
  });
  loop = await startLoop({ custom: hooks, targets: ['token'] });
  loop.org.emulator.store.apps.insert(newOidcAppDoc({ id: SPA, label: 'Hooked SPA', kind: 'browser', redirectUris: [REDIRECT], postLogoutRedirectUris: [] }, new Date().toISOString()));
  const created = await loop.api('POST', '/api/v1/users?activate=true', { profile: { login: LOGIN, email: LOGIN, firstName: 'Hook', lastName: 'Path' }, credentials: { password: { value: PASSWORD } } });
  expect(created.status).toBe(200);
  // Okta gives tokens only to users assigned to the app.
  expect((await loop.api('POST', `/api/v1/apps/${SPA}/users`, { id: created.body.id })).status).toBe(200);
}, 30_000);
afterAll(() => loop?.close());

describe('the token hook on the authorization code path', () => {
  it('gets the code grant request and patches the ID and access tokens', async () => {
    const config = await client.discovery(new URL(`${loop.org.url}/oauth2/default`), SPA, undefined, client.None(), insecure);
    const started = await startAuthorization(config, REDIRECT, { scope: 'openid profile email' });
    const browser = new FormBrowser(loop.org.url);
    const answer = await browser.submit(await browser.visit(started.url.toString(), loop.org.url), '/signin/password', { username: LOGIN, password: PASSWORD });
    const tokens = await exchangeCode(config, started, answer.location);
    expect(tokens.claims()?.badge).toBe('B-7');
    expect(decodeJwt(tokens.access_token).plan).toBe('team');

    expect(requests).toHaveLength(1);
    const user = (await loop.api('GET', `/api/v1/users/${LOGIN}`)).body;
    expect(requests[0]).toMatchObject({
      eventType: 'com.okta.oauth2.tokens.transform',
      source: `${loop.org.url}/oauth2/default/v1/token`,
      data: {
        context: {
          protocol: {
            type: 'OAUTH2.0',
            request: { grant_type: 'authorization_code', client_id: SPA, redirect_uri: REDIRECT, response_type: 'code', state: started.state, scope: 'openid profile email' },
            client: { id: SPA, name: 'Hooked SPA' },
          },
          user: { id: user.id, profile: { login: LOGIN } },
          session: { userId: user.id },
        },
        access: { claims: { cid: SPA, uid: user.id }, scopes: { openid: { action: 'GRANT' }, profile: { action: 'GRANT' }, email: { action: 'GRANT' } } },
        identity: { claims: { sub: user.id, aud: SPA, nonce: started.nonce } },
      },
    });
    const sessionId = requests[0]?.data.context.session.id;
    expect((await loop.api('GET', `/api/v1/sessions/${sessionId}`)).body).toMatchObject({ id: sessionId, userId: user.id, status: 'ACTIVE' });
    for (const eventType of ['inline_hook.executed', 'inline_hook.response.processed']) {
      expect(await loop.systemLog(eventType), eventType).toHaveLength(1);
    }
  });
});
