import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, manualClock, newUser, startTestOrg, type TestOrg } from './helpers.js';

const clock = manualClock();
let org: TestOrg;
beforeAll(async () => {
  org = await startTestOrg({ clock, lockoutAttempts: 3, sessionLifetimeMinutes: 60 });
});
afterAll(() => org.close());

async function activeUser(): Promise<{ id: string; login: string }> {
  const created = await org.call('POST', '/api/v1/users', { body: newUser() });
  return { id: created.body.id, login: created.body.profile.login };
}

const authn = (username: string, password: string) => org.call('POST', '/api/v1/authn', { auth: null, body: { username, password } });

async function sessionFor(login: string) {
  const signIn = await authn(login, PASSWORD);
  return org.call('POST', '/api/v1/sessions', { body: { sessionToken: signIn.body.sessionToken } });
}

describe('primary authentication', () => {
  it('returns SUCCESS with a session token and the embedded user', async () => {
    const user = await activeUser();
    const result = await authn(user.login, PASSWORD);
    expect(result.status).toBe(200);
    expect(result.body.status).toBe('SUCCESS');
    expect(result.body.sessionToken).toMatch(/^20111/);
    expect(result.body._embedded.user).toMatchObject({ id: user.id, profile: { login: user.login } });
    expect(Date.parse(result.body.expiresAt) - clock.now().getTime()).toBe(5 * 60_000);
    expect((await org.call('GET', `/api/v1/users/${user.id}`)).body.lastLogin).toBe(clock.now().toISOString());
  });

  it('answers 401 E0000004 for a wrong password or unknown user, and locks after the policy limit', async () => {
    const user = await activeUser();
    for (let i = 0; i < 2; i++) {
      const wrong = await authn(user.login, 'Wrong-Password-1');
      expect([wrong.status, wrong.body.errorCode, wrong.body.errorSummary]).toEqual([401, 'E0000004', 'Authentication failed']);
    }
    expect((await authn(user.login, 'Wrong-Password-1')).body).toEqual({ status: 'LOCKED_OUT' });
    expect((await authn(user.login, PASSWORD)).body).toEqual({ status: 'LOCKED_OUT' });
    expect((await org.call('GET', `/api/v1/users/${user.id}`)).body.status).toBe('LOCKED_OUT');
    await org.call('POST', `/api/v1/users/${user.id}/lifecycle/unlock`);
    expect((await authn(user.login, PASSWORD)).body.status).toBe('SUCCESS');
    expect((await authn('ghost@example.com', PASSWORD)).body.errorCode).toBe('E0000004');
  });

  it('a successful sign-in resets the failure count', async () => {
    const user = await activeUser();
    await authn(user.login, 'Wrong-Password-1');
    await authn(user.login, 'Wrong-Password-1');
    await authn(user.login, PASSWORD);
    expect((await authn(user.login, 'Wrong-Password-1')).status).toBe(401);
  });

  it('refuses suspended and staged users, and validates the body', async () => {
    const user = await activeUser();
    await org.call('POST', `/api/v1/users/${user.id}/lifecycle/suspend`);
    expect((await authn(user.login, PASSWORD)).body.errorCode).toBe('E0000004');
    expect((await org.call('POST', '/api/v1/authn', { auth: null, body: { username: user.login } })).body.errorCode).toBe('E0000001');
  });
});

describe('sessions', () => {
  it('creates, reads, refreshes and ends a session', async () => {
    const user = await activeUser();
    const created = await sessionFor(user.login);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ userId: user.id, login: user.login, status: 'ACTIVE', amr: ['pwd'] });
    expect(created.body.id).toMatch(/^102[0-9A-Za-z]{17}$/);
    expect(Date.parse(created.body.expiresAt) - clock.now().getTime()).toBe(60 * 60_000);
    const path = `/api/v1/sessions/${created.body.id}`;
    expect((await org.call('GET', path)).body.id).toBe(created.body.id);
    clock.advance(30 * 60_000);
    const refreshed = await org.call('POST', `${path}/lifecycle/refresh`);
    expect(Date.parse(refreshed.body.expiresAt) - clock.now().getTime()).toBe(60 * 60_000);
    expect((await org.call('DELETE', path)).status).toBe(204);
    expect((await org.call('GET', path)).body.errorCode).toBe('E0000007');
  });

  it('session tokens are single use and expire', async () => {
    const user = await activeUser();
    const token = (await authn(user.login, PASSWORD)).body.sessionToken;
    expect((await org.call('POST', '/api/v1/sessions', { body: { sessionToken: token } })).status).toBe(200);
    const reused = await org.call('POST', '/api/v1/sessions', { body: { sessionToken: token } });
    expect([reused.status, reused.body.errorCode]).toEqual([401, 'E0000004']);
    const late = (await authn(user.login, PASSWORD)).body.sessionToken;
    clock.advance(5 * 60_000 + 1);
    expect((await org.call('POST', '/api/v1/sessions', { body: { sessionToken: late } })).status).toBe(401);
    expect((await org.call('POST', '/api/v1/sessions', { body: {} })).body.errorCode).toBe('E0000001');
  });

  it('expires with the clock', async () => {
    const user = await activeUser();
    const created = await sessionFor(user.login);
    clock.advance(60 * 60_000);
    expect((await org.call('GET', `/api/v1/sessions/${created.body.id}`)).status).toBe(404);
    expect((await org.call('POST', `/api/v1/sessions/${created.body.id}/lifecycle/refresh`)).status).toBe(404);
  });

  it("DELETE /users/{id}/sessions clears all of a user's sessions; suspension does too", async () => {
    const user = await activeUser();
    const one = await sessionFor(user.login);
    const two = await sessionFor(user.login);
    expect((await org.call('DELETE', `/api/v1/users/${user.id}/sessions`)).status).toBe(204);
    expect((await org.call('GET', `/api/v1/sessions/${one.body.id}`)).status).toBe(404);
    expect((await org.call('GET', `/api/v1/sessions/${two.body.id}`)).status).toBe(404);
    const three = await sessionFor(user.login);
    await org.call('POST', `/api/v1/users/${user.id}/lifecycle/suspend`);
    expect((await org.call('GET', `/api/v1/sessions/${three.body.id}`)).status).toBe(404);
  });

  it('reading a session needs credentials', async () => {
    const user = await activeUser();
    const created = await sessionFor(user.login);
    expect((await org.call('GET', `/api/v1/sessions/${created.body.id}`, { auth: null })).body.errorCode).toBe('E0000005');
  });
});
