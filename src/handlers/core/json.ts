import { ContractViolationError, type ViolationSite } from './errors.js';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Rejects values JSON.stringify would silently drop or mangle (undefined, functions, NaN, bigint...), since
 * Okta would then receive something other than what the handler wrote.
 */
export function assertJsonValue(value: unknown, site: ViolationSite, where = 'value'): void {
  // Only a failing value pays for the walk that names where the problem is.
  if (!isJsonValue(value)) throw nonJsonError(value, site, where);
}

/** True when `value` is plain JSON by the rules of `assertJsonValue`. */
export function isJsonValue(value: unknown): boolean {
  return tryCopyJson(value) !== NOT_JSON;
}

/** The ContractViolationError for a value that is not plain JSON, naming where the problem is. */
export function nonJsonError(value: unknown, site: ViolationSite, where = 'value'): ContractViolationError {
  // A value that passed one read and failed the next (a getter, a proxy) has no stable culprit to name.
  const problem = findNonJson(value, where, new Set()) ?? `${where} changed while it was being read; pass plain JSON`;
  return new ContractViolationError('response.json-value', problem, site);
}

declare const jsonCopyBrand: unique symbol;
/**
 * A value the draft may keep: a fresh deep copy made by `copyJson`/`tryCopyJson`, so it is plain JSON
 * (no undefined, functions, NaN, class instances or cycles) and nothing outside the draft holds a
 * reference to any part of it. The brand makes the compiler refuse anything else in the draft.
 */
export type JsonCopy = { readonly [jsonCopyBrand]: true };

/** What `tryCopyJson` answers for a value JSON cannot carry as is. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/**
 * A deep copy of `value` when it is plain JSON by the rules of `assertJsonValue`, else `NOT_JSON`.
 * Checking and copying in one walk reads every member exactly once, so the copy is exactly what was
 * checked, even if a getter or a proxy would answer differently on a second read; and the caller
 * can no longer change it.
 */
export function tryCopyJson(value: unknown): JsonCopy | typeof NOT_JSON {
  return copyValue(value, undefined) as JsonCopy | typeof NOT_JSON;
}

/** `tryCopyJson` that throws the `response.json-value` violation `assertJsonValue` would. */
export function copyJson(value: unknown, site: ViolationSite, where = 'value'): JsonCopy {
  const copy = tryCopyJson(value);
  if (copy === NOT_JSON) throw nonJsonError(value, site, where);
  return copy;
}

/** `ancestors`: the objects on the path from the root, to refuse cycles (allocated at the first object). */
function copyValue(value: unknown, ancestors: object[] | undefined): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_JSON;
    case 'object': {
      if (value === null) return null;
      const path = ancestors ?? [];
      if (path.includes(value)) return NOT_JSON;
      path.push(value);
      const copy = Array.isArray(value) ? copyArray(value, path) : isPlainObject(value) ? copyObject(value, path) : NOT_JSON;
      path.pop();
      return copy;
    }
    default:
      return NOT_JSON;
  }
}

function copyArray(value: readonly unknown[], path: object[]): unknown {
  const copy: unknown[] = [];
  // By index, as JSON.stringify reads it: a hole is an undefined element, which JSON cannot carry.
  for (let i = 0; i < value.length; i++) {
    const element = copyValue(value[i], path);
    if (element === NOT_JSON) return NOT_JSON;
    copy.push(element);
  }
  return copy;
}

function copyObject(value: Record<string, unknown>, path: object[]): unknown {
  const copy: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const member = copyValue(value[key], path);
    if (member === NOT_JSON) return NOT_JSON;
    // An own "__proto__" member (JSON.parse makes them) must stay a member, not become the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: member, enumerable: true, writable: true, configurable: true });
    else copy[key] = member;
  }
  return copy;
}

function findNonJson(value: unknown, where: string, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${where} is ${value}, which JSON cannot carry`;
    case 'object': {
      if (value === null) return undefined;
      if (seen.has(value)) return `${where} contains a circular reference`;
      seen.add(value);
      try {
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const p = findNonJson(value[i], `${where}[${i}]`, seen);
            if (p !== undefined) return p;
          }
          return undefined;
        }
        if (!isPlainObject(value)) return `${where} is a ${value.constructor?.name ?? 'non-plain'} object; pass plain JSON`;
        for (const [k, v] of Object.entries(value)) {
          const p = findNonJson(v, `${where}.${k}`, seen);
          if (p !== undefined) return p;
        }
        return undefined;
      } finally {
        seen.delete(value);
      }
    }
    default:
      return `${where} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which JSON cannot carry`;
  }
}
