import { describe, expect, it } from 'vitest';
import { parseHookSecret } from '../../src/secrets/format.js';

describe('parseHookSecret', () => {
  it('reads a plain string, trimming what a header cannot carry', () => {
    expect(parseHookSecret('Basic abc==\n', 'x')).toEqual(['Basic abc==']);
  });

  it('reads {current, previous}, current first', () => {
    expect(parseHookSecret('{"current":"new","previous":"old"}', 'x')).toEqual(['new', 'old']);
    expect(parseHookSecret('{"current":"new"}', 'x')).toEqual(['new']);
    expect(parseHookSecret('{"current":"new","previous":null}', 'x')).toEqual(['new']);
    expect(parseHookSecret('{"current":"same","previous":"same"}', 'x')).toEqual(['same']);
  });

  it.each([
    ['', /is empty/],
    ['   ', /is empty/],
    ['{"current":', /not valid JSON/],
    ['{"previous":"old"}', /"current"/],
    ['{"current":""}', /"current"/],
    ['{"current":42}', /"current"/],
    ['{"current":"a","previous":7}', /"previous"/],
  ])('rejects %j with a clear message that names no secret', (input, message) => {
    expect(() => parseHookSecret(input, 'secret hooks/okta')).toThrow(message);
    try {
      parseHookSecret(input, 'secret hooks/okta');
    } catch (err) {
      expect((err as { code: string }).code).toBe('ERR_SECRET_FORMAT');
      expect((err as Error).message).toContain('secret hooks/okta');
    }
  });
});
