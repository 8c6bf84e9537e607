/**
 * Applies a telephony inline hook response: SUCCESSFUL or PENDING means the hook's provider sent the
 * OTP; FAILED, an `error`, a malformed answer or any failure makes Okta send it through its own
 * providers. The hook is never retried.
 */
import { isRecord, readResponse } from './response-shape.js';

export interface TelephonyDelivery {
  status: 'SUCCESSFUL' | 'PENDING';
  provider?: string;
  transactionId?: string;
  transactionMetadata?: unknown;
}

export type TelephonyHookResult =
  | { kind: 'sent-by-hook'; delivery: TelephonyDelivery; debugContext?: Record<string, unknown> }
  | {
      kind: 'okta-provider';
      reason: string;
      /** True when the response broke the contract, false when the hook answered FAILED or with an error. */
      invalid: boolean;
      debugContext?: Record<string, unknown>;
    };

const STATUSES = new Set(['SUCCESSFUL', 'PENDING', 'FAILED']);

export function applyTelephonyResponse(body: unknown): TelephonyHookResult {
  if (body === undefined) return telephonyHookFailed('an empty response is not valid for telephony');
  const read = readResponse(body);
  if (!read.ok) return telephonyHookFailed(read.reason);
  const { commands, error, debugContext } = read.response;
  if (error) return fallback(`the hook returned an error: ${error.errorSummary ?? 'no summary'}`, false, debugContext);
  const action = commands.find((command) => command.type === 'com.okta.telephony.action');
  if (!action) return telephonyHookFailed('no com.okta.telephony.action command', debugContext);
  if (!Array.isArray(action.value) || action.value.length === 0) {
    return telephonyHookFailed('com.okta.telephony.action value must be a non-empty array', debugContext);
  }
  const first: unknown = action.value[0];
  if (!isRecord(first) || typeof first.status !== 'string' || !STATUSES.has(first.status)) {
    return telephonyHookFailed('status must be SUCCESSFUL, PENDING or FAILED', debugContext);
  }
  if (first.status === 'FAILED') return fallback('the hook reported FAILED', false, debugContext);
  const delivery: TelephonyDelivery = { status: first.status as TelephonyDelivery['status'] };
  if (typeof first.provider === 'string') delivery.provider = first.provider;
  if (typeof first.transactionId === 'string') delivery.transactionId = first.transactionId;
  if (first.transactionMetadata !== undefined) delivery.transactionMetadata = first.transactionMetadata;
  return { kind: 'sent-by-hook', delivery, ...(debugContext ? { debugContext } : {}) };
}

/** The failure-policy result: Okta's own providers send the OTP. */
export function telephonyHookFailed(reason: string, debugContext?: Record<string, unknown>): TelephonyHookResult {
  return fallback(reason, true, debugContext);
}

function fallback(reason: string, invalid: boolean, debugContext?: Record<string, unknown>): TelephonyHookResult {
  return { kind: 'okta-provider', reason, invalid, ...(debugContext ? { debugContext } : {}) };
}
