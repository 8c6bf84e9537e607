import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, newUser, startTestOrg, type TestOrg } from './helpers.js';

type Status = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'SUSPENDED' | 'DEPROVISIONED';
type Op = 'activate' | 'reactivate' | 'deactivate' | 'suspend' | 'unsuspend' | 'unlock' | 'expire_password' | 'reset_password';

/** Expected outcome of each lifecycle operation from each status: the new status, or [http status, error code]. */
const E16: [number, string] = [403, 'E0000016'];
const E38: [number, string] = [403, 'E0000038'];
const E32: [number, string] = [403, 'E0000032'];
const E01: [number, string] = [400, 'E0000001'];
const TABLE: Record<Status, Record<Op, Status | [number, string]>> = {
  STAGED: { activate: 'ACTIVE', reactivate: E38, deactivate: 'DEPROVISIONED', suspend: E01, unsuspend: E01, unlock: E32, expire_password: E38, reset_password: E38 },
  PROVISIONED: { activate: E16, reactivate: 'PROVISIONED', deactivate: 'DEPROVISIONED', suspend: E01, unsuspend: E01, unlock: E32, expire_password: E38, reset_password: E38 },
  ACTIVE: { activate: E16, reactivate: E38, deactivate: 'DEPROVISIONED', suspend: 'SUSPENDED', unsuspend: E01, unlock: E32, expire_password: 'PASSWORD_EXPIRED', reset_password: 'RECOVERY' },
  RECOVERY: { activate: E16, reactivate: E38, deactivate: 'DEPROVISIONED', suspend: E01, unsuspend: E01, unlock: E32, expire_password: E38, reset_password: 'RECOVERY' },
  PASSWORD_EXPIRED: { activate: E16, reactivate: E38, deactivate: 'DEPROVISIONED', suspend: E01, unsuspend: E01, unlock: E32, expire_password: 'PASSWORD_EXPIRED', reset_password: 'RECOVERY' },
  LOCKED_OUT: { activate: E16, reactivate: E38, deactivate: 'DEPROVISIONED', suspend: E01, unsuspend: E01, unlock: 'ACTIVE', expire_password: 'PASSWORD_EXPIRED', reset_password: 'RECOVERY' },
  SUSPENDED: { activate: E16, reactivate: E38, deactivate: 'DEPROVISIONED', suspend: E01, unsuspend: 'ACTIVE', unlock: E32, expire_password: E38, reset_password: E38 },
  DEPROVISIONED: { activate: 'ACTIVE', reactivate: E38, deactivate: E38, suspend: E01, unsuspend: E01, unlock: E32, expire_password: E38, reset_password: E38 },
};

let org: TestOrg;

beforeAll(async () => {
  org = await startTestOrg({ lockoutAttempts: 2 });
});
afterAll(() => org.close());

/** Brings a fresh user (with a password unless STAGED-without is needed) into `status` through the API. */
async function userIn(status: Status): Promise<string> {
  const activate = status !== 'STAGED';
  const created = await org.call('POST', `/api/v1/users?activate=${activate}`, { body: newUser({}, status !== 'PROVISIONED') });
  expect(created.status).toBe(200);
  const id: string = created.body.id;
  const lifecycle = (op: string) => org.call('POST', `/api/v1/users/${id}/lifecycle/${op}`);
  switch (status) {
    case 'SUSPENDED':
      await lifecycle('suspend');
      break;
    case 'DEPROVISIONED':
      await lifecycle('deactivate');
      break;
    case 'PASSWORD_EXPIRED':
      await lifecycle('expire_password');
      break;
    case 'RECOVERY':
      await lifecycle('reset_password?sendEmail=false');
      break;
    case 'LOCKED_OUT':
      for (let i = 0; i < 2; i++) {
        await org.call('POST', '/api/v1/authn', { auth: null, body: { username: created.body.profile.login, password: 'Wrong-Password-1' } });
      }
      break;
    default:
  }
  const fetched = await org.call('GET', `/api/v1/users/${id}`);
  expect(fetched.body.status).toBe(status);
  return id;
}

describe('user lifecycle state machine', () => {
  const cases = Object.entries(TABLE).flatMap(([from, ops]) => Object.entries(ops).map(([op, expected]) => ({ from: from as Status, op: op as Op, expected })));

  it.each(cases)('$op from $from', async ({ from, op, expected }) => {
    const id = await userIn(from);
    const result = await org.call('POST', `/api/v1/users/${id}/lifecycle/${op}`);
    const after = await org.call('GET', `/api/v1/users/${id}`);
    if (Array.isArray(expected)) {
      expect(result.status).toBe(expected[0]);
      expect(result.body.errorCode).toBe(expected[1]);
      expect(result.body.errorId).toMatch(/^oae/);
      expect(after.body.status).toBe(from);
    } else {
      expect(result.status).toBe(200);
      expect(after.body.status).toBe(expected);
    }
  });

  it('activation answers with a token when sendEmail=false and {} otherwise', async () => {
    const staged = await org.call('POST', '/api/v1/users?activate=false', { body: newUser({}, false) });
    const quiet = await org.call('POST', `/api/v1/users/${staged.body.id}/lifecycle/activate?sendEmail=false`);
    expect(quiet.body.activationToken).toMatch(/^\w{20}$/);
    expect(quiet.body.activationUrl).toContain(quiet.body.activationToken);
    const other = await org.call('POST', '/api/v1/users?activate=false', { body: newUser({}, false) });
    expect((await org.call('POST', `/api/v1/users/${other.body.id}/lifecycle/activate`)).body).toEqual({});
  });

  it('expire_password?tempPassword=true returns a temporary password that signs in', async () => {
    const created = await org.call('POST', '/api/v1/users', { body: newUser() });
    const result = await org.call('POST', `/api/v1/users/${created.body.id}/lifecycle/expire_password?tempPassword=true`);
    expect(result.status).toBe(200);
    const authn = await org.call('POST', '/api/v1/authn', { auth: null, body: { username: created.body.profile.login, password: result.body.tempPassword } });
    expect(authn.body.status).toBe('PASSWORD_EXPIRED');
    const old = await org.call('POST', '/api/v1/authn', { auth: null, body: { username: created.body.profile.login, password: PASSWORD } });
    expect(old.status).toBe(401);
  });

  it('user _links offer exactly the operations the status allows', async () => {
    const active = await org.call('POST', '/api/v1/users', { body: newUser() });
    const names = Object.keys(active.body._links).sort();
    expect(names).toEqual(['deactivate', 'expirePassword', 'resetPassword', 'self', 'suspend', 'type']);
    expect(active.body._links.suspend.href).toBe(`${org.url}/api/v1/users/${active.body.id}/lifecycle/suspend`);
  });

  it('DELETE deactivates first, deletes second, then 404', async () => {
    const created = await org.call('POST', '/api/v1/users', { body: newUser() });
    const path = `/api/v1/users/${created.body.id}`;
    expect((await org.call('DELETE', path)).status).toBe(204);
    expect((await org.call('GET', path)).body.status).toBe('DEPROVISIONED');
    expect((await org.call('DELETE', path)).status).toBe(204);
    const gone = await org.call('GET', path);
    expect(gone.status).toBe(404);
    expect(gone.body.errorCode).toBe('E0000007');
  });

  it('unknown user in a lifecycle call is 404 E0000007', async () => {
    const result = await org.call('POST', '/api/v1/users/00uDoesNotExist12345/lifecycle/suspend');
    expect(result.status).toBe(404);
    expect(result.body.errorCode).toBe('E0000007');
  });
});
