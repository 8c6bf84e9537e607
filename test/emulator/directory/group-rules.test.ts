/**
 * Group rules and group owners through Okta's own Node SDK: a rule is created INACTIVE, applies to
 * every user when activated, follows profile changes and activations from then on, and only ever
 * takes away memberships it added itself.
 */
import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, errorOf } from './sdk.js';
import { newUser, startTestOrg, TOKEN, type TestOrg } from '../helpers.js';

let org: TestOrg;
let client: okta.Client;


async function memberIds(groupId: string): Promise<string[]> {
  return (await all<okta.User>(client.groupApi.listGroupUsers({ groupId }))).map((user) => user.id!);
}

async function ownerIds(groupId: string): Promise<string[]> {
  return (await all<okta.GroupOwner>(client.groupApi.listGroupOwners({ groupId }))).map((owner) => owner.id!);
}

async function createUser(profile: Record<string, unknown>, activate = true) {
  const created = await org.call('POST', `/api/v1/users?activate=${activate}`, { body: newUser(profile) });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return created.body.id as string;
}

const group = async (name: string) => (await client.groupApi.createGroup({ group: { profile: { name: `${name} ${Date.now()}` } } })).id!;

const ruleBody = (name: string, expression: string, groupIds: string[], exclude: string[] = []) => ({
  type: 'group_rule',
  name,
  conditions: { people: { users: { exclude } }, expression: { value: expression, type: 'urn:okta:expression:1.0' } },
  actions: { assignUserToGroups: { groupIds } },
});

beforeAll(async () => {
  org = await startTestOrg();
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
});
afterAll(() => org.close());

