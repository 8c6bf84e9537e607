/**
 * Okta's own Node SDK drives the emulator's policies and rules, user types, user and group
 * schemas, profile validation and event hook filters.
 */
import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, startTestOrg, TOKEN, type TestOrg } from '../helpers.js';
import { errorOf, all } from '../okta-sdk-results.js';

let org: TestOrg;
let client: okta.Client;

beforeAll(async () => {
  org = await startTestOrg();
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
});
afterAll(() => org.close());

describe('policies through the Okta SDK', () => {
  it('lists the default MFA_ENROLL policy and updates it with PUT', async () => {
    const [policy] = await all<okta.Policy>(client.policyApi.listPolicies({ type: 'MFA_ENROLL' }));
    expect(policy).toMatchObject({ name: 'Default Policy', system: true, status: 'ACTIVE', type: 'MFA_ENROLL', priority: 1 });
    const settings = { type: 'AUTHENTICATORS', authenticators: [{ key: 'security_question', enroll: { self: 'OPTIONAL' } }, { key: 'okta_email', enroll: { self: 'REQUIRED' } }] };
    const updated = await client.policyApi.replacePolicy({ policyId: policy!.id!, policy: { ...policy, settings } as never });
    expect((updated as { settings?: unknown }).settings).toEqual(settings);
    const again = (await client.policyApi.getPolicy({ policyId: policy!.id! })) as { settings?: unknown };
    expect(again.settings).toEqual(settings);
  });

  it('has a system default for every type hooks meet, which cannot be deleted', async () => {
    for (const type of ['OKTA_SIGN_ON', 'PASSWORD', 'ACCESS_POLICY', 'PROFILE_ENROLLMENT'] as const) {
      const policies = await all<okta.Policy>(client.policyApi.listPolicies({ type }));
      const system = policies.find((policy) => policy.system);
      expect(system?.name).toBe('Default Policy');
      const rules = await all<okta.PolicyRule>(client.policyApi.listPolicyRules({ policyId: system!.id! }));
      expect(rules).toHaveLength(1);
      expect(rules[0]!.system).toBe(true);
      const refused = await errorOf(client.policyApi.deletePolicy({ policyId: system!.id! }));
      expect([refused.status, refused.errorCode]).toEqual([403, 'E0000006']);
      const ruleRefused = await errorOf(client.policyApi.deletePolicyRule({ policyId: system!.id!, ruleId: rules[0]!.id! }));
      expect(ruleRefused.errorCode).toBe('E0000006');
    }
    const missing = await errorOf(fetch(`${org.url}/api/v1/policies`, { headers: { authorization: `SSWS ${TOKEN}` } }).then(async (response) => {
      throw { status: response.status, ...((await response.json()) as object) };
    }));
    expect([missing.status, missing.errorCode]).toEqual([400, 'E0000001']);
  });

  it('creates, orders, deactivates and deletes policies and rules', async () => {
    const first = await client.policyApi.createPolicy({ policy: { type: 'OKTA_SIGN_ON', name: 'Contractors', description: 'stricter' } as never });
    const second = await client.policyApi.createPolicy({ policy: { type: 'OKTA_SIGN_ON', name: 'Admins', priority: 1 } as never });
    const ordered = await all<okta.Policy>(client.policyApi.listPolicies({ type: 'OKTA_SIGN_ON' }));
    expect(ordered.map((policy) => [policy.name, policy.priority])).toEqual([['Admins', 1], ['Contractors', 2], ['Default Policy', 3]]);
    const duplicate = await errorOf(client.policyApi.createPolicy({ policy: { type: 'OKTA_SIGN_ON', name: 'Admins' } as never }));
    expect(duplicate.errorCode).toBe('E0000001');
    const badType = await errorOf(client.policyApi.createPolicy({ policy: { type: 'NOT_A_TYPE', name: 'x' } as never }));
    expect(badType.errorCauses[0]!.errorSummary).toMatch(/^type:/);

    const rule = await client.policyApi.createPolicyRule({
      policyId: first.id!,
      policyRule: { name: 'Require MFA', type: 'SIGN_ON', actions: { signon: { access: 'ALLOW', requireFactor: true } } } as never,
    });
    expect(rule).toMatchObject({ name: 'Require MFA', status: 'ACTIVE', priority: 1, system: false });
    await client.policyApi.deactivatePolicyRule({ policyId: first.id!, ruleId: rule.id! });
    expect((await client.policyApi.getPolicyRule({ policyId: first.id!, ruleId: rule.id! })).status).toBe('INACTIVE');
    await client.policyApi.activatePolicyRule({ policyId: first.id!, ruleId: rule.id! });
    const renamed = await client.policyApi.replacePolicyRule({ policyId: first.id!, ruleId: rule.id!, policyRule: { ...rule, name: 'MFA always' } as never });
    expect(renamed.name).toBe('MFA always');
    await client.policyApi.deletePolicyRule({ policyId: first.id!, ruleId: rule.id! });
    expect(await all(client.policyApi.listPolicyRules({ policyId: first.id! }))).toHaveLength(0);

    await client.policyApi.deactivatePolicy({ policyId: second.id! });
    expect((await client.policyApi.getPolicy({ policyId: second.id! })).status).toBe('INACTIVE');
    await client.policyApi.deletePolicy({ policyId: second.id! });
    const gone = await errorOf(client.policyApi.getPolicy({ policyId: second.id! }));
    expect([gone.status, gone.errorCode]).toEqual([404, 'E0000007']);
    const left = await all<okta.Policy>(client.policyApi.listPolicies({ type: 'OKTA_SIGN_ON' }));
    expect(left.map((policy) => [policy.name, policy.priority])).toEqual([['Contractors', 1], ['Default Policy', 2]]);
  });

  it('a profile enrollment rule may only name an existing registration hook', async () => {
    const [policy] = await all<okta.Policy>(client.policyApi.listPolicies({ type: 'PROFILE_ENROLLMENT' }));
    const [rule] = await all<okta.PolicyRule>(client.policyApi.listPolicyRules({ policyId: policy!.id! }));
    const actions = (rule as unknown as { actions: { profileEnrollment: Record<string, unknown> } }).actions;
    const body = { ...rule, actions: { profileEnrollment: { ...actions.profileEnrollment, preRegistrationInlineHooks: [{ inlineHookId: 'calDoesNotExist' }] } } };
    const refused = await errorOf(client.policyApi.replacePolicyRule({ policyId: policy!.id!, ruleId: rule!.id!, policyRule: body as never }));
    expect(refused.errorCode).toBe('E0000001');
    expect(refused.errorCauses[0]!.errorSummary).toMatch(/Inline hook not found/);
  });
});

