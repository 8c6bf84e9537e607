import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionsApi } from 'gatehook/sdk/sessions';
import { callEventHook, samples, startTestOrg, type TestOrg } from 'gatehook/testing';
import { events } from '../src/events.js';

const deactivation = (userId: string) =>
  samples.logEvent({ eventType: 'user.lifecycle.deactivate', target: [{ id: userId, type: 'User', alternateId: 'bruno.martins@example.com', displayName: 'Bruno Martins', detailEntry: null }] });

describe('event hook', () => {
  it('logs group membership changes and ignores event types it has no handler for', async () => {
    const join = samples.logEvent({
      eventType: 'group.user_membership.add',
      target: [
        { id: '00u1', type: 'User', alternateId: 'bruno.martins@example.com', displayName: 'Bruno Martins', detailEntry: null },
        { id: '00g1', type: 'UserGroup', alternateId: 'unknown', displayName: 'Engineering', detailEntry: null },
      ],
    });
    const other = samples.logEvent({ eventType: 'user.session.start' });
    const result = await callEventHook(events, [join, other]);
    expect(result.handled).toEqual({ [join.uuid]: 1, [other.uuid]: 0 });
    expect(result.logs).toContainEqual(expect.objectContaining({ message: 'user joined group', fields: expect.objectContaining({ group: 'Engineering' }) }));
  });

  describe('with an org', () => {
    let org: TestOrg;
    beforeAll(async () => {
      org = await startTestOrg({ users: [{ login: 'bruno.martins@example.com', password: 'Correct-Horse-1' }] });
    });
    afterAll(() => org?.stop());

    it('clears the sessions of a deactivated user', async () => {
      const userId = org.users['bruno.martins@example.com']!;
      const session = await sessionsApi(org.okta).createSession({ sessionToken: await sessionToken(org, 'bruno.martins@example.com', 'Correct-Horse-1') });
      const result = await callEventHook(events, [deactivation(userId)], { okta: org.okta });
      expect(result.logs.map((line) => line.message)).toContain('cleared sessions of deactivated user');
      await expect(sessionsApi(org.okta).getSession(session.id!)).rejects.toMatchObject({ status: 404 });
    });
  });
});

/** A session token from Okta's authn API, as a sign-in page would get one. */
async function sessionToken(org: TestOrg, username: string, password: string): Promise<string> {
  const res = await fetch(`${org.url}/api/v1/authn`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { sessionToken: string }).sessionToken;
}
