import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContractViolationError } from '../../../src/handlers/core/errors.js';
import { copyJson, isJsonValue, NOT_JSON, tryCopyJson } from '../../../src/handlers/core/json.js';

describe('tryCopyJson', () => {
  it('copies plain JSON deeply: equal, but sharing nothing with the original', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = tryCopyJson(value);
        expect(copy).not.toBe(NOT_JSON);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
        // The original, not a JSON round trip of it: that would turn -0 into 0, which a copy must not.
        expect(copy).toStrictEqual(value);
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses exactly what assertJsonValue refuses', () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true, withSparseArray: true, withBigInt: true }), (value) => {
        expect(tryCopyJson(value) !== NOT_JSON).toBe(isJsonValue(value));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['undefined', undefined],
    ['a nested undefined', { a: [1, { b: undefined }] }],
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['a function', { f: () => 1 }],
    ['a bigint', { n: 1n }],
    ['a symbol', { s: Symbol('s') }],
    ['a Date', { d: new Date(0) }],
    ['a class instance', { c: new (class Point { x = 1; })() }],
    // eslint-disable-next-line no-sparse-arrays
    ['a hole', [1, , 2]],
  ])('refuses %s', (_name, value) => {
    expect(tryCopyJson(value)).toBe(NOT_JSON);
    expect(() => copyJson(value, { commandIndex: 3 }, 'debugContext')).toThrow(ContractViolationError);
  });

  it('refuses a cycle but copies a value referenced twice', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(tryCopyJson(cyclic)).toBe(NOT_JSON);
    expect(() => copyJson(cyclic, {}, 'debugContext')).toThrow(/debugContext.self.back contains a circular reference/);
    const shared = { x: 1 };
    expect(tryCopyJson({ a: shared, b: [shared] })).toEqual({ a: { x: 1 }, b: [{ x: 1 }] });
  });

  it('keeps an own "__proto__" member a member (JSON.parse makes them) instead of setting the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const copy = tryCopyJson(value) as object;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
  });

  it('reads every member once: the copy is what was checked even when a getter changes its answer', () => {
    let reads = 0;
    const fickle = {
      get claim() {
        reads++;
        return reads === 1 ? 'first' : undefined;
      },
    };
    expect(tryCopyJson({ fickle })).toEqual({ fickle: { claim: 'first' } });
    expect(reads).toBe(1);
  });

  it('names the culprit in the error, with the site', () => {
    try {
      copyJson({ a: { b: [1, Number.NaN] } }, { commandIndex: 2 }, 'debugContext');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ContractViolationError);
      expect((e as ContractViolationError).rule).toBe('response.json-value');
      expect((e as ContractViolationError).message).toContain('debugContext.a.b[1] is NaN');
      expect((e as ContractViolationError).site).toEqual({ commandIndex: 2 });
    }
  });
});
