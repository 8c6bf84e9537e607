import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { oktaErrorHandler } from '../../src/middleware/errors/index.js';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { verifyHeader } from '../../src/middleware/verify-header/index.js';
import type { SecretSource } from '../../src/secrets/types.js';
import { fromValues } from '../../src/secrets/env.js';

const SECRET = 'Basic c2VjcmV0LXVzZXI6czNjcjN0LXBhc3M=';

function appWith(secrets: SecretSource, headerName?: string) {
  const app = new Hono<GatehookEnv>();
  app.onError(oktaErrorHandler());
  app.post('/hook', verifyHeader({ secrets, headerName }), (c) => c.json({ ok: true }));
  return app;
}

function call(app: Hono<GatehookEnv>, headers: HeadersInit) {
  return app.request('/hook', { method: 'POST', headers, body: '{}' });
}

async function expectRejected(res: Response) {
  expect(res.status).toBe(401);
  const text = await res.text();
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.errorCode).toBe('E0000004');
  expect(body.errorSummary).toBe('Authentication failed');
  expect(body.errorCauses).toEqual([]);
  expect(text).not.toContain('s3cr3t');
  expect(text).not.toContain(SECRET);
}

describe('verifyHeader', () => {
  const app = appWith(fromValues(SECRET));

  it('accepts the exact secret', async () => {
    const res = await call(app, { Authorization: SECRET });
    expect(res.status).toBe(200);
  });

  it.each([
    ['missing', {}],
    ['empty', { Authorization: '' }],
    ['wrong', { Authorization: 'Basic d3Jvbmc6d3Jvbmc=' }],
    ['prefix of the secret', { Authorization: SECRET.slice(0, -1) }],
    ['secret plus suffix', { Authorization: `${SECRET}x` }],
    ['other case', { Authorization: SECRET.toUpperCase() }],
    ['scheme only', { Authorization: 'Basic' }],
    ['the secret in another header', { 'X-Okta-Secret': SECRET }],
  ])('rejects %s', async (_name, headers) => {
    await expectRejected(await call(app, headers as HeadersInit));
  });

  it('rejects two Authorization headers even when one is right', async () => {
    const headers = new Headers();
    headers.append('Authorization', SECRET);
    headers.append('Authorization', 'Basic other');
    await expectRejected(await call(app, headers));
  });

  it('reads a configurable header name', async () => {
    const custom = appWith(fromValues('token-123'), 'X-Hook-Key');
    expect((await call(custom, { 'x-hook-key': 'token-123' })).status).toBe(200);
    await expectRejected(await call(custom, { Authorization: 'token-123' }));
  });

  it('accepts every value of a rotation', async () => {
    const rotating = appWith(fromValues('new-secret', 'old-secret'));
    expect((await call(rotating, { Authorization: 'new-secret' })).status).toBe(200);
    expect((await call(rotating, { Authorization: 'old-secret' })).status).toBe(200);
    await expectRejected(await call(rotating, { Authorization: 'older-secret' }));
  });

  it('asks the source to refresh on a miss, so a rotated secret works without redeploy', async () => {
    let current = ['v1'];
    const calls: boolean[] = [];
    const source: SecretSource = {
      async get(options = {}) {
        calls.push(Boolean(options.forceRefresh));
        if (options.forceRefresh) current = ['v2'];
        return current;
      },
    };
    const rotating = appWith(source);
    expect((await call(rotating, { Authorization: 'v1' })).status).toBe(200);
    expect(calls).toEqual([false]);
    expect((await call(rotating, { Authorization: 'v2' })).status).toBe(200);
    expect(calls).toEqual([false, false, true]);
  });

  it('does not consult the source for a missing header', async () => {
    let calls = 0;
    const counting = appWith({ get: async () => (calls++, ['x']) });
    await expectRejected(await call(counting, {}));
    expect(calls).toBe(0);
  });

  it('fails closed with 503 when the secret source errors', async () => {
    const broken = appWith({
      get: async () => {
        throw new Error('AccessDenied for arn:aws:secretsmanager:secret-value-here');
      },
    });
    const res = await call(broken, { Authorization: SECRET });
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).not.toContain('AccessDenied');
    expect(text).not.toContain('secret-value-here');
  });

  it('validates its options once, at construction', () => {
    expect(() => verifyHeader({} as never)).toThrow(/SecretSource/);
    expect(() => verifyHeader({ secrets: fromValues('x'), headerName: 'Bad Header' })).toThrow(/header name/);
  });
});
