import { describe, expect, it } from 'vitest';
import { callHook } from 'gatehook/testing';
import { userImportExample } from '../src/hooks/user-import.js';

describe('user import hook', () => {
  it('creates a new employee with a normalised department', async () => {
    const result = await callHook(userImportExample, { overrides: { data: { appUser: { profile: { externalId: 'hr-20931', department: ' logistics ' } } } } });
    expect(result.commands).toEqual(
      expect.arrayContaining([
        { type: 'com.okta.action.update', value: { result: 'CREATE_USER' } },
        { type: 'com.okta.user.profile.update', value: { department: 'LOGISTICS' } },
      ]),
    );
  });

  it('links a known employee to their Okta user', async () => {
    const result = await callHook(userImportExample, { overrides: { data: { appUser: { profile: { externalId: 'hr-10001' } } } } });
    expect(result.commands).toContainEqual({ type: 'com.okta.action.update', value: { result: 'LINK_USER' } });
    expect(result.commands).toContainEqual({ type: 'com.okta.user.update', value: { id: '00uexample10001aaaa1' } });
  });
});
