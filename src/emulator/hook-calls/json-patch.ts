/**
 * The subset of JSON Patch (RFC 6902) Okta applies for token and SAML hooks: add, replace and remove
 * on RFC 6901 pointers, with `-` to append to an array. Operates in place on a document the caller
 * has already copied; returns a reason string when the operation cannot apply.
 */

export type PatchOpName = 'add' | 'replace' | 'remove';

type Container = Record<string, unknown> | unknown[];

/** Splits a JSON pointer into unescaped reference tokens, or undefined when it is malformed. */
export function parsePointer(pointer: string): string[] | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const tokens: string[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    // `~` must be followed by 0 or 1 (RFC 6901 section 3).
    if (/~(?![01])/.test(raw)) return undefined;
    tokens.push(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return tokens;
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function child(container: Container, token: string): { found: true; value: unknown } | { found: false } {
  if (Array.isArray(container)) {
    if (!ARRAY_INDEX.test(token)) return { found: false };
    const index = Number(token);
    return index < container.length ? { found: true, value: container[index] } : { found: false };
  }
  return Object.hasOwn(container, token) ? { found: true, value: container[token] } : { found: false };
}

/**
 * Applies one operation at `tokens` (relative to `root`). `tokens` must be non-empty: the root
 * itself is never replaced.
 */
export function applyPatchOp(root: Container, tokens: readonly string[], op: PatchOpName, value?: unknown): string | undefined {
  if (tokens.length === 0) return 'the path must name a member';
  if (tokens.includes('__proto__')) return 'the path contains a forbidden member name';
  let parent: Container = root;
  for (const token of tokens.slice(0, -1)) {
    const next = child(parent, token);
    if (!next.found) return `member "${token}" does not exist`;
    if (!isContainer(next.value)) return `member "${token}" is not an object or array`;
    parent = next.value;
  }
  const last = tokens[tokens.length - 1] as string;
  return Array.isArray(parent) ? applyToArray(parent, last, op, value) : applyToObject(parent, last, op, value);
}

function applyToArray(array: unknown[], token: string, op: PatchOpName, value: unknown): string | undefined {
  if (token === '-') {
    if (op !== 'add') return `"-" can only be used with add`;
    array.push(value);
    return undefined;
  }
  if (!ARRAY_INDEX.test(token)) return `"${token}" is not an array index`;
  const index = Number(token);
  if (op === 'add') {
    if (index > array.length) return `index ${index} is past the end of the array`;
    array.splice(index, 0, value);
    return undefined;
  }
  if (index >= array.length) return `index ${index} does not exist`;
  if (op === 'replace') array[index] = value;
  else array.splice(index, 1);
  return undefined;
}

function applyToObject(object: Record<string, unknown>, token: string, op: PatchOpName, value: unknown): string | undefined {
  if (op !== 'add' && !Object.hasOwn(object, token)) return `member "${token}" does not exist`;
  if (op === 'remove') delete object[token];
  else object[token] = value;
  return undefined;
}
