/**
 * The demo org's System Log holds its history from the start, read with Okta's own SDK the way a
 * poller reads it: from an early `since`, by event type, page after page.
 */
import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, startTestOrg, TOKEN, type TestOrg } from './helpers.js';

let org: TestOrg;
let client: okta.Client;
const clock = manualClock();
const startedAt = clock.now().getTime();

interface Event {
  eventType: string;
  published: string | Date;
  displayMessage: string;
  actor: { id: string; type: string; alternateId: string };
  target: { id: string; type: string; alternateId: string }[];
}

async function events(params: Record<string, string | number>): Promise<Event[]> {
  const items: Event[] = [];
  await (await client.systemLogApi.listLogEvents(params)).each((event) => {
    items.push(event as unknown as Event);
  });
  return items;
}

const since = new Date(startedAt - 60_000).toISOString();

/** Every user, the deactivated ones too (a plain list leaves DEPROVISIONED users out, as Okta's does). */
async function allUsers(): Promise<{ id: string; status: string; profile: { login: string } }[]> {
  const { body: listed } = await org.call('GET', '/api/v1/users?limit=200');
  const { body: deprovisioned } = await org.call('GET', `/api/v1/users?limit=200&filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
  return [...listed, ...deprovisioned];
}

beforeAll(async () => {
  org = await startTestOrg({ seed: true, clock });
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
});
afterAll(() => org.close());

describe('the demo org history in the System Log', () => {
  it('has an event for each seeded group, user, membership and app, oldest first, from Okta System', async () => {
    const history = await events({ since, limit: 7 });
    const types = history.map((event) => event.eventType);
    const users = await allUsers();
    const { body: groups } = await org.call('GET', '/api/v1/groups?limit=200');
    const { body: apps } = await org.call('GET', '/api/v1/apps');
    expect(types.filter((type) => type === 'user.lifecycle.create')).toHaveLength(users.length);
    expect(types.filter((type) => type === 'group.lifecycle.create')).toHaveLength(groups.filter((group: { type: string }) => group.type === 'OKTA_GROUP').length);
    expect(types.filter((type) => type === 'application.lifecycle.create')).toHaveLength(apps.length);
    expect(types.indexOf('group.lifecycle.create')).toBe(0);
    for (const event of history) expect(new Date(event.published).getTime()).toBe(startedAt);
    const created = history.find((event) => event.eventType === 'user.lifecycle.create')!;
    expect(created).toMatchObject({ displayMessage: 'Create Okta user', actor: { type: 'SystemPrincipal', alternateId: 'system@okta.com' } });
    const createdIds = history.filter((event) => event.eventType === 'user.lifecycle.create').map((event) => event.target[0]!.id);
    expect(createdIds.sort()).toEqual(users.map((user) => user.id).sort());
  });

  it('brings each user to its status: a created event before the transition that explains the status', async () => {
    const users = await allUsers();
    const byStatus = (status: string) => users.find((user) => user.status === status)!;
    const history = await events({ since });
    const typesFor = (id: string) => history.filter((event) => event.target.some((target) => target.id === id)).map((event) => event.eventType);
    expect(typesFor(byStatus('STAGED').id)).toEqual(['user.lifecycle.create']);
    expect(typesFor(byStatus('SUSPENDED').id).slice(0, 3)).toEqual(['user.lifecycle.create', 'user.lifecycle.activate', 'user.lifecycle.suspend']);
    expect(typesFor(byStatus('DEPROVISIONED').id)).toEqual(['user.lifecycle.create', 'user.lifecycle.activate', 'user.lifecycle.deactivate']);
    expect(typesFor(byStatus('PASSWORD_EXPIRED').id)).toEqual(['user.lifecycle.create', 'user.lifecycle.activate', 'user.account.expire_password']);
    const locked = byStatus('LOCKED_OUT');
    const lock = history.find((event) => event.eventType === 'user.account.lock' && event.target[0]!.id === locked.id);
    expect(lock?.actor).toMatchObject({ id: locked.id, type: 'User', alternateId: locked.profile.login });
  });

  it('has the group memberships with the user and the group as targets', async () => {
    const { body: groups } = await org.call('GET', '/api/v1/groups?limit=200');
    const memberships = await events({ since, filter: 'eventType eq "group.user_membership.add"' });
    let expected = 0;
    for (const group of groups as { id: string }[]) {
      const { body: members } = await org.call('GET', `/api/v1/groups/${group.id}/users`);
      expected += members.length;
      for (const member of members as { id: string }[]) {
        expect(memberships.some((event) => event.target[0]!.id === member.id && event.target[1]!.id === group.id && event.target[1]!.type === 'UserGroup')).toBe(true);
      }
    }
    expect(memberships).toHaveLength(expected);
    expect(expected).toBeGreaterThan(0);
  });

  it('is not there for a since after the org was made, and later API calls follow it', async () => {
    clock.advance(5_000);
    expect(await events({ since: new Date(startedAt + 1).toISOString() })).toEqual([]);
    await org.call('POST', '/api/v1/groups', { body: { profile: { name: 'Later' } } });
    const all = await events({ since });
    expect(all.at(-1)).toMatchObject({ eventType: 'group.lifecycle.create', target: [{ type: 'UserGroup' }] });
    expect(new Date(all.at(-1)!.published).getTime()).toBe(startedAt + 5_000);
  });

  it('is written once: an org without the demo seed starts with an empty log', async () => {
    const empty = await startTestOrg({ seed: false });
    try {
      const { body } = await empty.call('GET', `/api/v1/logs?since=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`);
      expect(body).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
