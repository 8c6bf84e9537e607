import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD_S = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUrl(secret: string, login: string, issuer: string): string {
  return new TOTP({ issuer, label: login, secret: Secret.fromBase32(secret), period: TOTP_PERIOD_S, digits: 6, algorithm: 'SHA1' }).toString();
}

/** The time-step counter the code belongs to (±1 step of drift allowed), or undefined when it does not match. */
export function matchTotp(secret: string, token: string, at: Date): number | undefined {
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = TOTP.validate({ token, secret: Secret.fromBase32(secret), timestamp: at.getTime(), period: TOTP_PERIOD_S, digits: 6, window: 1 });
  return delta === null ? undefined : Math.floor(at.getTime() / 1000 / TOTP_PERIOD_S) + delta;
}
