import { describe, expect, it } from 'vitest';
import type { HookResponseBody } from '../../../src/handlers/core/types.js';
import { sampleTelephonyRequest, telephonyHook, type TelephonyApi } from '../../../src/handlers/telephony/index.js';
import { checkTelephonyResponse } from '../../../src/handlers/telephony/rules.js';
import { bodyViolation, parsed, produce, rejection } from '../helpers.js';

const ACTION = 'com.okta.telephony.action';

const violation = (calls: (api: TelephonyApi) => void) => rejection(produce(telephonyHook, sampleTelephonyRequest(), calls));

const finalCheck = (body: HookResponseBody) => bodyViolation(checkTelephonyResponse, body);

describe('telephonyHook builder', () => {
  it('reports pending and failed with the right status', async () => {
    const body = await produce(telephonyHook, sampleTelephonyRequest(), (api) => {
      api.telephony.pending({ provider: 'P', transactionId: 't1' });
      api.telephony.failed({ provider: 'P', transactionId: 't2', transactionMetadata: 'carrier rejected' });
    });
    expect(body).toEqual({
      commands: [{ type: ACTION, value: [{ status: 'PENDING', provider: 'P', transactionId: 't1' }, { status: 'FAILED', provider: 'P', transactionId: 't2', transactionMetadata: 'carrier rejected' }] }],
    });
  });

  it('rejects a handler that reports nothing (Okta would treat it as malformed)', async () => {
    expect((await violation(() => {})).rule).toBe('telephony.no-outcome');
    expect((await violation((api) => api.debugContext({ tried: true }))).rule).toBe('telephony.no-outcome');
  });

  it('rejects non-string report members and a smuggled status', async () => {
    const e = await violation((api) => api.telephony.sent({ provider: 'P', transactionId: 42 as unknown as string }));
    expect(e.rule).toBe('telephony.entry-shape');
    expect(e.site).toEqual({ commandIndex: 0, opIndex: 0, path: 'transactionId' });
    expect((await violation((api) => api.telephony.sent({ provider: 'P', transactionId: 't', status: 'DELIVERED' } as never))).rule).toBe('telephony.status');
  });

  it('falls back to Okta providers with an error object', () => {
    const def = telephonyHook(() => {});
    expect(def.fallback(parsed(def, sampleTelephonyRequest()), 'timeout')).toEqual({ error: { errorSummary: expect.any(String) } });
    expect(telephonyHook(() => {}, { fallbackMessage: 'use okta' }).fallback(undefined, 'handler-error')).toEqual({ error: { errorSummary: 'use okta' } });
  });

  it('redacts the OTP, also inside the message text', () => {
    const request = sampleTelephonyRequest();
    const otp = request.data.messageProfile.otpCode;
    const safe = telephonyHook(() => {}).redact(request) as typeof request;
    expect(JSON.stringify(safe)).not.toContain(otp);
    expect(safe.data.messageProfile.msgTemplate).toBe('Your Gatehook Demo verification code is [REDACTED]');
    expect(safe.data.messageProfile.phoneNumber).toBe(request.data.messageProfile.phoneNumber);
    expect(request.data.messageProfile.otpCode).toBe(otp);
  });

  it('drops the whole message text when the code is too short to search for', () => {
    const safe = telephonyHook(() => {}).redact(sampleTelephonyRequest({ data: { messageProfile: { otpCode: '1', msgTemplate: 'code 1' } } })) as { data: { messageProfile: { msgTemplate: string } } };
    expect(safe.data.messageProfile.msgTemplate).toBe('[REDACTED]');
    expect(telephonyHook(() => {}).redact({ data: { messageProfile: null } })).toEqual({ data: { messageProfile: null } });
  });
});

describe('telephony rules on the final body', () => {
  it.each([
    [{ commands: [{ type: ACTION, value: { status: 'SUCCESSFUL' } }] }, 'telephony.value-array'],
    [{ commands: [{ type: ACTION, value: [] }] }, 'telephony.value-array'],
    [{ commands: [{ type: ACTION, value: [{ status: 'OK' }] }] }, 'telephony.status'],
    [{ commands: [{ type: ACTION, value: [{ provider: 'P' }] }] }, 'telephony.status'],
    [{ commands: [{ type: ACTION, value: ['SUCCESSFUL'] }] }, 'telephony.entry-shape'],
    [{ commands: [{ type: 'com.okta.action.update', value: { status: 'SUCCESSFUL' } }] }, 'response.command-type'],
    [{ debugContext: { a: 1 } }, 'telephony.no-outcome'],
  ])('rejects %j', (body, rule) => {
    expect(finalCheck(body as HookResponseBody).rule).toBe(rule);
  });
});

describe('telephony request parsing', () => {
  const def = telephonyHook(() => {});
  it('reads numeric phone numbers and codes as text and a voice channel', () => {
    const event = parsed(def, sampleTelephonyRequest({ requestType: 'com.okta.user.telephony.future-flow', data: { messageProfile: { phoneNumber: 15555550100, otpCode: 123456, deliveryChannel: 'voice call' } } }));
    expect([event.phoneNumber, event.otpCode, event.channel, event.requestType]).toEqual(['15555550100', '123456', 'voice', 'com.okta.user.telephony.future-flow']);
  });
  it('requires the phone number and the code', () => {
    const r = def.parse(sampleTelephonyRequest({ data: { messageProfile: { phoneNumber: undefined, otpCode: null } } }));
    expect(r.ok ? [] : r.issues).toEqual([
      { location: 'data.messageProfile.phoneNumber', message: 'required string or number is missing' },
      { location: 'data.messageProfile.otpCode', message: 'expected string or number, got null' },
    ]);
  });
});
