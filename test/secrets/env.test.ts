import { describe, expect, it } from 'vitest';
import { fromEnv, fromValues } from '../../src/secrets/env.js';

describe('fromEnv', () => {
  it('reads HOOK_SECRET and HOOK_SECRET_PREVIOUS', async () => {
    expect(await fromEnv({ HOOK_SECRET: 'a' }).get()).toEqual(['a']);
    expect(await fromEnv({ HOOK_SECRET: 'a', HOOK_SECRET_PREVIOUS: 'b' }).get()).toEqual(['a', 'b']);
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
