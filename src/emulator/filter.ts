import type { SQLInputValue } from 'node:sqlite';
import { OktaApiError } from './errors.js';

/**
 * Okta's filter / search expression language (a SCIM subset), compiled to a parameterised SQL
 * condition. Grammar: expr = and ("or" and)*; and = unit ("and" unit)*;
 * unit = "(" expr ")" | attr op value | attr "pr". Values: "string", number, true, false, null.
 */

export interface SqlCondition {
  sql: string;
  params: SQLInputValue[];
}

export interface AttributeInfo {
  /** SQL expression reading the attribute. */
  sql: string;
  kind: 'string' | 'date' | 'other';
  /** Wraps the finished comparison, for attributes inside arrays (`target.id` → EXISTS over json_each). */
  wrap?: (condition: string) => string;
}

/** Maps an attribute path (`profile.email`, `status`) to SQL; undefined when not filterable. */
export type AttributeResolver = (path: string) => AttributeInfo | undefined;

const OPERATORS: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=', sw: 'LIKE', co: 'LIKE' };

type Token = { kind: 'word' | 'string' | 'paren'; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: 'paren', text: ch });
      i++;
    } else if (ch === '"') {
      let text = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        text += input[i];
        i++;
      }
      if (i >= input.length) throw invalid('unterminated string');
      i++;
      tokens.push({ kind: 'string', text });
    } else {
      const match = /^[^\s()"]+/.exec(input.slice(i));
      const text = match?.[0] ?? ch;
      tokens.push({ kind: 'word', text });
      i += text.length;
    }
  }
  return tokens;
}

function invalid(reason: string): OktaApiError {
  return new OktaApiError('E0000031', '', [reason]);
}

class Parser {
  readonly #tokens: Token[];
  readonly #resolve: AttributeResolver;
  #pos = 0;

  constructor(tokens: Token[], resolve: AttributeResolver) {
    this.#tokens = tokens;
    this.#resolve = resolve;
  }

  parse(): SqlCondition {
    const condition = this.#or();
    if (this.#pos < this.#tokens.length) throw invalid(`unexpected "${this.#tokens[this.#pos]?.text}"`);
    return condition;
  }

  #peekWord(word: string): boolean {
    const token = this.#tokens[this.#pos];
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  #next(): Token {
    const token = this.#tokens[this.#pos++];
    if (!token) throw invalid('expression ends too early');
    return token;
  }

  #or(): SqlCondition {
    return this.#chain('or', () => this.#and());
  }

  #and(): SqlCondition {
    return this.#chain('and', () => this.#unit());
  }

  #chain(word: 'and' | 'or', operand: () => SqlCondition): SqlCondition {
    const parts = [operand()];
    while (this.#peekWord(word)) {
      this.#pos++;
      parts.push(operand());
    }
    if (parts.length === 1) return parts[0] as SqlCondition;
    return { sql: parts.map((part) => `(${part.sql})`).join(` ${word.toUpperCase()} `), params: parts.flatMap((part) => part.params) };
  }

  #unit(): SqlCondition {
    const token = this.#next();
    if (token.kind === 'paren' && token.text === '(') {
      const inner = this.#or();
      const close = this.#next();
      if (close.kind !== 'paren' || close.text !== ')') throw invalid('missing ")"');
      return inner;
    }
    if (token.kind !== 'word') throw invalid(`expected an attribute, found "${token.text}"`);
    const attribute = this.#resolve(token.text);
    if (!attribute) throw invalid(`unsupported attribute "${token.text}"`);
    const op = this.#next().text.toLowerCase();
    let condition: SqlCondition;
    if (op === 'pr') condition = { sql: `${attribute.sql} IS NOT NULL`, params: [] };
    else {
      const sqlOp = OPERATORS[op];
      if (!sqlOp) throw invalid(`unsupported operator "${op}"`);
      condition = this.#comparison(attribute, op, sqlOp, this.#value());
    }
    return attribute.wrap ? { sql: attribute.wrap(condition.sql), params: condition.params } : condition;
  }

  #value(): SQLInputValue {
    const token = this.#next();
    if (token.kind === 'string') return token.text;
    if (token.kind !== 'word') throw invalid('expected a value');
    if (token.text === 'true') return 1;
    if (token.text === 'false') return 0;
    if (token.text === 'null') return null;
    const number = Number(token.text);
    if (Number.isFinite(number)) return number;
    throw invalid(`values must be quoted: ${token.text}`);
  }

  #comparison(attribute: AttributeInfo, op: string, sqlOp: string, value: SQLInputValue): SqlCondition {
    if (value === null) return { sql: `${attribute.sql} IS ${op === 'ne' ? 'NOT ' : ''}NULL`, params: [] };
    if (attribute.kind === 'date') return { sql: `${attribute.sql} ${sqlOp} ?`, params: [normalizeDate(value)] };
    if (op === 'sw' || op === 'co') {
      const escaped = escapeLike(String(value));
      return { sql: `${attribute.sql} LIKE ? ESCAPE '\\'`, params: [op === 'sw' ? `${escaped}%` : `%${escaped}%`] };
    }
    const collate = typeof value === 'string' && attribute.kind === 'string' ? ' COLLATE NOCASE' : '';
    return { sql: `${attribute.sql} ${sqlOp} ?${collate}`, params: [value] };
  }
}

/** Escapes `%`, `_` and `\` for a LIKE pattern with ESCAPE '\'. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Okta dates compare as instants; stored values are UTC ISO strings, so normalise the operand. */
export function normalizeDate(value: SQLInputValue): string {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(String(value))) {
    throw new OktaApiError('E0000030');
  }
  return date.toISOString();
}

export function compileExpression(expression: string, resolve: AttributeResolver): SqlCondition {
  const tokens = tokenize(expression);
  if (tokens.length === 0) throw invalid('empty expression');
  return new Parser(tokens, resolve).parse();
}

/** A JSON path under `doc` for a dotted attribute name, refusing anything but plain identifiers. */
export function jsonPath(path: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(path) ? `json_extract(doc, '$.${path}')` : undefined;
}
