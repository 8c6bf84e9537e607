import { spawn } from 'node:child_process';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { oktaErrorHandler } from '../../src/middleware/errors/index.js';
import { createJsonLogger, requestLogger, writeRequestLine, type RequestLineFields } from '../../src/middleware/logger/index.js';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { verifyHeader } from '../../src/middleware/verify-header/index.js';
import { fromValues } from '../../src/secrets/env.js';
import { captureLogs } from '../runtime/fake-definition.js';

describe('createJsonLogger', () => {
  it('writes one JSON object per line with level, time, message and fields', () => {
    const logs = captureLogs();
    const log = createJsonLogger({ write: logs.write, base: { service: 'hooks' }, now: () => new Date(0) });
    log.child({ eventId: 'e1' }).info('hello', { n: 1 });
    expect(logs.lines).toEqual([{ level: 'info', time: '1970-01-01T00:00:00.000Z', message: 'hello', service: 'hooks', eventId: 'e1', n: 1 }]);
  });

  it('never throws when its sink does', () => {
    const log = createJsonLogger({
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => log.error('still fine', { n: 1 })).not.toThrow();
    expect(() => log.child({ a: 1 }).info('also fine')).not.toThrow();
  });

  it('drops lines below its level', () => {
    const logs = captureLogs();
    const log = createJsonLogger({ write: logs.write, level: 'warn' });
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(logs.lines.map((l) => l.message)).toEqual(['c', 'd']);
  });

  it('redacts sensitive-looking fields at any depth', () => {
    const logs = captureLogs();
    createJsonLogger({ write: logs.write }).info('x', {
      body: { data: { context: { credential: { username: 'u', password: 'hunter2' } } } },
      Authorization: 'Basic abc',
      apiToken: '00abc',
      clientSecret: 'cs',
      hookType: 'token',
    });
    const text = logs.text();
    for (const secret of ['hunter2', 'Basic abc', '00abc', '"cs"']) expect(text).not.toContain(secret);
    expect(logs.lines[0]?.hookType).toBe('token');
  });

  it('survives unserializable fields', () => {
    const logs = captureLogs();
    createJsonLogger({ write: logs.write }).info('x', { big: 10n });
    expect(logs.lines[0]?.logError).toBe('unserializable fields');
  });
});

describe('requestLogger', () => {
  function appWith() {
    const logs = captureLogs();
    const app = new Hono<GatehookEnv>();
    app.onError(oktaErrorHandler());
    app.use(requestLogger({ logger: createJsonLogger({ write: logs.write }) }));
    app.post('/hooks/token', verifyHeader({ secrets: fromValues('Basic c2VjcmV0') }), (c) => {
      c.set('eventId', 'evt-1');
      c.set('hookType', 'token');
      return c.body(null, 204);
    });
    app.post('/boom', () => {
      throw new Error('internal path /srv/app/db.ts');
    });
    return { app, logs };
  }

  it('writes exactly one line per request with outcome, status and duration', async () => {
    const { app, logs } = appWith();
    await app.request('/hooks/token', { method: 'POST', headers: { Authorization: 'Basic c2VjcmV0' } });
    const requestLines = logs.lines.filter((l) => l.message === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ eventId: 'evt-1', hookType: 'token', outcome: 'applied', status: 204, level: 'info' });
    expect(typeof requestLines[0]?.durationMs).toBe('number');
  });

  it('logs a rejection with its reason code and never the presented header', async () => {
    const { app, logs } = appWith();
    await app.request('/hooks/token', { method: 'POST', headers: { Authorization: 'Basic d3Jvbmctc2VjcmV0' } });
    expect(logs.lines).toHaveLength(1);
    expect(logs.lines[0]).toMatchObject({ outcome: 'rejected', reason: 'auth-header-mismatch', status: 401, level: 'warn' });
    expect(logs.text()).not.toContain('d3Jvbmctc2VjcmV0');
    expect(logs.text()).not.toContain('c2VjcmV0');
  });

  it('maps an unexpected error to Okta error JSON without internals, and logs it', async () => {
    const { app, logs } = appWith();
    const res = await app.request('/boom', { method: 'POST' });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ errorCode: 'E0000009', errorSummary: 'Internal Server Error' });
    expect(text).not.toContain('/srv/app');
    expect(logs.lines.map((l) => l.message)).toEqual(['unexpected error', 'request']);
    expect(logs.lines[1]).toMatchObject({ outcome: 'error', status: 500 });
  });
});

