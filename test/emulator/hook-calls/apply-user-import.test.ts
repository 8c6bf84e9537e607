import { describe, expect, it } from 'vitest';
import { applyUserImportResponse, type UserImportDraft } from '../../../src/emulator/hook-calls/apply-user-import.js';

const draft: UserImportDraft = {
  action: 'CREATE_USER',
  appUserProfile: { userName: 'ada', email: 'ada@app.example' },
  userProfile: { login: 'ada@example.com', firstName: 'Ada' },
};
const cmd = (type: string, value: unknown) => ({ type, value });

describe('applyUserImportResponse: applied', () => {
  it('keeps the defaults on 204 and {}', () => {
    for (const body of [undefined, {}]) {
      expect(applyUserImportResponse(draft, body)).toEqual({ action: 'CREATE_USER', appUserProfile: draft.appUserProfile, userProfile: draft.userProfile });
    }
  });

  it('merges app user and Okta user profile updates', () => {
    const result = applyUserImportResponse(draft, {
      commands: [cmd('com.okta.appUser.profile.update', { email: 'new@app.example' }), cmd('com.okta.user.profile.update', { lastName: 'L' })],
    });
    expect(result.appUserProfile).toEqual({ userName: 'ada', email: 'new@app.example' });
    expect(result.userProfile).toEqual({ login: 'ada@example.com', firstName: 'Ada', lastName: 'L' });
    expect(result.failure).toBeUndefined();
  });

  it('links to an existing user with LINK_USER + com.okta.user.update', () => {
    const result = applyUserImportResponse(draft, {
      commands: [cmd('com.okta.action.update', { result: 'LINK_USER' }), cmd('com.okta.user.update', { id: '00u123' })],
    });
    expect(result).toMatchObject({ action: 'LINK_USER', linkUserId: '00u123' });
  });
});

describe('applyUserImportResponse: failures create the user unchanged', () => {
  it.each([
    ['LINK_USER without a user id', { commands: [cmd('com.okta.action.update', { result: 'LINK_USER' })] }],
    ['user.update without an id', { commands: [cmd('com.okta.action.update', { result: 'LINK_USER' }), cmd('com.okta.user.update', {})] }],
    ['unknown action result', { commands: [cmd('com.okta.action.update', { result: 'MERGE_USER' })] }],
    ['profile update not an object', { commands: [cmd('com.okta.user.profile.update', 'x')] }],
    ['unknown command', { commands: [cmd('com.okta.user.delete', {})] }],
    ['error object', { error: { errorSummary: 'bad row' }, commands: [cmd('com.okta.user.profile.update', { a: 1 })] }],
    ['body not an object', 42],
  ])('%s', (_name, body) => {
    const result = applyUserImportResponse(draft, body);
    expect(result.action).toBe('CREATE_USER');
    expect(result.userProfile).toEqual(draft.userProfile);
    expect(result.appUserProfile).toEqual(draft.appUserProfile);
    expect(result.linkUserId).toBeUndefined();
    expect(result.failure).toBeTruthy();
  });
});
