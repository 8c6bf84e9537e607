import { describe, expect, it } from 'vitest';
import type { InlineHookDefinition } from '../../../src/handlers/core/types.js';
import { mergeSample } from '../../../src/handlers/core/sample.js';
import * as hooks from '../../../src/handlers/index.js';
import { hasSamples, loadSample, sampleFiles, SAMPLES_DIR } from '../helpers.js';

const noop = () => {};
const TYPES: [string, InlineHookDefinition<unknown>, (o?: Record<string, unknown>) => { eventId?: string; eventTime?: string }, RegExp][] = [
  ['token', hooks.tokenHook(noop) as InlineHookDefinition<unknown>, hooks.sampleTokenRequest, /^token-request/],
  ['registration', hooks.registrationHook(noop) as InlineHookDefinition<unknown>, hooks.sampleRegistrationRequest, /^registration-.*request/],
  ['password-import', hooks.passwordImportHook(noop) as InlineHookDefinition<unknown>, hooks.samplePasswordImportRequest, /^password-import-request/],
  ['user-import', hooks.userImportHook(noop) as InlineHookDefinition<unknown>, hooks.sampleUserImportRequest, /^user-import-request/],
  ['saml', hooks.samlHook(noop) as InlineHookDefinition<unknown>, hooks.sampleSamlRequest, /^saml-request/],
  ['telephony', hooks.telephonyHook(noop) as InlineHookDefinition<unknown>, hooks.sampleTelephonyRequest, /^telephony-request/],
];

describe('sampleRequest generators', () => {
  it.each(TYPES)('%s: parses with its own definition only, with fresh ids and a current time', (type, def, sample) => {
    const a = sample();
    const b = sample();
    expect(def.type).toBe(type);
    expect(def.parse(a).ok).toBe(true);
    expect(a.eventId).not.toBe(b.eventId);
    expect(Math.abs(Date.parse(a.eventTime ?? '') - Date.now())).toBeLessThan(60_000);
    for (const [, other] of TYPES) if (other !== def) expect(other.parse(a).ok).toBe(false);
  });

  it('applies deep overrides and removes members set to undefined', () => {
    expect(mergeSample({ a: { b: 1, c: 2 }, d: [1] }, { a: { c: undefined, e: 3 }, d: [2] })).toEqual({ a: { b: 1, e: 3 }, d: [2] });
  });

  it('builds progressive registration requests on request', () => {
    const r = hooks.sampleRegistrationRequest({ requestType: 'progressive.profile' });
    expect(r.requestType).toBe('progressive.profile');
    expect(r.data.userProfileUpdate).toBeDefined();
  });
});

describe.skipIf(!hasSamples)('every request sample in ../shared parses with exactly one definition', () => {
  const requests = sampleFiles(SAMPLES_DIR, /request.*\.json$/);
  it('finds the request samples', () => {
    expect(requests.length).toBeGreaterThanOrEqual(8);
  });
  it.each(requests)('%s', (file) => {
    const body = loadSample(file);
    const accepted = TYPES.filter(([, def]) => def.parse(body).ok).map(([type]) => type);
    const expected = TYPES.find(([, , , pattern]) => pattern.test(file))?.[0];
    expect(accepted).toEqual([expected]);
  });
});
