/**
 * `execute` skips the second walk over a sealed body (the envelope rules for every type, the type's
 * rules where `builderChecksRules` is set) because the builders check a copy of everything they store.
 * These properties hold that reasoning to account: whatever a handler does through the builder (bad
 * values, swallowed errors, changing its objects after the calls, getters that change their answer),
 * a body `execute` returns passes the full check, and is sent exactly as it was checked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkResponseBody } from '../../../src/handlers/core/define.js';
import { ResponseDraft } from '../../../src/handlers/core/draft.js';
import { ContractViolationError } from '../../../src/handlers/core/errors.js';
import type { HookResponseBody, InlineHookDefinition } from '../../../src/handlers/core/types.js';
import { passwordImportHook, samplePasswordImportRequest } from '../../../src/handlers/password-import/index.js';
import { registrationHook, type RegistrationApi, type RegistrationEvent } from '../../../src/handlers/registration/index.js';
import { checkRegistrationResponse } from '../../../src/handlers/registration/rules.js';
import { sampleRequest as registrationSample } from '../../../src/handlers/registration/sample.js';
import { samlHook, sampleSamlRequest } from '../../../src/handlers/saml/index.js';
import { sampleTelephonyRequest, telephonyHook } from '../../../src/handlers/telephony/index.js';
import { tokenHook, type TokenApi, type TokenEvent } from '../../../src/handlers/token/index.js';
import { checkTokenResponse } from '../../../src/handlers/token/rules.js';
import { sampleRequest as tokenSample } from '../../../src/handlers/token/sample.js';
import { sampleUserImportRequest, userImportHook } from '../../../src/handlers/user-import/index.js';
import { parsed, testContext } from '../helpers.js';

/** Values a handler might pass: JSON, and everything JSON cannot carry. Materialized per run (cycles, getters). */
type ValueSpec = { json: unknown } | { odd: 'undefined' | 'nan' | 'function' | 'date' | 'cycle' | 'fickle' | 'bigint' };
const valueSpec: fc.Arbitrary<ValueSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((json) => ({ json })) },
  { weight: 1, arbitrary: fc.constantFrom('undefined', 'nan', 'function', 'date', 'cycle', 'fickle', 'bigint').map((odd) => ({ odd }) as ValueSpec) },
);

function materialize(spec: ValueSpec): unknown {
  if ('json' in spec) return structuredClone(spec.json);
  switch (spec.odd) {
    case 'undefined':
      return undefined;
    case 'nan':
      return { n: Number.NaN };
    case 'function':
      return { f: () => 1 };
    case 'date':
      return new Date(0);
    case 'bigint':
      return 1n;
    case 'cycle': {
      const value: Record<string, unknown> = { a: 1 };
      value.self = value;
      return value;
    }
    case 'fickle': {
      // A JSON string at the first read, undefined after: only a single read sees a consistent value.
      let reads = 0;
      return {
        get member() {
          reads++;
          return reads === 1 ? 'first' : undefined;
        },
      };
    }
  }
}

/** After the calls, the handler spoils every object it passed: the body must not change with them. */
function spoil(value: unknown, seen = new Set<object>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  const members = Object.entries(Object.getOwnPropertyDescriptors(value)).filter(([key, d]) => 'value' in d && d.writable && key !== 'length');
  for (const [, descriptor] of members) spoil(descriptor.value, seen);
  for (const [key] of members) (value as Record<string, unknown>)[key] = Number.NaN;
  if (Array.isArray(value)) value.push(undefined);
  else (value as Record<string, unknown>).spoiled = value;
}

const claim = fc.oneof(
  fc.constantFrom('tier', 'cost_center', 'sub', 'aud', 'exp', 'groups', 'a/b', 'x~y', '', '-', 'urn:example:claim'),
  fc.array(fc.oneof(fc.constantFrom('claims', 'x', '-', '', 'a~1'), fc.nat(3)), { maxLength: 3 }),
);
const token = fc.constantFrom('accessToken', 'idToken' as const);
const path = fc.oneof(
  fc.constantFrom('/claims/tier', '/claims/sub', '/claims/aud', '/claims/x/-', '/claims/-/x', '/token/lifetime/expiration', '/claims/a~2', 'claims/x', '/claims', '/claims/'),
  fc.string({ maxLength: 12 }),
);
const patchOp = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'replace', 'remove', 'move', 'test'), fc.constant(5)),
    path,
    value: valueSpec,
    extra: valueSpec,
  },
  { requiredKeys: ['op', 'path'] },
);
const seconds = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.double(), fc.constant(3600));
const cause = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.record({ errorSummary: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(undefined), fc.nat()), reason: fc.oneof(fc.string({ maxLength: 4 }), fc.nat()), extra: valueSpec }, { requiredKeys: [] }),
  fc.constant(null),
);
const common = [
  fc.record({ call: fc.constant('error' as const), summary: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), causes: fc.option(fc.array(cause, { maxLength: 2 }), { nil: undefined }) }),
  fc.record({ call: fc.constant('debugContext' as const), fields: fc.dictionary(fc.string({ maxLength: 4 }), valueSpec, { maxKeys: 3 }) }),
];

