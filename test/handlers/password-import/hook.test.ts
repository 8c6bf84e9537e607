import { describe, expect, it } from 'vitest';
import type { HookResponseBody } from '../../../src/handlers/core/types.js';
import { passwordImportHook, samplePasswordImportRequest } from '../../../src/handlers/password-import/index.js';
import { checkPasswordImportResponse } from '../../../src/handlers/password-import/rules.js';
import { bodyViolation, parsed, produce, recordingLogger, testContext } from '../helpers.js';

const UNVERIFIED = { commands: [{ type: 'com.okta.action.update', value: { credential: 'UNVERIFIED' } }] };

const finalCheck = (body: HookResponseBody) => bodyViolation(checkPasswordImportResponse, body);

describe('passwordImportHook', () => {
  it('hands the handler the credentials', async () => {
    const request = samplePasswordImportRequest();
    let seen: string[] = [];
    const def = passwordImportHook((event, api) => {
      seen = [event.username, event.password];
      if (event.password === 'correct-horse-battery-staple') api.credential.verified();
    });
    const body = (await def.execute(parsed(def, request), testContext()))?.body;
    expect(seen).toEqual(['priya.raman@example.com', 'correct-horse-battery-staple']);
    expect(body).toEqual({ commands: [{ type: 'com.okta.action.update', value: { credential: 'VERIFIED' } }] });
  });

  it('fails closed with UNVERIFIED for every reason, each time a fresh object', () => {
    const def = passwordImportHook(() => {});
    const a = def.fallback(undefined, 'timeout');
    expect(a).toEqual(UNVERIFIED);
    expect(def.fallback(parsed(def, samplePasswordImportRequest()), 'contract-violation')).toEqual(UNVERIFIED);
    expect(def.fallback(undefined, 'handler-error')).not.toBe(a);
  });

  it('answers 204 when the handler decides nothing (Okta applies data.action)', async () => {
    expect(await produce(passwordImportHook, samplePasswordImportRequest(), () => {})).toBeNull();
  });

  it('redacts the plaintext password without touching the input', () => {
    const request = samplePasswordImportRequest();
    const safe = passwordImportHook(() => {}).redact(request) as typeof request;
    expect(safe.data.context.credential.password).toBe('[REDACTED]');
    expect(safe.data.context.credential.username).toBe('priya.raman@example.com');
    expect(request.data.context.credential.password).toBe('correct-horse-battery-staple');
    const lines: unknown[] = [];
    recordingLogger(lines as never).info('request', { body: safe });
    expect(JSON.stringify(lines)).not.toContain('correct-horse');
  });

  it('redacts passwords of malformed bodies too', () => {
    const safe = passwordImportHook(() => {}).redact({ data: [{ password: 'leak' }], password: 'leak2' });
    expect(JSON.stringify(safe)).not.toMatch(/leak/);
    expect(passwordImportHook(() => {}).redact('not json object')).toBe('not json object');
  });

  it('rejects conflicting outcomes at the builder call', async () => {
    await expect(produce(passwordImportHook, samplePasswordImportRequest(), (api) => { api.credential.verified(); api.credential.unverified(); })).rejects.toThrow(/action.update-conflict/);
  });

  it.each([
    [{ commands: [{ type: 'com.okta.action.update', value: { credential: 'MAYBE' } }] }, 'action.update-shape'],
    [{ commands: [{ type: 'com.okta.action.update', value: { registration: 'ALLOW' } }] }, 'action.update-shape'],
    [{ commands: [{ type: 'com.okta.action.update', value: { credential: 'VERIFIED', extra: 1 } }] }, 'action.update-shape'],
    [{ commands: [{ type: 'com.okta.user.profile.update', value: {} }] }, 'response.command-type'],
    [{ commands: [{ type: 'com.okta.action.update' }] }, 'response.command-shape'],
    [{ commands: [{ value: 1 }] }, 'response.command-shape'],
    [{ commands: {} }, 'response.shape'],
  ])('rejects %j', (body, rule) => {
    expect(finalCheck(body as unknown as HookResponseBody).rule).toBe(rule);
  });

  it.each([
    [{ data: { context: { credential: { password: undefined } } } }, 'data.context.credential.password', 'required string is missing'],
    [{ data: { context: { credential: { username: 'u', password: 5 } } } }, 'data.context.credential.password', 'expected string, got number'],
    [{ data: { context: { credential: undefined } } }, 'data.context.credential', 'required object is missing'],
  ])('parse failure %#', (override, location, message) => {
    const r = passwordImportHook(() => {}).parse(samplePasswordImportRequest(override));
    expect(r.ok ? [] : r.issues).toContainEqual({ location, message });
  });

  it('never echoes the password in parse issues', () => {
    const r = passwordImportHook(() => {}).parse(samplePasswordImportRequest({ eventType: 'wrong', data: { context: { credential: { password: 'secret-value' } } } }));
    expect(JSON.stringify(r)).not.toContain('secret-value');
  });
});