describe('user types and schemas through the Okta SDK', () => {
  it('lists the default user type and manages others', async () => {
    const types = await all<okta.UserType>(client.userTypeApi.listUserTypes());
    expect(types).toHaveLength(1);
    expect(types[0]).toMatchObject({ name: 'user', displayName: 'User', _default: true });
    const refused = await errorOf(client.userTypeApi.deleteUserType({ typeId: types[0]!.id! }));
    expect([refused.status, refused.errorCode]).toEqual([403, 'E0000142']);

    const contractor = await client.userTypeApi.createUserType({ userType: { name: 'contractor', displayName: 'Contractor', description: 'External staff' } });
    expect(contractor.id).toMatch(/^oty/);
    const duplicate = await errorOf(client.userTypeApi.createUserType({ userType: { name: 'contractor', displayName: 'Again' } }));
    expect(duplicate.errorCode).toBe('E0000001');
    const updated = await client.userTypeApi.updateUserType({ typeId: contractor.id!, userType: { displayName: 'Contractors' } });
    expect([updated.name, updated.displayName, updated.description]).toEqual(['contractor', 'Contractors', 'External staff']);
    const replaced = await client.userTypeApi.replaceUserType({ typeId: contractor.id!, userType: { name: 'contractor', displayName: 'Contract staff', description: 'x' } });
    expect(replaced.displayName).toBe('Contract staff');
    await client.userTypeApi.deleteUserType({ typeId: contractor.id! });
    expect((await errorOf(client.userTypeApi.getUserType({ typeId: contractor.id! }))).errorCode).toBe('E0000007');
  });

  it('adds, changes and removes custom user attributes, and profiles follow the schema', async () => {
    const schema = await client.schemaApi.getUserSchema({ schemaId: 'default' });
    expect(schema.definitions?.base?.required).toEqual(['login', 'firstName', 'lastName', 'email']);
    const added = await client.schemaApi.updateUserProfile({
      schemaId: 'default',
      userSchema: {
        definitions: {
          custom: {
            id: '#custom',
            type: 'object',
            properties: {
              employeeLevel: { title: 'Level', type: 'integer', minimum: 1, maximum: 9 },
              badge: { title: 'Badge', type: 'string', required: true },
              teams: { title: 'Teams', type: 'array', items: { type: 'string' } },
            },
          },
        },
      } as never,
    });
    expect(Object.keys(added.definitions?.custom?.properties ?? {})).toEqual(['employeeLevel', 'badge', 'teams']);
    expect(added.definitions?.custom?.required).toEqual(['badge']);

    const user = await client.userApi.createUser({ body: { profile: { ...newUser().profile, badge: 'B-1', employeeLevel: 3, teams: ['core'] } } as never });
    expect((user.profile as Record<string, unknown>).employeeLevel).toBe(3);

    const unknown = await errorOf(client.userApi.createUser({ body: { profile: { ...newUser().profile, badge: 'B-2', favouriteColour: 'blue' } } as never }));
    expect([unknown.status, unknown.errorCode]).toEqual([400, 'E0000001']);
    expect(unknown.errorCauses.map((cause) => cause.errorSummary)).toEqual(["Property name 'favouriteColour' is not defined in profile"]);
    const wrongType = await errorOf(client.userApi.updateUser({ userId: user.id!, user: { profile: { employeeLevel: 'senior' } } as never }));
    expect(wrongType.errorCauses[0]!.errorSummary).toMatch(/employeeLevel/);
    const missing = await errorOf(client.userApi.createUser({ body: { profile: newUser().profile } as never }));
    expect(missing.errorCauses.map((cause) => cause.errorSummary)).toEqual(['badge: The field cannot be left blank']);

    const changed = await client.schemaApi.updateUserProfile({
      schemaId: 'default',
      userSchema: { definitions: { custom: { properties: { badge: { title: 'Badge', type: 'string' }, employeeLevel: null } } } } as never,
    });
    expect(Object.keys(changed.definitions?.custom?.properties ?? {})).toEqual(['badge', 'teams']);
    const fetched = await client.userApi.getUser({ userId: user.id! });
    expect((fetched.profile as Record<string, unknown>).employeeLevel).toBeUndefined();
    const typeChange = await errorOf(client.schemaApi.updateUserProfile({ schemaId: 'default', userSchema: { definitions: { custom: { properties: { badge: { title: 'Badge', type: 'number' } } } } } as never }));
    expect(typeChange.errorCode).toBe('E0000001');
  });

  it('gives the group schema custom attributes and checks group profiles', async () => {
    const updated = await client.schemaApi.updateGroupSchema({
      GroupSchema: { definitions: { custom: { id: '#custom', type: 'object', properties: { costCenter: { title: 'Cost center', type: 'string', maxLength: 8 } } } } } as never,
    });
    expect(Object.keys(updated.definitions?.custom?.properties ?? {})).toEqual(['costCenter']);
    const group = await client.groupApi.createGroup({ group: { profile: { name: 'Finance', costCenter: 'CC-1' } } as never });
    // The SDK's Group model keeps only name and description; the stored profile has the attribute.
    expect((await org.call('GET', `/api/v1/groups/${group.id}`)).body.profile.costCenter).toBe('CC-1');
    const tooLong = await errorOf(client.groupApi.createGroup({ group: { profile: { name: 'Ops', costCenter: 'CC-123456789' } } as never }));
    expect(tooLong.errorCode).toBe('E0000001');
    const unknown = await errorOf(client.groupApi.createGroup({ group: { profile: { name: 'Legal', region: 'EU' } } as never }));
    expect(unknown.errorCauses[0]!.errorSummary).toBe("Property name 'region' is not defined in profile");
  });
});