describe('grouped stdout lines', () => {
  const script = (ending: string) => `
    import { createJsonLogger, groupStdoutLines } from ${JSON.stringify(new URL('../../src/middleware/logger/json-logger.ts', import.meta.url).pathname)};
    groupStdoutLines();
    const log = createJsonLogger();
    for (let i = 0; i < 3; i++) log.info('line', { i });
    ${ending}
  `;
  const run = (ending: string) =>
    new Promise<{ out: string; code: number | null }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(ending)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ out, code }));
    });
  const lines = (out: string) => out.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { i: number }).i);

  it.each([
    ['the turn ends', ''],
    ['process.exit() in the same turn', 'process.exit(3);'],
    ['an uncaught exception in the same turn', "throw new Error('crash');"],
  ])('loses no line when %s', async (_name, ending) => {
    const { out } = await run(ending);
    expect(lines(out)).toEqual([0, 1, 2]);
  });
});

describe('request lines', () => {
  const fixedNow = () => new Date(Date.UTC(2026, 10, 29, 3, 0, 0, 123));
  const cases: RequestLineFields[] = [
    { requestId: 'r-1', eventId: 'e-1', hookType: 'token', method: 'POST', path: '/hooks/token', outcome: 'applied', reason: undefined, status: 200, durationMs: 1.3 },
    { requestId: 'r-2', eventId: undefined, hookType: undefined, method: 'POST', path: '/hooks/x"y\\\\z\u2028', outcome: 'rejected', reason: 'auth-header-mismatch', status: 401, durationMs: 0 },
    { requestId: 'r-3', eventId: 'lone \ud800 surrogate', hookType: 'saml', method: 'POST', path: '/', outcome: 'error', reason: 'x', status: 503, durationMs: Number.NaN },
  ];

  it.each([{}, { service: 'hooks', function: 'token-fn' }])('are one JSON object each, in field order, undefined fields left out (base %o)', (base) => {
    for (const fields of cases) {
      const logs = captureLogs();
      writeRequestLine(createJsonLogger({ write: logs.write, base, now: fixedNow }), fields);
      const level = fields.outcome === 'error' ? 'error' : fields.outcome === 'applied' ? 'info' : 'warn';
      const expected = { level, time: '2026-11-29T03:00:00.123Z', message: 'request', ...base, ...JSON.parse(JSON.stringify(fields)) };
      expect(logs.text()).toBe(JSON.stringify(expected));
    }
  });

  it('writes a key once when a field repeats a base key: the field replaces it in place', () => {
    const logs = captureLogs();
    writeRequestLine(createJsonLogger({ write: logs.write, base: { status: 'base', service: 'hooks' }, now: fixedNow }), cases[0]!);
    const text = logs.text();
    expect(text.match(/"status":/g)).toHaveLength(1);
    expect(logs.lines[0]).toMatchObject({ message: 'request', status: 200, service: 'hooks' });
  });

  it('respects the level threshold', () => {
    const logs = captureLogs();
    const root = createJsonLogger({ write: logs.write, level: 'warn' });
    writeRequestLine(root, cases[0]!);
    writeRequestLine(root, cases[1]!);
    expect(logs.lines.map((l) => l.requestId)).toEqual(['r-2']);
  });
});

describe('a line keeps its own fields', () => {
  it('keeps the message, level and time when fields of those names are passed (kept as <name>Field)', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ write: (line) => lines.push(line), now: () => new Date(0) });
    log.child({ level: 'x' }).error('queue poll failed', { message: 'SQLITE_FULL: database or disk is full', time: 'later' });
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'error',
      time: '1970-01-01T00:00:00.000Z',
      message: 'queue poll failed',
      levelField: 'x',
      messageField: 'SQLITE_FULL: database or disk is full',
      timeField: 'later',
    });
  });
});
