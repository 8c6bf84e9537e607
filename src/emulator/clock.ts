/** Source of the current time; tests inject one to move time forward (session expiry, TOTP steps). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Okta writes timestamps in UTC with milliseconds: 2024-01-31T12:00:00.000Z. */
export function isoAt(clock: Clock, offsetMs = 0): string {
  return new Date(clock.now().getTime() + offsetMs).toISOString();
}
