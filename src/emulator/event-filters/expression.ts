/**
 * The subset of Okta Expression Language that event hook filters use, compiled once to a
 * predicate over a System Log event:
 *
 *   event.eventType eq 'user.lifecycle.create'
 *   event.outcome.result == 'SUCCESS' && event.actor.alternateId.endsWith('@example.com')
 *   event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0
 *   event.debugData.changedAttributes.contains('email')
 *
 * Operators: `&&`/`AND`, `||`/`OR`, `!`/`NOT`, `==`/`eq`, `!=`/`ne`, `>`/`gt`, `>=`/`ge`, `<`/`lt`,
 * `<=`/`le`; string literals in single or double quotes, numbers, true, false, null; parentheses;
 * the selection `list.?[predicate]` (inside it, names are fields of each element); and the
 * methods size(), contains(), startsWith(), endsWith(). Anything else is a compile error naming
 * the position, so a filter is refused when it is saved, never silently at delivery.
 *
 * The same language with other roots and global functions serves group rules
 * (`user.department == "Sales" && isMemberOfAnyGroup("00g...")`): see `compileExpressionOver`.
 */

export class FilterExpressionError extends Error {
  override readonly name = 'FilterExpressionError';
}

type Token =
  | { kind: 'string' | 'name' | 'op' | 'punct'; text: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number };

type Node =
  | { kind: 'literal'; value: unknown }
  | { kind: 'path'; root: string; steps: Step[] }
  | { kind: 'function'; name: string; args: Node[] }
  | { kind: 'not'; operand: Node }
  | { kind: 'logic'; op: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'compare'; op: CompareOp; left: Node; right: Node };

type Step = { kind: 'field'; name: string } | { kind: 'select'; predicate: Node } | { kind: 'call'; method: Method; args: Node[] };

type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
type Method = 'size' | 'contains' | 'startsWith' | 'endsWith';
const METHODS = new Set<string>(['size', 'contains', 'startsWith', 'endsWith']);

const WORD_OPS: Record<string, string> = { and: '&&', or: '||', not: '!', eq: '==', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=' };
const COMPARE: Record<string, CompareOp> = { '==': 'eq', '!=': 'ne', '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (ch === "'" || ch === '"') {
      let text = '';
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === '\\' && i + 1 < source.length) i++;
        text += source[i];
        i++;
      }
      if (i >= source.length) throw new FilterExpressionError(`unterminated string at position ${at + 1}`);
      i++;
      tokens.push({ kind: 'string', text, at });
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0], at });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (name) {
      const word = WORD_OPS[name[0].toLowerCase()];
      // Word operators are lowercase in Okta's examples (eq) or uppercase (AND); both read as operators.
      if (word && (name[0] === name[0].toLowerCase() || name[0] === name[0].toUpperCase())) tokens.push({ kind: 'op', text: word, at });
      else tokens.push({ kind: 'name', text: name[0], at });
      i += name[0].length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (['&&', '||', '==', '!=', '>=', '<=', '.?'].includes(two)) {
      tokens.push(two === '.?' ? { kind: 'punct', text: two, at } : { kind: 'op', text: two, at });
      i += 2;
      continue;
    }
    if ('!<>'.includes(ch)) {
      tokens.push({ kind: 'op', text: ch, at });
      i++;
      continue;
    }
    if ('.()[],'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, at });
      i++;
      continue;
    }
    throw new FilterExpressionError(`unexpected "${ch}" at position ${at + 1}`);
  }
  return tokens;
}

/** The item of a `.?[...]` selection; never a root name, as roots are identifiers. */
const ITEM = '.item';

interface Grammar {
  roots: ReadonlySet<string>;
  /** Global function names, dotted ones included (`String.stringContains`). */
  functions: ReadonlySet<string>;
}

class Parser {
  readonly #tokens: Token[];
  readonly #grammar: Grammar;
  #index = 0;
  #inSelection = 0;

  constructor(tokens: Token[], grammar: Grammar) {
    this.#tokens = tokens;
    this.#grammar = grammar;
  }

  parse(): Node {
    const node = this.#or();
    const extra = this.#peek();
    if (extra) throw new FilterExpressionError(`unexpected "${extra.text}" at position ${extra.at + 1}`);
    return node;
  }

