/**
 * serveNode: the app served through @hono/node-server, the one way in on Node. Middleware added to
 * the app after createHookApp runs; a stalled request is cut with 408; close() lets a request in
 * flight finish and drops idle connections.
 */
import { connect, type Socket } from 'node:net';
import { Hono } from 'hono';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { describe, expect, it } from 'vitest';
import { registrationHook, sampleRegistrationRequest } from '../../src/handlers/registration/index.js';
import { createJsonLogger } from '../../src/middleware/logger/index.js';
import { createHookApp } from '../../src/runtime/app.js';
import { serveNode } from '../../src/runtime/node.js';
import { fromValues } from '../../src/secrets/env.js';
import { captureLogs, fakeDefinition } from './fake-definition.js';

const SECRET = 'Basic bm9kZTpzZXJ2ZXI=';
const valid = (id: string, data: Record<string, unknown> = {}) => JSON.stringify({ eventId: id, data });

/** A hook POST as raw bytes (keep-alive unless `extra` says otherwise). */
function post(body: string, extra: string[] = [], target = '/hooks/token'): string {
  const lines = [`POST ${target} HTTP/1.1`, 'Host: 127.0.0.1', `Authorization: ${SECRET}`, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, ...extra];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

interface Parsed {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits a byte stream into the HTTP/1.1 responses it holds (Content-Length, chunked, or none). */
function responses(data: Buffer): Parsed[] {
  const out: Parsed[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const [statusLine = '', ...lines] = data.toString('latin1', at, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(' ')[1]);
    at = end + 4;
    if (status === 100) continue;
    let body = '';
    if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const eol = data.indexOf('\r\n', at);
        const size = parseInt(data.toString('latin1', at, eol), 16);
        at = eol + 2;
        if (!(size > 0)) {
          at += 2;
          break;
        }
        body += data.toString('utf8', at, at + size);
        at += size + 2;
      }
    } else {
      const length = Number(headers['content-length'] ?? (status === 204 || status === 304 ? 0 : data.length - at));
      body = data.toString('utf8', at, at + length);
      at += length;
    }
    out.push({ status, headers, body });
  }
  return out;
}

