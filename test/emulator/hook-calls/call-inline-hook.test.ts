import { describe, expect, it } from 'vitest';
import { callInlineHook } from '../../../src/emulator/hook-calls/call-inline-hook.js';
import type { HttpChannel, OAuthChannel } from '../../../src/emulator/hook-calls/channel.js';
import { ChannelTokenCache } from '../../../src/emulator/hook-calls/oauth-channel-token.js';
import { deadUrl, json, serverPool, sleep, startServer, type TestServer } from './http-fixture.js';

const serve = serverPool();

function httpChannel(uri: string, extra: Partial<HttpChannel['config']> = {}): HttpChannel {
  return {
    type: 'HTTP',
    version: '1.0.0',
    config: { uri, method: 'POST', authScheme: { type: 'HEADER', key: 'Authorization', value: 'secret-value' }, ...extra },
  };
}

const payload = { eventType: 'com.okta.oauth2.tokens.transform', eventId: 'evt-1', data: { context: {} } };

describe('callInlineHook: successful exchanges', () => {
  it('POSTs the JSON payload with Okta headers and returns the parsed body', async () => {
    const server = await serve((_req, res) => json(res, 200, { commands: [] }));
    const outcome = await callInlineHook(httpChannel(`${server.url}/hooks/token`), payload, { hookType: 'token' });
    expect(outcome).toMatchObject({ ok: true, status: 200, body: { commands: [] }, attempts: 1 });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hooks/token');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe('secret-value');
    expect(JSON.parse(request?.body ?? '')).toEqual(payload);
  });

  it('accepts an empty 204 as success without a body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType: 'saml' });
    expect(outcome.ok).toBe(true);
    expect(outcome.status).toBe(204);
    expect(outcome).not.toHaveProperty('body');
  });

  it('sends the HEADER auth value verbatim under the configured header name, plus custom headers', async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    const channel = httpChannel(server.url, {
      authScheme: { type: 'HEADER', key: 'X-Hook-Auth', value: 'Basic dXNlcjpwYXNz' },
      headers: [
        { key: 'X-Second-Secret', value: 'two' },
        { key: 'Accept', value: 'text/plain' },
      ],
    });
    await callInlineHook(channel, payload, { hookType: 'registration' });
    const headers = server.requests[0]?.headers ?? {};
    expect(headers['x-hook-auth']).toBe('Basic dXNlcjpwYXNz');
    expect(headers['x-second-secret']).toBe('two');
    // A custom header may not override what Okta sets itself.
    expect(headers.accept).toBe('application/json');
    expect(headers.authorization).toBeUndefined();
  });
});