  #peek(): Token | undefined {
    return this.#tokens[this.#index];
  }

  #accept(kind: Token['kind'], text?: string): Token | undefined {
    const token = this.#peek();
    if (token && token.kind === kind && (text === undefined || token.text === text)) {
      this.#index++;
      return token;
    }
    return undefined;
  }

  #expect(kind: Token['kind'], text: string): void {
    if (this.#accept(kind, text)) return;
    const token = this.#peek();
    throw new FilterExpressionError(token ? `expected "${text}" at position ${token.at + 1}` : `expected "${text}" at the end`);
  }

  #or(): Node {
    let node = this.#and();
    while (this.#accept('op', '||')) node = { kind: 'logic', op: 'or', left: node, right: this.#and() };
    return node;
  }

  #and(): Node {
    let node = this.#not();
    while (this.#accept('op', '&&')) node = { kind: 'logic', op: 'and', left: node, right: this.#not() };
    return node;
  }

  #not(): Node {
    if (this.#accept('op', '!')) return { kind: 'not', operand: this.#not() };
    return this.#compare();
  }

  #compare(): Node {
    const left = this.#primary();
    const token = this.#peek();
    const op = token?.kind === 'op' ? COMPARE[token.text] : undefined;
    if (!op) return left;
    this.#index++;
    return { kind: 'compare', op, left, right: this.#primary() };
  }

  #primary(): Node {
    const token = this.#peek();
    if (!token) throw new FilterExpressionError('the expression ends too early');
    if (this.#accept('punct', '(')) {
      const node = this.#or();
      this.#expect('punct', ')');
      return node;
    }
    if (token.kind === 'string') {
      this.#index++;
      return { kind: 'literal', value: token.text };
    }
    if (token.kind === 'number') {
      this.#index++;
      return { kind: 'literal', value: token.value };
    }
    if (token.kind === 'name') {
      this.#index++;
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
      if (token.text === 'null') return { kind: 'literal', value: null };
      const fn = this.#functionName(token.text);
      if (fn) return { kind: 'function', name: fn, args: this.#arguments() };
      if (this.#grammar.roots.has(token.text)) return { kind: 'path', root: token.text, steps: this.#steps([]) };
      if (this.#inSelection > 0) return { kind: 'path', root: ITEM, steps: this.#steps([{ kind: 'field', name: token.text }]) };
      const roots = [...this.#grammar.roots].map((root) => `"${root}."`).join(' or ');
      throw new FilterExpressionError(`unknown name "${token.text}" at position ${token.at + 1}: paths start with ${roots}`);
    }
    throw new FilterExpressionError(`unexpected "${token.text}" at position ${token.at + 1}`);
  }

  /** A global function call starting at the name just read (`f(` or `Ns.f(`); consumes the name's dotted part. */
  #functionName(first: string): string | undefined {
    const next = this.#tokens[this.#index];
    if (next?.kind === 'punct' && next.text === '(' && this.#grammar.functions.has(first)) return first;
    const member = this.#tokens[this.#index + 1];
    const open = this.#tokens[this.#index + 2];
    if (next?.text === '.' && member?.kind === 'name' && open?.text === '(' && this.#grammar.functions.has(`${first}.${member.text}`)) {
      this.#index += 2;
      return `${first}.${member.text}`;
    }
    return undefined;
  }

  #arguments(): Node[] {
    this.#expect('punct', '(');
    const args: Node[] = [];
    if (!this.#accept('punct', ')')) {
      do args.push(this.#or());
      while (this.#accept('punct', ','));
      this.#expect('punct', ')');
    }
    return args;
  }

  #steps(steps: Step[]): Step[] {
    for (;;) {
      if (this.#accept('punct', '.?')) {
        this.#expect('punct', '[');
        this.#inSelection++;
        const predicate = this.#or();
        this.#inSelection--;
        this.#expect('punct', ']');
        steps.push({ kind: 'select', predicate });
        continue;
      }
      if (!this.#accept('punct', '.')) return steps;
      const name = this.#accept('name');
      if (!name) {
        const token = this.#peek();
        throw new FilterExpressionError(token ? `expected a field name at position ${token.at + 1}` : 'expected a field name at the end');
      }
      if (this.#accept('punct', '(')) {
        if (!METHODS.has(name.text)) throw new FilterExpressionError(`unknown method "${name.text}()" at position ${name.at + 1}`);
        const args: Node[] = [];
        if (!this.#accept('punct', ')')) {
          do args.push(this.#or());
          while (this.#accept('punct', ','));
          this.#expect('punct', ')');
        }
        const wanted = name.text === 'size' ? 0 : 1;
        if (args.length !== wanted) throw new FilterExpressionError(`${name.text}() takes ${wanted} argument(s)`);
        steps.push({ kind: 'call', method: name.text as Method, args });
      } else steps.push({ kind: 'field', name: name.text });
    }
  }
}

function fieldOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

function call(method: Method, target: unknown, arg: unknown): unknown {
  if (method === 'size') return Array.isArray(target) || typeof target === 'string' ? target.length : 0;
  if (method === 'contains') {
    if (Array.isArray(target)) return target.includes(arg);
    return typeof target === 'string' && typeof arg === 'string' && target.includes(arg);
  }
  if (typeof target !== 'string' || typeof arg !== 'string') return false;
  return method === 'startsWith' ? target.startsWith(arg) : target.endsWith(arg);
}

function compare(op: CompareOp, left: unknown, right: unknown): boolean {
  if (op === 'eq') return left === right || (left == null && right == null);
  if (op === 'ne') return !(left === right || (left == null && right == null));
  const bothNumbers = typeof left === 'number' && typeof right === 'number';
  const bothStrings = typeof left === 'string' && typeof right === 'string';
  if (!bothNumbers && !bothStrings) return false;
  const l = left as number | string;
  const r = right as number | string;
  return op === 'gt' ? l > r : op === 'ge' ? l >= r : op === 'lt' ? l < r : l <= r;
}

/** A global function: gets its evaluated arguments and the scope the expression runs over. */
export type ExpressionFunction = (args: unknown[], scope: Readonly<Record<string, unknown>>) => unknown;

interface Evaluation {
  scope: Readonly<Record<string, unknown>>;
  functions: Readonly<Record<string, ExpressionFunction>>;
}

function evaluate(node: Node, run: Evaluation, item: unknown): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'not':
      return evaluate(node.operand, run, item) !== true;
    case 'logic': {
      const left = evaluate(node.left, run, item) === true;
      if (node.op === 'and') return left && evaluate(node.right, run, item) === true;
      return left || evaluate(node.right, run, item) === true;
    }
    case 'compare':
      return compare(node.op, evaluate(node.left, run, item), evaluate(node.right, run, item));
    case 'function':
      return run.functions[node.name]?.(node.args.map((arg) => evaluate(arg, run, item)), run.scope);
    case 'path': {
      let value: unknown = node.root === ITEM ? item : run.scope[node.root];
      for (const step of node.steps) {
        if (step.kind === 'field') value = fieldOf(value, step.name);
        else if (step.kind === 'select') value = Array.isArray(value) ? value.filter((element) => evaluate(step.predicate, run, element) === true) : [];
        else value = call(step.method, value, step.args[0] ? evaluate(step.args[0], run, item) : undefined);
      }
      return value;
    }
  }
}

/** The root paths an expression reads (root name first, then field names), for checking them against what may be read. */
function rootPaths(node: Node, out: string[][] = []): string[][] {
  if (node.kind === 'path' && node.root !== ITEM) {
    const fields: string[] = [node.root];
    for (const step of node.steps) {
      if (step.kind !== 'field') break;
      fields.push(step.name);
    }
    out.push(fields);
  }
  if (node.kind === 'not') rootPaths(node.operand, out);
  if (node.kind === 'logic' || node.kind === 'compare') {
    rootPaths(node.left, out);
    rootPaths(node.right, out);
  }
  if (node.kind === 'function') for (const arg of node.args) rootPaths(arg, out);
  if (node.kind === 'path') for (const step of node.steps) {
    if (step.kind === 'select') rootPaths(step.predicate, out);
    if (step.kind === 'call') for (const arg of step.args) rootPaths(arg, out);
  }
  return out;
}

export interface ExpressionOptions {
  /** Names paths may start with (`event`, `user`). */
  roots: readonly string[];
  /** Whether a path (root, then field names) may be read; a compile error names the first that may not. */
  allowed?: (path: string[]) => string | undefined;
  functions?: Readonly<Record<string, ExpressionFunction>>;
}

/** Compiles an expression over named roots to a predicate over a scope holding them. */
export function compileExpressionOver(source: string, options: ExpressionOptions): (scope: Readonly<Record<string, unknown>>) => boolean {
  if (source.trim() === '') throw new FilterExpressionError('the expression is empty');
  const functions = options.functions ?? {};
  const tree = new Parser(tokenize(source), { roots: new Set(options.roots), functions: new Set(Object.keys(functions)) }).parse();
  for (const path of rootPaths(tree)) {
    const refusal = options.allowed?.(path);
    if (refusal) throw new FilterExpressionError(refusal);
  }
  return (scope) => evaluate(tree, { scope, functions }, undefined) === true;
}

export type EventPredicate = (event: unknown) => boolean;

/** Compiles an event filter; `allowed(path)` says whether an `event.` path (its field names) may be read. */
export function compileFilterExpression(source: string, allowed: (path: string[]) => boolean): EventPredicate {
  const predicate = compileExpressionOver(source, {
    roots: ['event'],
    allowed: (path) => (allowed(path.slice(1)) ? undefined : `${path.join('.')} is not a field event hook filters can read`),
  });
  return (event) => predicate({ event });
}
