import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { privateKeyAuth } from '../../src/sdk/auth/private-key.js';
import { createOktaClient, type OktaClientOptions } from '../../src/sdk/client.js';
import {
  OktaAbortError, OktaApiError, OktaConfigError, OktaNetworkError, OktaRateLimitError, OktaTimeoutError,
} from '../../src/sdk/errors.js';
import { sessionsApi } from '../../src/sdk/sessions.js';
import { usersApi } from '../../src/sdk/users.js';
import { json, startServer, type Reply, type TestServer } from './server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TOKEN = 'ssws-secret-0123456789';
const make = (url: string, extra: Partial<OktaClientOptions> = {}) =>
  createOktaClient({ orgUrl: url, auth: { type: 'ssws', token: TOKEN }, ...extra });
const fast = { baseDelayMs: 5, maxDelayMs: 20, rateLimitJitterMs: 0 };

/** Answers the scripted replies in order, then the last one forever. */
function script(...replies: Reply[]): () => Reply {
  let i = 0;
  return () => replies[Math.min(i++, replies.length - 1)]!;
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('rate limits', () => {
  it('waits until x-rate-limit-reset measured against the Date header, not the local clock', async () => {
    // The org's clock runs an hour behind ours: reset is one second after *its* now.
    const orgNow = Math.floor(Date.now() / 1000) - 3600;
    server = await startServer(script(
      { status: 429, body: { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' },
        headers: { date: new Date(orgNow * 1000).toUTCString(), 'x-rate-limit-reset': String(orgNow + 1), 'x-rate-limit-limit': '10', 'x-rate-limit-remaining': '0' } },
      json({ id: '00u1' }),
    ));
    const started = Date.now();
    const user = await usersApi(make(server.url, { retry: fast })).getUser('00u1');
    const elapsed = Date.now() - started;
    expect(user.id).toBe('00u1');
    expect(server.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2500);
  });

  it('retries a rate-limited POST: a 429 was never processed', async () => {
    const now = Math.floor(Date.now() / 1000);
    server = await startServer(script(
      { status: 429, body: { errorCode: 'E0000047' }, headers: { date: new Date(now * 1000).toUTCString(), 'x-rate-limit-reset': String(now) } },
      json({ id: 's1' }),
    ));
    const s = await sessionsApi(make(server.url, { retry: fast })).createSession({ sessionToken: 'x' });
    expect(s.id).toBe('s1');
    expect(server.requests).toHaveLength(2);
  });

  it('fails fast when the reset lies beyond the caller deadline', async () => {
    const now = Math.floor(Date.now() / 1000);
    server = await startServer(() => ({ status: 429, body: { errorCode: 'E0000047', errorSummary: 'rate limit' },
      headers: { date: new Date(now * 1000).toUTCString(), 'x-rate-limit-reset': String(now + 30), 'x-okta-request-id': 'req-429' } }));
    const started = Date.now();
    const err = await usersApi(make(server.url, { retry: fast })).getUser('00u1', { deadline: Date.now() + 2_000 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect(err).toBeInstanceOf(OktaRateLimitError);
    const e = err as OktaRateLimitError;
    expect(e.code).toBe('ERR_OKTA_RATE_LIMITED');
    expect(e.status).toBe(429);
    expect(e.requestId).toBe('req-429');
    expect(e.retryAfterMs).toBeGreaterThan(25_000);
    expect(server.requests).toHaveLength(1);
  });

  it('fails fast when the reset lies beyond the retry budget', async () => {
    const now = Math.floor(Date.now() / 1000);
    server = await startServer(() => ({ status: 429, body: {}, headers: { date: new Date(now * 1000).toUTCString(), 'x-rate-limit-reset': String(now + 60) } }));
    await expect(usersApi(make(server.url, { retry: { ...fast, maxWaitMs: 1_000 } })).getUser('u')).rejects.toBeInstanceOf(OktaRateLimitError);
    expect(server.requests).toHaveLength(1);
  });

  it('stops waiting for a reset when the caller aborts', async () => {
    const now = Math.floor(Date.now() / 1000);
    server = await startServer(() => ({ status: 429, body: {}, headers: { date: new Date(now * 1000).toUTCString(), 'x-rate-limit-reset': String(now + 5) } }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('hook deadline')), 150);
    const started = Date.now();
    const err = await usersApi(make(server.url, { retry: fast })).getUser('u', { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaAbortError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('retries', () => {
  it('retries a GET on 5xx with back-off', async () => {
    server = await startServer(script({ status: 503, body: 'busy' }, { status: 502, body: {} }, json({ id: 'ok' })));
    const u = await usersApi(make(server.url, { retry: fast })).getUser('u');
    expect(u.id).toBe('ok');
    expect(server.requests).toHaveLength(3);
  });

  it('gives up on 5xx after maxAttempts', async () => {
    server = await startServer(() => ({ status: 500, body: { errorCode: 'E0000009', errorSummary: 'Internal Server Error' } }));
    const err = await usersApi(make(server.url, { retry: { ...fast, maxAttempts: 3 } })).getUser('u').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaApiError);
    expect((err as OktaApiError).status).toBe(500);
    expect(server.requests).toHaveLength(3);
  });

  it('never retries a POST that reached the server', async () => {
    server = await startServer(() => ({ status: 503, body: { errorCode: 'E0000009', errorSummary: 'unavailable' } }));
    await expect(sessionsApi(make(server.url, { retry: fast })).createSession({})).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a POST whose connection dropped after sending, but does retry a GET', async () => {
    server = await startServer(() => ({ destroy: true }));
    const client = make(server.url, { retry: fast });
    await expect(sessionsApi(client).createSession({})).rejects.toBeInstanceOf(OktaNetworkError);
    expect(server.requests).toHaveLength(1);
    await expect(usersApi(client).getUser('u')).rejects.toBeInstanceOf(OktaNetworkError);
    expect(server.requests).toHaveLength(1 + 4);
  });

  it('retries a POST when the connection was refused (it never reached the server)', async () => {
    const port = await closedPort();
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const client = make(`http://127.0.0.1:${port}`, { retry: { ...fast, maxAttempts: 3 }, fetch: counting });
    const err = await sessionsApi(client).createSession({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaNetworkError);
    expect((err as OktaNetworkError).message).toContain('ECONNREFUSED');
    expect(calls).toBe(3);
  });
});

describe('timeouts and abort', () => {
  it('times out a slow attempt', async () => {
    server = await startServer(() => ({ ...json({ id: 'late' }), delayMs: 2_000 }));
    const started = Date.now();
    const err = await usersApi(make(server.url, { timeoutMs: 150, retry: false })).getUser('u').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaTimeoutError);
    expect((err as OktaTimeoutError).code).toBe('ERR_OKTA_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('shortens the attempt to the remaining deadline', async () => {
    server = await startServer(() => ({ ...json({ id: 'late' }), delayMs: 2_000 }));
    const started = Date.now();
    await expect(usersApi(make(server.url)).getUser('u', { deadline: Date.now() + 200 })).rejects.toBeInstanceOf(OktaTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('aborts through the caller signal and keeps its reason', async () => {
    server = await startServer(() => ({ ...json({ id: 'late' }), delayMs: 2_000 }));
    const ac = new AbortController();
    const reason = new Error('deadline of the hook');
    setTimeout(() => ac.abort(reason), 100);
    const err = await usersApi(make(server.url)).getUser('u', { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaAbortError);
    expect((err as OktaAbortError).code).toBe('ERR_OKTA_ABORTED');
    expect((err as OktaAbortError).cause).toBe(reason);
  });

  it('does not send anything when the signal is already aborted', async () => {
    server = await startServer(() => json({}));
    await expect(usersApi(make(server.url)).getUser('u', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(OktaAbortError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('errors', () => {
  it('maps an Okta error body, the request id, method and path without query values', async () => {
    server = await startServer(() => ({
      status: 400,
      headers: { 'x-okta-request-id': 'reqABC' },
      body: {
        errorCode: 'E0000001', errorSummary: 'Api validation failed: login', errorLink: 'E0000001', errorId: 'oaeXYZ',
        errorCauses: [{ errorSummary: 'login: An object with this field already exists in the current organization' }],
      },
    }));
    const err = await usersApi(make(server.url)).createUser({ profile: { login: 'a@b.c' } }, { activate: true, nextLogin: 'secret-ish-value' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaApiError);
    const e = err as OktaApiError;
    expect(e).toMatchObject({
      code: 'ERR_OKTA_API', status: 400, errorCode: 'E0000001', errorSummary: 'Api validation failed: login',
      errorId: 'oaeXYZ', errorLink: 'E0000001', requestId: 'reqABC', method: 'POST', path: '/api/v1/users',
    });
    expect(e.errorCauses).toHaveLength(1);
    expect(e.message).toBe('POST /api/v1/users failed with 400 E0000001: Api validation failed: login');
    expect(e.message).not.toContain('secret-ish-value');
  });

  it('handles a non-JSON error body without echoing it', async () => {
    server = await startServer(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: `<html>bad gateway ${TOKEN}</html>` }));
    const err = await usersApi(make(server.url, { retry: false })).getUser('00u1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OktaApiError);
    const e = err as OktaApiError;
    expect(e.errorCode).toBeUndefined();
    expect(e.errorSummary).toBe('HTTP 502 with a non-JSON body (text/html)');
    expect(e.path).toBe('/api/v1/users/00u1');
  });

  it('never puts the API token into an error, its JSON or its stack', async () => {
    server = await startServer(() => ({ status: 401, body: { errorCode: 'E0000011', errorSummary: 'Invalid token provided' } }));
    const err = await usersApi(make(server.url)).getUser('u').catch((e: unknown) => e) as OktaApiError;
    expect(err.status).toBe(401);
    const everything = `${err.message} ${err.stack} ${JSON.stringify(err)} ${String(err.cause)}`;
    expect(everything).not.toContain(TOKEN);
    expect(server.requests[0]!.headers.authorization).toBe(`SSWS ${TOKEN}`);
  });

  it('refuses ids that would address another resource', async () => {
    server = await startServer(() => json({}));
    const users = usersApi(make(server.url));
    await expect(users.getUser('')).rejects.toBeInstanceOf(OktaConfigError);
    await expect(users.deactivateOrDeleteUser('..')).rejects.toBeInstanceOf(OktaConfigError);
    await expect(users.listUserGroups('.').toArray()).rejects.toBeInstanceOf(OktaConfigError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('configuration', () => {
  it('rejects plain http to a non-loopback host and malformed URLs', () => {
    expect(() => make('http://example.okta.com')).toThrow(OktaConfigError);
    expect(() => make('not a url')).toThrow(/absolute URL/);
    expect(() => make('https://user:pw@example.okta.com')).toThrow(/credentials/);
  });

  it('rejects unusable auth options without echoing them', () => {
    expect(() => createOktaClient({ orgUrl: 'https://x.okta.com', auth: { type: 'ssws', token: '' } })).toThrow(OktaConfigError);
    expect(() => createOktaClient({ orgUrl: 'https://x.okta.com', auth: privateKeyAuth({ clientId: 'c', privateKey: 'k', scopes: [] }) }))
      .toThrow(/scopes/);
  });

  it('points { type: privateKey } at the private-key module, so API-token bundles never load jose', () => {
    const auth = { type: 'privateKey', clientId: 'c', privateKey: 'k', scopes: ['okta.users.read'] } as unknown as OktaClientOptions['auth'];
    expect(() => createOktaClient({ orgUrl: 'https://x.okta.com', auth })).toThrow(/privateKeyAuth/);
  });

  it('keeps the org origin on the client', () => {
    expect(make('https://example.okta.com/').orgUrl).toBe('https://example.okta.com');
  });
});
