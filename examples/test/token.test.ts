import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupsApi } from 'gatehook/sdk/groups';
import { callHook, startTestOrg, type TestOrg } from 'gatehook/testing';
import { tokenExample } from '../src/hooks/token.js';

const MIRA = 'mira.lindqvist@example.com';
const asUser = (login: string, id = '00utest') => ({ data: { context: { user: { id, profile: { login } } } } });
const accessPatch = (commands: { type: string; value: unknown }[]) => commands.find((command) => command.type === 'com.okta.access.patch')?.value;

describe('token hook', () => {
  it('adds the employee tier and cost center to the access token and the employee id to the ID token', async () => {
    const result = await callHook(tokenExample, { overrides: asUser(MIRA) });
    expect(result.outcome).toBe('applied');
    expect(accessPatch(result.commands)).toEqual(
      expect.arrayContaining([
        { op: 'add', path: '/claims/tier', value: 'gold' },
        { op: 'add', path: '/claims/cost_center', value: 'CC-204' },
      ]),
    );
    const idPatch = result.commands.find((command) => command.type === 'com.okta.identity.patch')?.value;
    expect(idPatch).toEqual([{ op: 'add', path: '/claims/employee_id', value: 'E-10442' }]);
  });

  it('leaves the tokens alone for a login without an employee record, and says so in the log', async () => {
    const result = await callHook(tokenExample, { overrides: asUser('someone.else@example.com') });
    expect(result.outcome).toBe('no-op');
    expect(result.logs.map((line) => line.message)).toContain('no employee record for this login');
  });

  describe('with an org', () => {
    let org: TestOrg;
    beforeAll(async () => {
      org = await startTestOrg({ users: [{ login: MIRA, password: 'Correct-Horse-1' }] });
      const group = await groupsApi(org.okta).createGroup({ profile: { name: 'Finance' } });
      await groupsApi(org.okta).addUserToGroup(group.id!, org.users[MIRA]!);
    });
    afterAll(() => org?.stop());

    it('adds the group names and MFA status it reads from the org', async () => {
      const result = await callHook(tokenExample, { overrides: asUser(MIRA, org.users[MIRA]), okta: org.okta });
      expect(accessPatch(result.commands)).toEqual(
        expect.arrayContaining([
          { op: 'add', path: '/claims/group_names', value: expect.arrayContaining(['Finance']) },
          { op: 'add', path: '/claims/mfa_active', value: false },
        ]),
      );
    });
  });
});