describe('app user schemas through the Okta SDK', () => {
  it('gets and extends the schema of an app, and answers 404 for an unknown app', async () => {
    const { generateKeyPair, exportJWK } = await import('jose');
    const { publicKey } = await generateKeyPair('ES256');
    const app = await org.call('POST', '/api/v1/apps', {
      body: {
        name: 'oidc_client',
        label: 'Schema app',
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
        settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] } } },
      },
    });
    expect(app.status).toBe(200);
    const schema = await client.schemaApi.getApplicationUserSchema({ appInstanceId: app.body.id });
    expect(schema.definitions?.custom?.properties).toEqual({});
    const updated = await client.schemaApi.updateApplicationUserProfile({
      appInstanceId: app.body.id,
      body: { definitions: { custom: { id: '#custom', type: 'object', properties: { tenant: { title: 'Tenant', type: 'string', scope: 'NONE' } } } } } as never,
    });
    expect(Object.keys(updated.definitions?.custom?.properties ?? {})).toEqual(['tenant']);
    const missing = await errorOf(client.schemaApi.getApplicationUserSchema({ appInstanceId: '0oaDoesNotExist' }));
    expect([missing.status, missing.errorCode]).toEqual([404, 'E0000007']);
  });
});

describe('event hook filters through the Okta SDK', () => {
  it('stores a valid filter and refuses a broken one', async () => {
    const channel = { type: 'HTTP', version: '1.0.0', config: { uri: 'https://hooks.example.com/events', authScheme: { type: 'HEADER', key: 'Authorization', value: 's' } } };
    const filter = {
      type: 'EXPRESSION_LANGUAGE',
      eventFilterMap: [{ event: 'group.user_membership.add', condition: { version: null, expression: "event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0" } }],
    };
    const hook = await client.eventHookApi.createEventHook({
      eventHook: { name: 'sales joins', events: { type: 'EVENT_TYPE', items: ['group.user_membership.add'], filter }, channel } as never,
    });
    expect((hook.events as unknown as { filter: unknown }).filter).toEqual(filter);
    const broken = await errorOf(
      client.eventHookApi.createEventHook({
        eventHook: {
          name: 'broken',
          events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'], filter: { type: 'EXPRESSION_LANGUAGE', eventFilterMap: [{ event: 'user.lifecycle.create', condition: { expression: 'event.published gt 1' } }] } },
          channel,
        } as never,
      }),
    );
    expect(broken.errorCode).toBe('E0000001');
    expect(broken.errorCauses[0]!.errorSummary).toMatch(/event.published is not a field/);
    const unsubscribed = await errorOf(
      client.eventHookApi.createEventHook({
        eventHook: { name: 'other', events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'], filter: { ...filter } }, channel } as never,
      }),
    );
    expect(unsubscribed.errorCauses[0]!.errorSummary).toMatch(/subscribed/);
  });
});
