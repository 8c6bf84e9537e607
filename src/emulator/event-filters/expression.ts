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
 */

export class FilterExpressionError extends Error {
  override readonly name = 'FilterExpressionError';
}

type Token =
  | { kind: 'string' | 'name' | 'op' | 'punct'; text: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number };

type Node =
  | { kind: 'literal'; value: unknown }
  | { kind: 'path'; root: 'event' | 'item'; steps: Step[] }
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

class Parser {
  readonly #tokens: Token[];
  #index = 0;
  #inSelection = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
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
      if (token.text === 'event') return { kind: 'path', root: 'event', steps: this.#steps([]) };
      if (this.#inSelection > 0) return { kind: 'path', root: 'item', steps: this.#steps([{ kind: 'field', name: token.text }]) };
      throw new FilterExpressionError(`unknown name "${token.text}" at position ${token.at + 1}: paths start with "event."`);
    }
    throw new FilterExpressionError(`unexpected "${token.text}" at position ${token.at + 1}`);
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

function evaluate(node: Node, event: unknown, item: unknown): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'not':
      return evaluate(node.operand, event, item) !== true;
    case 'logic': {
      const left = evaluate(node.left, event, item) === true;
      if (node.op === 'and') return left && evaluate(node.right, event, item) === true;
      return left || evaluate(node.right, event, item) === true;
    }
    case 'compare':
      return compare(node.op, evaluate(node.left, event, item), evaluate(node.right, event, item));
    case 'path': {
      let value: unknown = node.root === 'event' ? event : item;
      for (const step of node.steps) {
        if (step.kind === 'field') value = fieldOf(value, step.name);
        else if (step.kind === 'select') value = Array.isArray(value) ? value.filter((element) => evaluate(step.predicate, event, element) === true) : [];
        else value = call(step.method, value, step.args[0] ? evaluate(step.args[0], event, item) : undefined);
      }
      return value;
    }
  }
}

/** The `event.` paths an expression reads, for checking them against the supported fields. */
function eventPaths(node: Node, out: string[][] = []): string[][] {
  if (node.kind === 'path' && node.root === 'event') {
    const fields: string[] = [];
    for (const step of node.steps) {
      if (step.kind !== 'field') break;
      fields.push(step.name);
    }
    out.push(fields);
  }
  if (node.kind === 'not') eventPaths(node.operand, out);
  if (node.kind === 'logic' || node.kind === 'compare') {
    eventPaths(node.left, out);
    eventPaths(node.right, out);
  }
  if (node.kind === 'path') for (const step of node.steps) {
    if (step.kind === 'select') eventPaths(step.predicate, out);
    if (step.kind === 'call') for (const arg of step.args) eventPaths(arg, out);
  }
  return out;
}

export type EventPredicate = (event: unknown) => boolean;

/** Compiles an expression; `allowed(path)` says whether an `event.` path (its field names) may be read. */
export function compileFilterExpression(source: string, allowed: (path: string[]) => boolean): EventPredicate {
  if (source.trim() === '') throw new FilterExpressionError('the expression is empty');
  const tree = new Parser(tokenize(source)).parse();
  for (const path of eventPaths(tree)) {
    if (!allowed(path)) throw new FilterExpressionError(`event.${path.join('.')} is not a field event hook filters can read`);
  }
  return (event) => evaluate(tree, event, undefined) === true;
}
