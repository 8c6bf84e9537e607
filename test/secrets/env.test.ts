import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { verifyHeader } from '../../src/middleware/verify-header/index.js';
import { fromEnv, fromValues } from '../../src/secrets/env.js';

describe('fromEnv', () => {
  it('reads HOOK_SECRET and HOOK_SECRET_PREVIOUS', async () => {
    expect(await fromEnv({ HOOK_SECRET: 'a' }).get()).toEqual(['a']);
    expect(await fromEnv({ HOOK_SECRET: 'a', HOOK_SECRET_PREVIOUS: 'b' }).get()).toEqual(['a', 'b']);
  });

  it('reads a JSON HOOK_SECRET with current and previous as Secrets Manager does: both are accepted', async () => {
    const source = fromEnv({ HOOK_SECRET: '{"current":"a","previous":"b"}' });
    expect(await source.get()).toEqual(['a', 'b']);
    expect(await fromEnv({ HOOK_SECRET: '{"current":"a","previous":"b"}', HOOK_SECRET_PREVIOUS: 'c' }).get()).toEqual(['a', 'b', 'c']);
    expect(await fromEnv({ HOOK_SECRET: '{"current":"a","previous":"a"}', HOOK_SECRET_PREVIOUS: 'a' }).get()).toEqual(['a']);
    expect(() => fromEnv({ HOOK_SECRET: '{"current":"a","previous":7}' })).toThrow(/previous/);

    const app = new Hono().post('/hook', verifyHeader({ secrets: source }), (c) => c.text('ok'));
    const status = async (authorization: string) =>
      (await app.request('/hook', { method: 'POST', headers: { authorization }, body: '{}' })).status;
    expect(await status('a')).toBe(200);
    expect(await status('b')).toBe(200); // Okta still sending the previous value mid-rotation
    expect(await status('c')).toBe(401);
  });

  it('fails at construction without HOOK_SECRET: no default secret exists', () => {
    expect(() => fromEnv({})).toThrow(/HOOK_SECRET is not set/);
    expect(() => fromEnv({ HOOK_SECRET: '  ', HOOK_SECRET_PREVIOUS: 'b' })).toThrow(expect.objectContaining({ code: 'ERR_HOOK_SECRET_MISSING' }));
  });

  it('re-reads the environment on a forced refresh', async () => {
    const env: Record<string, string> = { HOOK_SECRET: 'a' };
    const source = fromEnv(env);
    env.HOOK_SECRET = 'b';
    expect(await source.get()).toEqual(['a']);
    expect(await source.get({ forceRefresh: true })).toEqual(['b']);
  });

  it('fromValues needs a value', async () => {
    expect(() => fromValues('')).toThrow(/at least one/);
    expect(await fromValues('x', 'y').get()).toEqual(['x', 'y']);
  });
});
