import { describe, expect, it } from 'vitest';
import { applyPasswordImportResponse } from '../../../src/emulator/hook-calls/apply-password-import.js';

const action = (credential: unknown) => ({ commands: [{ type: 'com.okta.action.update', value: { credential } }] });

describe('applyPasswordImportResponse', () => {
  it('VERIFIED signs the user in', () => {
    expect(applyPasswordImportResponse(action('VERIFIED'))).toEqual({ kind: 'verified' });
  });

  it('the last action wins', () => {
    const body = { commands: [...action('UNVERIFIED').commands, ...action('VERIFIED').commands] };
    expect(applyPasswordImportResponse(body).kind).toBe('verified');
  });

  it.each([
    ['UNVERIFIED', action('UNVERIFIED')],
    ['204 takes the default UNVERIFIED', undefined],
    ['{} takes the default UNVERIFIED', {}],
    ['error object even with VERIFIED', { ...action('VERIFIED'), error: { errorSummary: 'down' } }],
  ])('%s: the hook did not verify, the sign-in fails', (_name, body) => {
    expect(applyPasswordImportResponse(body).kind).toBe('unverified');
  });

  it.each([
    ['lower-case verified', action('verified')],
    ['boolean true', action(true)],
    ['missing credential', { commands: [{ type: 'com.okta.action.update', value: {} }] }],
    ['wrong command type', { commands: [{ type: 'com.okta.user.profile.update', value: { credential: 'VERIFIED' } }] }],
    ['body not an object', 'VERIFIED'],
  ])('%s is unusable: the sign-in fails', (_name, body) => {
    const result = applyPasswordImportResponse(body);
    expect(result.kind).toBe('failed');
  });

  it('an explicit VERIFIED default is honoured on 204', () => {
    expect(applyPasswordImportResponse(undefined, 'VERIFIED').kind).toBe('verified');
  });
});