const tokenCall = fc.oneof(
  fc.record({ call: fc.constant('addClaim' as const), token, claim, value: valueSpec }),
  fc.record({ call: fc.constant('addClaims' as const), token, claims: fc.dictionary(fc.constantFrom('tier', 'sub', 'exp', 'ok', 'x/y'), valueSpec, { maxKeys: 3 }) }),
  fc.record({ call: fc.constant('replaceClaim' as const), token, claim, value: valueSpec }),
  fc.record({ call: fc.constant('removeClaim' as const), token, claim }),
  fc.record({ call: fc.constant('appendToClaim' as const), token, claim, value: valueSpec }),
  fc.record({ call: fc.constant('setLifetime' as const), token, seconds }),
  fc.record({ call: fc.constant('patch' as const), token, ops: fc.array(patchOp, { minLength: 1, maxLength: 2 }) }),
  fc.record({ call: fc.constant('tokenLifetime' as const), seconds }),
  fc.record({ call: fc.constant('nextCommand' as const) }),
  ...common,
);
type TokenCall = typeof tokenCall extends fc.Arbitrary<infer C> ? C : never;

const registrationCall = fc.oneof(
  fc.record({ call: fc.constant('allow' as const) }),
  fc.record({ call: fc.constant('deny' as const), summary: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), causes: fc.option(fc.array(cause, { maxLength: 2 }), { nil: undefined }) }),
  fc.record({ call: fc.constant('update' as const), attributes: fc.oneof(fc.dictionary(fc.constantFrom('email', 'password', 'department', '__proto__'), valueSpec, { maxKeys: 3 }).map((d) => ({ dict: d })), valueSpec.map((v) => ({ value: v }))) }),
  ...common,
);
type RegistrationCall = typeof registrationCall extends fc.Arbitrary<infer C> ? C : never;

type CommonCall = Extract<TokenCall, { call: 'error' | 'debugContext' }>;
function commonCall(api: TokenApi | RegistrationApi, c: CommonCall, passed: unknown[]): void {
  if (c.call === 'error') {
    const causes = c.causes?.map((k) => (typeof k === 'object' && k !== null ? { ...k, extra: materialize(k.extra ?? { json: 1 }) } : k));
    passed.push(causes);
    api.error(c.summary, causes as never);
  } else {
    const fields = Object.fromEntries(Object.entries(c.fields).map(([k, v]) => [k, materialize(v)]));
    passed.push(fields);
    api.debugContext(fields);
  }
}

function tokenCallOn(api: TokenApi, c: TokenCall, passed: unknown[]): void {
  const pass = <T>(value: T): T => (passed.push(value), value);
  switch (c.call) {
    case 'addClaim':
      return api[c.token].addClaim(c.claim as never, pass(materialize(c.value)));
    case 'addClaims':
      return api[c.token].addClaims(pass(Object.fromEntries(Object.entries(c.claims).map(([k, v]) => [k, materialize(v)]))));
    case 'replaceClaim':
      return api[c.token].replaceClaim(c.claim as never, pass(materialize(c.value)));
    case 'removeClaim':
      return api[c.token].removeClaim(c.claim as never);
    case 'appendToClaim':
      return api[c.token].appendToClaim(c.claim as never, pass(materialize(c.value)));
    case 'setLifetime':
      return api[c.token].setLifetime(c.seconds);
    case 'patch':
      return api[c.token].patch(
        ...pass(c.ops.map(({ value, extra, ...op }) => ({ ...op, ...(value ? { value: materialize(value) } : {}), ...(extra ? { extra: materialize(extra) } : {}) }) as never)),
      );
    case 'tokenLifetime':
      return api.tokenLifetime(c.seconds);
    case 'nextCommand':
      return api.nextCommand();
    default:
      return commonCall(api, c, passed);
  }
}

function registrationCallOn(api: RegistrationApi, c: RegistrationCall, passed: unknown[]): void {
  switch (c.call) {
    case 'allow':
      return api.registration.allow();
    case 'deny': {
      const causes = c.causes?.map((k) => (typeof k === 'object' && k !== null ? { ...k, extra: materialize(k.extra ?? { json: 1 }) } : k));
      passed.push(causes);
      return api.registration.deny(c.summary, causes as never);
    }
    case 'update': {
      const attributes = 'dict' in c.attributes ? Object.fromEntries(Object.entries(c.attributes.dict).map(([k, v]) => [k, materialize(v)])) : materialize(c.attributes.value);
      passed.push(attributes);
      return api.profile.update(attributes as never);
    }
    default:
      return commonCall(api, c, passed);
  }
}

