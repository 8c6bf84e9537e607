import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox as exampleProviderOutbox } from '../../examples/src/hooks/telephony.js';
import { ALICE, startLoop, type Loop } from './fixture.js';

const PRIYA = { login: 'priya.raman@example.com', legacyPassword: 'correct-horse-battery-staple' };
const OLA = { login: 'ola.nordmann@example.com', legacyPassword: 'Tr0ub4dor&3' };

async function importedUser(loop: Loop, login: string) {
  const created = await loop.api('POST', '/api/v1/users?activate=true', {
    profile: { login, email: login, firstName: 'Legacy', lastName: 'User' },
    credentials: { password: { hook: { type: 'default' } } },
  });
  expect(created.body).toMatchObject({ status: 'ACTIVE', credentials: { provider: { type: 'IMPORT' } } });
  return created.body.id as string;
}

const signIn = (loop: Loop, username: string, password: string) => loop.api('POST', '/api/v1/authn', { username, password }, null);

async function outboxOf(loop: Loop, userId: string) {
  return (await loop.api('GET', `/api/v1/_emulator/outbox?userId=${userId}`)).body as { provider: string; code: string; transactionId?: string }[];
}

describe('the example hooks in the org flows', () => {
  let loop: Loop;
  beforeAll(async () => {
    loop = await startLoop({ targets: ['password-import', 'user-import', 'telephony', 'saml'] });
  });
  afterAll(() => loop.close());

  it('password import: the first sign-in asks the hook (VERIFIED), later sign-ins never do', async () => {
    const id = await importedUser(loop, PRIYA.login);
    expect((await signIn(loop, PRIYA.login, PRIYA.legacyPassword)).body.status).toBe('SUCCESS');
    expect(loop.calls.get('/hooks/password-import')).toBe(1);
    expect((await loop.api('GET', `/api/v1/users/${id}`)).body.credentials.provider.type).toBe('OKTA');
    expect((await signIn(loop, PRIYA.login, PRIYA.legacyPassword)).body.status).toBe('SUCCESS');
    const wrong = await signIn(loop, PRIYA.login, 'not-the-password');
    expect([wrong.status, wrong.body.errorCode]).toEqual([401, 'E0000004']);
    expect(loop.calls.get('/hooks/password-import')).toBe(1);
    const imported = await loop.systemLog('user.import.password');
    expect(imported.map((event: { outcome: { result: string } }) => event.outcome.result)).toEqual(['SUCCESS']);
  });

  it('password import: UNVERIFIED fails the sign-in and the hook is asked again next time', async () => {
    await importedUser(loop, OLA.login);
    const before = loop.calls.get('/hooks/password-import') ?? 0;
    const failed = await signIn(loop, OLA.login, 'guess-1');
    expect([failed.status, failed.body.errorCode]).toEqual([401, 'E0000004']);
    expect((await signIn(loop, OLA.login, OLA.legacyPassword)).body.status).toBe('SUCCESS');
    expect(loop.calls.get('/hooks/password-import')).toBe(before + 2);
  });

  it('user import: the hook normalises the department; a link to an unknown user is reported', async () => {
    const { status, body } = await loop.api('POST', '/api/v1/_emulator/imports', {
      users: [
        { profile: { firstName: 'Tomás', lastName: 'Herrera', email: 'tomas.herrera@example.com', externalId: 'hr-20931', department: ' logistics ' } },
        { profile: { firstName: 'Known', lastName: 'Person', email: 'known.person@example.com', externalId: 'hr-10001' } },
      ],
    });
    expect(status).toBe(200);
    expect(body.results[0]).toMatchObject({ action: 'CREATE_USER', userId: expect.stringMatching(/^00u/) });
    expect(body.results[0].hookFailure).toBeUndefined();
    expect(body.results[1]).toMatchObject({ action: 'LINK_USER', error: expect.stringContaining('00uexample10001aaaa1') });
    const created = (await loop.api('GET', `/api/v1/users/${body.results[0].userId}`)).body;
    expect(created).toMatchObject({ status: 'STAGED', profile: { login: 'tomas.herrera@example.com', department: 'LOGISTICS' } });
    expect(loop.calls.get('/hooks/user-import')).toBe(2);
  });

  it('telephony: the hook delivers the enrollment and challenge codes (outbox provider "hook")', async () => {
    const user = (await loop.api('GET', `/api/v1/users/${ALICE}`)).body;
    const factor = (await loop.api('POST', `/api/v1/users/${user.id}/factors`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15555550101' } })).body;
    const [enrollment] = await outboxOf(loop, user.id);
    expect(enrollment).toMatchObject({ provider: 'hook', transactionId: expect.stringMatching(/^msg-/) });
    expect(exampleProviderOutbox.some((sent) => sent.id === enrollment?.transactionId && sent.to === '+15555550101')).toBe(true);
    const activated = await loop.api('POST', `/api/v1/users/${user.id}/factors/${factor.id}/lifecycle/activate`, { passCode: enrollment?.code });
    expect(activated.body.status).toBe('ACTIVE');
    const challenge = await loop.api('POST', `/api/v1/users/${user.id}/factors/${factor.id}/verify`, {});
    expect(challenge.body.factorResult).toBe('CHALLENGE');
    const sent = await outboxOf(loop, user.id);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.provider).toBe('hook');
    expect((await loop.api('POST', `/api/v1/users/${user.id}/factors/${factor.id}/verify`, { passCode: sent[1]?.code })).body.factorResult).toBe('SUCCESS');
    expect(loop.calls.get('/hooks/telephony')).toBe(2);
  });

  it('SAML: the preview shows the assertion patched by the hook', async () => {
    const [app] = (await loop.api('GET', '/api/v1/apps')).body;
    const user = (await loop.api('GET', `/api/v1/users/${ALICE}`)).body;
    const { status, body } = await loop.api('POST', `/api/v1/_emulator/apps/${app.id}/saml/preview`, { userId: user.id });
    expect(status).toBe(200);
    expect(body.result).toBe('PATCHED');
    expect(body.assertion.subject.nameId).toBe(ALICE);
    expect(body.assertion.claims.roles.attributeValues.map((value: { value: string }) => value.value)).toEqual(['employee']);
    expect(body.assertion.authentication.sessionLifetime).toBe(8 * 3600);
  });
});

describe('hooks that fail in the org flows', () => {
  let loop: Loop;
  beforeAll(async () => {
    const broken = new Hono();
    broken.post('/hooks/*', (c) => c.text('down for maintenance', 503));
    loop = await startLoop({ custom: broken, targets: ['password-import', 'user-import', 'telephony', 'saml'] });
  });
  afterAll(() => loop.close());

  it('password import: a failing hook fails the sign-in (after one retry), at /authn and at the token endpoint', async () => {
    const id = await importedUser(loop, PRIYA.login);
    const authn = await signIn(loop, PRIYA.login, PRIYA.legacyPassword);
    expect([authn.status, authn.body.errorCode]).toEqual([401, 'E0000004']);
    expect(loop.calls.get('/hooks/password-import')).toBe(2);
    const grant = await loop.token({ grant_type: 'password', username: PRIYA.login, password: PRIYA.legacyPassword, scope: 'openid' });
    expect([grant.status, grant.body.error]).toEqual([400, 'invalid_grant']);
    expect(loop.calls.get('/hooks/password-import')).toBe(4);
    expect((await loop.api('GET', `/api/v1/users/${id}`)).body.credentials.provider.type).toBe('IMPORT');
    const imported = await loop.systemLog('user.import.password');
    expect(imported.map((event: { outcome: { result: string } }) => event.outcome.result)).toEqual(['FAILURE', 'FAILURE']);
  });

  it('telephony: Okta’s own provider sends the code after a single failed call', async () => {
    const user = (await loop.api('GET', `/api/v1/users/${ALICE}`)).body;
    await loop.api('POST', `/api/v1/users/${user.id}/factors`, { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+15555550102' } });
    expect((await outboxOf(loop, user.id)).map((message) => message.provider)).toEqual(['okta']);
    expect(loop.calls.get('/hooks/telephony')).toBe(1);
  });

  it('user import: the user is created unchanged after one retry', async () => {
    const { body } = await loop.api('POST', '/api/v1/_emulator/imports', { users: [{ profile: { firstName: 'Rin', lastName: 'Sato', email: 'rin.sato@example.com', department: ' ops ' } }] });
    expect(body.results[0]).toMatchObject({ action: 'CREATE_USER', hookFailure: 'HTTP 503' });
    expect((await loop.api('GET', `/api/v1/users/${body.results[0].userId}`)).body.profile.department).toBe(' ops ');
    expect(loop.calls.get('/hooks/user-import')).toBe(2);
  });

  it('SAML: the original assertion is used', async () => {
    const [app] = (await loop.api('GET', '/api/v1/apps')).body;
    const user = (await loop.api('GET', `/api/v1/users/${ALICE}`)).body;
    const { body } = await loop.api('POST', `/api/v1/_emulator/apps/${app.id}/saml/preview`, { userId: user.id });
    expect(body).toMatchObject({ result: 'ORIGINAL', reason: 'HTTP 503' });
    expect(body.assertion.claims.roles).toBeUndefined();
  });
});
