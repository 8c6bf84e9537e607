import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, startTestOrg, type TestOrg } from './helpers.js';

let org: TestOrg;
beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(() => org.close());

describe('groups', () => {
  it('create, get, update, list with q, delete', async () => {
    const created = await org.call('POST', '/api/v1/groups', { body: { profile: { name: 'Platform', description: 'Platform team' } } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ type: 'OKTA_GROUP', objectClass: ['okta:user_group'], profile: { name: 'Platform', description: 'Platform team' } });
    expect(created.body.id).toMatch(/^00g[0-9A-Za-z]{17}$/);
    const path = `/api/v1/groups/${created.body.id}`;
    expect((await org.call('GET', path)).body.profile.name).toBe('Platform');
    const updated = await org.call('PUT', path, { body: { profile: { name: 'Platform Eng' } } });
    expect(updated.body.profile).toEqual({ name: 'Platform Eng', description: null });
    expect((await org.call('GET', '/api/v1/groups?q=Platform%20E')).body.map((g: { id: string }) => g.id)).toEqual([created.body.id]);
    expect((await org.call('GET', `/api/v1/groups?search=${encodeURIComponent('profile.name sw "Plat"')}`)).body).toHaveLength(1);
    expect((await org.call('DELETE', path)).status).toBe(204);
    expect((await org.call('GET', path)).body.errorCode).toBe('E0000007');
  });

  it('refuses a missing or duplicate name', async () => {
    expect((await org.call('POST', '/api/v1/groups', { body: { profile: {} } })).body.errorCauses[0].errorSummary).toBe('name: The field cannot be left blank');
    await org.call('POST', '/api/v1/groups', { body: { profile: { name: 'Twice' } } });
    const dup = await org.call('POST', '/api/v1/groups', { body: { profile: { name: 'Twice' } } });
    expect([dup.status, dup.body.errorCode]).toEqual([400, 'E0000001']);
    expect((await org.call('POST', '/api/v1/groups', { body: [] })).body.errorCode).toBe('E0000003');
  });

  it('adds and removes members idempotently; lists members and memberships; delete cascades', async () => {
    const group = (await org.call('POST', '/api/v1/groups', { body: { profile: { name: 'Members' } } })).body;
    const users = await Promise.all([1, 2].map(async () => (await org.call('POST', '/api/v1/users', { body: newUser() })).body));
    for (const user of users) {
      expect((await org.call('PUT', `/api/v1/groups/${group.id}/users/${user.id}`)).status).toBe(204);
    }
    expect((await org.call('PUT', `/api/v1/groups/${group.id}/users/${users[0].id}`)).status).toBe(204);
    const members = await org.call('GET', `/api/v1/groups/${group.id}/users`);
    expect(members.body.map((u: { id: string }) => u.id)).toEqual(users.map((u) => u.id));
    expect((await org.call('GET', `/api/v1/users/${users[1].id}/groups`)).body.map((g: { id: string }) => g.id)).toEqual([group.id]);
    expect((await org.call('DELETE', `/api/v1/groups/${group.id}/users/${users[1].id}`)).status).toBe(204);
    expect((await org.call('GET', `/api/v1/users/${users[1].id}/groups`)).body).toEqual([]);
    expect((await org.call('PUT', `/api/v1/groups/${group.id}/users/00uNoSuchUser1234567`)).body.errorCode).toBe('E0000007');
    expect((await org.call('PUT', `/api/v1/groups/00gNoSuchGroup123456/users/${users[0].id}`)).body.errorCode).toBe('E0000007');
    await org.call('DELETE', `/api/v1/groups/${group.id}`);
    expect((await org.call('GET', `/api/v1/users/${users[0].id}/groups`)).body).toEqual([]);
  });
});
