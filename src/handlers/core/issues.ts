import type { ValidationIssue } from './types.js';

/** The parts of a zod issue we read; kept structural so this module does not pull zod in. */
export interface SchemaIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly errors?: readonly (readonly SchemaIssue[])[];
}

/** `data.context.request.id`, with `[n]` for array indexes; the body itself is `(root)`. */
export function formatLocation(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Turns schema issues into messages that say what was expected and what arrived. */
export function toValidationIssues(issues: readonly SchemaIssue[], body: unknown): ValidationIssue[] {
  return issues.map((issue) => ({ location: formatLocation(issue.path), message: describe(issue, valueAt(body, issue.path)) }));
}

/** zod's internal names that mean "a JSON object" to someone reading the error. */
function expectedName(expected: string | undefined): string {
  if (expected === undefined) return 'value';
  return expected === 'record' ? 'object' : expected;
}

function describe(issue: SchemaIssue, received: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return received === undefined ? `required ${expectedName(issue.expected)} is missing` : `expected ${expectedName(issue.expected)}, got ${typeName(received)}`;
    case 'invalid_value':
      return `expected ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(' or ')}, got ${preview(received)}`;
    case 'invalid_union': {
      const expected = new Set((issue.errors ?? []).flatMap((branch) => branch.filter((i) => i.path.length === 0).map((i) => i.expected ?? i.message)));
      const list = [...expected].join(' or ');
      return received === undefined ? `required ${list} is missing` : `expected ${list}, got ${typeName(received)}`;
    }
    default:
      return issue.message;
  }
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = body;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
