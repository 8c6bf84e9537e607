import { isPlainObject } from './json.js';

/** The invented org every generated sample points at. */
export const SAMPLE_ORG_URL = 'https://gatehook-demo.okta.com';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomChars(length: number, alphabet = BASE62): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** An id shaped like Okta's: a 3-character type prefix (`00u` user, `0oa` app...) and 17 more characters. */
export function oktaId(prefix: string): string {
  return prefix + randomChars(20 - prefix.length);
}

/** A 22-character url-safe event id like the ones Okta sends. */
export function newEventId(): string {
  return randomChars(22, `${BASE62}-_`);
}

/** ISO-8601 time, `offsetMs` from now. */
export function isoTime(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString();
}

export function requestContext(method: string, path: string): Record<string, unknown> {
  return { id: randomChars(27), method, url: { value: `${SAMPLE_ORG_URL}${path}` }, ipAddress: '203.0.113.24' };
}

/** Deep-merges `overrides` into a generated sample: objects merge, anything else replaces, `undefined` removes. */
export function mergeSample(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides === undefined ? base : overrides;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[key];
    else out[key] = mergeSample(out[key], value);
  }
  return out;
}

/** Applies overrides to a generated body and types the result as the request it stands for. */
export function finishSample<T>(body: object, overrides: Record<string, unknown>): T {
  return mergeSample(body, overrides) as T;
}

/** The envelope fields every generated request shares. */
export function sampleEnvelope(eventType: string, source: string): Record<string, unknown> {
  return {
    eventId: newEventId(),
    eventTime: isoTime(),
    eventType,
    eventTypeVersion: '1.0',
    contentType: 'application/json',
    cloudEventVersion: '0.1',
    source,
  };
}

/** A signed-in user plus session, as token and SAML hooks carry them. */
export function sampleUserAndSession(login: string, firstName: string, lastName: string): { user: Record<string, unknown>; session: Record<string, unknown> } {
  const userId = oktaId('00u');
  const idpId = oktaId('00o');
  return {
    user: {
      id: userId,
      passwordChanged: isoTime(-90 * 86_400_000),
      profile: { login, firstName, lastName, locale: 'en', timeZone: 'Europe/Berlin' },
      _links: {
        groups: { href: `${SAMPLE_ORG_URL}/api/v1/users/${userId}/groups` },
        factors: { href: `${SAMPLE_ORG_URL}/api/v1/users/${userId}/factors` },
      },
    },
    session: {
      id: `102${randomChars(22)}`,
      userId,
      login,
      createdAt: isoTime(-5 * 60_000),
      expiresAt: isoTime(2 * 3_600_000),
      status: 'ACTIVE',
      lastPasswordVerification: isoTime(-5 * 60_000),
      amr: ['PASSWORD'],
      idp: { id: idpId, type: 'OKTA' },
      mfaActive: false,
    },
  };
}
