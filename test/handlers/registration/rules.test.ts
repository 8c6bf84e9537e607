import { describe, expect, it } from 'vitest';
import type { HookResponseBody } from '../../../src/handlers/core/types.js';
import { registrationHook, sampleRegistrationRequest, type RegistrationApi } from '../../../src/handlers/registration/index.js';
import { checkRegistrationResponse } from '../../../src/handlers/registration/rules.js';
import { bodyViolation, parsed, produce, rejection } from '../helpers.js';

const ssr = () => sampleRegistrationRequest();
const progressive = () => sampleRegistrationRequest({ requestType: 'progressive.profile' });

const violation = (calls: (api: RegistrationApi) => void, request: unknown = ssr()) => rejection(produce(registrationHook, request, calls));

const finalCheck = (body: HookResponseBody, request: unknown = ssr()) => bodyViolation(checkRegistrationResponse, body, parsed(registrationHook(() => {}), request));

const cmd = (type: string, value: unknown): HookResponseBody => ({ commands: [{ type, value }] });

describe('registration rules at the builder call', () => {
  it('rejects conflicting decisions', async () => {
    const e = await violation((api) => {
      api.registration.allow();
      api.registration.deny();
    });
    expect(e.rule).toBe('action.update-conflict');
    expect(e.site.commandIndex).toBe(0);
    expect((await violation((api) => { api.registration.deny(); api.registration.allow(); })).rule).toBe('action.update-conflict');
  });

  it('rejects setting the password', async () => {
    const e = await violation((api) => api.profile.update({ password: 'hunter2' }));
    expect(e.rule).toBe('profile.forbidden-attribute');
    expect(e.message).not.toContain('hunter2');
  });

  it.each([null, 'x', ['a'], new Map()])('rejects profile values that are not plain objects: %j', async (value) => {
    expect((await violation((api) => api.profile.update(value as unknown as Record<string, unknown>))).rule).toBe('profile.update-shape');
  });

  it('rejects non-JSON attribute values', async () => {
    expect((await violation((api) => api.profile.update({ when: new Date() }))).rule).toBe('response.json-value');
    expect((await violation((api) => api.profile.update({ n: Number.POSITIVE_INFINITY }))).rule).toBe('response.json-value');
  });

  it('rejects a cause without a summary', async () => {
    expect((await violation((api) => api.registration.deny('no', [{ reason: 'X' } as never]))).rule).toBe('response.error-shape');
  });
});

describe('registration rules on the final body', () => {
  it('rejects the SSR profile command in a progressive response', () => {
    const e = finalCheck(cmd('com.okta.user.profile.update', { a: 1 }), progressive());
    expect(e.rule).toBe('registration.command-mismatch');
    expect(e.message).toContain('use "com.okta.user.progressive.profile.update"');
  });
  it('rejects the progressive profile command in an SSR response', () => {
    expect(finalCheck(cmd('com.okta.user.progressive.profile.update', { a: 1 })).rule).toBe('registration.command-mismatch');
  });
  it.each([
    [{ registration: 'MAYBE' }],
    [{ action: 'DENY' }],
    [{ registration: 'ALLOW', extra: 1 }],
    ['DENY'],
    [{ credential: 'VERIFIED' }],
  ])('rejects com.okta.action.update value %j', (value) => {
    expect(finalCheck(cmd('com.okta.action.update', value)).rule).toBe('action.update-shape');
  });
  it('rejects two different decisions', () => {
    const body = { commands: [{ type: 'com.okta.action.update', value: { registration: 'ALLOW' } }, { type: 'com.okta.action.update', value: { registration: 'DENY' } }] };
    expect(finalCheck(body).site.commandIndex).toBe(1);
  });
  it('rejects commands of other hook types', () => {
    expect(finalCheck(cmd('com.okta.access.patch', [])).rule).toBe('response.command-type');
    expect(finalCheck(cmd('com.okta.user.update', { id: 'x' })).rule).toBe('response.command-type');
  });
  it('rejects a password in a raw profile command and a non-object profile', () => {
    expect(finalCheck(cmd('com.okta.user.profile.update', { password: 'x' })).rule).toBe('profile.forbidden-attribute');
    expect(finalCheck(cmd('com.okta.user.profile.update', ['x'])).rule).toBe('profile.update-shape');
  });
});
