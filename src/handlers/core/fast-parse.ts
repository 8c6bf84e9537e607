/**
 * A fast path for the lenient request schemas: zod/mini copies every member of every object it
 * walks (about 15 µs for a token request, as much as JSON.parse of the body). For the schema kinds
 * whose output equals their input (loose objects, records of strings to anything, arrays, unions,
 * optional/nullable, primitives, literals and checks without conditions), `compileFastAccept`
 * builds a predicate that answers "zod would accept this unchanged". When it says yes the body is
 * used as is; when it says no (or a schema has a kind it does not know: transforms, pipes, strict
 * or stripping objects...) zod runs as before, so its issues and output stay the only authority on
 * a rejected or reshaped body. The predicate must never accept what zod rejects: every kind below
 * is checked at least as strictly as zod checks it (test/handlers/core/fast-parse.test.ts).
 */

/** What we read of a zod schema: its `_zod.def` (a stable part of zod 4's core). */
interface SchemaLike {
  _zod: { def: Def };
}
interface CheckLike {
  _zod: { def: { check?: string; when?: unknown }; check(payload: { value: unknown; issues: unknown[] }): unknown };
}
interface Def {
  type: string;
  checks?: readonly CheckLike[];
  shape?: Record<string, SchemaLike>;
  catchall?: SchemaLike;
  innerType?: SchemaLike;
  options?: readonly SchemaLike[];
  values?: readonly unknown[];
  keyType?: SchemaLike;
  valueType?: SchemaLike;
  element?: SchemaLike;
  coerce?: boolean;
  format?: string;
  entries?: Record<string, unknown>;
}

type Accept = (value: unknown) => boolean;

/** `unknown` / `any`: known by identity, so a record of them skips the walk over its members. */
const anything: Accept = () => true;

/** What JSON.parse makes; zod returns even a null-prototype object as an ordinary one. */
function isRecordLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** zod drops own `__proto__` members of the objects it walks; such a body takes the zod path. */
const hasOwnProto = (value: object) => Object.hasOwn(value, '__proto__');

function withChecks(accept: Accept, checks: readonly CheckLike[] | undefined): Accept | undefined {
  if (!checks || checks.length === 0) return accept;
  // Conditional checks and overwrites (trim, lowercase...) change what zod does or returns.
  if (checks.some((check) => check._zod.def.when !== undefined || check._zod.def.check === 'overwrite')) return undefined;
  return (value) => {
    if (!accept(value)) return false;
    for (const check of checks) {
      const payload = { value, issues: [] as unknown[] };
      if (check._zod.check(payload) instanceof Promise || payload.issues.length > 0) return false;
    }
    return true;
  };
}

function compile(schema: SchemaLike): Accept | undefined {
  const def = schema._zod.def;
  if (def.coerce || def.format !== undefined) return undefined;
  let accept: Accept | undefined;
  switch (def.type) {
    case 'unknown':
    case 'any':
      accept = anything;
      break;
    case 'string':
      accept = (v) => typeof v === 'string';
      break;
    case 'number':
      accept = (v) => typeof v === 'number' && Number.isFinite(v);
      break;
    case 'boolean':
      accept = (v) => typeof v === 'boolean';
      break;
    case 'null':
      accept = (v) => v === null;
      break;
    case 'literal': {
      const values = def.values ?? [];
      accept = (v) => values.includes(v);
      break;
    }
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      // String enums only: numeric ones carry reverse mappings zod filters out.
      if (values.length === 0 || values.some((v) => typeof v !== 'string')) return undefined;
      accept = (v) => values.includes(v);
      break;
    }
    case 'optional': {
      const inner = def.innerType && compile(def.innerType);
      if (!inner) return undefined;
      accept = (v) => v === undefined || inner(v);
      break;
    }
    case 'nullable': {
      const inner = def.innerType && compile(def.innerType);
      if (!inner) return undefined;
      accept = (v) => v === null || inner(v);
      break;
    }
    case 'union': {
      const options = (def.options ?? []).map(compile);
      if (options.length === 0 || options.some((o) => o === undefined)) return undefined;
      const all = options as Accept[];
      accept = (v) => all.some((option) => option(v));
      break;
    }
    case 'array': {
      const element = def.element && compile(def.element);
      if (!element) return undefined;
      accept = (v) => {
        if (!Array.isArray(v)) return false;
        // By index, as zod reads it: a hole is an undefined element, not a skipped one.
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
      break;
    }
    case 'record': {
      const key = def.keyType?._zod.def;
      if (key?.type !== 'string' || (key.checks?.length ?? 0) > 0 || key.coerce) return undefined;
      const value = def.valueType && compile(def.valueType);
      if (!value) return undefined;
      accept = (v) => {
        if (!isRecordLike(v) || hasOwnProto(v)) return false;
        const keys = Object.keys(v);
        // zod also reads symbol and non-enumerable keys; JSON never makes them, so such a value takes its path.
        if (Reflect.ownKeys(v).length !== keys.length) return false;
        if (value === anything) return true;
        for (const k of keys) if (!value(v[k])) return false;
        return true;
      };
      break;
    }
    case 'object': {
      // Only loose objects return what they were given; stripping or strict ones reshape or reject.
      const rest = def.catchall?._zod.def.type;
      if (rest !== 'unknown' && rest !== 'any') return undefined;
      const members: Array<[string, Accept]> = [];
      for (const [name, member] of Object.entries(def.shape ?? {})) {
        const check = compile(member);
        if (!check) return undefined;
        members.push([name, check]);
      }
      accept = (v) => {
        // Plain objects only: zod would copy a class instance's enumerable members into a plain object.
        if (!isRecordLike(v) || hasOwnProto(v)) return false;
        const record = v;
        for (let i = 0; i < members.length; i++) {
          const [name, check] = members[i]!;
          if (!check(record[name])) return false;
        }
        return true;
      };
      break;
    }
    default:
      return undefined;
  }
  return withChecks(accept, def.checks);
}

/**
 * A predicate that is true only for values `schema.safeParse` accepts and returns deep-equal; or
 * `undefined` when the schema uses a kind the fast path does not cover (then always use zod).
 */
export function compileFastAccept(schema: unknown): Accept | undefined {
  const def = (schema as Partial<SchemaLike> | null)?._zod?.def;
  if (!def || typeof def.type !== 'string') return undefined;
  return compile(schema as SchemaLike);
}
