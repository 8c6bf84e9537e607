/**
 * The socket front (below node:http): which request heads it answers itself, how it behaves on a
 * connection (keep-alive, pipelining, hand-off to node:http mid-connection, timeouts, shutdown), and
 * a differential fuzz: mutated raw requests must get the same answers as from node:http alone.
 */
import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/middleware/logger/index.js';
import { createHookApp } from '../../src/runtime/app.js';
import type { HookPipeline } from '../../src/runtime/hook-pipeline.js';
import { answerBytes, frontHead } from '../../src/runtime/node-socket.js';
import { serveNode, type RunningServer } from '../../src/runtime/node.js';
import { fromValues } from '../../src/secrets/env.js';
import { captureLogs, fakeDefinition } from './fake-definition.js';

const SECRET = 'Basic c29ja2V0OmZyb250';
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

describe('frontHead: the requests the front answers itself', () => {
  const routes = new Map([['/hooks/token', { hookType: 'token' } as HookPipeline]]);
  const head = (lines: string[]) => lines.join('\r\n');
  const canonical = ['POST /hooks/token HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/json', 'Content-Length: 12'];

  it('takes the shape Okta sends, keeping names as sent and values trimmed', () => {
    const taken = frontHead(head([...canonical.slice(0, 2), 'Authorization:  \tBasic abc \t', ...canonical.slice(2)]), routes);
    expect(taken).toMatchObject({ path: '/hooks/token', contentLength: 12, close: false });
    expect(taken?.raw).toEqual(['Host', '127.0.0.1', 'Authorization', 'Basic abc', 'Content-Type', 'application/json', 'Content-Length', '12']);
  });

  it('routes on the path without its query, and notes Connection: close', () => {
    expect(frontHead(head(['POST /hooks/token?debug=1 HTTP/1.1', ...canonical.slice(1)]), routes)?.path).toBe('/hooks/token');
    expect(frontHead(head([...canonical, 'Connection: keep-alive, Close']), routes)?.close).toBe(true);
    expect(frontHead(head([...canonical, 'connection: keep-alive']), routes)?.close).toBe(false);
    expect(frontHead(head([...canonical.slice(0, 3), 'content-length: 0']), routes)?.contentLength).toBe(0);
  });

  const refused: Array<[string, string[]]> = [
    ['another method', ['GET /hooks/token HTTP/1.1', ...canonical.slice(1)]],
    ['a lower-case method', ['post /hooks/token HTTP/1.1', ...canonical.slice(1)]],
    ['HTTP/1.0', ['POST /hooks/token HTTP/1.0', ...canonical.slice(1)]],
    ['an unknown path', ['POST /hooks/saml HTTP/1.1', ...canonical.slice(1)]],
    ['a percent-encoded path', ['POST /hooks/%74oken HTTP/1.1', ...canonical.slice(1)]],
    ['an absolute-form target', ['POST http://127.0.0.1/hooks/token HTTP/1.1', ...canonical.slice(1)]],
    ['a space in the target', ['POST /hooks/token x HTTP/1.1', ...canonical.slice(1)]],
    ['a byte over 0x7e in the target', ['POST /hooks/token\u00e9 HTTP/1.1', ...canonical.slice(1)]],
    ['two spaces before the version', ['POST /hooks/token  HTTP/1.1', ...canonical.slice(1)]],
    ['no headers at all', ['POST /hooks/token HTTP/1.1']],
    ['no Content-Length', canonical.slice(0, 3)],
    ['two Content-Length headers', [...canonical, 'Content-Length: 12']],
    ['Content-Length with a sign', [...canonical.slice(0, 3), 'Content-Length: +12']],
    ['Content-Length as a list', [...canonical.slice(0, 3), 'Content-Length: 12, 12']],
    ['Content-Length in hex', [...canonical.slice(0, 3), 'Content-Length: 0xc']],
    ['an empty Content-Length', [...canonical.slice(0, 3), 'Content-Length:']],
    ['Transfer-Encoding', [...canonical, 'Transfer-Encoding: chunked']],
    ['Transfer-Encoding: identity', [...canonical, 'transfer-encoding: identity']],
    ['Expect', [...canonical, 'Expect: 100-continue']],
    ['Upgrade', [...canonical, 'Upgrade: websocket']],
    ['Connection: upgrade', [...canonical, 'Connection: Upgrade']],
    ['no Host', [canonical[0]!, ...canonical.slice(2)]],
    ['two Host headers', [...canonical, 'Host: other']],
    ['a Host that is no plain name', [canonical[0]!, 'Host: caf\u00e9.example', ...canonical.slice(2)]],
    ['a Host with a port past 65535', [canonical[0]!, 'Host: 127.0.0.1:70000', ...canonical.slice(2)]],
    ['an IPv6 Host', [canonical[0]!, 'Host: [::1]:8787', ...canonical.slice(2)]],
    ['whitespace before the colon', [...canonical, 'X-Note : 1']],
    ['a header without a colon', [...canonical, 'X-Note']],
    ['an empty header name', [...canonical, ': 1']],
    ['a separator in a header name', [...canonical, 'X(Note): 1']],
    ['an obs-fold continuation line', [...canonical, 'X-Note: a', ' folded']],
    ['a bare LF inside the head', [...canonical.slice(0, 2), 'X-Note: a\nContent-Type: application/json', canonical[3]!]],
    ['a bare CR in a value', [...canonical, 'X-Note: a\rb']],
    ['a NUL in a value', [...canonical, 'X-Note: a\u0000b']],
    ['a control character in a value', [...canonical, 'X-Note: a\u0001b']],
    ['DEL in a value', [...canonical, 'X-Note: a\u007fb']],
  ];
  it.each(refused)('leaves %s to node:http', (_name, lines) => {
    expect(frontHead(head(lines), routes)).toBeUndefined();
  });

  it('takes obs-text (bytes 0x80-0xff) in a value, as node:http does', () => {
    expect(frontHead(head([...canonical, 'X-Note: caf\u00e9']), routes)).toBeDefined();
  });

  it('refuses to write a response header node:http would refuse', () => {
    const answer = { status: 401, body: '{}', outcome: 'rejected' as const, headers: { 'WWW-Authenticate': 'Bearer\r\nSet-Cookie: x=1' } };
    expect(() => answerBytes(answer, false, 5)).toThrow(/invalid response header/);
    expect(answerBytes({ ...answer, headers: { 'WWW-Authenticate': 'Bearer realm="gatehook"' } }, true, 5)).toMatch(
      /^HTTP\/1\.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="gatehook"\r\ncontent-type: application\/json\r\ncontent-length: 2\r\nDate: .+\r\nConnection: close\r\n\r\n\{\}$/,
    );
  });
});