describe('callInlineHook: failures and retries', () => {
  // These two run side by side to keep the suite fast, so each owns (and closes) its server.
  async function withSlowServer(run: (server: TestServer) => Promise<void>): Promise<void> {
    const server = await startServer(async (_req, res) => {
      await sleep(3_500);
      if (!res.destroyed) json(res, 200, {});
    });
    try {
      await run(server);
    } finally {
      await server.close();
    }
  }

  it.concurrent('gives up on a token hook after 3 s with exactly one attempt', () =>
    withSlowServer(async (server) => {
      const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType: 'token' });
      expect(outcome).toMatchObject({ ok: false, failure: 'timeout', attempts: 1 });
      expect(outcome.durationMs).toBeGreaterThanOrEqual(2_950);
      expect(outcome.durationMs).toBeLessThan(3_400);
      expect(server.requests).toHaveLength(1);
    }));

  it.concurrent('retries a registration hook once after a timeout', () =>
    withSlowServer(async (server) => {
      const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType: 'registration' });
      expect(outcome).toMatchObject({ ok: false, failure: 'timeout', attempts: 2 });
      expect(outcome.durationMs).toBeGreaterThanOrEqual(5_900);
      expect(server.requests).toHaveLength(2);
    }));

  it('retries a 5xx once for registration and succeeds on the second attempt', async () => {
    const server = await serve((_req, res, index) => (index === 0 ? json(res, 503, {}) : json(res, 200, { commands: [] })));
    const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType: 'registration' });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 2 });
  });

  it('stops after two attempts when every answer is 5xx', async () => {
    const server = await serve((_req, res) => json(res, 500, {}));
    const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType: 'user-import' });
    expect(outcome).toMatchObject({ ok: false, status: 500, failure: 'http-status', attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it.each(['token', 'telephony'] as const)('never retries a %s hook after a 5xx', async (hookType) => {
    const server = await serve((_req, res) => json(res, 502, {}));
    const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType });
    expect(outcome).toMatchObject({ ok: false, status: 502, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry after a 4xx', async () => {
    const server = await serve((_req, res) => json(res, 401, { error: 'nope' }));
    const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType: 'password-import' });
    expect(outcome).toMatchObject({ ok: false, status: 401, failure: 'http-status', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    const target = await serve((_req, res) => json(res, 200, {}));
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: `${target.url}/elsewhere` });
      res.end();
    });
    const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType: 'saml' });
    expect(outcome).toMatchObject({ ok: false, status: 302, failure: 'redirect', attempts: 1 });
    expect(target.requests).toHaveLength(0);
  });

  it('refuses a body of 256 KB or more, even without content-length', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"debugContext":{"pad":"`);
      res.write('x'.repeat(256 * 1024));
      res.end('"}}');
    });
    const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType: 'token' });
    expect(outcome).toMatchObject({ ok: false, failure: 'too-large', attempts: 1 });
  });

  it('accepts a body just under 256 KB', async () => {
    const padding = 'x'.repeat(256 * 1024 - 100);
    const server = await serve((_req, res) => json(res, 200, { debugContext: { padding } }));
    const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType: 'token' });
    expect(outcome.ok).toBe(true);
  });

  it.each([
    ['malformed JSON', '{"commands": ['],
    ['an empty 200', ''],
  ])('reports invalid-json for %s', async (_name, text) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
    });
    const outcome = await callInlineHook(httpChannel(server.url), payload, { hookType: 'registration' });
    expect(outcome).toMatchObject({ ok: false, status: 200, failure: 'invalid-json', attempts: 1 });
  });

  it('retries a network error once (registration) and reports it', async () => {
    const outcome = await callInlineHook(httpChannel(await deadUrl()), payload, { hookType: 'registration' });
    expect(outcome).toMatchObject({ ok: false, failure: 'network', attempts: 2 });
  });
});

describe('callInlineHook: OAUTH channel', () => {
  async function tokenServer(): Promise<TestServer> {
    return serve((req, res) => {
      const form = new URLSearchParams(req.body);
      if (form.get('client_id') !== 'hook-client' || form.get('client_secret') !== 'hook-secret') {
        json(res, 401, { error: 'invalid_client' });
        return;
      }
      json(res, 200, { access_token: `token-for-${form.get('scope')}`, token_type: 'Bearer', expires_in: 3600 });
    });
  }

  function oauthChannel(uri: string, tokenUrl: string, clientSecret = 'hook-secret'): OAuthChannel {
    return {
      type: 'OAUTH',
      version: '1.0.0',
      config: { uri, authType: 'client_secret_post', clientId: 'hook-client', clientSecret, tokenUrl, scope: 'okta.hooks' },
    };
  }

  it('fetches a client_credentials token, sends it as Bearer and caches it', async () => {
    const tokens = await tokenServer();
    const hook = await serve((_req, res) => json(res, 200, {}));
    const tokenCache = new ChannelTokenCache();
    const channel = oauthChannel(hook.url, `${tokens.url}/oauth2/default/v1/token`);
    const first = await callInlineHook(channel, payload, { hookType: 'token', tokenCache });
    const second = await callInlineHook(channel, payload, { hookType: 'token', tokenCache });
    expect(first.ok && second.ok).toBe(true);
    expect(tokens.requests).toHaveLength(1);
    const form = new URLSearchParams(tokens.requests[0]?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(tokens.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(hook.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer token-for-okta.hooks',
      'Bearer token-for-okta.hooks',
    ]);
  });

  it('does not call the hook when the token request is refused', async () => {
    const tokens = await tokenServer();
    const hook = await serve((_req, res) => json(res, 200, {}));
    const outcome = await callInlineHook(oauthChannel(hook.url, tokens.url, 'wrong'), payload, {
      hookType: 'token',
      tokenCache: new ChannelTokenCache(),
    });
    expect(outcome).toMatchObject({ ok: false, failure: 'channel-token', attempts: 0 });
    if (!outcome.ok) expect(outcome.message).not.toContain('wrong');
    expect(hook.requests).toHaveLength(0);
  });
});
