import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { compileFastAccept } from '../../../src/handlers/core/fast-parse.js';
import { passwordImportRequestSchema } from '../../../src/handlers/password-import/schema.js';
import { sampleRequest as passwordImportSample } from '../../../src/handlers/password-import/sample.js';
import { registrationRequestSchema } from '../../../src/handlers/registration/schema.js';
import { sampleRequest as registrationSample } from '../../../src/handlers/registration/sample.js';
import { samlRequestSchema } from '../../../src/handlers/saml/schema.js';
import { sampleRequest as samlSample } from '../../../src/handlers/saml/sample.js';
import { tokenRequestSchema } from '../../../src/handlers/token/schema.js';
import { sampleRequest as tokenSample } from '../../../src/handlers/token/sample.js';
import { userImportRequestSchema } from '../../../src/handlers/user-import/schema.js';
import { sampleRequest as userImportSample } from '../../../src/handlers/user-import/sample.js';
import { mutate, mutationArb } from '../../hardening/mutate.js';

const hooks = [
  ['token', tokenRequestSchema, tokenSample],
  ['registration', registrationRequestSchema, registrationSample],
  ['password import', passwordImportRequestSchema, passwordImportSample],
  ['user import', userImportRequestSchema, userImportSample],
  ['saml', samlRequestSchema, samlSample],
] as const;

/** The property the fast path lives by: it accepts only what zod accepts, and zod returns it unchanged. */
function expectAgreement(schema: z.ZodMiniType, value: unknown) {
  const accept = compileFastAccept(schema)!;
  if (!accept(value)) return false;
  const result = schema.safeParse(value);
  expect(result.success).toBe(true);
  expect(result.data).toStrictEqual(value);
  return true;
}

describe('compileFastAccept', () => {
  it.each(hooks)('accepts the %s sample as zod returns it', (_name, schema, sample) => {
    expect(compileFastAccept(schema)).toBeTypeOf('function');
    expect(expectAgreement(schema, JSON.parse(JSON.stringify(sample())))).toBe(true);
  });

  it.each(hooks)('never accepts a mutated %s request that zod rejects or reshapes', (_name, schema, sample) => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (mutations) => {
        const body = JSON.parse(JSON.stringify(mutate(JSON.parse(JSON.stringify(sample())) as Record<string, unknown>, mutations)));
        if (expectAgreement(schema, body)) accepted++;
        else rejected++;
      }),
      { numRuns: 300 },
    );
    // Both sides of the property were exercised.
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });

  it('agrees with zod on arbitrary JSON for each covered kind', () => {
    const schema = z.looseObject({
      s: z.string(),
      n: z.optional(z.number()),
      b: z.optional(z.nullable(z.boolean())),
      l: z.optional(z.literal('x')),
      e: z.optional(z.enum(['a', 'b'])),
      u: z.optional(z.union([z.string(), z.number()])),
      r: z.optional(z.record(z.string(), z.looseObject({ id: z.optional(z.string()) }))),
      a: z.optional(z.array(z.string())),
    });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('s', 'n', 'b', 'l', 'e', 'u', 'r', 'a', 'z'), fc.jsonValue({ maxDepth: 3 })), (value) => {
        const accepted = expectAgreement(schema, value);
        // The other direction is allowed to differ only by falling back to zod; it never crashes.
        if (!accepted) expect(typeof schema.safeParse(value).success).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('runs refinements: a check that pushes an issue makes it fall back', () => {
    const schema = z.looseObject({ id: z.optional(z.string()) }).check((ctx) => {
      if (!ctx.value.id) ctx.issues.push({ code: 'custom', message: 'id required', input: ctx.value });
    });
    const accept = compileFastAccept(schema)!;
    expect(accept({ id: 'x' })).toBe(true);
    expect(accept({})).toBe(false);
  });

  it('leaves to zod what zod would reshape: __proto__ members, holes, class instances, symbol keys', () => {
    const schema = z.looseObject({ list: z.optional(z.array(z.string())), bag: z.optional(z.record(z.string(), z.unknown())) });
    const accept = compileFastAccept(schema)!;
    expect(accept(JSON.parse('{"__proto__": {"polluted": true}}'))).toBe(false);
    expect(accept(JSON.parse('{"bag": {"__proto__": {"polluted": true}}}'))).toBe(false);
    // eslint-disable-next-line no-sparse-arrays
    expect(accept({ list: ['a', , 'b'] })).toBe(false);
    expect(accept(new (class Event { list = ['a']; })())).toBe(false);
    expect(accept({ bag: { [Symbol('s')]: 1 } })).toBe(false);
    expect(accept({ bag: Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false }) })).toBe(false);
    expect(accept(Object.assign(Object.create(null) as object, { list: ['a'] }))).toBe(false);
    expect(accept({ list: ['a'], bag: { any: [1, { deep: null }] } })).toBe(true);
  });

  it('does not cover kinds that transform, strip, reject extras or depend on conditions', () => {
    expect(compileFastAccept(z.pipe(z.string(), z.transform((s) => s.length)))).toBeUndefined();
    expect(compileFastAccept(z.object({ a: z.string() }))).toBeUndefined();
    expect(compileFastAccept(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(compileFastAccept(z.looseObject({ a: z.string().check(z.trim()) }))).toBeUndefined();
    expect(compileFastAccept(z.looseObject({ a: z.string().check(z.minLength(1)) }))).toBeUndefined();
    expect(compileFastAccept(z.looseObject({ a: z.email() }))).toBeUndefined();
    expect(compileFastAccept({})).toBeUndefined();
  });

  it('generates no code when zod is told not to (jitless): zod parses every body then', () => {
    const schema = z.looseObject({ a: z.string() });
    z.config({ jitless: true });
    try {
      expect(compileFastAccept(schema)).toBeUndefined();
    } finally {
      z.config({ jitless: false });
    }
    expect(compileFastAccept(schema)).toBeTypeOf('function');
  });

  it('keeps member names and literals as data in the generated code', () => {
    const name = 'a"]; throw new Error("injected"); //';
    const schema = z.looseObject({ [name]: z.literal('x"; throw 1; "'), 'line\u2028break': z.optional(z.string()) });
    const accept = compileFastAccept(schema)!;
    expect(accept({ [name]: 'x"; throw 1; "' })).toBe(true);
    expect(accept({ [name]: 'x' })).toBe(false);
    expect(accept({ [name]: 'x"; throw 1; "', 'line\u2028break': 3 })).toBe(false);
  });
});

