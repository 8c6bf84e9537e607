import { describe, expect, it } from 'vitest';
import { applyRegistrationResponse, type RegistrationDraft } from '../../../src/emulator/hook-calls/apply-registration.js';

const ssr: RegistrationDraft = { requestType: 'self.service.registration', profile: { email: 'ada@example.com', firstName: 'Ada' } };
const progressive: RegistrationDraft = { requestType: 'progressive.profile', profile: { email: 'ada@example.com', phone: '' } };
const cmd = (type: string, value: unknown) => ({ type, value });

describe('applyRegistrationResponse: allowed', () => {
  it.each([
    ['204 (no body)', ssr, undefined, {}],
    ['empty object', ssr, {}, {}],
    ['explicit ALLOW', ssr, { commands: [cmd('com.okta.action.update', { registration: 'ALLOW' })] }, {}],
    ['SSR profile update', ssr, { commands: [cmd('com.okta.user.profile.update', { login: 'ada@corp.example' })] }, { login: 'ada@corp.example' }],
    [
      'progressive profile update',
      progressive,
      { commands: [cmd('com.okta.user.progressive.profile.update', { phone: '555' })] },
      { phone: '555' },
    ],
    [
      'updates applied in order, last value wins',
      ssr,
      { commands: [cmd('com.okta.user.profile.update', { a: 1 }), cmd('com.okta.user.profile.update', { a: 2 })] },
      { a: 2 },
    ],
  ])('%s', (_name, draft, body, updates) => {
    const result = applyRegistrationResponse(draft, body);
    expect(result.kind).toBe('allowed');
    if (result.kind !== 'allowed') return;
    expect(result.updates).toEqual(updates);
    expect(result.profile).toEqual({ ...draft.profile, ...updates });
  });
});

describe('applyRegistrationResponse: denied by the hook', () => {
  it('DENY without an error object uses "Registration denied." (SSR)', () => {
    const result = applyRegistrationResponse(ssr, { commands: [cmd('com.okta.action.update', { registration: 'DENY' })] });
    expect(result).toMatchObject({ kind: 'denied', message: 'Registration denied.', fieldErrors: [] });
  });

  it('DENY without an error object uses "Profile update denied." (progressive)', () => {
    const result = applyRegistrationResponse(progressive, { commands: [cmd('com.okta.action.update', { registration: 'DENY' })] });
    expect(result).toMatchObject({ kind: 'denied', message: 'Profile update denied.' });
  });

  it('an error object denies and skips commands, even an ALLOW', () => {
    const result = applyRegistrationResponse(ssr, {
      commands: [cmd('com.okta.action.update', { registration: 'ALLOW' })],
      error: {
        errorSummary: 'Incorrect email address.',
        errorCauses: [{ errorSummary: 'Only example.com emails can register.', reason: 'INVALID_EMAIL_DOMAIN', location: 'data.userProfile.email' }],
      },
    });
    expect(result).toMatchObject({
      kind: 'denied',
      message: 'Incorrect email address.',
      fieldErrors: [{ location: 'data.userProfile.email', errorSummary: 'Only example.com emails can register.' }],
    });
  });

  it.each([
    [ssr, "Registration can't be completed at this time."],
    [progressive, 'We found some errors. Please review the form and make corrections.'],
  ])('an error without causes uses the default message (%#)', (draft, message) => {
    expect(applyRegistrationResponse(draft, { error: { errorSummary: 'internal detail' } })).toMatchObject({ kind: 'denied', message });
    expect(applyRegistrationResponse(draft, { error: {} })).toMatchObject({ kind: 'denied', message });
  });
});

describe('applyRegistrationResponse: responses Okta cannot use deny (fail-closed)', () => {
  it.each([
    ['SSR command in a progressive response', progressive, { commands: [cmd('com.okta.user.profile.update', { a: 1 })] }],
    ['progressive command in an SSR response', ssr, { commands: [cmd('com.okta.user.progressive.profile.update', { a: 1 })] }],
    ['setting the password', ssr, { commands: [cmd('com.okta.user.profile.update', { password: 'x' })] }],
    ['profile value not an object', ssr, { commands: [cmd('com.okta.user.profile.update', 'ada')] }],
    ['profile value an array', ssr, { commands: [cmd('com.okta.user.profile.update', ['a'])] }],
    ['PHP-style {"action": "DENY"}', ssr, { commands: [cmd('com.okta.action.update', { action: 'DENY' })] }],
    ['lower-case deny', ssr, { commands: [cmd('com.okta.action.update', { registration: 'deny' })] }],
    ['unknown command', ssr, { commands: [cmd('com.okta.user.delete', {})] }],
    ['commands not an array', ssr, { commands: 'allow' }],
    ['body not an object', ssr, 'ALLOW'],
    ['error is a string', ssr, { error: 'nope' }],
    ['attribute outside the schema', { ...ssr, knownAttributes: ['email', 'firstName'] }, { commands: [cmd('com.okta.user.profile.update', { shoeSize: 9 })] }],
  ])('%s', (_name, draft, body) => {
    const result = applyRegistrationResponse(draft, body);
    expect(result.kind).toBe('denied');
    if (result.kind !== 'denied') return;
    expect(result.message).toMatch(/^There was an error (creating your account|updating your profile)/);
    expect(result.reason).toBeTruthy();
  });
});