describe('group rules through the Okta SDK', () => {
  it('creates an INACTIVE rule, assigns matching users on activation and follows profile changes', async () => {
    const engineering = await group('Engineering');
    const engineer = await createUser({ department: 'Engineering' });
    const sales = await createUser({ department: 'Sales' });
    const excluded = await createUser({ department: 'Engineering' });
    const rule = await client.groupApi.createGroupRule({ groupRule: ruleBody('Engineers', 'user.department == "Engineering"', [engineering], [excluded]) as never });
    expect(rule).toMatchObject({ type: 'group_rule', status: 'INACTIVE', name: 'Engineers', conditions: { expression: { value: 'user.department == "Engineering"' } } });
    expect(await memberIds(engineering)).toEqual([]);

    await client.groupApi.activateGroupRule({ ruleId: rule.id! });
    expect((await client.groupApi.getGroupRule({ ruleId: rule.id! })).status).toBe('ACTIVE');
    expect(await memberIds(engineering)).toEqual([engineer]);

    // Profile changes move users in and out.
    await client.userApi.updateUser({ userId: sales, user: { profile: { department: 'Engineering' } } });
    expect((await memberIds(engineering)).sort()).toEqual([engineer, sales].sort());
    await client.userApi.updateUser({ userId: engineer, user: { profile: { department: 'Finance' } } });
    expect(await memberIds(engineering)).toEqual([sales]);

    const added = await org.call('GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "group.user_membership.add"')}`);
    expect(added.body.some((event: { target: { id: string }[] }) => event.target.some((target) => target.id === sales))).toBe(true);
  });

  it('applies when a user is activated, and leaves hand-made memberships alone', async () => {
    const managers = await group('Managers');
    const rule = await client.groupApi.createGroupRule({ groupRule: ruleBody('Managers', 'String.startsWith(user.title, "Manager")', [managers]) as never });
    await client.groupApi.activateGroupRule({ ruleId: rule.id! });
    const staged = await createUser({ title: 'Manager, Support' }, false);
    expect(await memberIds(managers)).toEqual([]);
    await client.userApi.activateUser({ userId: staged, sendEmail: false });
    expect(await memberIds(managers)).toEqual([staged]);

    const byHand = await createUser({ title: 'Engineer' });
    await client.groupApi.assignUserToGroup({ groupId: managers, userId: byHand });
    await client.userApi.updateUser({ userId: byHand, user: { profile: { title: 'Staff engineer' } } });
    expect((await memberIds(managers)).sort()).toEqual([staged, byHand].sort());
  });

  it('applies to a user a user import created (STAGED) once they are activated', async () => {
    const importers = await group('Imported');
    const rule = await client.groupApi.createGroupRule({ groupRule: ruleBody('Imported ops', 'user.department == "Imported Ops"', [importers]) as never });
    await client.groupApi.activateGroupRule({ ruleId: rule.id! });
    const login = `imported.${Date.now()}@example.com`;
    const imported = await org.call('POST', '/api/v1/_emulator/imports', { body: { users: [{ profile: { firstName: 'Ima', lastName: 'Ported', email: login, login, department: 'Imported Ops' } }] } });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const userId = imported.body.results[0].userId as string;
    expect(await memberIds(importers)).toEqual([]);
    await client.userApi.activateUser({ userId, sendEmail: false });
    expect(await memberIds(importers)).toEqual([userId]);
  });

  it('refuses expressions outside the language or naming unknown attributes, and updates of ACTIVE rules', async () => {
    const target = await group('Target');
    const unknown = await errorOf(client.groupApi.createGroupRule({ groupRule: ruleBody('Bad attribute', 'user.noSuchAttribute == "x"', [target]) as never }));
    expect([unknown.status, unknown.errorCode]).toEqual([400, 'E0000001']);
    expect(unknown.errorCauses[0]!.errorSummary).toContain('noSuchAttribute');
    const syntax = await errorOf(client.groupApi.createGroupRule({ groupRule: ruleBody('Bad syntax', 'user.department ==', [target]) as never }));
    expect(syntax.errorCode).toBe('E0000001');
    const noGroup = await errorOf(client.groupApi.createGroupRule({ groupRule: ruleBody('No group', 'user.department == "x"', ['00gNoSuchGroup000000']) as never }));
    expect(noGroup.errorCode).toBe('E0000001');

    const rule = await client.groupApi.createGroupRule({ groupRule: ruleBody('Editable', 'user.department == "A"', [target]) as never });
    const renamed = await client.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: { ...ruleBody('Edited', 'user.department == "B"', [target]) } as never });
    expect(renamed).toMatchObject({ name: 'Edited', status: 'INACTIVE' });
    await client.groupApi.activateGroupRule({ ruleId: rule.id! });
    const active = await errorOf(client.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: ruleBody('Again', 'user.department == "C"', [target]) as never }));
    expect(active.errorCode).toBe('E0000001');
    await client.groupApi.deactivateGroupRule({ ruleId: rule.id! });
    // The SDK's model drops `_embedded`, so the expansion is read over plain HTTP.
    const expanded = await org.call('GET', `/api/v1/groups/rules/${rule.id}?expand=groupIdToGroupNameMap`);
    expect(expanded.body).toMatchObject({ status: 'INACTIVE', _embedded: { groupIdToGroupNameMap: { [target]: expect.stringContaining('Target') } } });
  });

  it('lists rules, and on delete with removeUsers takes away the memberships the rule added', async () => {
    const ops = await group('Ops');
    const user = await createUser({ department: 'Operations' });
    const rule = await client.groupApi.createGroupRule({ groupRule: ruleBody('Operators', 'user.department == "Operations" || isMemberOfGroupName("never")', [ops]) as never });
    await client.groupApi.activateGroupRule({ ruleId: rule.id! });
    expect(await memberIds(ops)).toEqual([user]);
    const names: string[] = [];
    await (await client.groupApi.listGroupRules({ search: 'Operat' })).each((listed) => {
      names.push(listed.name!);
    });
    expect(names).toEqual(['Operators']);
    await client.groupApi.deleteGroupRule({ ruleId: rule.id!, removeUsers: true });
    expect(await memberIds(ops)).toEqual([]);
    expect((await errorOf(client.groupApi.getGroupRule({ ruleId: rule.id! }))).status).toBe(404);
  });
});

describe('group owners through the Okta SDK', () => {
  it('assigns user and group owners, lists and removes them', async () => {
    const owned = await group('Owned');
    const ownerGroup = await group('Owners');
    const user = await createUser({ firstName: 'Olive', lastName: 'Owner' });
    const assigned = await client.groupApi.assignGroupOwner({ groupId: owned, GroupOwner: { id: user, type: 'USER' } as never });
    expect(assigned).toMatchObject({ id: user, type: 'USER', displayName: 'Olive Owner', resolved: true, originType: 'OKTA_DIRECTORY' });
    await client.groupApi.assignGroupOwner({ groupId: owned, GroupOwner: { id: ownerGroup, type: 'GROUP' } as never });
    expect(await ownerIds(owned)).toEqual([user, ownerGroup]);
    await client.groupApi.deleteGroupOwner({ groupId: owned, ownerId: user });
    expect(await ownerIds(owned)).toEqual([ownerGroup]);
    const missing = await errorOf(client.groupApi.assignGroupOwner({ groupId: owned, GroupOwner: { id: '00uNoSuchUser0000000', type: 'USER' } as never }));
    expect([missing.status, missing.errorCode]).toEqual([404, 'E0000007']);
  });
});
