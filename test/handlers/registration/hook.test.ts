import { describe, expect, it } from 'vitest';
import { registrationHook, sampleRegistrationRequest } from '../../../src/handlers/registration/index.js';
import { parsed, produce } from '../helpers.js';

const DENY = { type: 'com.okta.action.update', value: { registration: 'DENY' } };

describe('registrationHook definition', () => {
  it('emits the right profile command per requestType from one call', async () => {
    const update = (request: unknown) => produce(registrationHook, request, (api) => api.profile.update({ costCenter: 'X1' }));
    expect((await update(sampleRegistrationRequest()))?.commands?.[0]?.type).toBe('com.okta.user.profile.update');
    expect((await update(sampleRegistrationRequest({ requestType: 'progressive.profile' })))?.commands?.[0]?.type).toBe('com.okta.user.progressive.profile.update');
  });

  it('answers 204 when the handler decides nothing, and allow() twice is one command', async () => {
    expect(await produce(registrationHook, sampleRegistrationRequest(), () => {})).toBeNull();
    const body = await produce(registrationHook, sampleRegistrationRequest(), (api) => {
      api.registration.allow();
      api.registration.allow();
    });
    expect(body?.commands).toHaveLength(1);
  });

  it('fails closed by default, with a message per flow', () => {
    const def = registrationHook(() => {});
    const ssr = def.fallback(parsed(def, sampleRegistrationRequest()), 'timeout');
    const prog = def.fallback(parsed(def, sampleRegistrationRequest({ requestType: 'progressive.profile' })), 'handler-error');
    expect(ssr?.commands).toEqual([DENY]);
    expect(ssr?.error?.errorSummary).toMatch(/registration/);
    expect(prog?.error?.errorSummary).toMatch(/profile/);
    expect(def.fallback(undefined, 'contract-violation')?.commands).toEqual([DENY]);
  });

  it('honours onFailure allow and a custom failure message', () => {
    expect(registrationHook(() => {}, { onFailure: 'allow' }).fallback(undefined, 'timeout')).toBeNull();
    expect(registrationHook(() => {}, { failureMessage: 'Try later' }).fallback(undefined, 'timeout')?.error).toEqual({ errorSummary: 'Try later' });
  });

  it('rejects an invalid onFailure at construction', () => {
    expect(() => registrationHook(() => {}, { onFailure: 'maybe' as 'deny' })).toThrow(/onFailure must be 'deny' or 'allow'/);
  });

  it('keeps passwords out of the loggable copy even if a form sends one', () => {
    const body = sampleRegistrationRequest({ data: { userProfile: { password: 'p@ss' } } });
    expect(JSON.stringify(registrationHook(() => {}).redact(body))).not.toContain('p@ss');
  });
});

describe('registration request parsing', () => {
  const def = registrationHook(() => {});
  const issuesOf = (body: unknown) => {
    const r = def.parse(body);
    return r.ok ? [] : r.issues;
  };

  it('rejects an unknown requestType', () => {
    expect(issuesOf(sampleRegistrationRequest({ requestType: 'profile.delete' }))).toEqual([
      { location: 'requestType', message: 'expected "self.service.registration" or "progressive.profile", got "profile.delete"' },
    ]);
  });
  it('requires the form attributes for SSR', () => {
    expect(issuesOf(sampleRegistrationRequest({ data: { userProfile: undefined } }))).toEqual([
      { location: 'data.userProfile', message: 'required object is missing (the registration form attributes)' },
    ]);
  });
  it('requires the delta and the user for progressive profiling', () => {
    const issues = issuesOf(sampleRegistrationRequest({ requestType: 'progressive.profile', data: { userProfileUpdate: undefined, context: { user: undefined } } }));
    expect(issues.map((i) => i.location)).toEqual(['data.userProfileUpdate', 'data.context.user']);
  });
  it('rejects a profile that is not an object', () => {
    expect(issuesOf(sampleRegistrationRequest({ data: { userProfile: 'x' } }))).toEqual([{ location: 'data.userProfile', message: 'expected object, got string' }]);
  });
  it('reads the default action', () => {
    expect(parsed(def, sampleRegistrationRequest()).defaultAction).toBe('ALLOW');
  });
});
