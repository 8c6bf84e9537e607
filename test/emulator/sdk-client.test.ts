import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClientCredentials } from '../../src/emulator/seed.js';
import { createOktaClient as createKeyedOktaClient } from '../../src/sdk/auth/private-key-client.js';
import { createOktaClient, type OktaClient } from '../../src/sdk/client.js';
import { OktaApiError } from '../../src/sdk/errors.js';
import { factorsApi } from '../../src/sdk/factors.js';
import { groupsApi } from '../../src/sdk/groups.js';
import { sessionsApi } from '../../src/sdk/sessions.js';
import { usersApi } from '../../src/sdk/users.js';
import { PASSWORD, TOKEN, newUser, startTestOrg, type TestOrg } from './helpers.js';

let org: TestOrg;
let client: OktaClient;
beforeAll(async () => {
  org = await startTestOrg({ seed: true });
  client = createOktaClient({ orgUrl: org.url, auth: { type: 'ssws', token: TOKEN }, retry: false });
});
afterAll(() => org.close());

describe('the gatehook SDK against the emulator', () => {
  it('drives users, groups and paging', async () => {
    const users = usersApi(client);
    const groups = groupsApi(client);
    const created = await users.createUser(newUser() as never, { activate: false });
    expect(created.status).toBe('STAGED');
    await users.activateUser(created.id!, { sendEmail: false });
    expect((await users.getUser(created.id!)).status).toBe('ACTIVE');
    await users.suspendUser(created.id!);
    await users.unsuspendUser(created.id!);
    const group = await groups.createGroup({ profile: { name: 'SDK group' } } as never);
    await groups.addUserToGroup(group.id!, created.id!);
    const members = await groups.listGroupUsers(group.id!).toArray();
    expect(members.map((u) => u.id)).toEqual([created.id]);
    const everyone = await users.listUsers({ limit: 2 }).toArray();
    expect(everyone.length).toBeGreaterThan(2);

    await users.suspendUser(created.id!);
    const error = await users.suspendUser(created.id!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaApiError);
    expect((error as OktaApiError).errorCode).toBe('E0000001');
  });

  it('drives factors and sessions', async () => {
    const users = usersApi(client);
    const user = await users.createUser(newUser() as never);
    const factors = factorsApi(client);
    const totp = await factors.enrollFactor(user.id!, { factorType: 'token:software:totp', provider: 'OKTA' } as never);
    const secret = (totp._embedded as { activation: { sharedSecret: string } }).activation.sharedSecret;
    const passCode = TOTP.generate({ secret: Secret.fromBase32(secret) });
    expect((await factors.activateFactor(user.id!, totp.id!, { passCode })).status).toBe('ACTIVE');

    const authn = await fetch(`${org.url}/api/v1/authn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.profile!.login, password: PASSWORD }),
    });
    const { sessionToken } = (await authn.json()) as { sessionToken: string };
    const sessions = sessionsApi(client);
    const session = await sessions.createSession({ sessionToken });
    expect((await sessions.getSession(session.id!)).userId).toBe(user.id);
    await sessions.endSession(session.id!);
    await expect(sessions.getSession(session.id!)).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  it('authenticates with the seeded service app via private_key_jwt', async () => {
    const demo = demoClientCredentials(org.running.emulator.deps)!;
    const oauthClient = createKeyedOktaClient({
      orgUrl: org.url,
      auth: { type: 'privateKey', clientId: demo.clientId, privateKey: demo.privateJwk as JsonWebKey, keyId: demo.keyId, scopes: ['okta.users.read'] },
      retry: false,
    });
    const users = await usersApi(oauthClient).listUsers({ limit: 200 }).toArray();
    expect(users.length).toBeGreaterThan(0);
    await expect(usersApi(oauthClient).createUser(newUser() as never)).rejects.toMatchObject({ status: 403, errorCode: 'E0000006' });
  });
});
