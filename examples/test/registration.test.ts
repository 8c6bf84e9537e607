import { describe, expect, it } from 'vitest';
import { callHook } from 'gatehook/testing';
import { registrationExample } from '../src/hooks/registration.js';

const withEmail = (email: string) => ({ data: { userProfile: { email, login: email } } });

describe('registration hook', () => {
  it('denies a non-company address with the reason next to the email field', async () => {
    const result = await callHook(registrationExample, { overrides: withEmail('mallory@gmail.com') });
    expect(result.outcome).toBe('denied');
    expect(result.body?.error?.errorCauses?.[0]).toMatchObject({ reason: 'INVALID_EMAIL_DOMAIN', location: 'data.userProfile.email' });
  });

  it('allows a company address (no org configured: the login check is skipped, and logged)', async () => {
    const result = await callHook(registrationExample, { overrides: withEmail('new.hire@example.com') });
    expect(result.outcome).toBe('applied');
    expect(result.logs.map((line) => line.message)).toContain('no Okta client configured; skipping the org lookup');
  });
});
