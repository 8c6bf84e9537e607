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
 *
 * The predicate is generated as one function of straight-line code (as zod's own JIT does): each
 * member is read at its own site with a literal name, so every read sees one object shape and the
 * compiler can inline it, where a tree of closures made every read and call polymorphic (twice the
 * time for a token request). Where code generation is disabled (zod's `jitless`, or
 * `--disallow-code-generation-from-strings`), there is no fast path and zod parses every body.
 */
import { config } from 'zod/mini';

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

/** The source being generated: statements, and the values they refer to (`d0`, `d1`...). */
class Source {
  readonly deps: unknown[] = [];
  #names = 0;

  /** A name for a value the code calls or compares with; bound once, when the function is made. */
  dep(value: unknown): string {
    this.deps.push(value);
    return `d${this.deps.length - 1}`;
  }

  /** A fresh local variable name. */
  local(): string {
    return `v${this.#names++}`;
  }
}

/**
 * Plain objects only: zod copies a class instance's members into a plain object and drops own
 * `__proto__` members (JSON.parse makes them), so such a value would come back changed.
 */
const plainObject = (v: string) =>
  `if (typeof ${v} !== "object" || ${v} === null || Object.getPrototypeOf(${v}) !== Object.prototype || Object.hasOwn(${v}, "__proto__")) return false;`;

/** A JSON string literal is a JS string literal, so names and values cannot break out of the code. */
const literal = (text: string) => JSON.stringify(text);

/** zod's checks without conditions or overwrites, run as zod runs them; a check that reports an issue rejects. */
function runChecks(checks: readonly CheckLike[]): Accept {
  return (value) => {
    for (const check of checks) {
      const payload = { value, issues: [] as unknown[] };
      if (check._zod.check(payload) instanceof Promise || payload.issues.length > 0) return false;
    }
    return true;
  };
}

/**
 * Statements that `return false` unless the value in variable `v` is accepted, or `undefined` when the
 * schema has a kind the fast path does not cover.
 */
function emit(src: Source, schema: SchemaLike, v: string): string | undefined {
  const def = schema._zod.def;
  if (def.coerce || def.format !== undefined) return undefined;
  const body = emitKind(src, def, v);
  if (body === undefined || !def.checks || def.checks.length === 0) return body;
  // Conditional checks and overwrites (trim, lowercase...) change what zod does or returns.
  if (def.checks.some((check) => check._zod.def.when !== undefined || check._zod.def.check === 'overwrite')) return undefined;
  return `${body}\nif (!${src.dep(runChecks(def.checks))}(${v})) return false;`;
}

function emitKind(src: Source, def: Def, v: string): string | undefined {
  switch (def.type) {
    case 'unknown':
    case 'any':
      return '';
    case 'string':
      return `if (typeof ${v} !== "string") return false;`;
    case 'number':
      return `if (typeof ${v} !== "number" || !Number.isFinite(${v})) return false;`;
    case 'boolean':
      return `if (typeof ${v} !== "boolean") return false;`;
    case 'null':
      return `if (${v} !== null) return false;`;
    case 'literal':
      return oneOf(src, def.values ?? [], v);
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      // String enums only: numeric ones carry reverse mappings zod filters out.
      if (values.length === 0 || values.some((value) => typeof value !== 'string')) return undefined;
      return oneOf(src, values, v);
    }
    case 'optional':
    case 'nullable': {
      const inner = def.innerType && emit(src, def.innerType, v);
      if (inner === undefined) return undefined;
      return `if (${v} !== ${def.type === 'optional' ? 'undefined' : 'null'}) {\n${inner}\n}`;
    }
    case 'union': {
      // Each option is a predicate of its own: "any option accepts" needs an answer from each.
      const options = (def.options ?? []).map((option) => compileFunction(option));
      if (options.length === 0 || options.some((option) => option === undefined)) return undefined;
      return `if (!(${options.map((option) => `${src.dep(option)}(${v})`).join(' || ')})) return false;`;
    }
    case 'array': {
      const element = src.local();
      const index = src.local();
      const inner = def.element && emit(src, def.element, element);
      if (inner === undefined) return undefined;
      // By index, as zod reads it: a hole is an undefined element, not a skipped one.
      return `if (!Array.isArray(${v})) return false;\nfor (let ${index} = 0; ${index} < ${v}.length; ${index}++) {\nconst ${element} = ${v}[${index}];\n${inner}\n}`;
    }
    case 'record':
      return emitRecord(src, def, v);
    case 'object':
      return emitObject(src, def, v);
    default:
      return undefined;
  }
}