describe('the socket front on a real server', () => {
  const logs = captureLogs();
  let front: RunningServer;
  let hono: RunningServer;

  beforeAll(async () => {
    front = await serveNode(hookApp(logs), { port: 0, requestTimeoutMs: 1500 });
    hono = await serveNode(hookApp(), { port: 0, direct: false, requestTimeoutMs: 1500 });
  });
  afterAll(async () => {
    await Promise.all([front.close(), hono.close()]);
  });

  const counts = () => ({ ...front.socketFront! });

  it('answers a hook request itself, with the answer node:http would give', async () => {
    const before = counts();
    const [ours, theirs] = await Promise.all([exchange(front.port, [post(valid('e-1'))]), exchange(hono.port, [post(valid('e-1'))])]);
    expect(counts()).toEqual({ answered: before.answered + 1, handedOff: before.handedOff });
    expect(ours.answers).toHaveLength(1);
    expect(ours.answers[0]!.body).toBe(theirs.answers[0]!.body);
    expect(ours.answers[0]).toMatchObject({ status: 200, headers: { 'content-type': 'application/json', connection: theirs.answers[0]!.headers.connection } });
    expect(ours.answers[0]!.headers.date).toMatch(/GMT$/);
    expect(hono.socketFront).toBeUndefined();
  });

  it('keeps a connection alive across requests, as node:http does', async () => {
    const socket = connect(front.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const before = counts();
    for (const id of ['k-1', 'k-2', 'k-3']) {
      socket.write(post(valid(id)));
      const [answer] = await readAnswers(socket, 1);
      expect(answer).toMatchObject({ status: 200, headers: { connection: 'keep-alive', 'keep-alive': 'timeout=5' } });
      expect(answer!.body).toContain(id);
    }
    socket.destroy();
    expect(counts()).toEqual({ answered: before.answered + 3, handedOff: before.handedOff });
  });

  it('answers pipelined requests in order, a slow one included', async () => {
    const { answers } = await exchange(front.port, [post(valid('p-1', { wait: 60 })) + post(valid('p-2')) + post(valid('p-3', { wait: 10 }))]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => JSON.parse(a.body).commands[0].value[0].value)).toEqual(['p-1', 'p-2', 'p-3']);
  });

  it('reads a request that arrives a byte at a time', async () => {
    const bytes = Buffer.from(post(valid('b-1')));
    const parts = [...bytes].map((b) => Buffer.from([b]));
    const before = counts();
    const { answers } = await exchange(front.port, parts, { gapMs: 0, timeoutMs: 8000 });
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toContain('b-1');
    expect(counts().answered).toBe(before.answered + 1);
  });

  it('finds the end of a head split anywhere, the blank line included', async () => {
    const bytes = Buffer.from(post(valid('split')));
    const blank = bytes.indexOf('\r\n\r\n');
    for (let cut = blank - 2; cut <= blank + 5; cut++) {
      const { answers } = await exchange(front.port, [bytes.subarray(0, cut), bytes.subarray(cut, cut + 1), bytes.subarray(cut + 1)], { gapMs: 5 });
      expect(answers.map((a) => a.status)).toEqual([200]);
    }
  });

  it('hands the connection to node:http at the first request it does not take, and node serves the rest', async () => {
    const before = counts();
    const get = 'GET /hooks/token HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const { answers } = await exchange(front.port, [post(valid('h-1')) + get + post(valid('h-3'))]);
    expect(answers.map((a) => a.status)).toEqual([200, 404, 200]);
    expect(answers[2]!.body).toContain('h-3');
    // The first was the front's; the GET and everything after it were node's.
    expect(counts()).toEqual({ answered: before.answered + 1, handedOff: before.handedOff + 1 });
  });

  it('hands a chunked request to node:http, which answers it as the Hono path does', async () => {
    const body = valid('c-1');
    const chunked = `POST /hooks/token HTTP/1.1\r\nHost: x\r\nAuthorization: ${SECRET}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const before = counts();
    const [ours, theirs] = await Promise.all([exchange(front.port, [chunked]), exchange(hono.port, [chunked])]);
    expect(ours.answers[0]).toMatchObject({ status: 200, body: theirs.answers[0]!.body });
    expect(counts()).toEqual({ answered: before.answered, handedOff: before.handedOff + 1 });
  });

  it('leaves a head over node:http limit to node:http (431)', async () => {
    const { answers } = await exchange(front.port, [post(valid('big'), [`X-Padding: ${'a'.repeat(20_000)}`])]);
    expect(answers[0]?.status).toBe(431);
  });

  it('closes after answering a request that asked for it', async () => {
    const { answers, closedAfterMs } = await exchange(front.port, [post(valid('close'), ['Connection: close'])], { end: false });
    expect(answers).toHaveLength(1);
    expect(answers[0]!.headers.connection).toBe('close');
    expect(closedAfterMs).toBeLessThan(1000);
  });

  it('refuses a wrong secret without reading further, and the connection stays usable', async () => {
    const wrong = post(valid('w-1')).replace(SECRET, 'Basic bm9wZQ==');
    const { answers } = await exchange(front.port, [wrong + post(valid('w-2'))]);
    expect(answers.map((a) => a.status)).toEqual([401, 200]);
    expect(answers[1]!.body).toContain('w-2');
  });

  it('refuses an unfinished body after a refusal as node:http does, when the client half-closes', async () => {
    const wrong = post(valid('w-3')).replace(SECRET, 'Basic bm9wZQ==');
    const cut = wrong.slice(0, -5);
    const [ours, theirs] = await Promise.all([exchange(front.port, [cut], { gapMs: 40 }), exchange(hono.port, [cut], { gapMs: 40 })]);
    expect(ours.answers.map((a) => a.status)).toEqual([401, 400]);
    expect(ours.answers.map((a) => a.status)).toEqual(theirs.answers.map((a) => a.status));
  });

  it('answers a declared body over the limit at once with 413 and closes', async () => {
    const head = post('x'.repeat(10)).replace('Content-Length: 10', 'Content-Length: 5000000');
    const { answers, closedAfterMs } = await exchange(front.port, [head], { end: false });
    expect(answers.map((a) => a.status)).toEqual([413]);
    expect(closedAfterMs).toBeLessThan(1000);
  });

  it('writes the same request line as the node:http path, and one for a client that leaves mid-body', async () => {
    await exchange(front.port, [post(valid('log-1'))]);
    await exchange(front.port, [post(valid('log-2')).slice(0, -5)]);
    await new Promise((r) => setTimeout(r, 30));
    const lines = logs.lines.filter((l) => l.message === 'request');
    expect(lines.find((l) => l.eventId === 'log-1')).toMatchObject({ hookType: 'token', method: 'POST', path: '/hooks/token', outcome: 'applied', status: 200 });
    expect(lines.at(-1)).toMatchObject({ path: '/hooks/token', outcome: 'invalid', reason: 'body-unreadable', status: 400 });
  });

  it('answers 200 pipelined requests written before any answer is read', async () => {
    const many = Array.from({ length: 200 }, (_, i) => post(valid(`m-${i}`))).join('');
    const { answers } = await exchange(front.port, [many], { timeoutMs: 10_000 });
    expect(answers).toHaveLength(200);
    expect(answers.every((a, i) => a.status === 200 && a.body.includes(`"m-${i}"`))).toBe(true);
  });
});

describe('the socket front: timeouts and shutdown', () => {
  it('cuts a stalled request with 408 and an idle keep-alive connection without a word', async () => {
    const running = await serveNode(hookApp(), { port: 0, requestTimeoutMs: 400 });
    running.server.keepAliveTimeout = 300;
    try {
      const stalled = await exchange(running.port, [post(valid('s-1')).slice(0, 60)], { end: false });
      expect(stalled.answers.map((a) => a.status)).toEqual([408]);
      expect(stalled.closedAfterMs).toBeLessThan(1500);

      const idle = await exchange(running.port, [post(valid('i-1'))], { end: false });
      expect(idle.answers.map((a) => a.status)).toEqual([200]);
      expect(idle.answers[0]!.headers['keep-alive']).toBe('timeout=0');
      expect(idle.closedAfterMs).toBeLessThan(1500);

      const silent = await exchange(running.port, [], { end: false });
      expect(silent.data.length).toBe(0);
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
});

describe('differential fuzz: the front answers exactly as node:http alone', () => {
  let front: RunningServer;
  let plain: RunningServer;
  beforeAll(async () => {
    front = await serveNode(hookApp(), { port: 0, requestTimeoutMs: 1500 });
    plain = await serveNode(hookApp(), { port: 0, direct: false, requestTimeoutMs: 1500 });
  });
  afterAll(async () => {
    await Promise.all([front.close(), plain.close()]);
  });

  interface Draft {
    requestLine: string;
    headers: Array<[string, string]>;
    /** Separator after each header line (CRLF unless a mutation says otherwise). */
    separators: Map<number, string>;
    extraLines: Map<number, string>;
    body: string;
    trailing: string;
  }
  const draft = (): Draft => {
    const body = valid('fz');
    return {
      requestLine: 'POST /hooks/token HTTP/1.1',
      headers: [
        ['Host', '127.0.0.1'],
        ['Authorization', SECRET],
        ['Content-Type', 'application/json'],
        ['Content-Length', String(Buffer.byteLength(body))],
      ],
      separators: new Map(),
      extraLines: new Map(),
      body,
      trailing: '',
    };
  };
  const render = (d: Draft): string => {
    let text = `${d.requestLine}\r\n`;
    d.headers.forEach(([name, value], i) => {
      text += `${name}${value === '\u0000none' ? '' : `: ${value}`}${d.separators.get(i) ?? '\r\n'}`;
      if (d.extraLines.has(i)) text += `${d.extraLines.get(i)}\r\n`;
    });
    return `${text}\r\n${d.body}${d.trailing}`;
  };
  const at = (d: Draft, i: number) => i % d.headers.length;
  const setHeader = (d: Draft, name: string, value: string) => {
    const i = d.headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
    if (i >= 0) d.headers[i] = [d.headers[i]![0], value];
  };

  const mutations: Record<string, (d: Draft, i: number, pick: number) => void> = {
    method: (d, _i, p) => (d.requestLine = d.requestLine.replace('POST', ['post', 'GET', 'PUT', 'POST ', 'PATCH'][p % 5]!)),
    version: (d, _i, p) => (d.requestLine = d.requestLine.replace('HTTP/1.1', ['HTTP/1.0', 'HTTP/1.2', 'http/1.1', 'HTTP/1.1 ', 'HTTP/2.0'][p % 5]!)),
    target: (d, _i, p) =>
      (d.requestLine = d.requestLine.replace(
        '/hooks/token',
        ['/hooks/token?x=1', '/hooks//token', '/hooks/%74oken', 'http://127.0.0.1/hooks/token', '/hooks/token#f', '/hooks/tok en', '/hooks/t\u0001oken', '/hooks/tok\u00e9n', '*', '/hooks/token/'][p % 10]!,
      )),
    'duplicate header': (d, i) => d.headers.splice(at(d, i), 0, d.headers[at(d, i)]!),
    'second Content-Length': (d, _i, p) => d.headers.push(['content-length', ['0', '5', String(Buffer.byteLength(d.body))][p % 3]!]),
    'odd Content-Length': (d, _i, p) => setHeader(d, 'content-length', [' 5 ', '+5', '0x10', '-1', '', '1e2', '007', '\u0663', `${Buffer.byteLength(d.body)} `, '99999999999999999999'][p % 10]!),
    'shorter Content-Length': (d, _i, p) => setHeader(d, 'content-length', String(Math.max(0, Buffer.byteLength(d.body) - 1 - (p % 30)))),
    'Transfer-Encoding': (d, _i, p) => d.headers.push(['Transfer-Encoding', ['chunked', 'identity', 'gzip, chunked', 'chunked '][p % 4]!]),
    Expect: (d) => d.headers.push(['Expect', '100-continue']),
    Upgrade: (d) => d.headers.push(['Upgrade', 'websocket'], ['Connection', 'Upgrade']),
    Connection: (d, _i, p) => d.headers.push(['Connection', ['close', 'keep-alive', 'Keep-Alive, Close', 'TE', ''][p % 5]!]),
    'space before colon': (d, i) => (d.headers[at(d, i)] = [`${d.headers[at(d, i)]![0]} `, d.headers[at(d, i)]![1]]),
    'no colon': (d, i) => (d.headers[at(d, i)] = [d.headers[at(d, i)]![0], '\u0000none']),
    'obs-fold': (d, i) => d.extraLines.set(at(d, i), ' folded'),
    'bare LF': (d, i) => d.separators.set(at(d, i), '\n'),
    'bare CR in a value': (d, i) => (d.headers[at(d, i)] = [d.headers[at(d, i)]![0], `${d.headers[at(d, i)]![1]}\rx`]),
    'control byte in a value': (d, i, p) => (d.headers[at(d, i)] = [d.headers[at(d, i)]![0], `${d.headers[at(d, i)]![1]}${['\u0000', '\u0001', '\u007f', '\u001f', '\t', '\u00e9'][p % 6]}`]),
    'name with a separator': (d, _i, p) => d.headers.push([['X(y)', 'X y', 'X:y', '', 'X\u00e9'][p % 5]!, '1']),
    'no Host': (d) => (d.headers = d.headers.filter(([n]) => n.toLowerCase() !== 'host')),
    'second Host': (d) => d.headers.push(['host', 'other']),
    'odd Host': (d, _i, p) => setHeader(d, 'host', ['LOCALHOST', '127.0.0.1:8787', '127.0.0.1:99999', '[::1]', 'a b', 'xn--caf-dma', 'caf\u00e9', 'a..b', '', 'host:'][p % 10]!),
    'name case': (d, i) => (d.headers[at(d, i)] = [d.headers[at(d, i)]![0].toUpperCase(), d.headers[at(d, i)]![1]]),
    'tab whitespace': (d, i) => (d.headers[at(d, i)] = [d.headers[at(d, i)]![0], `\t${d.headers[at(d, i)]![1]}\t `]),
    'empty value': (d) => d.headers.push(['X-Empty', '']),
    'huge header': (d, _i, p) => d.headers.push(['X-Padding', 'a'.repeat([8000, 16_500, 70_000][p % 3]!)]),
    'wrong secret': (d) => setHeader(d, 'authorization', 'Basic d3Jvbmc='),
    'body change': (d, _i, p) => {
      d.body = [valid('fz', { fail: 'throw' }), valid('fz', { empty: true }), '{"eventId":', '[]', JSON.stringify({ eventId: 1 }), ''][p % 6]!;
      // Half the time the length follows the body; else the old length frames it (short or long).
      if (p % 2 === 0) setHeader(d, 'content-length', String(Buffer.byteLength(d.body)));
    },
    'pipelined follower': (d, _i, p) => (d.trailing = [post(valid('fz-2')), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'garbage\r\n\r\n', post(valid('fz-3'), ['Connection: close'])][p % 4]!),
  };
  const mutationArb = fc.record({ name: fc.constantFrom(...Object.keys(mutations)), index: fc.nat(20), pick: fc.nat(100) });

  /** What a client can observe: each answer's status and body (errorIds differ per request), and how many. */
  const observed = (answers: Parsed[]) => answers.map((a) => `${a.status} ${a.body.replace(/"errorId":"[^"]*"/g, '"errorId":"-"')}`);

  /**
   * Where the first request ends when framed by its one Content-Length, if bytes follow it. node:http
   * parses ahead: bytes it refuses after a complete request, in the same read, can make it drop that
   * request's answer, depending on how the bytes fall into reads. Writing what follows a moment later
   * takes that race out, so the two servers must agree exactly.
   */
  const firstBoundary = (text: string): number | undefined => {
    const headEnd = text.indexOf('\r\n\r\n');
    if (headEnd < 0) return undefined;
    const lengths = [...text.slice(0, headEnd).matchAll(/\r\ncontent-length:([^\r\n]*)/gi)].map((m) => m[1]!.trim());
    if (lengths.length !== 1 || !/^\d+$/.test(lengths[0]!)) return undefined;
    const boundary = headEnd + 4 + Number(lengths[0]);
    return boundary < text.length ? boundary : undefined;
  };

  it('gives every mutated request the same answers, in the same order', async () => {
    let runs = 0;
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: 0, maxLength: 3 }), async (chosen) => {
        runs++;
        const d = draft();
        for (const m of chosen) mutations[m.name]!(d, m.index, m.pick);
        const text = render(d);
        const bytes = Buffer.from(text, 'latin1');
        const boundary = firstBoundary(text);
        const parts = boundary === undefined ? [bytes] : [bytes.subarray(0, boundary), bytes.subarray(boundary)];
        const answeredBefore = front.socketFront!.answered;
        const [ours, theirs] = await Promise.all([exchange(front.port, parts, { gapMs: 40 }), exchange(plain.port, parts, { gapMs: 40 })]);
        if (front.socketFront!.answered > answeredBefore) taken++;
        expect(observed(ours.answers)).toEqual(observed(theirs.answers));
      }),
      { numRuns: 250 },
    );
    expect(runs).toBe(250);
    // The property says nothing if the front never took a request, or took all of them.
    expect(taken).toBeGreaterThan(25);
    expect(taken).toBeLessThan(225);
  }, 60_000);
});