/** Writes `parts` (one write each, `gapMs` apart), half-closes unless told not to, and collects everything until the server closes. */
function exchange(port: number, parts: Array<string | Buffer>, options: { end?: boolean; gapMs?: number; timeoutMs?: number } = {}): Promise<{ data: Buffer; answers: Parsed[]; closedAfterMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${options.timeoutMs ?? 5000} ms; got ${Buffer.concat(chunks).toString('latin1').slice(0, 300)}`));
    }, options.timeoutMs ?? 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const data = Buffer.concat(chunks);
      resolve({ data, answers: responses(data), closedAfterMs: performance.now() - started });
    });
    void (async () => {
      for (const part of parts) {
        socket.write(part);
        if (options.gapMs !== undefined) await new Promise((r) => setTimeout(r, options.gapMs));
      }
      if (options.end !== false) socket.end();
    })();
  });
}

/** Waits until `socket` has received `count` responses; resolves with them. */
function readAnswers(socket: Socket, count: number): Promise<Parsed[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => reject(new Error(`fewer than ${count} answers`)), 5000);
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      const parsed = responses(Buffer.concat(chunks));
      if (parsed.length >= count) {
        clearTimeout(timer);
        socket.off('data', onData);
        resolve(parsed);
      }
    };
    socket.on('data', onData);
  });
}

function hookApp(logs = captureLogs()) {
  return createHookApp({
    hooks: { token: fakeDefinition() },
    auth: { header: { secrets: fromValues(SECRET) } },
    deadlineMs: 400,
    body: { maxBytes: 4096 },
    logger: createJsonLogger({ write: logs.write, level: 'info' }),
  });
}

describe('serveNode', () => {
  it('runs middleware a user wraps around the app, on every hook request', async () => {
    const app = new Hono<GatehookEnv>();
    const seen: string[] = [];
    app.use(async (c, next) => {
      seen.push(c.req.path);
      await next();
      c.header('x-added', 'yes');
    });
    app.route('/', hookApp());
    const running = await serveNode(app, { port: 0 });
    try {
      const { answers } = await exchange(running.port, [post(valid('m-1'), ['Connection: close'])]);
      expect(answers.map((a) => a.status)).toEqual([200]);
      expect(answers[0]!.headers['x-added']).toBe('yes');
      expect(seen).toEqual(['/hooks/token']);
    } finally {
      await running.close();
    }
  });

  it('answers pipelined requests in order on one keep-alive connection', async () => {
    const running = await serveNode(hookApp(), { port: 0 });
    const socket = connect(running.port, '127.0.0.1');
    socket.on('error', () => {});
    try {
      socket.write(post(valid('p-1')) + post('{') + post(valid('p-2')));
      const answers = await readAnswers(socket, 3);
      expect(answers.map((a) => a.status)).toEqual([200, 400, 200]);
    } finally {
      socket.destroy();
      await running.close();
    }
  });

  it('cuts a stalled request with 408 and an idle keep-alive connection without a word', async () => {
    const running = await serveNode(hookApp(), { port: 0, requestTimeoutMs: 400 });
    running.server.keepAliveTimeout = 300;
    try {
      const stalled = await exchange(running.port, [post(valid('s-1')).slice(0, 60)], { end: false });
      expect(stalled.answers.map((a) => a.status)).toEqual([408]);
      expect(stalled.closedAfterMs).toBeLessThan(1500);

      const idle = await exchange(running.port, [post(valid('i-1'))], { end: false });
      expect(idle.answers.map((a) => a.status)).toEqual([200]);
      expect(idle.closedAfterMs).toBeLessThan(1500);

      // A connection that never sends a request is closed by node:http (with its bare 408, if any).
      const silent = await exchange(running.port, [], { end: false });
      expect(silent.answers.every((a) => a.status === 408)).toBe(true);
      expect(silent.closedAfterMs).toBeLessThan(2500);
    } finally {
      await running.close();
    }
  });

  it('on close, lets a request in flight finish (told Connection: close) and closes idle connections', async () => {
    const running = await serveNode(hookApp(), { port: 0, shutdownGraceMs: 2000 });
    const idle = connect(running.port, '127.0.0.1');
    idle.on('error', () => {});
    idle.write(post(valid('idle')));
    await readAnswers(idle, 1);
    const idleClosed = new Promise((r) => idle.once('close', r));

    const busy = exchange(running.port, [post(valid('busy', { wait: 200 }))], { end: false });
    await new Promise((r) => setTimeout(r, 50));
    const closed = running.close();
    const { answers } = await busy;
    expect(answers.map((a) => a.status)).toEqual([200]);
    expect(answers[0]!.headers.connection).toBe('close');
    await idleClosed;
    await closed;
  });

  it('rejects a request timeout that is not a positive integer', async () => {
    await expect(serveNode(hookApp(), { port: 0, requestTimeoutMs: 0 })).rejects.toThrow(/requestTimeoutMs/);
  });
});

describe('the budget counts from arrival', () => {
  it('answers the fallback at once, without running the handler, when the body arrives after the budget has gone', async () => {
    // Okta's clock started when it sent the request: a body that trickles in past the budget leaves no
    // time for the handler, so the request is shed with the fallback rather than answered late.
    let handled = 0;
    const gate = registrationHook((_event, api) => {
      handled++;
      api.registration.allow();
    });
    const running = await serveNode(createHookApp({ hooks: { registration: gate }, auth: { header: { secrets: fromValues(SECRET) } }, deadlineMs: 600, logger: createJsonLogger({ level: 'silent' }) }), { port: 0 });
    try {
      const body = JSON.stringify(sampleRegistrationRequest());
      const head = post(body, ['Connection: close'], '/hooks/registration').slice(0, -body.length);
      const slow = await exchange(running.port, [head + body.slice(0, 10), body.slice(10)], { gapMs: 800 });
      expect(slow.answers[0]?.status).toBe(200);
      expect(JSON.parse(slow.answers[0]!.body).commands[0].value.registration).toBe('DENY');
      expect(handled).toBe(0);
      // The same request sent at once is handled.
      const fast = await exchange(running.port, [head + body]);
      expect(JSON.parse(fast.answers[0]!.body).commands[0].value.registration).toBe('ALLOW');
      expect(handled).toBe(1);
    } finally {
      await running.close();
    }
  });
});
