import { describe, expect, it } from 'vitest';
import { compileExpression, compileGroupFilter, ExpressionError, type ClaimSubject } from '../../../src/emulator/authorization-server/claim-values.js';

const subject: ClaimSubject = {
  user: { id: '00u1', profile: { login: 'ada@example.com', firstName: 'Ada', department: 'R&D', level: 3, admin: true } },
  appUser: { role: 'editor' },
  clientId: '0oa1',
  groupNames: ['team-blue', 'Everyone', 'team-red'],
};

describe('claim expressions a local org evaluates', () => {
  it('reads user, app user and app attributes, keeping the value type of a single term', () => {
    expect(compileExpression('user.department')(subject)).toBe('R&D');
    expect(compileExpression('user.level')(subject)).toBe(3);
    expect(compileExpression('user.admin')(subject)).toBe(true);
    expect(compileExpression('user.id')(subject)).toBe('00u1');
    expect(compileExpression('appuser.role')(subject)).toBe('editor');
    expect(compileExpression('app.clientId')(subject)).toBe('0oa1');
  });

  it('concatenates with +, literals included, and leaves out a concatenation with a missing part', () => {
    expect(compileExpression('user.firstName + " (" + user.department + ")"')(subject)).toBe('Ada (R&D)');
    expect(compileExpression("'plus + inside' + user.level")(subject)).toBe('plus + inside3');
    expect(compileExpression('user.firstName + user.missing')(subject)).toBeUndefined();
    expect(compileExpression('user.firstName')({ ...subject, user: undefined })).toBeUndefined();
  });

  it('refuses what it cannot evaluate, naming it', () => {
    expect(() => compileExpression('String.toUpperCase(user.login)')).toThrow(ExpressionError);
    expect(() => compileExpression('user.firstName +')).toThrow(/empty term/);
    expect(() => compileExpression('"unterminated')).toThrow(/unterminated/);
    expect(() => compileExpression('isMemberOfGroupName("x")')).toThrow(/not an expression the emulator evaluates/);
  });

  it('filters group names by prefix, equality, substring and whole-name regex', () => {
    const names = (type: Parameters<typeof compileGroupFilter>[0], value: string) => subject.groupNames.filter(compileGroupFilter(type, value));
    expect(names('STARTS_WITH', 'team-')).toEqual(['team-blue', 'team-red']);
    expect(names('EQUALS', 'Everyone')).toEqual(['Everyone']);
    expect(names('CONTAINS', 'red')).toEqual(['team-red']);
    expect(names('REGEX', 'team-(blue|green)')).toEqual(['team-blue']);
    expect(names('REGEX', 'team')).toEqual([]);
    expect(() => compileGroupFilter('REGEX', '(')).toThrow(ExpressionError);
  });
});
