import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { oktaError, oktaErrorHandler, oktaNotFound } from '../../src/middleware/errors/index.js';
import type { GatehookEnv } from '../../src/middleware/types.js';

describe('errors', () => {
  const app = new Hono<GatehookEnv>();
  app.onError(oktaErrorHandler());
  app.notFound(oktaNotFound);
  app.get('/plain-http-exception', () => {
    throw new HTTPException(429, { message: 'slow down, internal counter=17' });
  });
  app.get('/string-thrown', () => {
    throw new TypeError('Cannot read properties of undefined (reading "secret")');
  });

  it('builds Okta error bodies', () => {
    expect(oktaError(400, { errorCode: 'E0000001', errorSummary: 'bad', errorId: 'id1' }).body).toEqual({
      errorCode: 'E0000001',
      errorSummary: 'bad',
      errorLink: 'E0000001',
      errorId: 'id1',
      errorCauses: [],
    });
  });

  it('turns a bare HTTPException into Okta JSON with its status and no message', async () => {
    const res = await app.request('/plain-http-exception');
    expect(res.status).toBe(429);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ errorCode: 'E0000003', errorCauses: [] });
    expect(text).not.toContain('counter');
  });

  it('turns anything else into a 500 without internals', async () => {
    const res = await app.request('/string-thrown');
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret');
  });

  it('answers unknown paths with Okta 404 JSON', async () => {
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errorCode: 'E0000008' });
  });
});
