import { describe, expect, it } from 'vitest';
import { EventShapeError, subjectsOf, targetApp, targetGroup, targetUser, type LogEventOf } from '../../../src/handlers/events/index.js';
import { logEvent } from './fixtures.js';

const group = { id: '00g1', type: 'UserGroup', alternateId: 'unknown', displayName: 'Engineering', detailEntry: null };
const app = { id: '0oa1', type: 'AppInstance', alternateId: 'Slack', displayName: 'Slack', detailEntry: null };

describe('event subjects', () => {
  it('finds the user and group of a membership event', () => {
    const base = logEvent();
    const event = { ...base, eventType: 'group.user_membership.add', target: [...(base.target ?? []), group] } as LogEventOf<'group.user_membership.add'>;
    const { user, group: found } = subjectsOf(event);
    expect(user.id).toBe(base.target?.[0]?.id);
    expect(found.displayName).toBe('Engineering');
    expect(targetGroup(event)).toBe(found);
  });

  it('finds the app of an app membership event', () => {
    const base = logEvent();
    const event = { ...base, eventType: 'application.user_membership.add', target: [app, ...(base.target ?? [])] } as LogEventOf<'application.user_membership.add'>;
    expect(subjectsOf(event).app.displayName).toBe('Slack');
    expect(targetApp(event)?.id).toBe('0oa1');
  });

  it('takes the session user from the actor', () => {
    const event = { ...logEvent(), eventType: 'user.session.start', target: [] } as LogEventOf<'user.session.start'>;
    expect(subjectsOf(event).user.alternateId).toBe('admin@example.com');
    expect(targetUser(event)).toBeUndefined();
  });

  it('throws a non-retryable EventShapeError when a promised subject is missing', () => {
    const event = { ...logEvent(), eventType: 'group.user_membership.remove' } as LogEventOf<'group.user_membership.remove'>;
    expect(() => subjectsOf(event)).toThrow(EventShapeError);
    try {
      subjectsOf(event);
    } catch (error) {
      expect((error as EventShapeError).retryable).toBe(false);
      expect((error as Error).message).toContain('group');
    }
  });

  it('gives optional subjects for other event types', () => {
    const event = { ...logEvent(), eventType: 'policy.lifecycle.update', target: [] } as LogEventOf<string>;
    expect(subjectsOf(event)).toEqual({});
  });
});
