/**
 * Wire-level hostile input through a real @hono/node-server on port 0, sent as raw bytes so nothing
 * in between cleans it up: truncated and stalled bodies, wrong content types, duplicate keys and
 * headers, invalid UTF-8, BOM, NUL, lone surrogates, huge strings, 10^5-deep nesting. Plus a small
 * fuzz run over real HTTP.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNode, type RunningServer } from '../../src/runtime/node.js';
import { createProbe, expectOktaError, HOOK_TYPES, probedApp, probedHooks, rawPost, rawRequest, SAMPLES, SECRET } from './helpers.js';
import { mutate, mutationArb } from './mutate.js';

const probe = createProbe();
const definitions = probedHooks(createProbe());
const REQUEST_TIMEOUT_MS = 1500;
const MIB = 1024 * 1024;
let running: RunningServer;

beforeAll(async () => {
  running = await serveNode(probedApp(probe), { port: 0, requestTimeoutMs: REQUEST_TIMEOUT_MS });
});

afterAll(async () => {
  await running.close();
});

const auth = { authorization: SECRET };
const tokenJson = () => JSON.stringify(SAMPLES.token());
/** A valid token request with `member` spliced in as the first member of the top-level object. */
const withMember = (member: string) => `{${member},${tokenJson().slice(1)}`;
/** A valid token request whose first member is the string `"x"` holding `raw` bytes. */
const withRawString = (raw: number[]) => bytes('{"x":"', raw, `",${tokenJson().slice(1)}`);
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
/** A valid token request plus a member nesting `n` arrays, so the document is `n + 1` levels deep. */
const deep = (n: number) => withMember(`"x":${'['.repeat(n)}${']'.repeat(n)}`);

interface WireCase {
  name: string;
  request: () => Buffer;
  /** The exact status, or 0 for "the connection was closed without an answer". */
  status: number;
  /** The app (not Node's HTTP parser) answered, so the body is in Okta's error shape. */
  oktaShape?: boolean;
  /** `errorCauses[0].reason`: which check refused it. */
  reason?: string;
  ran?: number;
}

