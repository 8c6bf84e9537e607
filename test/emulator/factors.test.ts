import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, newUser, startTestOrg, type TestOrg } from './helpers.js';

const clock = manualClock();
let org: TestOrg;
beforeAll(async () => {
  org = await startTestOrg({ clock });
});
afterAll(() => org.close());

const totpCode = (secret: string, offsetSteps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now().getTime() + offsetSteps * 30_000, period: 30, digits: 6 });

async function createUser(): Promise<string> {
  return (await org.call('POST', '/api/v1/users', { body: newUser({ mobilePhone: '+15551234567' }) })).body.id;
}

async function latestCode(userId: string): Promise<string> {
  const outbox = await org.call('GET', `/api/v1/_emulator/outbox?userId=${userId}`);
  expect(outbox.status).toBe(200);
  return outbox.body.at(-1).code;
}

describe('TOTP factor', () => {
  it('enrolls with a real shared secret, activates and verifies codes computed by otpauth', async () => {
    const userId = await createUser();
    const enrolled = await org.call('POST', `/api/v1/users/${userId}/factors`, { body: { factorType: 'token:software:totp', provider: 'GOOGLE' } });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body.id).toMatch(/^uft[0-9A-Za-z]{17}$/);
    expect(enrolled.body.status).toBe('PENDING_ACTIVATION');
    const activation = enrolled.body._embedded.activation;
    expect(activation).toMatchObject({ timeStep: 30, encoding: 'base32' });
    expect(activation.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const secret: string = activation.sharedSecret;
    const factorPath = `/api/v1/users/${userId}/factors/${enrolled.body.id}`;

    const wrong = await org.call('POST', `${factorPath}/lifecycle/activate`, { body: { passCode: '000000' === totpCode(secret) ? '111111' : '000000' } });
    expect([wrong.status, wrong.body.errorCode]).toEqual([403, 'E0000068']);
    const notYet = await org.call('POST', `${factorPath}/verify`, { body: { passCode: totpCode(secret) } });
    expect([notYet.status, notYet.body.errorCode]).toEqual([410, 'E0000154']);

    const activated = await org.call('POST', `${factorPath}/lifecycle/activate`, { body: { passCode: totpCode(secret) } });
    expect(activated.body.status).toBe('ACTIVE');

    const replay = await org.call('POST', `${factorPath}/verify`, { body: { passCode: totpCode(secret) } });
    expect([replay.status, replay.body.errorCode]).toEqual([403, 'E0000082']);
    clock.advance(30_000);
    expect((await org.call('POST', `${factorPath}/verify`, { body: { passCode: totpCode(secret) } })).body).toEqual({ factorResult: 'SUCCESS' });
    clock.advance(30_000);
    // One step of drift either way is tolerated; two is not.
    expect((await org.call('POST', `${factorPath}/verify`, { body: { passCode: totpCode(secret, 1) } })).body.factorResult).toBe('SUCCESS');
    clock.advance(60_000);
    expect((await org.call('POST', `${factorPath}/verify`, { body: { passCode: totpCode(secret, -3) } })).body.errorCode).toBe('E0000068');
    const missing = await org.call('POST', `${factorPath}/verify`, { body: {} });
    expect(missing.body.errorCode).toBe('E0000001');
  });

  it('refuses a second factor of the same type and lists the catalog status', async () => {
    const userId = await createUser();
    await org.call('POST', `/api/v1/users/${userId}/factors`, { body: { factorType: 'token:software:totp', provider: 'OKTA' } });
    const again = await org.call('POST', `/api/v1/users/${userId}/factors`, { body: { factorType: 'token:software:totp', provider: 'OKTA' } });
    expect(again.body.errorCode).toBe('E0000001');
    const catalog = await org.call('GET', `/api/v1/users/${userId}/factors/catalog`);
    const okta = catalog.body.find((entry: { factorType: string; provider: string }) => entry.factorType === 'token:software:totp' && entry.provider === 'OKTA');
    expect(okta.status).toBe('PENDING_ACTIVATION');
    expect(catalog.body.find((entry: { factorType: string }) => entry.factorType === 'sms').status).toBe('NOT_SETUP');
  });

  it('refuses unknown factor types and bad phone numbers', async () => {
    const userId = await createUser();
    const notEnabled = await org.call('POST', `/api/v1/users/${userId}/factors`, { body: { factorType: 'token:hardware', provider: 'YUBICO' } });
    expect([notEnabled.status, notEnabled.body.errorCode, notEnabled.body.errorCauses]).toEqual([400, 'E0000001', [{ errorSummary: 'Factor not enabled.' }]]);
    const unknownType = await org.call('POST', `/api/v1/users/${userId}/factors`, { body: { factorType: 'carrier-pigeon' } });
    expect(unknownType.body.errorCode).toBe('E0000001');
    const badPhone = await org.call('POST', `/api/v1/users/${userId}/factors`, { body: { factorType: 'sms', profile: { phoneNumber: '12' } } });
    expect([badPhone.status, badPhone.body.errorCode]).toEqual([400, 'E0000098']);
  });
});

