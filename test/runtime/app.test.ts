import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/middleware/logger/index.js';
import { createHookApp } from '../../src/runtime/app.js';
import { createOktaClient } from '../../src/sdk/client.js';
import { serveNode, type RunningServer } from '../../src/runtime/node.js';
import { fromValues } from '../../src/secrets/env.js';
import { captureLogs, fakeDefinition } from './fake-definition.js';

const SECRET = 'Basic aG9vazpzM2NyZXQ=';
const logs = captureLogs();
const definition = fakeDefinition();
let running: RunningServer;

beforeAll(async () => {
  const app = createHookApp({
    hooks: { token: definition },
    auth: { header: { secrets: fromValues(SECRET) } },
    deadlineMs: 400,
    logger: createJsonLogger({ write: logs.write, level: 'debug' }),
  });
  running = await serveNode(app, { port: 0 });
});

afterAll(async () => {
  await running.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = { Authorization: SECRET }) {
  return fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('createHookApp over a real @hono/node-server', () => {
  it('binds 127.0.0.1 on an ephemeral port', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.port).toBeGreaterThan(0);
  });

  it('answers 200 with the handler commands and gives the handler its context', async () => {
    const res = await post('/hooks/token', { eventId: 'evt-200', data: {} });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({
      commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/x', value: 'evt-200' }] }],
    });
    const ctx = definition.contexts.at(-1)!;
    expect(ctx.eventId).toBe('evt-200');
    expect(ctx.deadline).toBeGreaterThan(Date.now() - 1000);
    expect(ctx.signal.aborted).toBe(false);
    const line = logs.lines.find((l) => l.message === 'request' && l.eventId === 'evt-200');
    expect(line).toMatchObject({ hookType: 'token', outcome: 'applied', status: 200 });
  });

  it('answers 204 with no body when the definition returns null', async () => {
    const res = await post('/hooks/token', { eventId: 'evt-204', data: { empty: true } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('rejects a wrong secret with 401 before reading the body', async () => {
    const res = await post('/hooks/token', '{not json', { Authorization: 'Basic wrong' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errorCode: 'E0000004' });
  });

  it('rejects two Authorization headers sent on the wire, even if one matches', async () => {
    const url = new URL(`${running.url}/hooks/token`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: [['Authorization', SECRET], ['Authorization', 'Basic other'], ['Content-Type', 'application/json']].flat(),
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{"eventId":"x","data":{}}');
    });
    // Node's HTTP parser itself refuses a duplicated Authorization header (400); behind a proxy that
    // merges them, verifyHeader sees "a, b" and answers 401 (covered in test/middleware). Never 2xx.
    expect([400, 401]).toContain(status);
  });

  it('answers 400 with one errorCause per validation issue', async () => {
    const res = await post('/hooks/token', { eventId: 42 });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errorCode: 'E0000001',
      errorCauses: [
        { errorSummary: 'eventId must be a string', location: 'eventId', locationType: 'body' },
        { errorSummary: 'data must be an object', location: 'data', locationType: 'body' },
      ],
    });
  });

  it('answers 400 for a malformed body and 415 for a non-JSON one', async () => {
    expect((await post('/hooks/token', '{"eventId":')).status).toBe(400);
    const res = await fetch(`${running.url}/hooks/token`, { method: 'POST', headers: { Authorization: SECRET, 'content-type': 'text/plain' }, body: 'hi' });
    expect(res.status).toBe(415);
  });

  it('answers with the fallback before Okta gives up when the handler overruns', async () => {
    const started = performance.now();
    const res = await post('/hooks/token', { eventId: 'evt-slow', data: { wait: 5000 } });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(204);
    expect(elapsed).toBeLessThan(3000);
    expect(definition.fallbacks.at(-1)).toMatchObject({ reason: 'timeout', event: { eventId: 'evt-slow' } });
    expect(logs.lines.find((l) => l.message === 'request' && l.eventId === 'evt-slow')).toMatchObject({ outcome: 'fallback', reason: 'timeout' });
  });

  it('answers with the fallback when the handler throws, leaking nothing', async () => {
    const res = await post('/hooks/token', { eventId: 'evt-throw', data: { fail: 'throw' } });
    expect(res.status).toBe(204);
    expect(definition.fallbacks.at(-1)).toMatchObject({ reason: 'handler-error' });
    const errorLine = logs.lines.find((l) => l.message === 'handler threw');
    expect(errorLine?.level).toBe('error');
    expect(logs.lines.filter((l) => l.message === 'unexpected error')).toHaveLength(0);
  });

  it('answers with the fallback on a contract violation', async () => {
    await post('/hooks/token', { eventId: 'evt-contract', data: { fail: 'contract' } });
    expect(definition.fallbacks.at(-1)).toMatchObject({ reason: 'contract-violation' });
  });

  it('gives ctx.okta a clear configuration error when no client is configured', async () => {
    const res = await post('/hooks/token', { eventId: 'evt-okta', data: { useOkta: true } });
    expect(res.status).toBe(204);
    const line = logs.lines.find((l) => l.message === 'handler threw' && JSON.stringify(l).includes('ERR_OKTA_CLIENT_NOT_CONFIGURED'));
    expect(line).toBeDefined();
  });

  it('serves /healthz and answers unknown paths with Okta 404', async () => {
    const health = await fetch(`${running.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', hooks: ['token'] });
    expect((await post('/hooks/saml', {})).status).toBe(404);
  });

  it('writes one request line per request and never the secret', () => {
    expect(logs.text()).not.toContain('aG9vazpzM2NyZXQ=');
    const requestLines = logs.lines.filter((l) => l.message === 'request');
    expect(requestLines.length).toBeGreaterThanOrEqual(10);
  });
});

describe('createHookApp options', () => {
  it('passes on an answer the auth middleware gives by itself, and runs nothing after it', async () => {
    const local = fakeDefinition();
    const app = createHookApp({
      hooks: { token: local },
      auth: { middleware: async (c, next) => (c.req.header('x-let-in') === 'yes' ? next() : c.json({ refused: true }, 403)) },
      logger: createJsonLogger({ level: 'silent' }),
    });
    const body = JSON.stringify({ eventId: 'e1', data: {} });
    const refused = await app.request('/hooks/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ refused: true });
    expect(local.contexts).toHaveLength(0);
    const allowed = await app.request('/hooks/token', { method: 'POST', headers: { 'content-type': 'application/json', 'x-let-in': 'yes' }, body });
    expect([200, 204]).toContain(allowed.status);
    expect(local.contexts).toHaveLength(1);
  });

  it('resolves an async okta factory once and hands it to handlers', async () => {
    let created = 0;
    const app = createHookApp({
      hooks: { token: fakeDefinition() },
      auth: { header: { secrets: fromValues('s') } },
      logger: createJsonLogger({ level: 'silent' }),
      okta: async () => (created++, createOktaClient({ orgUrl: 'https://acme.okta.test', auth: { type: 'ssws', token: '00test' } })),
    });
    for (let i = 0; i < 3; i++) {
      const res = await app.request('/hooks/token', {
        method: 'POST',
        headers: { Authorization: 's', 'content-type': 'application/json' },
        body: JSON.stringify({ eventId: 'e', data: { useOkta: true } }),
      });
      expect(await res.json()).toEqual({ commands: [{ type: 'okta', value: 'https://acme.okta.test' }] });
    }
    expect(created).toBe(1);
  });

  it('refuses to build without hooks, without auth, or with a mismatched type', () => {
    const auth = { header: { secrets: fromValues('s') } };
    expect(() => createHookApp({ hooks: {}, auth })).toThrow(expect.objectContaining({ code: 'ERR_NO_HOOKS' }));
    expect(() => createHookApp({ hooks: { token: fakeDefinition() }, auth: {} as never })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_NOT_CONFIGURED' }));
    expect(() => createHookApp({ hooks: { saml: fakeDefinition() }, auth })).toThrow(expect.objectContaining({ code: 'ERR_HOOK_TYPE_MISMATCH' }));
  });
});