const CASES: WireCase[] = [
  { name: 'a valid request (control)', request: () => rawPost('/hooks/token', tokenJson(), auth), status: 204, ran: 1 },
  { name: 'no content type', request: () => rawPost('/hooks/token', tokenJson(), { ...auth, 'content-type': [] }), status: 415, oktaShape: true },
  { name: 'text/plain', request: () => rawPost('/hooks/token', tokenJson(), { ...auth, 'content-type': 'text/plain' }), status: 415, oktaShape: true },
  { name: 'form encoded', request: () => rawPost('/hooks/token', tokenJson(), { ...auth, 'content-type': 'application/x-www-form-urlencoded' }), status: 415, oktaShape: true },
  { name: 'application/jsonp', request: () => rawPost('/hooks/token', tokenJson(), { ...auth, 'content-type': 'application/jsonp' }), status: 415, oktaShape: true },
  { name: 'json with a charset', request: () => rawPost('/hooks/token', tokenJson(), { ...auth, 'content-type': 'application/json; charset=utf-8' }), status: 204, ran: 1 },
  { name: 'two content types', request: () => rawPost('/hooks/token', tokenJson(), { ...auth, 'content-type': ['text/plain', 'application/json'] }), status: 415, oktaShape: true },
  {
    name: 'truncated body, client closes (FIN)',
    request: () => rawPost('/hooks/token', tokenJson(), { ...auth, 'content-length': String(Buffer.byteLength(tokenJson()) + 50) }),
    status: 400,
  },
  { name: 'body cut mid-document', request: () => rawPost('/hooks/token', tokenJson().slice(0, 300), auth), status: 400, oktaShape: true },
  { name: 'empty body', request: () => rawPost('/hooks/token', '', auth), status: 400, oktaShape: true },
  { name: 'conflicting Content-Length headers', request: () => rawPost('/hooks/token', tokenJson(), { ...auth, 'content-length': ['10', '20'] }), status: 400 },
  {
    name: 'duplicate key: a wrong eventType first, the right one last (last wins, like JSON.parse)',
    request: () => rawPost('/hooks/token', withMember('"eventType":"com.evil.hook"'), auth),
    status: 204,
    ran: 1,
  },
  {
    name: 'duplicate key: the right eventType first, a wrong one last',
    request: () => rawPost('/hooks/token', `${tokenJson().slice(0, -1)},"eventType":"com.evil.hook"}`, auth),
    status: 400,
    oktaShape: true,
  },
  { name: 'invalid UTF-8 (0xFF) inside a string', request: () => rawPost('/hooks/token', withRawString([0xff]), auth), status: 400, oktaShape: true, reason: 'body-not-utf8' },
  { name: 'overlong UTF-8 encoding of "/"', request: () => rawPost('/hooks/token', withRawString([0xc0, 0xaf]), auth), status: 400, oktaShape: true, reason: 'body-not-utf8' },
  { name: 'UTF-8 encoded lone surrogate (ED A0 80)', request: () => rawPost('/hooks/token', withRawString([0xed, 0xa0, 0x80]), auth), status: 400, oktaShape: true, reason: 'body-not-utf8' },
  { name: 'truncated multi-byte sequence at the end', request: () => rawPost('/hooks/token', bytes(tokenJson(), [0xe2, 0x82]), auth), status: 400, oktaShape: true, reason: 'body-not-utf8' },
  { name: 'escaped lone surrogate \\ud800 (valid JSON)', request: () => rawPost('/hooks/token', withMember('"x":"\\ud800\\udfff\\udc00"'), auth), status: 204, ran: 1 },
  { name: 'a UTF-8 BOM before the document', request: () => rawPost('/hooks/token', bytes([0xef, 0xbb, 0xbf], tokenJson()), auth), status: 204, ran: 1 },
  { name: 'two BOMs', request: () => rawPost('/hooks/token', bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], tokenJson()), auth), status: 400, oktaShape: true },
  { name: 'a raw NUL byte between tokens', request: () => rawPost('/hooks/token', bytes(tokenJson().slice(0, 1), [0], tokenJson().slice(1)), auth), status: 400, oktaShape: true },
  { name: 'escaped NUL inside a string', request: () => rawPost('/hooks/token', withMember('"x":"a\\u0000b"'), auth), status: 204, ran: 1 },
  { name: 'a 900 KB string (under the 1 MiB limit)', request: () => rawPost('/hooks/token', withMember(`"x":"${'a'.repeat(900 * 1024)}"`), auth), status: 204, ran: 1 },
  { name: 'a 2 MiB string (Content-Length)', request: () => rawPost('/hooks/token', withMember(`"x":"${'a'.repeat(2 * MIB)}"`), auth), status: 413, oktaShape: true },
  {
    name: 'a 2 MiB body, chunked with no Content-Length',
    request: () => {
      const body = withMember(`"x":"${'a'.repeat(2 * MIB)}"`);
      const head = rawPost('/hooks/token', '', { ...auth, 'content-length': [], 'transfer-encoding': 'chunked' });
      return bytes(head.toString('latin1'), `${Buffer.byteLength(body).toString(16)}\r\n`, body, '\r\n0\r\n\r\n');
    },
    status: 413,
    oktaShape: true,
  },
  { name: 'Content-Length claims 1 GB', request: () => rawPost('/hooks/token', tokenJson(), { ...auth, 'content-length': String(1e9) }), status: 413, oktaShape: true },
  { name: '10^5 nested arrays inside the event', request: () => rawPost('/hooks/token', deep(1e5), auth), status: 400, oktaShape: true, reason: 'body-too-deep' },
  { name: '10^5 nested arrays as the whole body', request: () => rawPost('/hooks/token', `${'['.repeat(1e5)}${']'.repeat(1e5)}`, auth), status: 400, oktaShape: true },
  {
    name: '1.5 x 10^5 nested objects',
    request: () => rawPost('/hooks/token', `{"a":${'{"a":'.repeat(1.5e5)}1${'}'.repeat(1.5e5)}}`, auth),
    status: 400,
    oktaShape: true,
    reason: 'body-too-deep',
  },
  { name: 'nesting of 65 levels (just past the limit)', request: () => rawPost('/hooks/token', deep(64), auth), status: 400, oktaShape: true, reason: 'body-too-deep' },
  { name: 'nesting of 64 levels (at the limit)', request: () => rawPost('/hooks/token', deep(63), auth), status: 204, ran: 1 },
  { name: 'duplicated Authorization header, right value first', request: () => rawPost('/hooks/token', tokenJson(), { authorization: [SECRET, 'Basic x'] }), status: 401, oktaShape: true },
  { name: 'duplicated Authorization header, right value last', request: () => rawPost('/hooks/token', tokenJson(), { authorization: ['Basic x', SECRET] }), status: 401, oktaShape: true },
  { name: 'the right secret twice', request: () => rawPost('/hooks/token', tokenJson(), { authorization: [SECRET, SECRET] }), status: 401, oktaShape: true },
  { name: 'GET on a hook path', request: () => Buffer.from(`GET /hooks/token HTTP/1.1\r\nhost: x\r\nconnection: close\r\nauthorization: ${SECRET}\r\n\r\n`), status: 404, oktaShape: true },
  { name: 'an unknown hook path', request: () => rawPost('/hooks/nope', tokenJson(), auth), status: 404, oktaShape: true },
];

