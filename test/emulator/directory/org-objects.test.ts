/** Linked objects, trusted origins, network zones and admin roles through Okta's own Node SDK. */
import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFromRequest } from '../../../src/emulator/apps/app-document.js';
import { all, errorOf } from './sdk.js';
import { newUser, startTestOrg, TOKEN, type TestOrg } from '../helpers.js';

let org: TestOrg;
let client: okta.Client;




async function createUser(): Promise<string> {
  const created = await org.call('POST', '/api/v1/users?activate=true', { body: newUser() });
  expect(created.status).toBe(200);
  return created.body.id;
}

beforeAll(async () => {
  org = await startTestOrg();
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
});
afterAll(() => org.close());

describe('linked objects', () => {
  it('defines manager/subordinate, links users both ways and removes the link', async () => {
    const definition = await client.linkedObjectApi.createLinkedObjectDefinition({
      linkedObject: { primary: { name: 'manager', title: 'Manager', type: 'USER' }, associated: { name: 'subordinate', title: 'Subordinate', type: 'USER' } } as never,
    });
    expect(definition).toMatchObject({ primary: { name: 'manager', title: 'Manager', type: 'USER' }, associated: { name: 'subordinate' } });
    expect((await client.linkedObjectApi.getLinkedObjectDefinition({ linkedObjectName: 'subordinate' })).primary?.name).toBe('manager');
    expect((await all<okta.LinkedObject>(client.linkedObjectApi.listLinkedObjectDefinitions())).map((item) => item.primary?.name)).toEqual(['manager']);
    const taken = await errorOf(client.linkedObjectApi.createLinkedObjectDefinition({ linkedObject: { primary: { name: 'manager', title: 'M', type: 'USER' }, associated: { name: 'reports', title: 'R', type: 'USER' } } as never }));
    expect([taken.status, taken.errorCode]).toEqual([409, 'E0000127']);

    const boss = await createUser();
    const first = await createUser();
    const second = await createUser();
    await client.userApi.setLinkedObjectForUser({ associatedUserId: first, primaryRelationshipName: 'manager', primaryUserId: boss });
    await client.userApi.setLinkedObjectForUser({ associatedUserId: second, primaryRelationshipName: 'manager', primaryUserId: boss });
    const reports = await org.call('GET', `/api/v1/users/${boss}/linkedObjects/subordinate`);
    expect(reports.body.map((item: { _links: { self: { href: string } } }) => item._links.self.href)).toEqual([`${org.url}/api/v1/users/${first}`, `${org.url}/api/v1/users/${second}`]);
    const manager = await org.call('GET', `/api/v1/users/${first}/linkedObjects/manager`);
    expect(manager.body).toEqual([{ _links: { self: { href: `${org.url}/api/v1/users/${boss}` } } }]);

    await client.userApi.deleteLinkedObjectForUser({ userId: first, relationshipName: 'manager' });
    expect((await org.call('GET', `/api/v1/users/${first}/linkedObjects/manager`)).body).toEqual([]);
    await client.linkedObjectApi.deleteLinkedObjectDefinition({ linkedObjectName: 'manager' });
    expect((await errorOf(client.linkedObjectApi.getLinkedObjectDefinition({ linkedObjectName: 'manager' }))).status).toBe(404);
  });
});

describe('trusted origins', () => {
  it('creates, filters, replaces, deactivates and deletes an origin, refusing malformed ones', async () => {
    const created = await client.trustedOriginApi.createTrustedOrigin({ trustedOrigin: { name: 'SPA', origin: 'https://spa.example.com', scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }] } as never });
    expect(created).toMatchObject({ name: 'SPA', origin: 'https://spa.example.com', status: 'ACTIVE', scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }] });
    expect(created.id).toMatch(/^tos/);
    const filtered = await all<okta.TrustedOrigin>(client.trustedOriginApi.listTrustedOrigins({ filter: 'name eq "SPA"' }));
    expect(filtered.map((origin) => origin.id)).toEqual([created.id]);
    expect((await all<okta.TrustedOrigin>(client.trustedOriginApi.listTrustedOrigins({ q: 'https://spa.' }))).map((origin) => origin.id)).toEqual([created.id]);
    expect(await all(client.trustedOriginApi.listTrustedOrigins({ q: 'nothing' }))).toEqual([]);
    const replaced = await client.trustedOriginApi.replaceTrustedOrigin({ trustedOriginId: created.id!, trustedOrigin: { name: 'SPA v2', origin: 'https://spa.example.com:8443', scopes: [{ type: 'CORS' }] } as never });
    expect(replaced).toMatchObject({ name: 'SPA v2', origin: 'https://spa.example.com:8443', status: 'ACTIVE' });
    expect((await client.trustedOriginApi.deactivateTrustedOrigin({ trustedOriginId: created.id! })).status).toBe('INACTIVE');
    expect((await client.trustedOriginApi.activateTrustedOrigin({ trustedOriginId: created.id! })).status).toBe('ACTIVE');

    const withPath = await errorOf(client.trustedOriginApi.createTrustedOrigin({ trustedOrigin: { name: 'Bad', origin: 'https://bad.example.com/path', scopes: [{ type: 'CORS' }] } as never }));
    expect([withPath.status, withPath.errorCode]).toEqual([400, 'E0000001']);
    const duplicate = await errorOf(client.trustedOriginApi.createTrustedOrigin({ trustedOrigin: { name: 'Again', origin: 'https://spa.example.com:8443', scopes: [{ type: 'CORS' }] } as never }));
    expect(duplicate.errorCode).toBe('E0000001');

    await client.trustedOriginApi.deleteTrustedOrigin({ trustedOriginId: created.id! });
    expect((await errorOf(client.trustedOriginApi.getTrustedOrigin({ trustedOriginId: created.id! }))).status).toBe(404);
  });
});

