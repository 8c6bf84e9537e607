import { describe, expect, it } from 'vitest';
import { ResponseDraft } from '../../../src/handlers/core/draft.js';
import { ContractViolationError } from '../../../src/handlers/core/errors.js';
import { copyJson } from '../../../src/handlers/core/json.js';

const json = (value: unknown) => copyJson(value, {});

describe('ResponseDraft', () => {
  it('seals to null when nothing was written', () => {
    expect(new ResponseDraft().seal()).toBeNull();
  });

  it('refuses every write once sealed', () => {
    const d = new ResponseDraft();
    d.seal();
    for (const write of [() => d.addCommand('t', json(1)), () => d.appendOp('t', json({})), () => d.breakPatch(), () => d.setError('x'), () => d.mergeDebugContext({})]) {
      expect(write).toThrow(ContractViolationError);
    }
  });

  it('predicts the site of the next op', () => {
    const d = new ResponseDraft();
    expect(d.nextOpSite('a')).toEqual({ commandIndex: 0, opIndex: 0 });
    d.appendOp('a', json(1));
    expect(d.nextOpSite('a')).toEqual({ commandIndex: 0, opIndex: 1 });
    expect(d.nextOpSite('b')).toEqual({ commandIndex: 1, opIndex: 0 });
    d.breakPatch();
    expect(d.nextOpSite('a')).toEqual({ commandIndex: 1, opIndex: 0 });
    d.addCommand('c', json({}));
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

  it('keeps extra cause members as JSON copies and refuses what JSON cannot carry', () => {
    const d = new ResponseDraft();
    const detail = { field: 'email' };
    d.setError('s', [{ errorSummary: 'c', detail } as never]);
    detail.field = 'changed';
    expect(d.seal()).toEqual({ error: { errorSummary: 's', errorCauses: [{ errorSummary: 'c', detail: { field: 'email' } }] } });
    expect(() => new ResponseDraft().setError('s', [{ errorSummary: 'c', detail: () => 1 } as never])).toThrow(/response.json-value: errorCauses\[0\].detail is a function/);
    // The shape error still comes first when both are wrong.
    expect(() => new ResponseDraft().setError('s', [{ errorSummary: 3, detail: () => 1 } as never])).toThrow(/response.error-shape/);
  });

  it('refuses a command without a type', () => {
    expect(() => new ResponseDraft().addCommand('', json(1))).toThrow(/response.command-shape/);
    expect(() => new ResponseDraft().appendOp('', json(1))).toThrow(/response.command-shape/);
  });
});

