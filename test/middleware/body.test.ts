import fc from 'fast-check';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { decodeJsonObject, jsonBody } from '../../src/middleware/body/index.js';
import { oktaErrorHandler } from '../../src/middleware/errors/index.js';
import type { GatehookEnv } from '../../src/middleware/types.js';

function appWith(options = {}) {
  const app = new Hono<GatehookEnv>();
  app.onError(oktaErrorHandler());
  app.post('/hook', jsonBody(options), (c) => c.json({ received: c.get('body') }));
  return app;
}

const app = appWith({ maxBytes: 1024 });
const post = (body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.request('/hook', { method: 'POST', headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);

async function expectOktaError(res: Response, status: number, errorCode: string, cause: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { errorCode: string; errorSummary: string; errorCauses: Array<{ errorSummary: string }> };
  expect(body.errorCode).toBe(errorCode);
  expect(typeof body.errorSummary).toBe('string');
  expect(body.errorCauses[0]?.errorSummary).toMatch(cause);
}

describe('jsonBody', () => {
  it('passes a JSON object on, with a charset parameter too', async () => {
    const res = await post('{"eventId":"e1"}', { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: { eventId: 'e1' } });
  });

  it('answers 415 for a missing or non-JSON content type', async () => {
    await expectOktaError(await post('{}', {}), 415, 'E0000012', /application\/json/);
    await expectOktaError(await post('{}', { 'content-type': 'text/plain' }), 415, 'E0000012', /application\/json/);
    await expectOktaError(await post('a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'E0000012', /json/);
  });

  it('answers 413 past the limit, from Content-Length', async () => {
    await expectOktaError(await post(JSON.stringify({ pad: 'x'.repeat(2000) })), 413, 'E0000003', /at most 1024 bytes/);
  });

  it('answers 413 past the limit while streaming, without trusting a length header', async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls > 1000) controller.close();
        else controller.enqueue(new TextEncoder().encode('{"a":"' + 'y'.repeat(500)));
      },
    });
    await expectOktaError(await post(stream), 413, 'E0000003', /at most/);
    expect(pulls).toBeLessThan(10);
  });

  it('accepts exactly the limit', async () => {
    const body = JSON.stringify({ p: 'z'.repeat(1024 - 8) });
    expect(body.length).toBe(1024);
    expect((await post(body)).status).toBe(200);
  });

  it.each([
    ['empty', '', /empty/],
    ['truncated', '{"eventId": "abc', /not valid JSON/],
    ['trailing garbage', '{} {}', /not valid JSON/],
    ['an array', '[1,2]', /JSON object/],
    ['a string', '"hello"', /JSON object/],
    ['null', 'null', /JSON object/],
  ])('answers 400 in Okta error shape for %s', async (_name, body, cause) => {
    await expectOktaError(await post(body), 400, 'E0000003', cause);
  });

  it('answers 400 for invalid UTF-8', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
    await expectOktaError(await post(bytes), 400, 'E0000003', /UTF-8/);
  });

  it('answers 400 for hostile nesting without overflowing the stack', async () => {
    const deep = appWith();
    const body = '{"a":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}';
    const res = await deep.request('/hook', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    const nested = '{"a":' + '{"b":'.repeat(70) + '1' + '}'.repeat(70) + '}';
    await expectOktaError(await deep.request('/hook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested }), 400, 'E0000003', /deeper than 64/);
  });

  it('never answers 5xx whatever the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const res = await post(bytes);
        expect([200, 400, 413]).toContain(res.status);
      }),
      { numRuns: 200 },
    );
  });

  it('validates its options', () => {
    expect(() => jsonBody({ maxBytes: 0 })).toThrow(/maxBytes/);
    expect(() => jsonBody({ maxDepth: 1.5 })).toThrow(/maxDepth/);
  });
});

describe('decodeJsonObject', () => {
  const limits = { maxBytes: 1024, maxDepth: 8 };
  it('accepts a real U+FFFD in the text and refuses invalid UTF-8 next to one', () => {
    const valid = Buffer.from('{"name":"a\uFFFDb"}', 'utf8');
    expect(decodeJsonObject(valid, limits)).toEqual({ value: { name: 'a\uFFFDb' } });
    const invalid = Buffer.concat([Buffer.from('{"name":"\uFFFD', 'utf8'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(decodeJsonObject(invalid, limits)).toMatchObject({ status: 400, reason: 'body-not-utf8' });
    expect(decodeJsonObject(Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d]), limits)).toMatchObject({ reason: 'body-not-utf8' });
  });

  it('skips a leading BOM and reads a Uint8Array that is not a Buffer', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"a":1}')]);
    expect(decodeJsonObject(bytes, limits)).toEqual({ value: { a: 1 } });
  });
});