function oneOf(src: Source, values: readonly unknown[], v: string): string {
  if (values.length > 0 && values.every((value) => typeof value === 'string')) {
    return `if (${values.map((value) => `${v} !== ${literal(value as string)}`).join(' && ')}) return false;`;
  }
  // Other literals compare as zod does (SameValueZero).
  return `if (!${src.dep(values)}.includes(${v})) return false;`;
}

function emitRecord(src: Source, def: Def, v: string): string | undefined {
  const key = def.keyType?._zod.def;
  if (key?.type !== 'string' || (key.checks?.length ?? 0) > 0 || key.coerce) return undefined;
  const valueType = def.valueType;
  if (!valueType) return undefined;
  const keys = src.local();
  const member = src.local();
  const index = src.local();
  const inner = emit(src, valueType, member);
  if (inner === undefined) return undefined;
  // zod also reads symbol and non-enumerable keys; JSON never makes them, so such a value takes its path.
  // The same test as `Reflect.ownKeys(v).length !== keys.length` (own keys are the names plus the
  // symbols; the enumerable names are among the names) at a seventh of the cost.
  let code = `${plainObject(v)}\nconst ${keys} = Object.keys(${v});\nif (Object.getOwnPropertyNames(${v}).length !== ${keys}.length || Object.getOwnPropertySymbols(${v}).length !== 0) return false;`;
  if (inner !== '') {
    code += `\nfor (let ${index} = 0; ${index} < ${keys}.length; ${index}++) {\nconst ${member} = ${v}[${keys}[${index}]];\n${inner}\n}`;
  }
  return code;
}

function emitObject(src: Source, def: Def, v: string): string | undefined {
  // Only loose objects return what they were given; stripping or strict ones reshape or reject.
  const rest = def.catchall?._zod.def.type;
  if (rest !== 'unknown' && rest !== 'any') return undefined;
  const lines = [plainObject(v)];
  for (const [name, schema] of Object.entries(def.shape ?? {})) {
    const member = src.local();
    const inner = emit(src, schema, member);
    if (inner === undefined) return undefined;
    if (inner !== '') lines.push(`const ${member} = ${v}[${literal(name)}];\n${inner}`);
  }
  return lines.join('\n');
}

/** The predicate for `schema` as one generated function, or `undefined` (kind not covered, or no code generation). */
function compileFunction(schema: SchemaLike): Accept | undefined {
  const src = new Source();
  const body = emit(src, schema, 'value');
  if (body === undefined) return undefined;
  const names = src.deps.map((_, i) => `d${i}`);
  try {
    // Built from schema definitions only, never from input. The values are bound as parameters of an
    // outer function, so each is a constant of the predicate.
    const make = new Function(...names, `"use strict";\nreturn function accept(value) {\n${body}\nreturn true;\n};`) as (...deps: unknown[]) => Accept;
    return make(...src.deps);
  } catch {
    return undefined;
  }
}

/**
 * A predicate that is true only for values `schema.safeParse` accepts and returns deep-equal; or
 * `undefined` when the schema uses a kind the fast path does not cover (then always use zod).
 */
export function compileFastAccept(schema: unknown): Accept | undefined {
  const def = (schema as Partial<SchemaLike> | null)?._zod?.def;
  if (!def || typeof def.type !== 'string') return undefined;
  // Users who turned zod's own code generation off (e.g. for a strict CSP) get none from us either.
  if (config().jitless) return undefined;
  return compileFunction(schema as SchemaLike);
}
