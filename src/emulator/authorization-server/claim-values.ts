/**
 * Claim values a local org can evaluate: Okta Expression Language terms `user.<attr>`,
 * `appuser.<attr>`, `app.clientId`, string, number and boolean literals, joined with `+`; and
 * group claims (`valueType: GROUPS`) that list the user's group names matching a filter.
 * An expression outside this subset is refused when the claim is saved, so a claim never
 * silently evaluates to nothing.
 */
import type { GroupFilterType } from './store.js';

export interface ClaimSubject {
  user?: { id: string; profile: Record<string, unknown> };
  appUser: Record<string, unknown>;
  clientId: string;
  groupNames: string[];
}

type Term = (subject: ClaimSubject) => unknown;

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const TERM = new RegExp(`^(?:(user|appuser)\\.(${IDENT})|app\\.(clientId)|"((?:[^"\\\\]|\\\\.)*)"|'((?:[^'\\\\]|\\\\.)*)'|(-?\\d+(?:\\.\\d+)?)|(true|false))$`);

/** Splits on `+` outside quotes. */
function splitTerms(expression: string): string[] {
  const terms: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let index = 0; index < expression.length; index++) {
    const char = expression[index] as string;
    if (quote) {
      current += char;
      if (char === '\\') current += expression[++index] ?? '';
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === '+') {
      terms.push(current.trim());
      current = '';
    } else current += char;
  }
  if (quote) throw new ExpressionError('unterminated string literal');
  terms.push(current.trim());
  return terms;
}

export class ExpressionError extends Error {}

function compileTerm(text: string): Term {
  const match = TERM.exec(text);
  if (!match) {
    throw new ExpressionError(`'${text}' is not an expression the emulator evaluates (user.<attr>, appuser.<attr>, app.clientId, literals, +)`);
  }
  const [, scope, attribute, appField, double, single, number, bool] = match;
  if (scope === 'user' && attribute) {
    return (subject) => (attribute === 'id' ? subject.user?.id : subject.user?.profile[attribute]);
  }
  if (scope === 'appuser' && attribute) return (subject) => subject.appUser[attribute];
  if (appField) return (subject) => subject.clientId;
  if (double !== undefined || single !== undefined) {
    const literal = (double ?? single ?? '').replace(/\\(.)/g, '$1');
    return () => literal;
  }
  if (number !== undefined) return () => Number(number);
  return () => bool === 'true';
}

/** Compiles a claim expression; throws ExpressionError naming what is not supported. */
export function compileExpression(expression: string): (subject: ClaimSubject) => unknown {
  const terms = splitTerms(expression).map((term) => {
    if (term === '') throw new ExpressionError('empty term around +');
    return compileTerm(term);
  });
  if (terms.length === 1) return terms[0] as Term;
  return (subject) => {
    const values = terms.map((term) => term(subject));
    // A missing attribute makes the whole concatenation missing, so the claim is left out.
    if (values.some((value) => value === undefined || value === null)) return undefined;
    return values.map(String).join('');
  };
}

/** Validates a group filter; REGEX must compile. */
export function compileGroupFilter(type: GroupFilterType, value: string): (name: string) => boolean {
  switch (type) {
    case 'STARTS_WITH':
      return (name) => name.startsWith(value);
    case 'EQUALS':
      return (name) => name === value;
    case 'CONTAINS':
      return (name) => name.includes(value);
    case 'REGEX': {
      let pattern: RegExp;
      try {
        // Okta matches the whole group name.
        pattern = new RegExp(`^(?:${value})$`);
      } catch {
        throw new ExpressionError(`'${value}' is not a valid regular expression`);
      }
      return (name) => pattern.test(name);
    }
  }
}