describe('network zones', () => {
  it('starts with the system zones, which cannot be deleted', async () => {
    const zones = await all<okta.NetworkZone>(client.networkZoneApi.listNetworkZones());
    expect(zones.map((zone) => [zone.name, zone.usage, zone.system])).toEqual([
      ['LegacyIpZone', 'POLICY', true],
      ['BlockedIpZone', 'BLOCKLIST', true],
    ]);
    const blocked = await all<okta.NetworkZone>(client.networkZoneApi.listNetworkZones({ filter: 'usage eq "BLOCKLIST"' }));
    expect(blocked.map((zone) => zone.name)).toEqual(['BlockedIpZone']);
    const refused = await errorOf(client.networkZoneApi.deleteNetworkZone({ zoneId: zones[0]!.id! }));
    expect([refused.status, refused.errorCode]).toEqual([403, 'E0000006']);
  });

  it('creates IP and dynamic zones, validates addresses, and deletes a zone once deactivated', async () => {
    const office = await client.networkZoneApi.createNetworkZone({
      zone: { type: 'IP', name: 'Office', usage: 'POLICY', gateways: [{ type: 'CIDR', value: '10.1.0.0/16' }, { type: 'RANGE', value: '192.0.2.1-192.0.2.9' }] } as never,
    });
    expect(office).toMatchObject({ type: 'IP', name: 'Office', status: 'ACTIVE', system: false, gateways: [{ type: 'CIDR', value: '10.1.0.0/16' }, { type: 'RANGE', value: '192.0.2.1-192.0.2.9' }] });
    // The SDK's DynamicNetworkZoneLocations model serializes a location list to {}, so dynamic zones go over plain HTTP.
    const dynamic = (await org.call('POST', '/api/v1/zones', { body: { type: 'DYNAMIC', name: 'EU', usage: 'BLOCKLIST', locations: [{ country: 'FR', region: 'FR-IDF' }], proxyType: 'Tor' } })).body;
    expect(dynamic).toMatchObject({ type: 'DYNAMIC', locations: [{ country: 'FR', region: 'FR-IDF' }], proxyType: 'Tor' });
    const bad = await errorOf(client.networkZoneApi.createNetworkZone({ zone: { type: 'IP', name: 'Bad', gateways: [{ type: 'CIDR', value: '10.1.0.0/40' }] } as never }));
    expect([bad.status, bad.errorCode]).toEqual([400, 'E0000001']);
    const renamed = await client.networkZoneApi.replaceNetworkZone({ zoneId: office.id!, zone: { type: 'IP', name: 'Head office', gateways: [{ type: 'CIDR', value: '10.2.0.0/16' }] } as never });
    expect(renamed).toMatchObject({ name: 'Head office', gateways: [{ type: 'CIDR', value: '10.2.0.0/16' }] });
    expect((await errorOf(client.networkZoneApi.deleteNetworkZone({ zoneId: office.id! }))).errorCode).toBe('E0000001');
    expect((await client.networkZoneApi.deactivateNetworkZone({ zoneId: office.id! })).status).toBe('INACTIVE');
    await client.networkZoneApi.deleteNetworkZone({ zoneId: office.id! });
    expect((await errorOf(client.networkZoneApi.getNetworkZone({ zoneId: office.id! }))).status).toBe(404);
  });
});