describe('sms, call and email factors through the outbox', () => {
  it.each(['sms', 'call', 'email'])('%s: enroll sends a code, activate with it, verify challenges again', async (factorType) => {
    const userId = await createUser();
    const profile = factorType === 'email' ? {} : { phoneNumber: '+15551234567' };
    const enrolled = await org.call('POST', `/api/v1/users/${userId}/factors`, { body: { factorType, provider: 'OKTA', profile } });
    expect(enrolled.body.status).toBe('PENDING_ACTIVATION');
    const factorPath = `/api/v1/users/${userId}/factors/${enrolled.body.id}`;
    const firstCode = await latestCode(userId);
    expect(firstCode).toMatch(/^\d{6}$/);
    expect((await org.call('POST', `${factorPath}/lifecycle/activate`, { body: { passCode: firstCode } })).body.status).toBe('ACTIVE');

    const challenge = await org.call('POST', `${factorPath}/verify`, { body: {} });
    expect(challenge.body.factorResult).toBe('CHALLENGE');
    const code = await latestCode(userId);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect((await org.call('POST', `${factorPath}/verify`, { body: { passCode: wrong } })).body.errorCode).toBe('E0000068');
    expect((await org.call('POST', `${factorPath}/verify`, { body: { passCode: code } })).body.factorResult).toBe('SUCCESS');
    // A code works once.
    expect((await org.call('POST', `${factorPath}/verify`, { body: { passCode: code } })).body.errorCode).toBe('E0000068');
  });

  it('codes expire after five minutes', async () => {
    const userId = await createUser();
    const enrolled = await org.call('POST', `/api/v1/users/${userId}/factors`, { body: { factorType: 'sms', profile: { phoneNumber: '+15551234567' } } });
    const code = await latestCode(userId);
    clock.advance(5 * 60_000 + 1);
    const late = await org.call('POST', `/api/v1/users/${userId}/factors/${enrolled.body.id}/lifecycle/activate`, { body: { passCode: code } });
    expect(late.body.errorCode).toBe('E0000068');
  });

  it('activate=true skips activation; delete and reset_factors remove factors', async () => {
    const userId = await createUser();
    const sms = await org.call('POST', `/api/v1/users/${userId}/factors?activate=true`, { body: { factorType: 'sms', profile: { phoneNumber: '+15551234567' } } });
    expect(sms.body.status).toBe('ACTIVE');
    await org.call('POST', `/api/v1/users/${userId}/factors`, { body: { factorType: 'email' } });
    expect((await org.call('GET', `/api/v1/users/${userId}/factors`)).body).toHaveLength(2);
    expect((await org.call('DELETE', `/api/v1/users/${userId}/factors/${sms.body.id}`)).status).toBe(204);
    expect((await org.call('GET', `/api/v1/users/${userId}/factors/${sms.body.id}`)).status).toBe(404);
    expect((await org.call('POST', `/api/v1/users/${userId}/lifecycle/reset_factors`)).status).toBe(200);
    expect((await org.call('GET', `/api/v1/users/${userId}/factors`)).body).toEqual([]);
  });

  it('the outbox needs the API token', async () => {
    expect((await org.call('GET', '/api/v1/_emulator/outbox', { auth: null })).status).toBe(403);
    expect((await org.call('GET', '/api/v1/_emulator/outbox', { auth: 'SSWS wrong' })).status).toBe(401);
  });
});
