/**
 * The hosted sign-in page end to end: a real org and the example hooks on real servers (password
 * import, registration and token hooks registered as `npm run dev` does), openid-client as the
 * relying party, and the page's own forms posted with a cookie jar.
 */
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOidcAppDoc } from '../../../src/emulator/oidc/app-documents.js';
import { DEMO_PASSWORD } from '../../../src/emulator/seed.js';
import { startLoop, type Loop } from '../../e2e/fixture.js';
import { FormBrowser, formsOf, type Answer } from './form-browser.js';
import { exchangeCode, insecure, startAuthorization, type Started } from './relying-party.js';

const SPA = '0oaSignInSpa00000001';
const WEB = '0oaSignInWeb00000001';
const WEB_SECRET = 'sign-in-web-secret-0123456789abcdef';
const SPA_REDIRECT = 'http://127.0.0.1:9/spa/callback';
const WEB_REDIRECT = 'http://127.0.0.1:9/web/callback';
const OLA = { login: 'ola.nordmann@example.com', legacyPassword: 'Tr0ub4dor&3' };
const PASSWORD = 'Correct-Horse-9';

let loop: Loop;
let spa: client.Configuration;
let web: client.Configuration;
/** The group both apps are assigned to: Okta gives tokens only to assigned users. */
let customers: string;

beforeAll(async () => {
  loop = await startLoop({ targets: ['password-import', 'registration', 'token'] });
  const now = new Date().toISOString();
  loop.org.emulator.store.apps.insert(newOidcAppDoc({ id: SPA, label: 'Orders SPA', kind: 'browser', redirectUris: [SPA_REDIRECT], postLogoutRedirectUris: [] }, now));
  loop.org.emulator.store.apps.insert(
    newOidcAppDoc({ id: WEB, label: 'Orders Web', kind: 'web', clientSecret: WEB_SECRET, redirectUris: [WEB_REDIRECT], postLogoutRedirectUris: [] }, now),
  );
  customers = (await loop.api('POST', '/api/v1/groups', { profile: { name: 'Orders customers' } })).body.id as string;
  for (const app of [SPA, WEB]) expect((await loop.api('PUT', `/api/v1/apps/${app}/groups/${customers}`, {})).status).toBe(200);
  // Who signs up joins the group, as the profile enrollment policy's target groups say.
  const [policy] = (await loop.api('GET', '/api/v1/policies?type=PROFILE_ENROLLMENT')).body.filter((p: { system: boolean }) => p.system);
  const [rule] = (await loop.api('GET', `/api/v1/policies/${policy.id}/rules`)).body;
  rule.actions.profileEnrollment.targetGroupIds = [customers];
  expect((await loop.api('PUT', `/api/v1/policies/${policy.id}/rules/${rule.id}`, rule)).status).toBe(200);
  const issuer = new URL(`${loop.org.url}/oauth2/default`);
  spa = await client.discovery(issuer, SPA, undefined, client.None(), insecure);
  web = await client.discovery(issuer, WEB, WEB_SECRET, client.ClientSecretBasic(WEB_SECRET), insecure);
}, 30_000);
afterAll(() => loop?.close());

const authorizeUrl = startAuthorization;
const exchange = (config: client.Configuration, started: Started, answer: Answer) => exchangeCode(config, started, answer.location);

async function createUser(login: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await loop.api('POST', '/api/v1/users?activate=true', {
    profile: { login, email: login, firstName: 'Test', lastName: 'Person', ...extra },
    credentials: { password: { value: PASSWORD } },
    groupIds: [customers],
  });
  expect(created.status).toBe(200);
  return created.body.id as string;
}

async function signInPage(browser: FormBrowser, started: Started): Promise<Answer> {
  const page = await browser.visit(started.url.toString(), loop.org.url);
  expect(page.status, page.html).toBe(200);
  expect(page.html).toContain('action="/signin/password"');
  return page;
}

