import { baseEvent, type BaseEvent } from '../core/envelope.js';
import type { TelephonyRequest, TelephonyRequestType } from './schema.js';

export interface TelephonyEvent extends BaseEvent<TelephonyRequest> {
  /** Why the OTP is sent: enrollment, MFA, account unlock or password reset. */
  readonly requestType: TelephonyRequestType | undefined;
  readonly phoneNumber: string;
  /** The one-time code. Never log it. */
  readonly otpCode: string;
  /** `sms` or `voice`, from Okta's `deliveryChannel` ("SMS" / "voice call"). */
  readonly channel: 'sms' | 'voice';
  /** The ready message text, OTP included (`msgTemplate`). */
  readonly message: string | undefined;
  readonly otpExpires: string | undefined;
  readonly locale: string | undefined;
  readonly userProfile: TelephonyRequest['data']['userProfile'];
}

export function toTelephonyEvent(raw: TelephonyRequest): TelephonyEvent {
  const profile = raw.data.messageProfile;
  return {
    ...baseEvent(raw),
    requestType: raw.requestType,
    phoneNumber: profile.phoneNumber,
    otpCode: profile.otpCode,
    channel: /voice/i.test(profile.deliveryChannel ?? '') ? 'voice' : 'sms',
    message: profile.msgTemplate,
    otpExpires: profile.otpExpires,
    locale: profile.locale,
    userProfile: raw.data.userProfile,
  };
}
