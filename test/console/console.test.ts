import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Emulator } from '../../src/emulator/index.js';
import type { RunningServer } from '../../src/runtime/node.js';
import { consoleOrg, HOOK_SECRET, signIn, startHookServer, TOKEN } from './helpers.js';

const ORIGIN = 'http://127.0.0.1';
let org: Emulator;
let hookServer: RunningServer;
let session: { cookie: string; csrf: string };
const EVENT_SECRET = 'event-hook-credential-44fe02';

async function api(method: string, path: string, body?: unknown) {
  const response = await org.app.request(`${ORIGIN}${path}`, {
    method,
    headers: { authorization: `SSWS ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
}

function consoleRequest(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return org.app.request(`${ORIGIN}/_console${path}`, { ...init, headers: { cookie: session.cookie, ...init.headers } });
}

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

async function firstUserId(status: string): Promise<string> {
  const users = await api('GET', `/api/v1/users?filter=${encodeURIComponent(`status eq "${status}"`)}`);
  const list = users.body as unknown as { id: string }[];
  return list[0]!.id;
}

beforeAll(async () => {
  org = await consoleOrg();
  hookServer = await startHookServer();
  session = await signIn(org.app);
});

afterAll(async () => {
  await hookServer.close();
  org.close();
});

describe('console access', () => {
  it('refuses any Host that is not loopback, even with the right token', async () => {
    const response = await org.app.request('http://console.example.com/_console/login', { method: 'POST', body: form({ token: TOKEN }) });
    expect(response.status).toBe(403);
    const rebinding = await org.app.request('http://10.0.0.5:8788/_console', { headers: { cookie: session.cookie } });
    expect(rebinding.status).toBe(403);
  });

  it('refuses a connection from a non-loopback socket address', async () => {
    const env = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
    const signIn = () => ({ method: 'POST', body: form({ token: TOKEN }) });
    const remote = await org.app.request(`${ORIGIN}/_console/login`, signIn(), env('192.168.1.9'));
    expect(remote.status).toBe(403);
    const local = await org.app.request(`${ORIGIN}/_console/login`, signIn(), env('::ffff:127.0.0.1'));
    expect(local.status).toBe(303);
  });

  it('sends a browser without a session to the login form, and answers 401 to anything else', async () => {
    const page = await org.app.request(`${ORIGIN}/_console`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/_console/login');
    const json = await org.app.request(`${ORIGIN}/_console/log`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(401);
    const post = await org.app.request(`${ORIGIN}/_console/users/x/deactivate`, { method: 'POST' });
    expect(post.status).toBe(401);
  });

  it('never takes the token from the URL, where it would stay in the browser history', async () => {
    for (const path of ['/_console', '/_console/log', '/_console/login']) {
      const response = await org.app.request(`${ORIGIN}${path}?token=${TOKEN}`, { headers: { accept: 'text/html' } });
      expect(response.status, path).toBe(400);
      expect(response.headers.get('set-cookie'), path).toBeNull();
      const page = await response.text();
      expect(page).toContain('not accepted in the address');
      expect(page).toContain('method="post"');
      expect(page).not.toContain(TOKEN);
    }
    // Even with a session, a token in the URL is refused rather than silently ignored.
    expect((await consoleRequest(`?token=${TOKEN}`)).status).toBe(400);
  });

  it('signs in through the login form with an HttpOnly SameSite=Strict, port-named, short-lived cookie', async () => {
    expect((await org.app.request(`${ORIGIN}/_console/login`, { method: 'POST', body: form({ token: 'not-the-token' }) })).status).toBe(401);
    const good = await org.app.request(`${ORIGIN}:8788/_console/login`, { method: 'POST', body: form({ token: TOKEN }) });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/_console');
    const cookie = good.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^gatehook_console_8788=[\w-]+\.[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/_console/);
    expect(cookie).toMatch(/Max-Age=28800/);
    expect(cookie).not.toContain(TOKEN);
    const pair = cookie.split(';')[0]!;
    expect((await org.app.request(`${ORIGIN}:8788/_console`, { headers: { cookie: pair } })).status).toBe(200);

    const foreign = await org.app.request(`${ORIGIN}/_console/login`, { method: 'POST', body: form({ token: TOKEN }), headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(401);
    expect(foreign.headers.get('set-cookie')).toBeNull();
    // Fetch Metadata decides for browsers (which send Origin: null under the console's no-referrer policy).
    const crossSite = await org.app.request(`${ORIGIN}/_console/login`, { method: 'POST', body: form({ token: TOKEN }), headers: { 'sec-fetch-site': 'cross-site', origin: 'null' } });
    expect(crossSite.status).toBe(401);
    const ownForm = await org.app.request(`${ORIGIN}/_console/login`, { method: 'POST', body: form({ token: TOKEN }), headers: { 'sec-fetch-site': 'same-origin', origin: 'null' } });
    expect(ownForm.status).toBe(303);
  });

  it('binds a session to its port: the cookie another 127.0.0.1 service sees is no use on another port', async () => {
    const good = await org.app.request(`${ORIGIN}:8788/_console/login`, { method: 'POST', body: form({ token: TOKEN }) });
    const [name, value] = (good.headers.get('set-cookie') ?? '').split(';')[0]!.split('=') as [string, string];
    const json = { accept: 'application/json' };
    expect((await org.app.request(`${ORIGIN}:8788/_console/log`, { headers: { ...json, cookie: `${name}=${value}` } })).status).toBe(200);
    // The same value under another port's name, or presented to another port: refused.
    expect((await org.app.request(`${ORIGIN}:9999/_console/log`, { headers: { ...json, cookie: `gatehook_console_9999=${value}` } })).status).toBe(401);
    expect((await org.app.request(`${ORIGIN}:9999/_console/log`, { headers: { ...json, cookie: `${name}=${value}` } })).status).toBe(401);
    // A forged MAC or a bare session id: refused.
    const [id] = value.split('.');
    expect((await org.app.request(`${ORIGIN}:8788/_console/log`, { headers: { ...json, cookie: `${name}=${id}.AAAA` } })).status).toBe(401);
    expect((await org.app.request(`${ORIGIN}:8788/_console/log`, { headers: { ...json, cookie: `${name}=${id}` } })).status).toBe(401);
  });

  it('requires the CSRF token on every state change', async () => {
    const userId = await firstUserId('ACTIVE');
    const missing = await consoleRequest(`/users/${userId}/suspend`, { method: 'POST', body: form({}) });
    expect(missing.status).toBe(403);
    const wrong = await consoleRequest(`/users/${userId}/suspend`, { method: 'POST', headers: { 'x-csrf-token': 'guess' } });
    expect(wrong.status).toBe(403);
    expect((await api('GET', `/api/v1/users/${userId}`)).body?.status).toBe('ACTIVE');
    const noCookie = await org.app.request(`${ORIGIN}/_console/users/${userId}/suspend`, { method: 'POST', headers: { 'x-csrf-token': session.csrf } });
    expect(noCookie.status).toBe(401);
  });

  it('sets a strict Content-Security-Policy and serves its compiled script', async () => {
    const script = await consoleRequest('/assets/console.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('EventSource');
    expect(script.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('users and lifecycle actions', () => {
  it('lists every user with status, factors, groups and sessions', async () => {
    const page = await (await consoleRequest('')).text();
    expect(page.startsWith('<!doctype html>')).toBe(true);
    for (const name of ['Alice Nguyen', 'Esther Okafor', 'Hugo Lefebvre']) expect(page).toContain(name);
    expect(page).toContain('Engineering, Admins');
    expect(page).toContain('DEPROVISIONED');
  });

  it('runs an action through the API and answers with the refreshed row', async () => {
    const userId = await firstUserId('SUSPENDED');
    const response = await consoleRequest(`/users/${userId}/unsuspend`, { method: 'POST', headers: { 'x-csrf-token': session.csrf, accept: 'application/json' } });
    const answer = (await response.json()) as { ok: boolean; message: string; html: string; replace: string };
    expect(answer.ok).toBe(true);
    expect(answer.replace).toBe(`user-${userId}`);
    expect(answer.html).toContain('ACTIVE');
    expect((await api('GET', `/api/v1/users/${userId}`)).body?.status).toBe('ACTIVE');
    const log = await api('GET', `/api/v1/logs?filter=${encodeURIComponent(`eventType eq "user.lifecycle.unsuspend" and target.id eq "${userId}"`)}`);
    expect(log.body).toHaveLength(1);
  });

  it("shows Okta's refusal when the status does not allow the operation", async () => {
    const userId = await firstUserId('STAGED');
    const response = await consoleRequest(`/users/${userId}/suspend`, { method: 'POST', headers: { 'x-csrf-token': session.csrf, accept: 'application/json' } });
    expect(response.status).toBe(422);
    const answer = (await response.json()) as { ok: boolean; message: string };
    expect(answer.ok).toBe(false);
    expect(answer.message).toMatch(/Suspend refused/);
  });

  it('deletes in two steps like Okta, removing the row at the end', async () => {
    const userId = await firstUserId('DEPROVISIONED');
    const response = await consoleRequest(`/users/${userId}/delete`, { method: 'POST', body: form({ _csrf: session.csrf }) });
    expect(response.status).toBe(303);
    expect((await api('GET', `/api/v1/users/${userId}`)).status).toBe(404);
  });
});

describe('System Log and outbox', () => {
  it('filters the log by eventType, target id and since, and reports a bad filter', async () => {
    const userId = await firstUserId('LOCKED_OUT');
    await consoleRequest(`/users/${userId}/unlock`, { method: 'POST', headers: { 'x-csrf-token': session.csrf } });
    const page = await (await consoleRequest(`/log?eventType=user.account.unlock&targetId=${userId}&since=2000-01-01T00:00:00Z`)).text();
    expect(page.match(/data-event-type="user.account.unlock"/g)).toHaveLength(1);
    const other = await (await consoleRequest(`/log?eventType=user.account.unlock&targetId=00unobody`)).text();
    expect(other).not.toContain('data-event-type=');
    const bad = await (await consoleRequest('/log?eventType=%22')).text();
    expect(bad).toContain('quotes and backslashes are not allowed');
  });

  it('shows codes sent to the outbox', async () => {
    const userId = await firstUserId('ACTIVE');
    const factor = await api('POST', `/api/v1/users/${userId}/factors`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15555550123' } });
    expect(factor.status).toBeLessThan(300);
    const messages = (await api('GET', '/api/v1/_emulator/outbox')).body as unknown as { code: string }[];
    const page = await (await consoleRequest('/outbox')).text();
    expect(messages.length).toBeGreaterThan(0);
    expect(page).toContain(messages.at(-1)!.code);
  });
});

describe('playground', () => {
  const post = (path: string, fields: Record<string, string>) =>
    consoleRequest(path, { method: 'POST', headers: { 'x-csrf-token': session.csrf, accept: 'application/json' }, body: form(fields) });

  it('serves a fresh sampleRequest() for each type', async () => {
    const response = await consoleRequest('/playground/sample?type=saml', { headers: { accept: 'application/json' } });
    const sample = (await response.json()) as { body: string; url: string };
    expect(JSON.parse(sample.body).eventType).toBe('com.okta.saml.tokens.transform');
    expect(sample.url).toBe('http://127.0.0.1:8787/hooks/saml');
  });

  it("names the exact location of each issue found by the definition's parse", async () => {
    const broken = await post('/playground/validate', { type: 'token', body: JSON.stringify({ eventType: 'com.okta.oauth2.tokens.transform', data: {} }) });
    const answer = (await broken.json()) as { ok: boolean; html: string };
    expect(answer.ok).toBe(false);
    expect(answer.html).toMatch(/<code>data\.[a-z.]+<\/code>/);
    const notJson = (await (await post('/playground/validate', { type: 'token', body: '{ nope' })).json()) as { html: string };
    expect(notJson.html).toContain('not valid JSON');
  });

  it('sends a token hook to a real hook server and shows the contract verdict command by command', async () => {
    const sample = (await (await consoleRequest('/playground/sample?type=token')).json()) as { body: string };
    const response = await post('/playground/send', {
      type: 'token',
      target: 'url',
      url: `${hookServer.url}/hooks/token`,
      auth: 'default',
      header: 'Authorization',
      secret: '',
      body: sample.body,
    });
    const answer = (await response.json()) as { ok: boolean; html: string };
    expect(answer.ok).toBe(true);
    expect(answer.html).toContain('data-honoured="true"');
    expect(answer.html).toContain('Contract honoured');
    expect(answer.html).toContain('com.okta.access.patch');
    expect(answer.html).toContain('com.okta.identity.patch');
    expect(answer.html).not.toContain(HOOK_SECRET);
  });

  it('reports a failed call when the secret is wrong', async () => {
    const sample = (await (await consoleRequest('/playground/sample?type=token')).json()) as { body: string };
    const response = await post('/playground/send', { type: 'token', target: 'url', url: `${hookServer.url}/hooks/token`, auth: 'secret', header: 'Authorization', secret: 'wrong-secret-value', body: sample.body });
    const answer = (await response.json()) as { ok: boolean; html: string };
    expect(answer.ok).toBe(false);
    expect(answer.html).toContain('HTTP 401');
    expect(answer.html).not.toContain('wrong-secret-value');
  });
});

describe('dead letters', () => {
  it('offers a replay button only when replayDeadLetters is given, and calls it', async () => {
    let replays = 0;
    const withReplay = await consoleOrg({ replayDeadLetters: async () => ({ replayed: ++replays }) });
    try {
      const own = await signIn(withReplay.app);
      const page = await (await withReplay.app.request(`${ORIGIN}/_console`, { headers: { cookie: own.cookie } })).text();
      expect(page).toContain('Replay dead-lettered events');
      const response = await withReplay.app.request(`${ORIGIN}/_console/dead-letters/replay`, {
        method: 'POST',
        headers: { cookie: own.cookie, 'x-csrf-token': own.csrf, accept: 'application/json' },
      });
      expect(((await response.json()) as { message: string }).message).toContain('"replayed":1');
      expect(replays).toBe(1);
    } finally {
      withReplay.close();
    }
    expect(await (await consoleRequest('')).text()).not.toContain('Replay dead-lettered events');
  });
});

describe('no secret in any page', () => {
  it('never renders the API token, hook credentials, passwords or TOTP seeds', async () => {
    const inline = await api('POST', '/api/v1/inlineHooks', {
      name: 'Local token hook',
      type: 'com.okta.oauth2.tokens.transform',
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${hookServer.url}/hooks/token`, authScheme: { type: 'HEADER', key: 'Authorization', value: HOOK_SECRET } } },
    });
    expect(inline.status).toBe(200);
    const event = await api('POST', '/api/v1/eventHooks', {
      name: 'Local events',
      events: { type: 'EVENT_TYPE', items: ['user.lifecycle.deactivate'] },
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'http://127.0.0.1:9/events', authScheme: { type: 'HEADER', key: 'Authorization', value: EVENT_SECRET } } },
    });
    expect(event.status).toBe(200);
    const userId = await firstUserId('ACTIVE');
    const totp = await api('POST', `/api/v1/users/${userId}/factors`, { factorType: 'token:software:totp', provider: 'GOOGLE' });
    const seed = String((totp.body?._embedded as { activation?: { sharedSecret?: string } } | undefined)?.activation?.sharedSecret ?? '');
    expect(seed.length).toBeGreaterThan(10);
    // A playground call through the registered hook is accepted only with its stored credential, which is never shown.
    const sample = (await (await consoleRequest('/playground/sample?type=token')).json()) as { body: string };
    const sent = await consoleRequest('/playground/send', {
      method: 'POST',
      headers: { 'x-csrf-token': session.csrf, accept: 'application/json' },
      body: form({ type: 'token', target: `hook:${inline.body?.id as string}`, url: '', auth: 'none', header: '', secret: '', body: sample.body }),
    });
    const sentHtml = ((await sent.json()) as { html: string }).html;
    expect(sentHtml).toContain('Contract honoured');

    const secrets = [TOKEN, HOOK_SECRET, EVENT_SECRET, DEMO_PASSWORD, seed];
    const pages = ['', '/playground', '/log', '/outbox', '/log?eventType=inline_hook.created'];
    const bodies = await Promise.all(pages.map(async (path) => (await consoleRequest(path)).text()));
    bodies.push(sentHtml);
    for (const body of bodies) {
      expect(body.length).toBeGreaterThan(500);
      for (const secret of secrets) expect(body).not.toContain(secret);
    }
    expect(bodies[0]).toContain('Local token hook');
    expect(bodies[0]).toContain('auth header Authorization: ••••');
  });
});
