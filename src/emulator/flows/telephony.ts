/**
 * The telephony inline hook: before Okta texts or calls a one-time code, the active hook gets the
 * chance to deliver it through its own provider. SUCCESSFUL or PENDING means the hook delivered;
 * FAILED, an error, a bad answer or a failed call (never retried) falls back to Okta's provider.
 */
import type { EmulatorDeps } from '../context.js';
import { applyTelephonyResponse, telephonyHookFailed, type TelephonyDelivery } from '../hook-calls/apply-telephony.js';
import type { FactorDoc } from '../store/types.js';
import { hookEnvelope, runInlineHook, type HookRequestInfo } from './hook-runner.js';

export type TelephonyRequestType =
  | 'com.okta.user.telephony.pre-enrollment'
  | 'com.okta.user.telephony.mfa-verification'
  | 'com.okta.user.telephony.account-unlock'
  | 'com.okta.user.telephony.password-reset';

export interface OtpMessage {
  factor: FactorDoc;
  code: string;
  text: string;
  to: string;
  expiresAt: Date;
  requestType: TelephonyRequestType;
  request: HookRequestInfo;
}

/** The hook's delivery, or undefined when Okta's own provider has to send the code. */
export async function deliverByTelephonyHook(deps: EmulatorDeps, message: OtpMessage): Promise<TelephonyDelivery | undefined> {
  const user = deps.store.users.get(message.factor.userId);
  const { request } = message;
  const call = await runInlineHook(deps, 'telephony', request.id, (hook) =>
    hookEnvelope(
      deps,
      'telephony',
      `${new URL(request.url.value).origin}/api/v1/inlineHooks/${hook.id}`,
      {
        context: { request },
        userProfile: {
          firstName: user?.profile.firstName ?? null,
          lastName: user?.profile.lastName ?? null,
          login: user?.profile.login ?? null,
          userId: message.factor.userId,
        },
        messageProfile: {
          msgTemplate: message.text,
          phoneNumber: message.to,
          otpExpires: message.expiresAt.toISOString(),
          deliveryChannel: message.factor.factorType === 'call' ? 'voice call' : 'SMS',
          otpCode: message.code,
          locale: 'EN-US',
        },
      },
      { requestType: message.requestType },
    ),
  );
  if (!call) return undefined;
  const { outcome } = call;
  const result = outcome.ok ? applyTelephonyResponse(outcome.body) : telephonyHookFailed(outcome.message);
  call.processed({
    applied: result.kind === 'sent-by-hook' || !result.invalid,
    ...(result.kind === 'okta-provider' ? { reason: `Okta's provider sends the code: ${result.reason}` } : {}),
    ...(result.debugContext ? { debugContext: result.debugContext } : {}),
  });
  return result.kind === 'sent-by-hook' ? result.delivery : undefined;
}
