/**
 * A real single-page-app login in Chromium (Debian's, driven by playwright-core): a tiny relying
 * party served by the test on 127.0.0.1 does discovery, PKCE and the code exchange in the browser's
 * JavaScript; the user signs in on the org's hosted page; the example token hook (a gatehook hook
 * server) patches the tokens and the app shows the patched claim; sign-out ends the org session.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOidcAppDoc } from '../../../src/emulator/oidc/app-documents.js';
import { serveApp, type Served } from '../../console/helpers.js';
import { startLoop, type Loop } from '../../e2e/fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const CLIENT_ID = '0oaBrowserSpa0000001';
const MIRA = { login: 'mira.lindqvist@example.com', password: 'Lantern-Meadow-77' };

/** The relying party: plain JavaScript, as a SPA without a library would do it. */
function spaPage(issuer: string): string {
  const script = `
const issuer = ${JSON.stringify(issuer)};
const clientId = ${JSON.stringify(CLIENT_ID)};
const redirectUri = location.origin + '/callback';
const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));
const show = (id, text) => { document.getElementById(id).textContent = text; };
async function config() { return (await fetch(issuer + '/.well-known/openid-configuration')).json(); }
async function signIn() {
  const meta = await config();
  const verifier = random(), state = random(), nonce = random();
  sessionStorage.setItem('pkce', JSON.stringify({ verifier, state, nonce }));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid profile email', redirect_uri: redirectUri,
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256' }).toString();
  location.assign(url.toString());
}
async function callback() {
  const params = new URLSearchParams(location.search);
  const saved = JSON.parse(sessionStorage.getItem('pkce') || '{}');
  if (params.get('error')) return show('status', 'error: ' + params.get('error'));
  if (!params.get('code') || params.get('state') !== saved.state) return show('status', 'error: state mismatch');
  const meta = await config();
  const response = await fetch(meta.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri, client_id: clientId, code_verifier: saved.verifier }) });
  const tokens = await response.json();
  if (!response.ok) return show('status', 'error: ' + tokens.error + ' ' + tokens.error_description);
  const claims = JSON.parse(atob(tokens.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  if (claims.nonce !== saved.nonce) return show('status', 'error: nonce mismatch');
  sessionStorage.setItem('id_token', tokens.id_token);
  document.body.dataset.idToken = tokens.id_token;
  document.body.dataset.accessToken = tokens.access_token;
  const info = await (await fetch(meta.userinfo_endpoint, { headers: { authorization: 'Bearer ' + tokens.access_token } })).json();
  show('user', info.email);
  show('employee', claims.employee_id || '(none)');
  show('status', 'signed in');
  history.replaceState(null, '', '/');
}
async function signOut() {
  const meta = await config();
  const url = new URL(meta.end_session_endpoint);
  url.search = new URLSearchParams({ id_token_hint: sessionStorage.getItem('id_token'), post_logout_redirect_uri: location.origin + '/', state: 'bye' }).toString();
  sessionStorage.clear();
  location.assign(url.toString());
}
document.getElementById('sign-in').onclick = () => signIn().catch((error) => show('status', 'error: ' + error));
document.getElementById('sign-out').onclick = () => signOut().catch((error) => show('status', 'error: ' + error));
if (location.pathname === '/callback') callback().catch((error) => show('status', 'error: ' + error));
else if (new URLSearchParams(location.search).get('state') === 'bye') show('status', 'signed out');
`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Orders SPA</title><link rel="icon" href="data:,"></head><body>
<h1>Orders SPA</h1><p>Status: <span id="status">signed out</span></p><p>User: <span id="user"></span></p>
<p>employee_id claim from the token hook: <strong id="employee"></strong></p>
<button id="sign-in">Sign in</button> <button id="sign-out">Sign out</button>
<script type="module">${script}</script></body></html>`;
}

describe.skipIf(!hasChromium)(hasChromium ? 'a SPA signs in through the hosted page in Chromium' : 'SPA in Chromium (skipped: /usr/bin/chromium is not installed)', () => {
  let loop: Loop;
  let rp: Served;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let issuer = '';

  beforeAll(async () => {
    loop = await startLoop({ targets: ['token'] });
    issuer = `${loop.org.url}/oauth2/default`;
    const app = new Hono();
    app.get('/', (c) => c.html(spaPage(issuer)));
    app.get('/callback', (c) => c.html(spaPage(issuer)));
    rp = await serveApp(app);
    loop.org.emulator.store.apps.insert(
      newOidcAppDoc({ id: CLIENT_ID, label: 'Orders SPA', kind: 'browser', redirectUris: [`${rp.url}/callback`], postLogoutRedirectUris: [`${rp.url}/`] }, new Date().toISOString()),
    );
    const created = await loop.api('POST', '/api/v1/users?activate=true', {
      profile: { login: MIRA.login, email: MIRA.login, firstName: 'Mira', lastName: 'Lindqvist' },
      credentials: { password: { value: MIRA.password } },
    });
    expect(created.status).toBe(200);
    // Okta gives tokens only to users assigned to the app.
    expect((await loop.api('POST', `/api/v1/apps/${CLIENT_ID}/users`, { id: created.body.id })).status).toBe(200);
    profile = await mkdtemp(join(tmpdir(), 'gatehook-spa-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await rp?.close();
    await loop?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('signs in with PKCE in the browser, shows the token hook claim, and signs out of the org', async () => {
    await page.goto(`${rp.url}/`);
    await page.click('#sign-in');
    await page.waitForURL(`${loop.org.url}/signin?**`);
    expect(await page.textContent('h1')).toBe('Sign In');
    await page.fill('#username', MIRA.login);
    await page.fill('#password', 'not-the-password');
    await page.click('button[type=submit]');
    await page.locator('.error').waitFor();
    expect(await page.textContent('.error')).toContain('Unable to sign in');
    await mkdir('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/oidc-sign-in-page.png' });
    await page.fill('#password', MIRA.password);
    await page.click('button[type=submit]');

    await page.waitForURL(`${rp.url}/`);
    await expect.poll(() => page.textContent('#status'), { timeout: 10_000 }).toBe('signed in');
    expect(await page.textContent('#employee')).toBe('E-10442');
    expect(await page.textContent('#user')).toBe(MIRA.login);
    await page.screenshot({ path: 'test-artifacts/oidc-spa-signed-in.png' });

    const jwks = createRemoteJWKSet(new URL(`${issuer}/v1/keys`));
    const idToken = String(await page.getAttribute('body', 'data-id-token'));
    expect((await jwtVerify(idToken, jwks, { issuer, audience: CLIENT_ID })).payload.employee_id).toBe('E-10442');
    const access = (await jwtVerify(String(await page.getAttribute('body', 'data-access-token')), jwks, { issuer, audience: 'api://default' })).payload;
    expect(access).toMatchObject({ tier: 'gold', cost_center: 'CC-204', cid: CLIENT_ID });
    expect(loop.calls.get('/hooks/token')).toBe(1);

    const cookies = await context.cookies(loop.org.url);
    expect(cookies.find((cookie) => cookie.name === 'sid')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await page.click('#sign-out');
    await page.waitForURL(`${rp.url}/?state=bye`);
    expect(await page.textContent('#status')).toBe('signed out');
    expect((await context.cookies(loop.org.url)).some((cookie) => cookie.name === 'sid')).toBe(false);

    await page.click('#sign-in');
    await page.waitForURL(`${loop.org.url}/signin?**`);
    expect(await page.isVisible('#password')).toBe(true);
  }, 60_000);

  it('gives no CORS headers to an origin no app registered', async () => {
    const allowed = await fetch(`${issuer}/v1/keys`, { headers: { origin: rp.url } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(rp.url);
    const foreign = await fetch(`${issuer}/v1/keys`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
