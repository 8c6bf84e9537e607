import { isPlainObject } from './json.js';

export const REDACTED = '[REDACTED]';

/** Member names whose values are secrets wherever they appear. Exact names: `passwordChanged` is a date, not a secret. */
const SECRET_KEYS = new Set(['password', 'otpCode', 'clientSecret', 'client_secret', 'client_assertion', 'access_token', 'id_token']);

/**
 * A deep copy of `body` that is safe to log: members with secret names are replaced, and `extra` may
 * scrub further (e.g. the OTP inside a telephony message text). Never mutates the input.
 */
export function redactSecrets(body: unknown, extra?: (copy: Record<string, unknown>, original: Record<string, unknown>) => void): unknown {
  const copy = scrub(body);
  if (extra !== undefined && isPlainObject(copy) && isPlainObject(body)) extra(copy, body);
  return copy;
}

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key) && member !== null && member !== undefined ? REDACTED : scrub(member);
  }
  return out;
}

/** Reads a nested member of plain objects, `undefined` if any step is missing. */
export function pick(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
