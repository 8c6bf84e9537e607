import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeSegment, parsePointer, toPointer, unescapeSegment } from '../../../src/handlers/core/pointer.js';

describe('JSON Pointer (RFC 6901)', () => {
  it('escapes ~ before / so an escaped slash is not escaped again', () => {
    expect(escapeSegment('a/b~c')).toBe('a~1b~0c');
    expect(escapeSegment('~1')).toBe('~01');
    expect(unescapeSegment('~01')).toBe('~1');
    expect(toPointer(['claims', 'http://x.example/y', 0, '-'])).toBe('/claims/http:~1~1x.example~1y/0/-');
  });

  it('rejects pointers without a leading slash', () => {
    expect(parsePointer('claims/x')).toBeUndefined();
    expect(parsePointer('')).toBeUndefined();
  });

  it('round-trips any segments', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (segments) => {
        expect(parsePointer(toPointer(segments))).toEqual(segments);
      }),
    );
  });
});
