/**
 * The Node server's direct paths (the socket front, and node:http straight into the hook pipeline for
 * what the front hands over) against the same app served through Hono (`direct: false`): every
 * request in the corpus must get the same status, content type, body and request log line from both.
 */
import { request as httpRequest } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJwt } from '../../src/middleware/verify-jwt/index.js';
import { createJsonLogger } from '../../src/middleware/logger/index.js';
import { createHookApp } from '../../src/runtime/app.js';
import { rawHeader } from '../../src/runtime/node-direct.js';
import { serveNode, type RunningServer } from '../../src/runtime/node.js';
import { fromValues } from '../../src/secrets/env.js';
import { captureLogs, fakeDefinition } from './fake-definition.js';

const SECRET = 'Basic ZGlyZWN0OnBhdGg=';
const json = 'application/json';
const valid = (id: string, data: Record<string, unknown> = {}) => JSON.stringify({ eventId: id, data });

interface Sent {
  path?: string;
  headers: Array<[string, string]>;
  body?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length). */
  chunked?: boolean;
}

const CORPUS: Record<string, Sent> = {
  valid: { headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-valid') },
  'valid, empty answer': { headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-empty', { empty: true }) },
  'valid with a query string': { path: '/hooks/token?debug=1', headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-q') },
  'valid, chunked': { headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-chunked'), chunked: true },
  'charset and odd casing': { headers: [['AUTHORIZATION', SECRET], ['Content-Type', 'Application/JSON; charset=utf-8']], body: valid('e-case') },
  'no secret': { headers: [['content-type', json]], body: valid('e-nosecret') },
  'empty secret': { headers: [['authorization', ''], ['content-type', json]], body: valid('e-empty-secret') },
  'wrong secret': { headers: [['authorization', 'Basic d3Jvbmc='], ['content-type', json]], body: valid('e-wrong') },
  'text/plain': { headers: [['authorization', SECRET], ['content-type', 'text/plain']], body: valid('e-text') },
  'two content types': { headers: [['authorization', SECRET], ['content-type', 'text/plain'], ['content-type', json]], body: valid('e-two') },
  'malformed JSON': { headers: [['authorization', SECRET], ['content-type', json]], body: '{"eventId":' },
  'not an object': { headers: [['authorization', SECRET], ['content-type', json]], body: '[1,2]' },
  'invalid UTF-8': { headers: [['authorization', SECRET], ['content-type', json]], body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) },
  'with a BOM': { headers: [['authorization', SECRET], ['content-type', json]], body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid('e-bom'))]) },
  'empty body': { headers: [['authorization', SECRET], ['content-type', json]], body: '' },
  'too deep': { headers: [['authorization', SECRET], ['content-type', json]], body: `{"eventId":"d","data":${'['.repeat(80)}${']'.repeat(80)}}` },
  'too large, declared': { headers: [['authorization', SECRET], ['content-type', json]], body: `{"eventId":"big","data":{"x":"${'a'.repeat(5000)}"}}` },
  'too large, chunked': { headers: [['authorization', SECRET], ['content-type', json]], body: `{"eventId":"big","data":{"x":"${'a'.repeat(5000)}"}}`, chunked: true },
  'invalid event': { headers: [['authorization', SECRET], ['content-type', json]], body: JSON.stringify({ eventId: 42 }) },
  'handler throws': { headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-throw', { fail: 'throw' }) },
  'contract violation': { headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-contract', { fail: 'contract' }) },
  'handler overruns the deadline': { headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-slow', { wait: 1000 }) },
  'okta client not configured': { headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-okta', { useOkta: true }) },
  'unknown hook path': { path: '/hooks/saml', headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-404') },
  'trailing slash': { path: '/hooks/token/', headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-slash') },
};

interface Answer {
  status: number;
  contentType: string | undefined;
  wwwAuthenticate?: string | undefined;
  body: string;
}

function send(url: string, sent: Sent): Promise<Answer> {
  const target = new URL(sent.path ?? '/hooks/token', url);
  const body = sent.body === undefined ? undefined : Buffer.from(sent.body);
  // Raw header lists get no Host from Node, and HTTP/1.1 servers refuse a request without one.
  const headers = ['host', target.host, ...sent.headers.flat()];
  if (body && !sent.chunked) headers.push('content-length', String(body.length));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          wwwAuthenticate: res.headers['www-authenticate'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    if (body && sent.chunked) {
      req.write(body.subarray(0, 10));
      req.end(body.subarray(10));
    } else req.end(body);
  });
}

/** errorId and requestId differ per request; everything else must match. */
function normalized(answer: Answer): Answer {
  return { ...answer, body: answer.body.replace(/"errorId":"[^"]*"/g, '"errorId":"-"') };
}

/** The latest request line, without what differs per request. */
function lastRequestLine(lines: Array<Record<string, unknown>>): Record<string, unknown> | undefined {
  const line = lines.filter((l) => l.message === 'request').at(-1);
  if (!line) return undefined;
  const { requestId: _r, durationMs: _d, time: _t, ...rest } = line;
  return rest;
}

const servers: Record<'direct' | 'hono', { running: RunningServer; logs: ReturnType<typeof captureLogs> }> = {} as never;

beforeAll(async () => {
  for (const mode of ['direct', 'hono'] as const) {
    const logs = captureLogs();
    const app = createHookApp({
      hooks: { token: fakeDefinition() },
      auth: { header: { secrets: fromValues(SECRET) } },
      deadlineMs: 300,
      body: { maxBytes: 4096 },
      logger: createJsonLogger({ write: logs.write, level: 'debug' }),
    });
    servers[mode] = { running: await serveNode(app, { port: 0, direct: mode === 'direct' }), logs };
  }
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.running.close()));
});

describe('serveNode direct path', () => {
  it.each(Object.keys(CORPUS))('answers "%s" exactly as the Hono path does', async (name) => {
    const sent = CORPUS[name]!;
    const [direct, hono] = await Promise.all([send(servers.direct.running.url, sent), send(servers.hono.running.url, sent)]);
    expect(normalized(direct)).toEqual(normalized(hono));
    // The line is written just after the answer: give both servers a moment.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const directLine = lastRequestLine(servers.direct.logs.lines);
    expect(directLine).toMatchObject({ path: (sent.path ?? '/hooks/token').split('?')[0], status: direct.status });
    expect(directLine).toEqual(lastRequestLine(servers.hono.logs.lines));
  });

  it('really compares two paths: the direct server answers hook routes without Hono', () => {
    expect(servers.direct.running.server.listeners('request').map((l) => l.name)).toEqual(['gatehookListener']);
    expect(servers.hono.running.server.listeners('request').map((l) => l.name)).not.toContain('gatehookListener');
  });

  it('runs the corpus through both direct ways in: the socket front, and node:http for what it hands over', () => {
    const front = servers.direct.running.socketFront!;
    // Chunked bodies and unknown paths are node:http's; a pooled keep-alive socket handed over stays
    // with node:http for the requests after it, so the split depends on the order the cases run in.
    expect(front.answered).toBeGreaterThanOrEqual(5);
    expect(front.handedOff).toBeGreaterThanOrEqual(1);
    expect(servers.hono.running.socketFront).toBeUndefined();
  });

  it('covers the answers that matter', async () => {
    const statuses = new Set<number>();
    for (const sent of Object.values(CORPUS)) statuses.add((await send(servers.direct.running.url, sent)).status);
    expect([...statuses].sort()).toEqual([200, 204, 400, 401, 404, 413, 415]);
  });

  it('joins repeated headers as Headers.get does', () => {
    const raw = ['Host', 'x', 'Content-Type', 'text/plain', 'content-type', 'application/json', 'Authorization', 'a'];
    expect(rawHeader(raw, 'content-type')).toBe('text/plain, application/json');
    expect(rawHeader(raw, 'authorization')).toBe('a');
    expect(rawHeader(raw, 'x-missing')).toBeUndefined();
  });
});

describe('serveNode direct path with OAuth 2.0 bearer tokens (verifyJwt)', () => {
  const ISSUER = 'https://example.okta.test/oauth2/default';
  const AUDIENCE = 'api://default';
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  const jwt: Record<'direct' | 'hono', RunningServer> = {} as never;

  const sign = (claims: Record<string, unknown>, key = privateKey, exp: string | number = '5m'): Promise<string> =>
    new SignJWT({ scp: ['okta.hooks'], ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime(exp).sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    for (const mode of ['direct', 'hono'] as const) {
      const app = createHookApp({
        hooks: { token: fakeDefinition() },
        auth: { middleware: verifyJwt({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [jwk] }, requiredScope: 'okta.hooks' }) },
        deadlineMs: 300,
        logger: createJsonLogger({ level: 'silent' }),
      });
      jwt[mode] = await serveNode(app, { port: 0, direct: mode === 'direct' });
    }
  });

  afterAll(async () => {
    await Promise.all(Object.values(jwt).map((s) => s.close()));
  });

  it('takes the direct path for a verifyJwt app', () => {
    expect(jwt.direct.server.listeners('request').map((l) => l.name)).toEqual(['gatehookListener']);
  });

  const cases: Array<[string, () => Promise<string | undefined>, number]> = [
    ['a valid token', async () => `Bearer ${await sign({})}`, 200],
    ['no token', async () => undefined, 401],
    ['a malformed bearer', async () => 'Bearer not-a-jwt', 401],
    ['an expired token', async () => `Bearer ${await sign({}, privateKey, Math.floor(Date.now() / 1000) - 600)}`, 401],
    ['a token signed by another key', async () => `Bearer ${await sign({}, otherKey)}`, 401],
    ['a token without the scope', async () => `Bearer ${await sign({ scp: ['other'] })}`, 403],
  ];
  it.each(cases)('answers %s exactly as the Hono path does', async (_name, authorization, status) => {
    const value = await authorization();
    const sent: Sent = { headers: [['content-type', json], ...(value ? ([['authorization', value]] as Array<[string, string]>) : [])], body: valid('e-jwt') };
    const [direct, hono] = await Promise.all([send(jwt.direct.url, sent), send(jwt.hono.url, sent)]);
    expect(direct.status).toBe(status);
    expect(normalized(direct)).toEqual(normalized(hono));
    if (status !== 200) expect(direct.wwwAuthenticate).toMatch(/^Bearer realm="gatehook"/);
  });
});

describe('serveNode direct path when the log sink fails', () => {
  it('still answers, and nothing escapes as an unhandled error', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    const app = createHookApp({
      hooks: { token: fakeDefinition() },
      auth: { header: { secrets: fromValues(SECRET) } },
      logger: createJsonLogger({
        write: () => {
          throw new Error('log sink down');
        },
      }),
    });
    const running = await serveNode(app, { port: 0 });
    try {
      const answer = await send(running.url, { headers: [['authorization', SECRET], ['content-type', json]], body: valid('e-sink') });
      expect(answer.status).toBe(200);
      const refused = await send(running.url, { headers: [['content-type', json]], body: valid('e-sink-2') });
      expect(refused.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await running.close();
    }
  });
});
