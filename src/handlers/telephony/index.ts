import type { InlineHookDefinition } from '../core/types.js';
import { defineInlineHook, type HookHandler } from '../core/define.js';
import { isPlainObject } from '../core/json.js';
import { pick, REDACTED } from '../core/redact.js';
import { createTelephonyApi, type TelephonyApi } from './api.js';
import { toTelephonyEvent, type TelephonyEvent } from './event.js';
import { checkTelephonyResponse, noOutcome } from './rules.js';
import { TELEPHONY_EVENT_TYPE, telephonyRequestSchema } from './schema.js';

export type TelephonyHookHandler = HookHandler<TelephonyEvent, TelephonyApi>;

export interface TelephonyHookOptions {
  /** `errorSummary` of the fallback answer (which makes Okta send the OTP through its own providers). */
  fallbackMessage?: string;
}

/**
 * Defines a telephony inline hook (`com.okta.telephony.provider`): you send the OTP through your provider.
 *
 * @example
 * export const hook = telephonyHook(async (event, api, ctx) => {
 *   const sid = await sms.send(event.phoneNumber, event.message ?? event.otpCode, { signal: ctx.signal });
 *   api.telephony.sent({ provider: 'EXAMPLE-SMS', transactionId: sid });
 * });
 *
 * On timeout or failure the answer is an error, so Okta falls back to its own (rate-limited) providers.
 */
export function telephonyHook(handler: TelephonyHookHandler, options: TelephonyHookOptions = {}): InlineHookDefinition<TelephonyEvent> {
  const errorSummary = options.fallbackMessage ?? 'The telephony hook could not deliver the code; Okta will deliver it instead.';
  return defineInlineHook(
    {
      type: 'telephony',
      eventType: TELEPHONY_EVENT_TYPE,
      schema: telephonyRequestSchema,
      toEvent: toTelephonyEvent,
      createApi: createTelephonyApi,
      checkResponse: checkTelephonyResponse,
      checkEmpty: () => {
        throw noOutcome();
      },
      fallback: () => ({ error: { errorSummary } }),
      redactExtra: redactMessageText,
    },
    handler,
  );
}

/** The message text embeds the OTP: blank out the code inside it, keep the wording for debugging. */
function redactMessageText(copy: Record<string, unknown>, original: Record<string, unknown>): void {
  const code = pick(original, 'data', 'messageProfile', 'otpCode');
  const profile = pick(copy, 'data', 'messageProfile');
  if (!isPlainObject(profile) || typeof profile.msgTemplate !== 'string') return;
  const text = String(code ?? '');
  // Without a usable code to search for, drop the whole text rather than risk leaking it.
  profile.msgTemplate = text.length >= 3 ? profile.msgTemplate.replaceAll(text, REDACTED) : REDACTED;
}

export type { TelephonyEvent } from './event.js';
export type { TelephonyApi, DeliveryReport } from './api.js';
export type { TelephonyRequest, TelephonyRequestType } from './schema.js';
export { TELEPHONY_REQUEST_TYPES } from './schema.js';
export { sampleRequest as sampleTelephonyRequest } from './sample.js';
