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
  if (isJsonClean(value, undefined)) return;
  // Only a failing value pays for the walk that names where the problem is.
  const problem = findNonJson(value, where, new Set());
  if (problem !== undefined) throw new ContractViolationError('response.json-value', problem, site);
}

/** The same rules as `findNonJson`, as a yes/no answer that builds no path strings. */
function isJsonClean(value: unknown, ancestors: Set<object> | undefined): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      const seen = ancestors ?? new Set<object>();
      if (seen.has(value)) return false;
      seen.add(value);
      let clean = true;
      if (Array.isArray(value)) {
        for (let i = 0; clean && i < value.length; i++) clean = isJsonClean(value[i], seen);
      } else if (isPlainObject(value)) {
        const keys = Object.keys(value);
        for (let i = 0; clean && i < keys.length; i++) clean = isJsonClean(value[keys[i]!], seen);
      } else {
        clean = false;
      }
      seen.delete(value);
      return clean;
    }
    default:
      return false;
  }
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
