import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/emulator/ids.js';
import { inTransaction } from '../../src/emulator/store/db.js';
import type { UserDoc } from '../../src/emulator/store/types.js';
import { links, startTestOrg, type TestOrg } from './helpers.js';

const COUNT = 1_050;
let org: TestOrg;
let groupId: string;

beforeAll(async () => {
  org = await startTestOrg();
  const { store } = org.running.emulator;
  const group = await org.call('POST', '/api/v1/groups', { body: { profile: { name: 'Bulk' } } });
  groupId = group.body.id;
  const now = new Date().toISOString();
  inTransaction(store.db, () => {
    for (let i = 0; i < COUNT; i++) {
      const login = `bulk${i}@example.com`;
      const user: UserDoc = {
        id: newId('user'),
        status: 'ACTIVE',
        created: now,
        activated: now,
        statusChanged: now,
        lastLogin: null,
        lastUpdated: now,
        passwordChanged: null,
        type: { id: 'oty00000000000000001' },
        profile: { login, email: login, firstName: `Bulk${i}`, lastName: 'User' },
        credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
      };
      store.users.insert(user, { failedLogins: 0 });
      store.groups.addMember(groupId, user.id);
    }
  });
});
afterAll(() => org.close());

async function walk(path: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let next: string | undefined = org.url + path;
  let pages = 0;
  while (next) {
    const result = await org.call('GET', next.slice(org.url.length));
    expect(result.status).toBe(200);
    ids.push(...result.body.map((user: { id: string }) => user.id));
    const rel = links(result.headers);
    expect(rel.self).toBeDefined();
    next = rel.next;
    pages++;
    expect(pages).toBeLessThan(100);
  }
  return { ids, pages };
}

describe('pagination with Link headers', () => {
  it(`walks ${COUNT} users 200 at a time without loss or repeats`, async () => {
    const { ids, pages } = await walk('/api/v1/users?limit=200');
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
    expect(pages).toBe(6);
  });

  it('clamps limit to the maximum of 200', async () => {
    const result = await org.call('GET', '/api/v1/users?limit=5000');
    expect(result.body).toHaveLength(200);
  });

  it('keeps the filter in the next link', async () => {
    const { ids } = await walk(`/api/v1/users?limit=50&filter=${encodeURIComponent('profile.lastName eq "User" and profile.firstName sw "Bulk1"')}`);
    // Bulk1, Bulk10-19, Bulk100-199, Bulk1000-1049
    expect(ids).toHaveLength(1 + 10 + 100 + 50);
  });

  it("walks a group's members", async () => {
    const { ids, pages } = await walk(`/api/v1/groups/${groupId}/users?limit=500`);
    expect(ids).toHaveLength(COUNT);
    expect(pages).toBe(3);
  });
});
