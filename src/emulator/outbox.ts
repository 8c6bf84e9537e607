import { createHash, randomInt } from 'node:crypto';
import type { EmulatorDeps } from './context.js';
import { deliverByTelephonyHook, type TelephonyRequestType } from './flows/telephony.js';
import type { HookRequestInfo } from './flows/hook-runner.js';
import { newId } from './ids.js';
import type { FactorDoc, FactorSecret, OutboxMessage } from './store/types.js';

export const CODE_LIFETIME_MS = 5 * 60_000;

export const hashCode = (code: string): string => createHash('sha256').update(code).digest('base64url');

/** Why a code is sent, for the telephony hook's `requestType` and `data.context.request`. */
export interface CodeRequest {
  requestType: TelephonyRequestType;
  request: HookRequestInfo;
}

/**
 * "Sends" a one-time code for an sms, call or email factor: it lands in the outbox table and the
 * log, never on a real phone or mailbox. SMS and voice go through the active telephony inline hook
 * first; Okta's own provider (provider `okta` in the outbox) is the fallback. Returns the factor
 * secret holding the pending code's hash.
 */
export async function sendFactorCode(deps: EmulatorDeps, factor: FactorDoc, secret: FactorSecret, why: CodeRequest): Promise<FactorSecret> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const channel = factor.factorType as OutboxMessage['channel'];
  const to = String(channel === 'email' ? factor.profile.email : factor.profile.phoneNumber);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + CODE_LIFETIME_MS);
  const text = `Your verification code is ${code}`;
  const delivery =
    channel === 'email' ? undefined : await deliverByTelephonyHook(deps, { factor, code, text, to, expiresAt, ...why });
  const message: OutboxMessage = {
    id: newId('outbox'),
    created: now.toISOString(),
    channel,
    to,
    userId: factor.userId,
    factorId: factor.id,
    code,
    message: text,
    provider: delivery ? 'hook' : 'okta',
    ...(delivery?.transactionId ? { transactionId: delivery.transactionId } : {}),
  };
  deps.store.outbox.insert(message);
  deps.logger.info(`emulator outbox: ${channel} to ${to} via ${message.provider}: code ${code}`, { userId: factor.userId, factorId: factor.id });
  return { ...secret, pendingCodeHash: hashCode(code), pendingCodeExpiresAt: expiresAt.toISOString() };
}

export function pendingCodeMatches(deps: EmulatorDeps, secret: FactorSecret, passCode: string): boolean {
  return (
    secret.pendingCodeHash !== undefined &&
    secret.pendingCodeExpiresAt !== undefined &&
    secret.pendingCodeExpiresAt > deps.clock.now().toISOString() &&
    secret.pendingCodeHash === hashCode(passCode)
  );
}
