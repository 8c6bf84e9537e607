import { createHash, randomInt } from 'node:crypto';
import type { EmulatorDeps } from './context.js';
import { newId } from './ids.js';
import type { FactorDoc, FactorSecret, OutboxMessage } from './store/types.js';

export const CODE_LIFETIME_MS = 5 * 60_000;

export const hashCode = (code: string): string => createHash('sha256').update(code).digest('base64url');

/**
 * "Sends" a one-time code for an sms, call or email factor: it lands in the outbox table and the
 * log, never on a real phone or mailbox. Returns the factor secret holding the pending code's hash.
 */
export function sendFactorCode(deps: EmulatorDeps, factor: FactorDoc, secret: FactorSecret): FactorSecret {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const channel = factor.factorType as OutboxMessage['channel'];
  const to = String(channel === 'email' ? factor.profile.email : factor.profile.phoneNumber);
  const now = deps.clock.now();
  const message: OutboxMessage = {
    id: newId('outbox'),
    created: now.toISOString(),
    channel,
    to,
    userId: factor.userId,
    factorId: factor.id,
    code,
    message: channel === 'email' ? `Your verification code is ${code}` : `Your verification code is ${code}`,
  };
  deps.store.outbox.insert(message);
  deps.logger.info(`emulator outbox: ${channel} to ${to}: code ${code}`, { userId: factor.userId, factorId: factor.id });
  return { ...secret, pendingCodeHash: hashCode(code), pendingCodeExpiresAt: new Date(now.getTime() + CODE_LIFETIME_MS).toISOString() };
}

export function pendingCodeMatches(deps: EmulatorDeps, secret: FactorSecret, passCode: string): boolean {
  return (
    secret.pendingCodeHash !== undefined &&
    secret.pendingCodeExpiresAt !== undefined &&
    secret.pendingCodeExpiresAt > deps.clock.now().toISOString() &&
    secret.pendingCodeHash === hashCode(passCode)
  );
}
