import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { links, newUser, startTestOrg, type TestOrg } from './helpers.js';

let org: TestOrg;
beforeAll(async () => {
  org = await startTestOrg();
});
afterAll(() => org.close());

describe('create user', () => {
  it('with a password and default activate is ACTIVE, and never returns the password', async () => {
    const result = await org.call('POST', '/api/v1/users', { body: newUser() });
    expect(result.status).toBe(200);
    expect(result.body.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
    expect(result.body.status).toBe('ACTIVE');
    expect(result.body.credentials.provider).toEqual({ type: 'OKTA', name: 'OKTA' });
    expect(result.body.credentials.password).toEqual({});
    expect(JSON.stringify(result.body)).not.toContain('Correct-Horse-9');
    expect(result.body.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('without credentials is PROVISIONED when activated, STAGED otherwise', async () => {
    expect((await org.call('POST', '/api/v1/users', { body: newUser({}, false) })).body.status).toBe('PROVISIONED');
    expect((await org.call('POST', '/api/v1/users?activate=false', { body: newUser() })).body.status).toBe('STAGED');
  });

  it('with nextLogin=changePassword is PASSWORD_EXPIRED; without a password or activation it is refused', async () => {
    expect((await org.call('POST', '/api/v1/users?nextLogin=changePassword', { body: newUser() })).body.status).toBe('PASSWORD_EXPIRED');
    const noPassword = await org.call('POST', '/api/v1/users?nextLogin=changePassword', { body: newUser({}, false) });
    expect([noPassword.status, noPassword.body.errorCode]).toEqual([400, 'E0000124']);
    const notActivated = await org.call('POST', '/api/v1/users?activate=false&nextLogin=changePassword', { body: newUser() });
    expect([notActivated.status, notActivated.body.errorCode]).toEqual([400, 'E0000125']);
  });

  it('with a password import hook uses provider IMPORT', async () => {
    const body = { ...newUser({}, false), credentials: { password: { hook: { type: 'default' } } } };
    const result = await org.call('POST', '/api/v1/users', { body });
    expect(result.body.status).toBe('ACTIVE');
    expect(result.body.credentials.provider).toEqual({ type: 'IMPORT', name: 'IMPORT' });
  });

  it('rejects missing fields, bad login, weak password and duplicates with E0000001 and causes', async () => {
    const missing = await org.call('POST', '/api/v1/users', { body: { profile: { login: 'x@example.com' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.errorCode).toBe('E0000001');
    expect(missing.body.errorCauses.map((cause: { errorSummary: string }) => cause.errorSummary)).toEqual(
      expect.arrayContaining(['email: The field cannot be left blank', 'firstName: The field cannot be left blank']),
    );
    const badLogin = await org.call('POST', '/api/v1/users', { body: newUser({ login: 'not-an-email' }) });
    expect(badLogin.body.errorCauses[0].errorSummary).toBe('login: Username must be in the form of an email address');
    const weak = await org.call('POST', '/api/v1/users', { body: { ...newUser(), credentials: { password: { value: 'short' } } } });
    expect(weak.body.errorSummary).toBe('Api validation failed: password');
    const first = newUser();
    await org.call('POST', '/api/v1/users', { body: first });
    const dup = await org.call('POST', '/api/v1/users', { body: { ...first, profile: { ...first.profile, login: first.profile.login.toUpperCase() } } });
    expect(dup.body.errorCauses[0].errorSummary).toBe('login: An object with this field already exists in the current organization');
  });

  it('rejects malformed JSON with E0000003', async () => {
    const result = await org.call('POST', '/api/v1/users', { body: '{"profile": ' });
    expect([result.status, result.body.errorCode]).toEqual([400, 'E0000003']);
  });

  it('adds the user to groupIds', async () => {
    const group = await org.call('POST', '/api/v1/groups', { body: { profile: { name: `g-${Date.now()}` } } });
    const user = await org.call('POST', '/api/v1/users', { body: { ...newUser(), groupIds: [group.body.id] } });
    const groups = await org.call('GET', `/api/v1/users/${user.body.id}/groups`);
    expect(groups.body.map((g: { id: string }) => g.id)).toEqual([group.body.id]);
  });
});

describe('get and update user', () => {
  it('finds a user by id or by login (any case), 404 otherwise', async () => {
    const created = await org.call('POST', '/api/v1/users', { body: newUser() });
    expect((await org.call('GET', `/api/v1/users/${created.body.id}`)).body.id).toBe(created.body.id);
    const byLogin = await org.call('GET', `/api/v1/users/${encodeURIComponent(created.body.profile.login.toUpperCase())}`);
    expect(byLogin.body.id).toBe(created.body.id);
    const missing = await org.call('GET', '/api/v1/users/nobody@example.com');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nobody@example.com (User)', errorLink: 'E0000007' });
  });

  it('POST merges the profile, PUT replaces it', async () => {
    const created = await org.call('POST', '/api/v1/users', { body: newUser({ title: 'Engineer', city: 'Paris' }) });
    const path = `/api/v1/users/${created.body.id}`;
    const partial = await org.call('POST', path, { body: { profile: { title: 'Manager' } } });
    expect(partial.body.profile).toMatchObject({ title: 'Manager', city: 'Paris' });
    const { title: _t, city: _c, ...base } = created.body.profile;
    const strict = await org.call('PUT', path, { body: { profile: { ...base, nickName: 'Nico' } } });
    expect(strict.body.profile.nickName).toBe('Nico');
    expect(strict.body.profile.city).toBeUndefined();
    const broken = await org.call('PUT', path, { body: { profile: { firstName: 'Only' } } });
    expect(broken.body.errorCode).toBe('E0000001');
    expect(strict.body.lastUpdated >= created.body.lastUpdated).toBe(true);
  });
});

describe('list users', () => {
  let tag: string;
  beforeAll(async () => {
    tag = `t${Date.now()}`;
    const people = [
      ['Zelda', 'Fitzgerald', 'ACTIVE'],
      ['Zeno', 'Fabre', 'ACTIVE'],
      ['Yara', 'Zielinski', 'STAGED'],
    ];
    for (const [firstName, lastName, status] of people) {
      await org.call('POST', `/api/v1/users?activate=${status === 'ACTIVE'}`, {
        body: newUser({ firstName, lastName, department: tag, costCenter: status === 'ACTIVE' ? 'cc1' : 'cc2' }),
      });
    }
  });

  const names = (body: { profile: { firstName: string } }[]) => body.map((user) => user.profile.firstName).sort();

  it('q matches a prefix of firstName, lastName or email', async () => {
    expect(names((await org.call('GET', '/api/v1/users?q=Ze')).body)).toEqual(['Zelda', 'Zeno']);
    expect(names((await org.call('GET', '/api/v1/users?q=zielin')).body)).toEqual(['Yara']);
  });

  it('filter combines status and profile conditions with and/or', async () => {
    const active = await org.call('GET', `/api/v1/users?filter=${encodeURIComponent(`status eq "ACTIVE" and profile.department eq "${tag}"`)}`);
    expect(names(active.body)).toEqual(['Zelda', 'Zeno']);
    const either = await org.call(
      'GET',
      `/api/v1/users?filter=${encodeURIComponent(`profile.department eq "${tag}" and (status eq "STAGED" or profile.firstName eq "Zeno")`)}`,
    );
    expect(names(either.body)).toEqual(['Yara', 'Zeno']);
  });

  it('filter by lastUpdated gt a date', async () => {
    const future = await org.call('GET', `/api/v1/users?filter=${encodeURIComponent('lastUpdated gt "2999-01-01T00:00:00.000Z"')}`);
    expect(future.body).toEqual([]);
    const past = await org.call('GET', `/api/v1/users?filter=${encodeURIComponent(`lastUpdated gt "2000-01-01T00:00:00.000Z" and profile.department eq "${tag}"`)}`);
    expect(past.body).toHaveLength(3);
    const bad = await org.call('GET', `/api/v1/users?filter=${encodeURIComponent('lastUpdated gt "yesterday"')}`);
    expect([bad.status, bad.body.errorCode]).toEqual([400, 'E0000030']);
  });

  it('search supports sw and co', async () => {
    const result = await org.call('GET', `/api/v1/users?search=${encodeURIComponent(`profile.department eq "${tag}" and profile.lastName sw "F"`)}`);
    expect(names(result.body)).toEqual(['Zelda', 'Zeno']);
    const contains = await org.call('GET', `/api/v1/users?search=${encodeURIComponent(`profile.department eq "${tag}" and profile.lastName co "linsk"`)}`);
    expect(names(contains.body)).toEqual(['Yara']);
  });

  it('refuses broken expressions and filter together with q', async () => {
    const broken = await org.call('GET', `/api/v1/users?filter=${encodeURIComponent('status eq')}`);
    expect([broken.status, broken.body.errorCode]).toEqual([400, 'E0000031']);
    const injected = await org.call('GET', `/api/v1/users?filter=${encodeURIComponent("profile.x') OR 1=1 -- eq \"a\"")}`);
    expect(injected.body.errorCode).toBe('E0000031');
    const both = await org.call('GET', `/api/v1/users?q=Ze&filter=${encodeURIComponent('status eq "ACTIVE"')}`);
    expect(both.body.errorCode).toBe('E0000033');
  });

  it('hides DEPROVISIONED users unless asked for by filter', async () => {
    const user = await org.call('POST', '/api/v1/users', { body: newUser({ department: `${tag}-gone` }) });
    await org.call('POST', `/api/v1/users/${user.body.id}/lifecycle/deactivate`);
    const all = await org.call('GET', '/api/v1/users?limit=200');
    expect(all.body.some((u: { id: string }) => u.id === user.body.id)).toBe(false);
    const filtered = await org.call('GET', `/api/v1/users?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
    expect(filtered.body.some((u: { id: string }) => u.id === user.body.id)).toBe(true);
  });

  it('rejects a garbage cursor with E0000029 and a bad limit with E0000001', async () => {
    expect((await org.call('GET', '/api/v1/users?after=zzz')).body.errorCode).toBe('E0000029');
    expect((await org.call('GET', '/api/v1/users?limit=-3')).body.errorCode).toBe('E0000001');
    expect(links((await org.call('GET', '/api/v1/users?limit=1')).headers).next).toContain('after=');
  });
});
