import { finishSample, isoTime, oktaId, requestContext, SAMPLE_ORG_URL, sampleEnvelope } from '../core/sample.js';
import { TELEPHONY_EVENT_TYPE, type TelephonyRequest } from './schema.js';

/** A realistic telephony hook request (an MFA SMS) with fresh ids, times and a random code. */
export function sampleRequest(overrides: Record<string, unknown> = {}): TelephonyRequest {
  const otp = String(crypto.getRandomValues(new Uint32Array(1))[0] ?? 0).padStart(6, '0').slice(-6);
  const body = {
    ...sampleEnvelope(TELEPHONY_EVENT_TYPE, `${SAMPLE_ORG_URL}/api/v1/inlineHooks/${oktaId('cal')}`),
    requestType: 'com.okta.user.telephony.mfa-verification',
    data: {
      context: { request: requestContext('POST', '/idp/idx/challenge') },
      userProfile: { firstName: 'Lena', lastName: 'Novak', login: 'lena.novak@example.com', userId: oktaId('00u') },
      messageProfile: {
        msgTemplate: `Your Gatehook Demo verification code is ${otp}`,
        phoneNumber: '+15555550142',
        otpExpires: isoTime(5 * 60_000),
        deliveryChannel: 'SMS',
        otpCode: otp,
        locale: 'EN-US',
      },
    },
  };
  return finishSample<TelephonyRequest>(body, overrides);
}
