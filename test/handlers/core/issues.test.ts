import { describe, expect, it } from 'vitest';
import { formatLocation, toValidationIssues } from '../../../src/handlers/core/issues.js';

describe('schema issues to ValidationIssue', () => {
  it('formats locations with dots and [n]', () => {
    expect(formatLocation([])).toBe('(root)');
    expect(formatLocation(['data', 'events', 0, 'uuid'])).toBe('data.events[0].uuid');
  });

  it('says what was expected and what arrived', () => {
    const body = { a: 5, b: { c: 'x' } };
    expect(
      toValidationIssues(
        [
          { code: 'invalid_type', path: ['a'], message: 'Invalid input', expected: 'string' },
          { code: 'invalid_type', path: ['missing'], message: 'Invalid input', expected: 'record' },
          { code: 'invalid_value', path: ['b', 'c'], message: 'Invalid input', values: ['y', 'z'] },
          { code: 'too_big', path: ['b'], message: 'Too big' },
        ],
        body,
      ),
    ).toEqual([
      { location: 'a', message: 'expected string, got number' },
      { location: 'missing', message: 'required object is missing' },
      { location: 'b.c', message: 'expected "y" or "z", got "x"' },
      { location: 'b', message: 'Too big' },
    ]);
  });

  it('shortens long received values', () => {
    const [issue] = toValidationIssues([{ code: 'invalid_value', path: ['t'], message: '', values: ['a'] }], { t: 'q'.repeat(200) });
    expect(issue?.message.length).toBeLessThan(90);
  });
});
