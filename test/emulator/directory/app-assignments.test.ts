/**
 * App assignments through Okta's own Node SDK, and what they decide at the token endpoint: an
 * unassigned user gets Okta's `access_denied`, an assigned one (directly or through a group) gets
 * tokens whose `appuser.*` claims read the app user profile, and a gatehook token hook sees them.
 */
import okta from '@okta/okta-sdk-nodejs';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOidcAppDoc } from '../../../src/emulator/oidc/app-documents.js';
import { tokenHook } from '../../../src/handlers/token/index.js';
import { createHookApp } from '../../../src/runtime/app.js';
import { serveNode, type RunningServer } from '../../../src/runtime/node.js';
import { fromValues } from '../../../src/secrets/env.js';
import { all, errorOf } from './sdk.js';
import { newUser, PASSWORD, startTestOrg, TOKEN, type TestOrg } from '../helpers.js';

const SECRET = 'directory-hook-secret-0123456789';
const APP_ID = '0oaDirectoryWebApp01';
const CLIENT_SECRET = 'directory-web-secret';

let org: TestOrg;
let client: okta.Client;
let hooks: RunningServer;
let serverId = '';
const hookSaw: Record<string, unknown>[] = [];



async function passwordToken(username: string) {
  const response = await fetch(`${org.url}/oauth2/${serverId}/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${APP_ID}:${CLIENT_SECRET}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'password', username, password: PASSWORD, scope: 'openid' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function accessClaims(username: string) {
  const { status, body } = await passwordToken(username);
  expect(status, JSON.stringify(body)).toBe(200);
  const issuer = `${org.url}/oauth2/${serverId}`;
  return (await jwtVerify(body.access_token!, createRemoteJWKSet(new URL(`${issuer}/v1/keys`)), { issuer })).payload;
}

async function createUser(overrides: Record<string, unknown> = {}) {
  const created = await org.call('POST', '/api/v1/users?activate=true', { body: newUser(overrides) });
  expect(created.status).toBe(200);
  return created.body as { id: string; profile: { login: string } };
}

beforeAll(async () => {
  const app = createHookApp({
    hooks: {
      token: tokenHook(async (event, api) => {
        hookSaw.push({ ...event.access?.claims });
        api.accessToken.addClaim('seenDepartment', String(event.access?.claims.department ?? 'none'));
      }),
    },
    auth: { header: { secrets: fromValues(SECRET) } },
  });
  hooks = await serveNode(app, { port: 0 });
  org = await startTestOrg();
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
  org.running.emulator.deps.store.apps.insert(
    newOidcAppDoc({ id: APP_ID, label: 'Directory web app', kind: 'web', redirectUris: ['http://127.0.0.1/cb'], postLogoutRedirectUris: [], clientSecret: CLIENT_SECRET, grantTypes: ['password'] }, new Date().toISOString()),
  );
  const hook = await org.call('POST', '/api/v1/inlineHooks', {
    body: {
      name: 'department echo',
      type: 'com.okta.oauth2.tokens.transform',
      version: '1.0.0',
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${hooks.url}/hooks/token`, method: 'POST', authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET } } },
    },
  });
  expect(hook.status).toBe(200);
  const server = await org.call('POST', '/api/v1/authorizationServers', { body: { name: 'directory', audiences: ['api://directory'] } });
  expect(server.status).toBe(200);
  serverId = server.body.id;
  const claim = await org.call('POST', `/api/v1/authorizationServers/${serverId}/claims`, {
    body: { name: 'department', status: 'ACTIVE', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'appuser.department', conditions: { scopes: [] } },
  });
  expect(claim.status, JSON.stringify(claim.body)).toBe(200);
  const policy = await org.call('POST', `/api/v1/authorizationServers/${serverId}/policies`, {
    body: { name: 'Web', description: 'web app users', conditions: { clients: { include: ['ALL_CLIENTS'] } } },
  });
  const rule = await org.call('POST', `/api/v1/authorizationServers/${serverId}/policies/${policy.body.id}/rules`, {
    body: {
      name: 'Everyone signs in',
      type: 'RESOURCE_ACCESS',
      conditions: { grantTypes: { include: ['password'] }, scopes: { include: ['*'] }, people: { groups: { include: ['EVERYONE'] } } },
      actions: { token: { accessTokenLifetimeMinutes: 60, inlineHook: { id: hook.body.id } } },
    },
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(200);
});

afterAll(async () => {
  await org.close();
  await hooks.close();
});

