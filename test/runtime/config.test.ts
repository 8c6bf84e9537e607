import { describe, expect, it } from 'vitest';
import { DEV_HOOK_SECRET, readRuntimeConfig } from '../../src/runtime/config.js';

describe('readRuntimeConfig', () => {
  it('fills a dev HOOK_SECRET only in dev mode, and says so', () => {
    const dev = readRuntimeConfig('dev', {});
    expect(dev.env.HOOK_SECRET).toBe(DEV_HOOK_SECRET);
    expect(dev.devDefaults).toEqual(['HOOK_SECRET']);
    expect(dev.port).toBe(8787);
    expect(dev.host).toBe('127.0.0.1');
    expect(readRuntimeConfig('dev', { HOOK_SECRET: 'mine' }).devDefaults).toEqual([]);
  });

  it('never invents a secret outside dev', () => {
    expect(() => readRuntimeConfig('node', {})).toThrow(/HOOK_SECRET is not set/);
    const lambda = readRuntimeConfig('lambda', { GATEHOOK_HOOK_SECRET_ID: 'id' });
    expect(lambda.env.HOOK_SECRET).toBeUndefined();
    expect(lambda.hookSecretId).toBe('id');
    expect(lambda.devDefaults).toEqual([]);
  });

  it('validates numbers and levels with specific messages', () => {
    expect(() => readRuntimeConfig('dev', { PORT: 'abc' })).toThrow(/PORT must be an integer from 0 to 65535, got "abc"/);
    expect(() => readRuntimeConfig('dev', { GATEHOOK_DEADLINE_MS: '3000' })).toThrow(/GATEHOOK_DEADLINE_MS/);
    expect(() => readRuntimeConfig('dev', { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(readRuntimeConfig('node', { HOOK_SECRET: 'x', PORT: '0', LOG_LEVEL: 'WARN' })).toMatchObject({ port: 0, logLevel: 'warn' });
  });
});
