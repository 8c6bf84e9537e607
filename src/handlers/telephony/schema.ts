import * as z from 'zod/mini';
import { hookRequestSchema, requestSchema, textSchema } from '../core/envelope.js';
import { INLINE_HOOK_EVENT_TYPES } from '../core/okta-facts.js';

export const TELEPHONY_EVENT_TYPE = INLINE_HOOK_EVENT_TYPES.telephony;
export const TELEPHONY_REQUEST_TYPES = [
  'com.okta.user.telephony.pre-enrollment',
  'com.okta.user.telephony.mfa-verification',
  'com.okta.user.telephony.account-unlock',
  'com.okta.user.telephony.password-reset',
] as const;
/** The documented request types; others are passed through for forward compatibility. */
export type TelephonyRequestType = (typeof TELEPHONY_REQUEST_TYPES)[number] | (string & {});

export const telephonyRequestSchema = hookRequestSchema(TELEPHONY_EVENT_TYPE, {
  requestType: z.optional(z.string()),
  data: z.looseObject({
    context: z.looseObject({ request: z.optional(requestSchema) }),
    userProfile: z.optional(
      z.looseObject({ firstName: z.optional(z.string()), lastName: z.optional(z.string()), login: z.optional(z.string()), userId: z.optional(z.string()) }),
    ),
    // The docs sample has strings here, the OAS example numbers: both are read as text.
    messageProfile: z.looseObject({
      phoneNumber: textSchema,
      otpCode: textSchema,
      msgTemplate: z.optional(textSchema),
      otpExpires: z.optional(z.string()),
      deliveryChannel: z.optional(z.string()),
      locale: z.optional(z.string()),
    }),
  }),
});

export type TelephonyRequest = z.infer<typeof telephonyRequestSchema>;