describe('the hosted sign-in page', () => {
  it('signs a password-import user in, with the token hook patches in both tokens; the org session signs a second app in without a prompt', async () => {
    const imported = await loop.api('POST', '/api/v1/users?activate=true', {
      profile: { login: OLA.login, email: OLA.login, firstName: 'Ola', lastName: 'Nordmann' },
      credentials: { password: { hook: { type: 'default' } } },
      groupIds: [customers],
    });
    expect(imported.status).toBe(200);
    const browser = new FormBrowser(loop.org.url);
    const started = await authorizeUrl(spa, SPA_REDIRECT, { login_hint: OLA.login });
    const page = await signInPage(browser, started);
    expect(page.html).toContain(`value="${OLA.login}"`);
    expect(page.html).toContain('to Orders SPA');

    const wrong = await browser.submit(page, '/signin/password', { username: OLA.login, password: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('Unable to sign in');
    const signedIn = await browser.submit(wrong, '/signin/password', { username: OLA.login, password: OLA.legacyPassword });
    expect(signedIn.status).toBe(302);
    expect(signedIn.location).toMatch(new RegExp(`^${SPA_REDIRECT}\\?code=`));
    expect(browser.cookies.has('sid')).toBe(true);
    expect(loop.calls.get('/hooks/password-import')).toBe(2);

    const tokens = await exchange(spa, started, signedIn);
    const claims = tokens.claims();
    expect(claims).toMatchObject({ employee_id: 'E-10001', preferred_username: OLA.login, amr: ['pwd'] });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ tier: 'silver', cost_center: 'CC-101', cid: SPA });
    expect(loop.calls.get('/hooks/token')).toBe(1);

    const calls = loop.calls.get('/hooks/password-import');
    const second = await authorizeUrl(web, WEB_REDIRECT);
    const silent = await browser.visit(second.url.toString(), loop.org.url);
    expect(silent.status).toBe(302);
    expect(silent.location).toMatch(new RegExp(`^${WEB_REDIRECT}\\?code=`));
    const webTokens = await exchange(web, second, silent);
    expect(webTokens.claims()).toMatchObject({ sub: claims?.sub, aud: WEB, auth_time: claims?.auth_time });
    expect(loop.calls.get('/hooks/password-import')).toBe(calls);

    const none = await browser.visit((await authorizeUrl(spa, SPA_REDIRECT, { prompt: 'none' })).url.toString(), loop.org.url);
    expect(new URL(none.location ?? '').searchParams.get('code')).toBeTruthy();
    const again = await browser.visit((await authorizeUrl(spa, SPA_REDIRECT, { prompt: 'login' })).url.toString(), loop.org.url);
    expect(again.status).toBe(200);
    expect(again.html).toContain('action="/signin/password"');

    const sso = await loop.systemLog('user.authentication.sso');
    expect(sso.map((event: { target: { id: string }[] }) => event.target[0]?.id)).toEqual(expect.arrayContaining([SPA, WEB]));
  });

  it('answers prompt=none without a session with login_required at the redirect URI, and a foreign redirect URI with an error page', async () => {
    const browser = new FormBrowser(loop.org.url);
    const started = await authorizeUrl(spa, SPA_REDIRECT, { prompt: 'none' });
    const answer = await browser.visit(started.url.toString(), loop.org.url);
    const callback = new URL(answer.location ?? '');
    expect([callback.searchParams.get('error'), callback.searchParams.get('state')]).toEqual(['login_required', started.state]);

    const foreign = new URL(started.url);
    foreign.searchParams.set('redirect_uri', 'https://evil.example/callback');
    const refused = await browser.visit(foreign.toString(), loop.org.url);
    expect(refused.status).toBe(400);
    expect(refused.location).toBeUndefined();
    expect(refused.html).toContain('Login redirect URI');
  });

  it('signs in again when max_age has passed since the password was checked', async () => {
    const login = `max.age.${Date.now()}@example.com`;
    await createUser(login);
    const browser = new FormBrowser(loop.org.url);
    const page = await signInPage(browser, await authorizeUrl(spa, SPA_REDIRECT));
    expect((await browser.submit(page, '/signin/password', { username: login, password: PASSWORD })).status).toBe(302);
    const young = await browser.visit((await authorizeUrl(spa, SPA_REDIRECT, { max_age: '600' })).url.toString(), loop.org.url);
    expect(young.status).toBe(302);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const old = await browser.visit((await authorizeUrl(spa, SPA_REDIRECT, { max_age: '1' })).url.toString(), loop.org.url);
    expect(old.status).toBe(200);
    expect(old.html).toContain('action="/signin/password"');
  });

  it('asks for the TOTP code of an enrolled authenticator app and puts mfa in amr', async () => {
    const login = `totp.${Date.now()}@example.com`;
    const userId = await createUser(login);
    const enrolled = await loop.api('POST', `/api/v1/users/${userId}/factors`, { factorType: 'token:software:totp', provider: 'GOOGLE' });
    const secret = Secret.fromBase32(enrolled.body._embedded.activation.sharedSecret as string);
    const code = (steps: number) => TOTP.generate({ secret, timestamp: Date.now() + steps * 30_000, period: 30, digits: 6 });
    const activated = await loop.api('POST', `/api/v1/users/${userId}/factors/${enrolled.body.id}/lifecycle/activate`, { passCode: code(0) });
    expect(activated.body.status).toBe('ACTIVE');

    const browser = new FormBrowser(loop.org.url);
    const started = await authorizeUrl(spa, SPA_REDIRECT);
    const page = await signInPage(browser, started);
    const challenge = await browser.submit(page, '/signin/password', { username: login, password: PASSWORD });
    expect(challenge.status).toBe(200);
    expect(challenge.html).toContain('authenticator app');
    expect(browser.cookies.has('sid')).toBe(false);
    const wrong = await browser.submit(challenge, '/signin/verify', { passCode: code(1) === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    const done = await browser.submit(wrong, '/signin/verify', { passCode: code(1) });
    expect(done.status).toBe(302);
    const tokens = await exchange(spa, started, done);
    expect(tokens.claims()?.amr).toEqual(['pwd', 'mfa', 'otp']);
  });

  it('waits for an Okta Verify push on the page, signs in once the phone approves, and ends the sign-in when it rejects', async () => {
    const login = `push.${Date.now()}@example.com`;
    const userId = await createUser(login);
    const enrolled = await loop.api('POST', `/api/v1/users/${userId}/factors`, { factorType: 'push', provider: 'OKTA' });
    expect(enrolled.body.status).toBe('PENDING_ACTIVATION');
    const phone = `/api/v1/_emulator/users/${userId}/factors/${enrolled.body.id}/push`;
    expect((await loop.api('POST', phone, { action: 'approve' })).status).toBe(200);
    expect((await loop.api('POST', String(enrolled.body._links.poll.href).replace(loop.org.url, ''))).body.status).toBe('ACTIVE');

    const signInWithPush = async () => {
      const browser = new FormBrowser(loop.org.url);
      const started = await authorizeUrl(spa, SPA_REDIRECT);
      const waiting = await browser.submit(await signInPage(browser, started), '/signin/password', { username: login, password: PASSWORD });
      expect(waiting.html).toContain('Check your phone');
      const refresh = /http-equiv="refresh" content="2;url=([^"]+)"/.exec(waiting.html)?.[1]?.replaceAll('&amp;', '&');
      expect(refresh).toMatch(/^\/signin\/push\?tx=/);
      const poll = () => browser.request(`${loop.org.url}${refresh}`);
      expect((await poll()).html).toContain('Check your phone');
      return { browser, started, poll };
    };

    const approved = await signInWithPush();
    expect(approved.browser.cookies.has('sid')).toBe(false);
    expect((await loop.api('POST', phone, { action: 'approve' })).body.factorResult).toBe('SUCCESS');
    const done = await approved.poll();
    expect(done.status).toBe(302);
    expect((await exchange(spa, approved.started, done)).claims()?.amr).toEqual(['pwd', 'mfa', 'swk']);

    const rejected = await signInWithPush();
    expect((await loop.api('POST', phone, { action: 'reject' })).body.factorResult).toBe('REJECTED');
    const refused = await rejected.poll();
    expect(refused.html).toContain('rejected on your phone');
    expect(refused.location ?? '').not.toContain('code=');
  });

  it('sends an SMS code to the outbox when the user has a phone factor', async () => {
    const login = `sms.${Date.now()}@example.com`;
    const userId = await createUser(login);
    const enrolled = await loop.api('POST', `/api/v1/users/${userId}/factors?activate=true`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15551230001' } });
    expect(enrolled.body.status).toBe('ACTIVE');
    const browser = new FormBrowser(loop.org.url);
    const started = await authorizeUrl(spa, SPA_REDIRECT);
    const challenge = await browser.submit(await signInPage(browser, started), '/signin/password', { username: login, password: PASSWORD });
    expect(challenge.html).toContain('ending in 0001');
    const outbox = (await loop.api('GET', `/api/v1/_emulator/outbox?userId=${userId}`)).body as { code: string }[];
    const done = await browser.submit(challenge, '/signin/verify', { passCode: outbox.at(-1)?.code ?? '' });
    expect(done.status).toBe(302);
    expect((await exchange(spa, started, done)).claims()?.amr).toEqual(['pwd', 'mfa', 'sms']);
  });

  it('locks the account after the policy limit of wrong passwords', async () => {
    const login = `lockout.${Date.now()}@example.com`;
    await createUser(login);
    const browser = new FormBrowser(loop.org.url);
    let page = await signInPage(browser, await authorizeUrl(spa, SPA_REDIRECT));
    for (let attempt = 0; attempt < 10; attempt++) page = await browser.submit(page, '/signin/password', { username: login, password: `wrong-${attempt}` });
    const locked = await browser.submit(page, '/signin/password', { username: login, password: PASSWORD });
    expect(locked.status).toBe(401);
    expect(locked.html).toContain('Your account is locked');
    expect((await loop.api('GET', `/api/v1/users/${login}`)).body.status).toBe('LOCKED_OUT');
  });

  it('refuses posts without the CSRF token, from another browser, or from another origin', async () => {
    const login = `csrf.${Date.now()}@example.com`;
    await createUser(login);
    const browser = new FormBrowser(loop.org.url);
    const page = await signInPage(browser, await authorizeUrl(spa, SPA_REDIRECT));
    const fields = { username: login, password: PASSWORD };

    const noToken = await browser.submit(page, '/signin/password', { ...fields, _csrf: '' });
    expect(noToken.status).toBe(403);
    const attacker = new FormBrowser(loop.org.url);
    const elsewhere = await attacker.submit(page, '/signin/password', fields);
    expect(elsewhere.status).toBe(400);
    const evil = new FormBrowser('https://evil.example');
    for (const [name, value] of browser.cookies) evil.cookies.set(name, value);
    expect((await evil.submit(page, '/signin/password', fields)).status).toBe(403);
    expect(browser.cookies.has('sid') || attacker.cookies.has('sid') || evil.cookies.has('sid')).toBe(false);

    expect((await browser.submit(page, '/signin/password', fields)).status).toBe(302);
  });

  it('registers a new user through the registration hook from the sign-up link, and shows the hook denial', async () => {
    const browser = new FormBrowser(loop.org.url);
    const started = await authorizeUrl(spa, SPA_REDIRECT);
    const page = await signInPage(browser, started);
    const link = /href="(\/signin\/register\?tx=[^"]+)"/.exec(page.html)?.[1];
    expect(link).toBeDefined();
    const form = await browser.visit(new URL(link!.replace(/&amp;/g, '&'), loop.org.url).toString(), loop.org.url);
    expect(form.html).toContain('action="/signin/register"');
    const calls = loop.calls.get('/hooks/registration') ?? 0;

    const denied = await browser.submit(form, '/signin/register', { email: 'mallory@gmail.com', firstName: 'Mallory', lastName: 'Doe', password: 'Fjord-Sunrise-42' });
    expect(denied.status).toBe(400);
    expect(denied.html).toContain('Registration is limited to company email addresses.');
    expect(loop.calls.get('/hooks/registration')).toBe(calls + 1);

    const email = `nora.${Date.now()}@example.com`;
    const created = await browser.submit(denied, '/signin/register', { email, firstName: 'Nora', lastName: 'Berg', password: 'Fjord-Sunrise-42' });
    expect(created.status).toBe(302);
    expect((await exchange(spa, started, created)).claims()?.preferred_username).toBe(email);
    expect((await loop.api('GET', `/api/v1/users/${email}`)).body.status).toBe('ACTIVE');
  });

  it('answers response_mode=form_post with a page that posts the code and state to the redirect URI', async () => {
    const login = `form.post.${Date.now()}@example.com`;
    await createUser(login);
    const browser = new FormBrowser(loop.org.url);
    const started = await authorizeUrl(spa, SPA_REDIRECT, { response_mode: 'form_post' });
    const answer = await browser.submit(await signInPage(browser, started), '/signin/password', { username: login, password: PASSWORD });
    expect(answer.status).toBe(200);
    const form = formsOf(answer.html).find((candidate) => candidate.action === SPA_REDIRECT);
    expect(form?.hidden.state).toBe(started.state);
    const callback = new URL(SPA_REDIRECT);
    callback.searchParams.set('code', form?.hidden.code ?? '');
    callback.searchParams.set('state', started.state);
    expect((await exchange(spa, started, { ...answer, location: callback.toString() })).claims()?.preferred_username).toBe(login);
  });

  it('refuses browser token requests (with Origin) that do not use PKCE, as Okta does', async () => {
    const login = `browser.${Date.now()}@example.com`;
    await createUser(login);
    const token = (body: Record<string, string>, origin?: string) =>
      fetch(`${loop.org.url}/oauth2/default/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${WEB}:${WEB_SECRET}`).toString('base64')}`, ...(origin ? { origin } : {}) },
        body: new URLSearchParams(body),
      });
    const password = { grant_type: 'password', username: login, password: PASSWORD, scope: 'openid' };
    const fromBrowser = await token(password, 'http://127.0.0.1:9');
    expect([fromBrowser.status, await fromBrowser.json()]).toEqual([401, { error: 'invalid_client', error_description: 'Browser requests to the token endpoint must use Proof Key for Code Exchange.' }]);

    const browser = new FormBrowser(loop.org.url);
    const page = await browser.visit(client.buildAuthorizationUrl(web, { redirect_uri: WEB_REDIRECT, scope: 'openid', state: 'no-pkce' }).toString(), loop.org.url);
    const answer = await browser.submit(page, '/signin/password', { username: login, password: PASSWORD });
    const code = new URL(answer.location ?? '').searchParams.get('code') ?? '';
    const exchangeFromBrowser = await token({ grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT }, 'http://127.0.0.1:9');
    expect(exchangeFromBrowser.status).toBe(401);
    const fromServer = await token({ grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT });
    expect(fromServer.status).toBe(200);
  });

  it('makes a user with an expired password choose a new one, then signs the user in with it', async () => {
    const grace = 'grace.kim@example.com';
    const graceId = (await loop.api('GET', `/api/v1/users/${grace}`)).body.id as string;
    expect((await loop.api('PUT', `/api/v1/groups/${customers}/users/${graceId}`)).status).toBe(204);
    expect((await loop.api('GET', `/api/v1/users/${grace}`)).body.status).toBe('PASSWORD_EXPIRED');
    const browser = new FormBrowser(loop.org.url);
    const started = await authorizeUrl(spa, SPA_REDIRECT);
    const change = await browser.submit(await signInPage(browser, started), '/signin/password', { username: grace, password: DEMO_PASSWORD });
    expect(change.html).toContain('action="/signin/password/change"');
    const mismatch = await browser.submit(change, '/signin/password/change', { newPassword: 'Harbor-Lights-31', confirmPassword: 'Harbor-Lights-32' });
    expect([mismatch.status, mismatch.html.includes('do not match')]).toEqual([400, true]);
    const weak = await browser.submit(mismatch, '/signin/password/change', { newPassword: 'short', confirmPassword: 'short' });
    expect([weak.status, weak.html.includes('Password requirements')]).toEqual([400, true]);
    const done = await browser.submit(weak, '/signin/password/change', { newPassword: 'Harbor-Lights-31', confirmPassword: 'Harbor-Lights-31' });
    expect(done.status).toBe(302);
    expect((await exchange(spa, started, done)).claims()?.preferred_username).toBe(grace);
    expect((await loop.api('GET', `/api/v1/users/${grace}`)).body.status).toBe('ACTIVE');
    const next = new FormBrowser(loop.org.url);
    const again = await next.submit(await signInPage(next, await authorizeUrl(spa, SPA_REDIRECT)), '/signin/password', { username: grace, password: 'Harbor-Lights-31' });
    expect(again.status).toBe(302);
  });
});
