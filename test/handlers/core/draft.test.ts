import { describe, expect, it } from 'vitest';
import { ResponseDraft } from '../../../src/handlers/core/draft.js';
import { ContractViolationError } from '../../../src/handlers/core/errors.js';

describe('ResponseDraft', () => {
  it('seals to null when nothing was written', () => {
    expect(new ResponseDraft().seal()).toBeNull();
  });

  it('refuses every write once sealed', () => {
    const d = new ResponseDraft();
    d.seal();
    for (const write of [() => d.addCommand('t', 1), () => d.appendOp('t', {}), () => d.breakPatch(), () => d.setError('x'), () => d.mergeDebugContext({})]) {
      expect(write).toThrow(ContractViolationError);
    }
  });

  it('predicts the site of the next op', () => {
    const d = new ResponseDraft();
    expect(d.nextOpSite('a')).toEqual({ commandIndex: 0, opIndex: 0 });
    d.appendOp('a', 1);
    expect(d.nextOpSite('a')).toEqual({ commandIndex: 0, opIndex: 1 });
    expect(d.nextOpSite('b')).toEqual({ commandIndex: 1, opIndex: 0 });
    d.breakPatch();
    expect(d.nextOpSite('a')).toEqual({ commandIndex: 1, opIndex: 0 });
    d.addCommand('c', {});
    expect(d.nextOpSite('a')).toEqual({ commandIndex: 2, opIndex: 0 });
  });

  it('accumulates error causes, keeps the last summary, drops undefined members', () => {
    const d = new ResponseDraft();
    d.setError('first', ['a']);
    d.setError(undefined, [{ errorSummary: 'b', reason: 'R', location: undefined }]);
    d.setError('second');
    expect(d.seal()).toEqual({ error: { errorSummary: 'second', errorCauses: [{ errorSummary: 'a' }, { errorSummary: 'b', reason: 'R' }] } });
  });

  it.each([[{ errorSummary: 'x', domain: 3 }], [null], [{ errorSummary: undefined }]])('rejects cause %j', (cause) => {
    expect(() => new ResponseDraft().setError('s', [cause as never])).toThrow(/response.error-shape/);
  });
});
