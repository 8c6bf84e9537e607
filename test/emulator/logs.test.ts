import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/emulator/store/types.js';
import { PASSWORD, links, manualClock, newUser, startTestOrg, type TestOrg } from './helpers.js';

const clock = manualClock();
let org: TestOrg;
const appended: LogEvent[] = [];
let userId: string;
let groupId: string;
let startedAt: string;

beforeAll(async () => {
  org = await startTestOrg({ clock });
  org.running.emulator.store.logs.onAppend((event) => appended.push(event));
  org.running.emulator.store.logs.onAppend(() => {
    throw new Error('a broken subscriber must not break the API');
  });
  startedAt = clock.now().toISOString();
  const user = await org.call('POST', '/api/v1/users', { body: newUser() });
  userId = user.body.id;
  clock.advance(1000);
  await org.call('POST', `/api/v1/users/${userId}`, { body: { profile: { title: 'Lead' } } });
  const group = await org.call('POST', '/api/v1/groups', { body: { profile: { name: 'Auditors' } } });
  groupId = group.body.id;
  await org.call('PUT', `/api/v1/groups/${groupId}/users/${userId}`);
  await org.call('DELETE', `/api/v1/groups/${groupId}/users/${userId}`);
  clock.advance(1000);
  await org.call('POST', `/api/v1/users/${userId}/lifecycle/suspend`);
  await org.call('POST', `/api/v1/users/${userId}/lifecycle/unsuspend`);
  const signIn = await org.call('POST', '/api/v1/authn', { auth: null, body: { username: user.body.profile.login, password: PASSWORD } });
  const session = await org.call('POST', '/api/v1/sessions', { body: { sessionToken: signIn.body.sessionToken } });
  await org.call('DELETE', `/api/v1/sessions/${session.body.id}`);
  await org.call('POST', `/api/v1/users/${userId}/lifecycle/deactivate`);
  await org.call('DELETE', `/api/v1/users/${userId}`);
});
afterAll(() => org.close());

const types = (events: LogEvent[]) => events.map((event) => event.eventType);

describe('System Log', () => {
  it('records what happened, in order, in Okta LogEvent shape', async () => {
    const result = await org.call('GET', '/api/v1/logs');
    expect(result.status).toBe(200);
    expect(types(result.body)).toEqual([
      'user.lifecycle.create',
      'user.lifecycle.activate',
      'user.account.update_profile',
      'group.lifecycle.create',
      'group.user_membership.add',
      'group.user_membership.remove',
      'user.lifecycle.suspend',
      'user.lifecycle.unsuspend',
      'user.authentication.authenticate',
      'user.session.start',
      'user.session.end',
      'user.lifecycle.deactivate',
      'user.lifecycle.delete.initiated',
    ]);
    const event = result.body[0];
    expect(event).toMatchObject({ version: '0', severity: 'INFO', outcome: { result: 'SUCCESS' }, transaction: { type: 'WEB' } });
    expect(event.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.published).toBe(startedAt);
    expect(event.target[0]).toMatchObject({ id: userId, type: 'User' });
    expect(event.debugContext.debugData.requestId).toBe(event.transaction.id);
  });

  it('filters by eventType, target.id and actor.id', async () => {
    const q = (filter: string) => org.call('GET', `/api/v1/logs?filter=${encodeURIComponent(filter)}`);
    expect(types((await q('eventType eq "user.lifecycle.suspend"')).body)).toEqual(['user.lifecycle.suspend']);
    expect(types((await q(`target.id eq "${groupId}"`)).body)).toEqual(['group.lifecycle.create', 'group.user_membership.add', 'group.user_membership.remove']);
    expect(types((await q(`actor.id eq "${userId}"`)).body)).toEqual(['user.authentication.authenticate', 'user.session.start', 'user.session.end']);
    expect(types((await q(`eventType sw "user.session" and target.id eq "${userId}"`)).body)).toEqual(['user.session.start', 'user.session.end']);
    expect((await q('nonsense eq "x"')).body.errorCode).toBe('E0000031');
  });

  it('honours since/until, limit with Link paging and sortOrder', async () => {
    const window = await org.call('GET', `/api/v1/logs?since=${encodeURIComponent(new Date(Date.parse(startedAt) + 1000).toISOString())}&until=${encodeURIComponent(new Date(Date.parse(startedAt) + 2000).toISOString())}`);
    expect(types(window.body)).toEqual(['user.account.update_profile', 'group.lifecycle.create', 'group.user_membership.add', 'group.user_membership.remove']);
    const first = await org.call('GET', '/api/v1/logs?limit=5');
    expect(first.body).toHaveLength(5);
    const next = links(first.headers).next;
    expect(next).toContain('limit=5');
    const second = await org.call('GET', next!.slice(org.url.length));
    expect(second.body[0].uuid).not.toBe(first.body[4].uuid);
    expect(types(second.body)[0]).toBe('group.user_membership.remove');
    const newest = await org.call('GET', '/api/v1/logs?sortOrder=DESCENDING&limit=1');
    expect(types(newest.body)).toEqual(['user.lifecycle.delete.initiated']);
    expect((await org.call('GET', '/api/v1/logs?since=yesterday')).body.errorCode).toBe('E0000030');
  });

  it('notifies in-process subscribers of each new event', () => {
    expect(types(appended)).toContain('user.lifecycle.delete.initiated');
    expect(appended).toHaveLength(13);
  });

  it('records failed sign-ins as failures', async () => {
    const user = await org.call('POST', '/api/v1/users', { body: newUser() });
    await org.call('POST', '/api/v1/authn', { auth: null, body: { username: user.body.profile.login, password: 'Wrong-Password-1' } });
    const failures = await org.call('GET', `/api/v1/logs?filter=${encodeURIComponent('outcome.result eq "FAILURE"')}`);
    expect(failures.body.at(-1)).toMatchObject({ eventType: 'user.session.start', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }, actor: { id: user.body.id } });
  });
});
