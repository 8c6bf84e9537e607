import { describe, expect, it } from 'vitest';
import { compileCondition, eventFilterPredicate } from '../../../src/emulator/event-filters/filter.js';
import { FilterExpressionError } from '../../../src/emulator/event-filters/expression.js';
import type { LogEvent } from '../../../src/emulator/store/types.js';

const event = {
  eventType: 'group.user_membership.add',
  outcome: { result: 'SUCCESS', reason: null },
  actor: { id: '00uadmin', type: 'User', alternateId: 'admin@example.com', displayName: 'Admin' },
  target: [
    { id: '00u1', type: 'User', alternateId: 'ada@example.com', displayName: 'Ada' },
    { id: '00g1', type: 'UserGroup', alternateId: 'unknown', displayName: 'Sales' },
  ],
  debugData: { changedAttributes: 'email,firstName' },
};

const run = (expression: string) => compileCondition(expression)(event);

describe('event hook filter expressions', () => {
  it('reads the supported fields with both operator spellings', () => {
    expect(run("event.eventType eq 'group.user_membership.add'")).toBe(true);
    expect(run("event.eventType == 'user.lifecycle.create'")).toBe(false);
    expect(run("event.outcome.result != 'FAILURE' && event.actor.alternateId.endsWith('@example.com')")).toBe(true);
    expect(run("event.outcome.result eq 'FAILURE' || event.actor.type eq 'User'")).toBe(true);
    expect(run("NOT (event.actor.displayName eq 'Admin')")).toBe(false);
    expect(run("event.debugData.changedAttributes.contains('email')")).toBe(true);
    expect(run("event.debugData.changedAttributes.contains('lastName')")).toBe(false);
  });

  it('selects targets with ?[...] and counts them', () => {
    expect(run("event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0")).toBe(true);
    expect(run("event.target.?[type eq 'UserGroup' && displayName eq 'Marketing'].size() > 0")).toBe(false);
    expect(run("event.target.?[type eq 'User'].size() == 1")).toBe(true);
  });

  it('refuses what it cannot read, naming the problem', () => {
    expect(() => compileCondition('event.published > 0')).toThrow(/event.published is not a field/);
    expect(() => compileCondition("event.eventType eq 'x")).toThrow(/unterminated string/);
    expect(() => compileCondition('user.login eq 1')).toThrow(/paths start with "event."/);
    expect(() => compileCondition("event.actor.id.matches('x')")).toThrow(FilterExpressionError);
    expect(() => compileCondition('')).toThrow(/empty/);
    expect(() => compileCondition("event.eventType eq 'a' eq")).toThrow(FilterExpressionError);
  });

  it('filters only the event types its map names', () => {
    const accepts = eventFilterPredicate({
      type: 'EXPRESSION_LANGUAGE',
      eventFilterMap: [{ event: 'group.user_membership.add', condition: { version: null, expression: "event.target.?[displayName eq 'Sales'].size() > 0" } }],
    });
    const log = (eventType: string, groupName: string) =>
      ({ ...event, eventType, target: [{ id: '00g', type: 'UserGroup', alternateId: 'unknown', displayName: groupName }], debugContext: { debugData: {} } }) as unknown as LogEvent;
    expect(accepts?.(log('group.user_membership.add', 'Sales'))).toBe(true);
    expect(accepts?.(log('group.user_membership.add', 'Marketing'))).toBe(false);
    expect(accepts?.(log('user.lifecycle.create', 'Marketing'))).toBe(true);
    expect(eventFilterPredicate(undefined)).toBeUndefined();
  });
});