/**
 * Runs the calls as a handler that swallows every builder error (so nothing stops the sequence) and
 * spoils what it passed before returning; then checks the body as a whole, and again after spoiling more.
 */
async function expectSound<E, A>(
  factory: (handler: (event: E, api: A) => void) => InlineHookDefinition<E>,
  request: unknown,
  calls: readonly unknown[],
  callOn: (api: A, call: never, passed: unknown[]) => void,
  checkResponse: (body: HookResponseBody, event: E) => void,
): Promise<number> {
  const passed: unknown[] = [];
  let refused = 0;
  const definition = factory((_event, api) => {
    for (const call of calls) {
      try {
        callOn(api, call as never, passed);
      } catch (e) {
        // Builder calls refuse with a contract violation, never a crash of the copy or the checks.
        expect(e).toBeInstanceOf(ContractViolationError);
        refused++;
      }
    }
    spoil(passed);
  });
  const event = parsed(definition, request);
  const sealed = await definition.execute(event, testContext());
  if (sealed === null) return refused;
  const { body, text: sent } = sealed;
  spoil(passed);
  expect(() => checkResponseBody({ checkResponse }, body, event)).not.toThrow();
  expect(JSON.stringify(body)).toBe(sent);
  return refused;
}

describe('builders that check what they store (execute skips the second walk)', () => {
  it('token: every body execute returns passes the full check, however the handler misbehaves', async () => {
    let refused = 0;
    let bodies = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(tokenCall, { minLength: 1, maxLength: 6 }), fc.boolean(), async (calls, withIdToken) => {
        const request = withIdToken ? tokenSample() : tokenSample({ data: { identity: undefined } });
        refused += await expectSound<TokenEvent, TokenApi>(tokenHook, request, calls, tokenCallOn, checkTokenResponse);
        bodies++;
      }),
      { numRuns: 400 },
    );
    // Both kinds of call were exercised: refused ones and stored ones.
    expect(refused).toBeGreaterThan(50);
    expect(bodies).toBe(400);
  });

  it('registration: every body execute returns passes the full check, however the handler misbehaves', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(registrationCall, { minLength: 1, maxLength: 5 }), fc.boolean(), async (calls, progressive) => {
        const request = progressive ? registrationSample({ requestType: 'progressive.profile' }) : registrationSample();
        refused += await expectSound<RegistrationEvent, RegistrationApi>(registrationHook, request, calls, registrationCallOn, checkRegistrationResponse);
      }),
      { numRuns: 300 },
    );
    expect(refused).toBeGreaterThan(30);
  });

  it('the stored copies are taken at the call: changing the objects afterwards changes nothing', async () => {
    const tier = { level: 'gold', since: [2020] };
    const fields = { enrichedFrom: { source: 'directory' } };
    const definition = tokenHook((_event, api) => {
      api.accessToken.addClaim('tier', tier);
      api.debugContext(fields);
      tier.level = 'lead';
      tier.since.push(Number.NaN);
      fields.enrichedFrom.source = 'changed';
    });
    const body = (await definition.execute(parsed(definition, tokenSample()), testContext()))?.body;
    expect(body).toEqual({
      commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/tier', value: { level: 'gold', since: [2020] } }] }],
      debugContext: { enrichedFrom: { source: 'directory' } },
    });
  });

  it.each([
    ['token', tokenHook, tokenSample()],
    ['registration', registrationHook, registrationSample()],
    ['password import', passwordImportHook, samplePasswordImportRequest()],
    ['user import', userImportHook, sampleUserImportRequest()],
    ['saml', samlHook, sampleSamlRequest()],
    ['telephony', telephonyHook, sampleTelephonyRequest()],
  ] as const)('the %s builder gives the handler no way to reach the draft', (_name, factory, request) => {
    let api: unknown;
    const definition = (factory as (handler: (event: unknown, api: unknown) => void) => InlineHookDefinition)((_event, given) => {
      api = given;
    });
    // Telephony refuses an empty answer; only the api handed over matters here.
    const done = () => undefined;
    return Promise.resolve(definition.execute(parsed(definition, request), testContext())).then(done, done).then(() => {
      // Everything reachable from the api through properties, prototypes included (private fields are not).
      const seen = new Set<unknown>();
      const visit = (value: unknown): void => {
        if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return;
        if (value === Object.prototype || value === Function.prototype) return;
        seen.add(value);
        expect(value).not.toBeInstanceOf(ResponseDraft);
        for (const key of Reflect.ownKeys(value)) {
          const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
          if ('value' in descriptor) visit(descriptor.value);
        }
        visit(Object.getPrototypeOf(value));
      };
      visit(api);
      expect(seen.size).toBeGreaterThan(2);
    });
  });
});
