import { describe, expect, it } from 'vitest';
import { applyTelephonyResponse } from '../../../src/emulator/hook-calls/apply-telephony.js';

const action = (...value: unknown[]) => ({ commands: [{ type: 'com.okta.telephony.action', value }] });

describe('applyTelephonyResponse', () => {
  it.each(['SUCCESSFUL', 'PENDING'])('%s means the hook sent the OTP', (status) => {
    const result = applyTelephonyResponse(action({ status, provider: 'VONAGE', transactionId: 'SM1', transactionMetadata: 'Duration=300ms' }));
    expect(result).toEqual({
      kind: 'sent-by-hook',
      delivery: { status, provider: 'VONAGE', transactionId: 'SM1', transactionMetadata: 'Duration=300ms' },
    });
  });

  it.each([
    ['FAILED', action({ status: 'FAILED', provider: 'VONAGE' })],
    ['error object', { ...action({ status: 'SUCCESSFUL' }), error: { errorSummary: 'Failed to deliver SMS OTP' } }],
  ])('%s is a valid answer that falls back to Okta providers', (_name, body) => {
    expect(applyTelephonyResponse(body)).toMatchObject({ kind: 'okta-provider', invalid: false });
  });

  it.each([
    ['unknown status', action({ status: 'SENT' })],
    ['lower-case status', action({ status: 'successful' })],
    ['no status', action({ provider: 'VONAGE' })],
    ['value not an array', { commands: [{ type: 'com.okta.telephony.action', value: { status: 'SUCCESSFUL' } }] }],
    ['empty value array', action()],
    ['no telephony command', { commands: [{ type: 'com.okta.action.update', value: {} }] }],
    ['empty 204', undefined],
    ['empty object', {}],
    ['body not an object', 'SUCCESSFUL'],
  ])('%s is unusable and falls back to Okta providers', (_name, body) => {
    const result = applyTelephonyResponse(body);
    expect(result).toMatchObject({ kind: 'okta-provider', invalid: true });
    if (result.kind === 'okta-provider') expect(result.reason).toBeTruthy();
  });
});