describe('app users through the Okta SDK', () => {
  it('assigns a user with an app profile, reads, updates and removes the assignment', async () => {
    const user = await createUser();
    const assigned = await client.applicationApi.assignUserToApplication({ appId: APP_ID, appUser: { id: user.id, scope: 'USER', profile: { department: 'Ops' } } as never });
    expect(assigned).toMatchObject({ id: user.id, scope: 'USER', status: 'ACTIVE', profile: { department: 'Ops' }, credentials: { userName: user.profile.login } });
    expect((assigned as { _links: { app: { href: string } } })._links.app.href).toBe(`${org.url}/api/v1/apps/${APP_ID}`);

    const listed = await all<okta.AppUser>(client.applicationApi.listApplicationUsers({ appId: APP_ID }));
    expect(listed.map((appUser) => appUser.id)).toContain(user.id);

    const updated = await client.applicationApi.updateApplicationUser({ appId: APP_ID, userId: user.id, appUser: { profile: { title: 'Lead' } } as never });
    expect(updated.profile).toEqual({ department: 'Ops', title: 'Lead' });
    expect((await client.applicationApi.getApplicationUser({ appId: APP_ID, userId: user.id })).profile).toEqual({ department: 'Ops', title: 'Lead' });

    await client.applicationApi.unassignUserFromApplication({ appId: APP_ID, userId: user.id });
    const gone = await errorOf(client.applicationApi.getApplicationUser({ appId: APP_ID, userId: user.id }));
    expect([gone.status, gone.errorCode]).toEqual([404, 'E0000007']);
  });

  it('refuses unknown apps and users with Okta’s 404, and a body without a user id with E0000001', async () => {
    const user = await createUser();
    const noApp = await errorOf(client.applicationApi.assignUserToApplication({ appId: '0oaNoSuchApp00000000', appUser: { id: user.id } as never }));
    expect([noApp.status, noApp.errorCode]).toEqual([404, 'E0000007']);
    const noUser = await errorOf(client.applicationApi.assignUserToApplication({ appId: APP_ID, appUser: { id: '00uNoSuchUser0000000' } as never }));
    expect([noUser.status, noUser.errorCode]).toEqual([404, 'E0000007']);
    const blank = await org.call('POST', `/api/v1/apps/${APP_ID}/users`, { body: { scope: 'USER' } });
    expect([blank.status, blank.body.errorCode]).toEqual([400, 'E0000001']);
  });

  it('makes every member of an assigned group an app user with scope GROUP and the group’s profile', async () => {
    const member = await createUser();
    const group = await client.groupApi.createGroup({ group: { profile: { name: `Field ${Date.now()}` } } });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: member.id });
    const assignment = await client.applicationApi.assignGroupToApplication({ appId: APP_ID, groupId: group.id!, applicationGroupAssignment: { priority: 0, profile: { department: 'Field' } } as never });
    expect(assignment).toMatchObject({ id: group.id, priority: 0, profile: { department: 'Field' } });
    expect(await client.applicationApi.getApplicationGroupAssignment({ appId: APP_ID, groupId: group.id! })).toMatchObject({ id: group.id });
    const groups = await all<okta.ApplicationGroupAssignment>(client.applicationApi.listApplicationGroupAssignments({ appId: APP_ID }));
    expect(groups.map((row) => row.id)).toContain(group.id);

    expect((await all<okta.Application>(client.groupApi.listAssignedApplicationsForGroup({ groupId: group.id! }))).map((app) => app.id)).toEqual([APP_ID]);

    const appUser = await client.applicationApi.getApplicationUser({ appId: APP_ID, userId: member.id });
    expect(appUser).toMatchObject({ scope: 'GROUP', profile: { department: 'Field' } });
    const direct = await org.call('DELETE', `/api/v1/apps/${APP_ID}/users/${member.id}`);
    expect([direct.status, direct.body.errorCode]).toEqual([400, 'E0000001']);

    await client.applicationApi.unassignApplicationFromGroup({ appId: APP_ID, groupId: group.id! });
    expect((await errorOf(client.applicationApi.getApplicationUser({ appId: APP_ID, userId: member.id }))).status).toBe(404);
    expect((await errorOf(client.applicationApi.getApplicationGroupAssignment({ appId: APP_ID, groupId: group.id! }))).errorCode).toBe('E0000007');
  });
});

describe('assignments at the token endpoint', () => {
  it('refuses a token for an unassigned user with Okta’s access_denied', async () => {
    const user = await createUser();
    const refused = await passwordToken(user.profile.login);
    expect(refused).toEqual({ status: 400, body: { error: 'access_denied', error_description: 'User is not assigned to the client application.' } });
  });

  it('puts the app user profile into appuser.* claims, which the token hook sees', async () => {
    const user = await createUser();
    await client.applicationApi.assignUserToApplication({ appId: APP_ID, appUser: { id: user.id, scope: 'USER', profile: { department: 'Research' } } as never });
    const claims = await accessClaims(user.profile.login);
    expect(claims).toMatchObject({ department: 'Research', seenDepartment: 'Research' });
    expect(hookSaw.at(-1)).toMatchObject({ department: 'Research' });
  });

  it('lets a member of an assigned group through, and refuses them again once the membership ends', async () => {
    const user = await createUser();
    const group = await client.groupApi.createGroup({ group: { profile: { name: `Token group ${Date.now()}` } } });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id });
    await client.applicationApi.assignGroupToApplication({ appId: APP_ID, groupId: group.id!, applicationGroupAssignment: { profile: { department: 'Sales' } } as never });
    expect((await accessClaims(user.profile.login)).department).toBe('Sales');
    await client.groupApi.unassignUserFromGroup({ groupId: group.id!, userId: user.id });
    expect((await passwordToken(user.profile.login)).body.error).toBe('access_denied');
  });
});
