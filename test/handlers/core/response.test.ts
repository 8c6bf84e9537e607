import { describe, expect, it } from 'vitest';
import { ContractViolationError } from '../../../src/handlers/core/errors.js';
import { checkEnvelope, checkSize, MAX_RESPONSE_BYTES, serializeWithinLimit } from '../../../src/handlers/core/response.js';
import type { HookResponseBody } from '../../../src/handlers/core/types.js';

/** A body whose UTF-8 serialization is exactly `bytes` long. */
function bodyOfSize(bytes: number, char = 'x'): HookResponseBody {
  const overhead = JSON.stringify({ debugContext: { p: '' } }).length;
  const unit = new TextEncoder().encode(char).byteLength;
  return { debugContext: { p: char.repeat((bytes - overhead) / unit) } };
}

describe('response size limit', () => {
  it('accepts 256 KB minus one byte and rejects exactly 256 KB', () => {
    expect(checkSize(bodyOfSize(MAX_RESPONSE_BYTES - 1))).toBe(MAX_RESPONSE_BYTES - 1);
    expect(() => checkSize(bodyOfSize(MAX_RESPONSE_BYTES))).toThrow(ContractViolationError);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const body = { debugContext: { p: 'é'.repeat(MAX_RESPONSE_BYTES / 2) } };
    expect(JSON.stringify(body).length).toBeLessThan(MAX_RESPONSE_BYTES);
    expect(() => checkSize(body)).toThrow(/response.size/);
  });
});

describe('the request path: serializeWithinLimit', () => {
  // 3 UTF-8 bytes per UTF-16 unit: the case where counting characters would be most wrong.
  const euros = (bytes: number) => bodyOfSize(bytes - ((bytes - JSON.stringify({ debugContext: { p: '' } }).length) % 3), '€');

  it('agrees with checkSize on both sides of the limit, multi-byte text included', () => {
    const bodies = [bodyOfSize(MAX_RESPONSE_BYTES - 1), bodyOfSize(MAX_RESPONSE_BYTES), euros(MAX_RESPONSE_BYTES - 1), euros(MAX_RESPONSE_BYTES + 2), { debugContext: { p: 'short' } }];
    for (const body of bodies) {
      const tooLarge = new TextEncoder().encode(JSON.stringify(body)).byteLength >= MAX_RESPONSE_BYTES;
      for (const check of [() => checkSize(body), () => serializeWithinLimit(body)]) {
        if (tooLarge) expect(check).toThrow(/response.size/);
        else expect(check).not.toThrow();
      }
    }
    expect(() => serializeWithinLimit(euros(MAX_RESPONSE_BYTES + 2))).toThrow(/response.size/);
    expect(() => serializeWithinLimit(euros(MAX_RESPONSE_BYTES - 1))).not.toThrow();
  });

  it('returns the text it measured, which is the body as JSON', () => {
    const body = { debugContext: { p: 'measured' } };
    expect(serializeWithinLimit(body)).toBe('{"debugContext":{"p":"measured"}}');
  });
});

describe('response envelope', () => {
  it.each([
    [[], 'response.shape'],
    [{ commands: [{ type: '', value: 1 }] }, 'response.command-shape'],
    [{ commands: [{ type: 't', value: { n: Number.NaN } }] }, 'response.json-value'],
    [{ error: 'nope' }, 'response.error-shape'],
    [{ error: { errorCauses: {} } }, 'response.error-shape'],
    [{ commands: [], Error: {} }, 'response.shape'],
    [{ error: { errorCauses: [{ errorSummary: 'c', detail: Number.NaN }] } }, 'response.json-value'],
  ])('rejects %j', (body, rule) => {
    try {
      checkEnvelope(body as HookResponseBody);
      throw new Error('expected a violation');
    } catch (e) {
      expect((e as ContractViolationError).rule).toBe(rule);
    }
  });

  it('accepts the three documented members', () => {
    expect(() => checkEnvelope({ commands: [{ type: 't', value: null }], error: { errorSummary: 's', errorCauses: [{ errorSummary: 'c' }] }, debugContext: { a: [1] } })).not.toThrow();
  });
});