describe('hostile bytes on the wire (real node server)', () => {
  it.each(CASES)('$name -> $status', async ({ request, status, oktaShape, reason, ran = 0 }) => {
    const before = probe.total();
    const res = await rawRequest(running.port, request());
    expect(res.status).toBe(status);
    if (oktaShape) expectOktaError(JSON.parse(res.body));
    if (reason) expect(JSON.parse(res.body).errorCauses[0].reason).toBe(reason);
    expect(probe.total() - before).toBe(ran);
  });

  it('a client that stalls mid-body gets 408 within the request timeout, not a socket held for minutes', async () => {
    const body = tokenJson();
    const res = await rawRequest(running.port, rawPost('/hooks/token', body.slice(0, 40), { ...auth, 'content-length': String(body.length) }), {
      endAfterWrite: false,
    });
    expect(res.status).toBe(408);
    expect(res.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
  });

  it('a client that stalls mid-headers is cut off too', async () => {
    const res = await rawRequest(running.port, `POST /hooks/token HTTP/1.1\r\nhost: x\r\nauthorization: ${SECRET}\r\n`, { endAfterWrite: false });
    expect(res.status).toBe(408);
    expect(res.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
  });

  it('mutated requests over real HTTP keep the invariant (fewer runs: each is a round trip)', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HOOK_TYPES), fc.array(mutationArb, { maxLength: 3 }), async (type, mutations) => {
        runs++;
        const body = mutate(SAMPLES[type](), mutations);
        const before = probe.calls[type];
        const res = await rawRequest(running.port, rawPost(`/hooks/${type}`, JSON.stringify(body), auth));
        if (definitions[type].parse(body).ok) {
          expect([200, 204]).toContain(res.status);
          expect(probe.calls[type] - before).toBe(1);
        } else {
          expect(res.status).toBe(400);
          expectOktaError(JSON.parse(res.body));
          expect(probe.calls[type]).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
    expect(runs).toBe(150);
  });

  it('still serves normally after all of the above', async () => {
    const res = await rawRequest(running.port, rawPost('/hooks/telephony', JSON.stringify(SAMPLES.telephony()), auth));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ commands: [{ value: [{ status: 'SUCCESSFUL' }] }] });
  });
});