describe('admin roles', () => {
  it('assigns roles to users, refuses a second of the same type, and scopes a group admin to groups', async () => {
    const admin = await createUser();
    const role = await client.roleAssignmentApi.assignRoleToUser({ userId: admin, assignRoleRequest: { type: 'USER_ADMIN' } as never });
    expect(role).toMatchObject({ type: 'USER_ADMIN', label: 'Group Administrator', status: 'ACTIVE', assignmentType: 'USER' });
    const again = await errorOf(client.roleAssignmentApi.assignRoleToUser({ userId: admin, assignRoleRequest: { type: 'USER_ADMIN' } as never }));
    expect([again.status, again.errorCode]).toEqual([409, 'E0000090']);
    const listed = await all<{ id: string }>(client.roleAssignmentApi.listAssignedRolesForUser({ userId: admin }));
    expect(listed.map((item) => item.id)).toEqual([role.id]);

    const first = await client.groupApi.createGroup({ group: { profile: { name: `Scope A ${Date.now()}` } } });
    const second = await client.groupApi.createGroup({ group: { profile: { name: `Scope B ${Date.now()}` } } });
    await client.roleTargetApi.assignGroupTargetToUserRole({ userId: admin, roleId: role.id!, groupId: first.id! });
    await client.roleTargetApi.assignGroupTargetToUserRole({ userId: admin, roleId: role.id!, groupId: second.id! });
    const scoped = await all<okta.Group>(client.roleTargetApi.listGroupTargetsForRole({ userId: admin, roleId: role.id! }));
    expect(scoped.map((group) => group.id)).toEqual([first.id, second.id]);
    await client.roleTargetApi.unassignGroupTargetFromUserAdminRole({ userId: admin, roleId: role.id!, groupId: first.id! });
    const last = await errorOf(client.roleTargetApi.unassignGroupTargetFromUserAdminRole({ userId: admin, roleId: role.id!, groupId: second.id! }));
    expect(last.errorCode).toBe('E0000001');

    const wrongKind = await errorOf(client.roleTargetApi.assignAppTargetToAdminRoleForUser({ userId: admin, roleId: role.id!, appName: 'oidc_client' }));
    expect([wrongKind.status, wrongKind.errorCode]).toEqual([400, 'E0000091']);
    await client.roleAssignmentApi.unassignRoleFromUser({ userId: admin, roleId: role.id! });
    expect((await errorOf(client.roleAssignmentApi.getUserAssignedRole({ userId: admin, roleId: role.id! }))).status).toBe(404);
  });

  it('gives a group an APP_ADMIN role scoped to one app instance, and makes it org-wide again', async () => {
    const now = new Date().toISOString();
    const serviceApp = await appFromRequest(
      {
        name: 'oidc_client',
        label: 'Role target',
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
        settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'] } },
      },
      { id: '0oaRoleTargetApp0001', now, active: true, nameTaken: () => false },
    );
    org.running.emulator.deps.store.apps.insert(serviceApp);
    const app = (await org.call('GET', '/api/v1/apps/0oaRoleTargetApp0001')).body as { name: string };
    const admins = await client.groupApi.createGroup({ group: { profile: { name: `App admins ${Date.now()}` } } });
    const role = (await client.roleAssignmentApi.assignRoleToGroup({ groupId: admins.id!, assignRoleRequest: { type: 'APP_ADMIN' } as never })) as { id: string };
    expect(role).toMatchObject({ type: 'APP_ADMIN', assignmentType: 'GROUP' });
    expect((await client.roleAssignmentApi.getGroupAssignedRole({ groupId: admins.id!, roleId: role.id! })).id).toBe(role.id);
    await client.roleTargetApi.assignAppInstanceTargetToAppAdminRoleForGroup({ groupId: admins.id!, roleId: role.id!, appName: app.name, applicationId: '0oaRoleTargetApp0001' });
    const targets = await org.call('GET', `/api/v1/groups/${admins.id}/roles/${role.id}/targets/catalog/apps`);
    expect(targets.body).toMatchObject([{ name: app.name, id: '0oaRoleTargetApp0001', displayName: 'Role target' }]);
    const unknown = await errorOf(client.roleTargetApi.assignAppTargetToAdminRoleForGroup({ groupId: admins.id!, roleId: role.id!, appName: 'no_such_app' }));
    expect(unknown.status).toBe(404);
    await client.roleAssignmentApi.unassignRoleFromGroup({ groupId: admins.id!, roleId: role.id! });
    expect(await all(client.roleAssignmentApi.listGroupAssignedRoles({ groupId: admins.id! }))).toEqual([]);

    const user = await createUser();
    const userRole = await client.roleAssignmentApi.assignRoleToUser({ userId: user, assignRoleRequest: { type: 'APP_ADMIN' } as never });
    await client.roleTargetApi.assignAppTargetToAdminRoleForUser({ userId: user, roleId: userRole.id!, appName: app.name });
    await client.roleTargetApi.assignAllAppsAsTargetToRoleForUser({ userId: user, roleId: userRole.id! });
    expect((await org.call('GET', `/api/v1/users/${user}/roles/${userRole.id}/targets/catalog/apps`)).body).toEqual([]);
  });
});
