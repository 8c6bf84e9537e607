/**
 * Okta's own Node SDK drives the emulator's authenticators and factors through the scenarios a
 * real org runs: authenticator lifecycle, the MFA_ENROLL policy that gates enrollment, security
 * question and Okta Verify push factors, phone numbers in written forms, and Okta's refusals.
 */
import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, newUser, startTestOrg, TOKEN, type TestOrg } from '../helpers.js';
import { errorOf, all } from '../okta-sdk-results.js';

const clock = manualClock();
let org: TestOrg;
let client: okta.Client;

async function defaultEnrollPolicy(): Promise<okta.Policy> {
  const policies = await all<okta.Policy>(client.policyApi.listPolicies({ type: 'MFA_ENROLL' }));
  return policies.find((policy) => policy.name === 'Default Policy')!;
}

/** What the SDK scenarios do first: name the authenticators users may enroll. */
async function allowAuthenticators(settings: Record<string, 'REQUIRED' | 'OPTIONAL' | 'NOT_ALLOWED'>): Promise<void> {
  const policy = await defaultEnrollPolicy();
  const authenticators = Object.entries(settings).map(([key, self]) => ({ key, enroll: { self } }));
  await client.policyApi.replacePolicy({ policyId: policy.id!, policy: { ...policy, settings: { type: 'AUTHENTICATORS', authenticators } } as never });
}

async function authenticator(key: string): Promise<okta.AuthenticatorBase> {
  const list = await all<okta.AuthenticatorBase>(client.authenticatorApi.listAuthenticators());
  return list.find((item) => item.key === key)!;
}

async function createUser(): Promise<okta.User> {
  return client.userApi.createUser({ body: newUser() as never });
}

beforeAll(async () => {
  org = await startTestOrg({ clock });
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
});
afterAll(() => org.close());

describe('authenticators through the Okta SDK', () => {
  it('says the org is an Identity Engine org, as clients check before using authenticators', async () => {
    const response = await fetch(`${org.url}/.well-known/okta-organization`);
    const body = (await response.json()) as { id: string; pipeline: string; _links: { organization: { href: string } } };
    expect([response.status, body.pipeline, body._links.organization.href]).toEqual([200, 'idx', org.url]);
    expect(body.id).toMatch(/^00o[0-9A-Za-z]{17}$/);
  });

  it('lists the org authenticators, email first, and gets one by id', async () => {
    const list = await all<okta.AuthenticatorBase>(client.authenticatorApi.listAuthenticators());
    expect(list[0]).toMatchObject({ key: 'okta_email', type: 'email', status: 'ACTIVE' });
    expect(new Set(list.map((item) => item.type))).toEqual(new Set(['email', 'password', 'app', 'phone', 'security_question']));
    for (const item of list) expect(item.id).toMatch(/^aut[0-9A-Za-z]{17}$/);
    const email = await client.authenticatorApi.getAuthenticator({ authenticatorId: list[0]!.id! });
    expect(email).toMatchObject({ id: list[0]!.id, type: 'email', status: 'ACTIVE' });
    const missing = await errorOf(client.authenticatorApi.getAuthenticator({ authenticatorId: 'aut00000000000000000' }));
    expect([missing.status, missing.errorCode]).toEqual([404, 'E0000007']);
  });

  it('refuses to deactivate an authenticator a policy still enables, then deactivates and activates it', async () => {
    const question = await authenticator('security_question');
    const inUse = await errorOf(client.authenticatorApi.deactivateAuthenticator({ authenticatorId: question.id! }));
    expect([inUse.status, inUse.errorCode, inUse.errorCauses]).toEqual([403, 'E0000148', [{ errorSummary: 'Authenticator Enrollment Policies: Default Policy' }]]);

    await allowAuthenticators({ security_question: 'NOT_ALLOWED', okta_password: 'REQUIRED' });
    const off = await client.authenticatorApi.deactivateAuthenticator({ authenticatorId: question.id! });
    expect(off).toMatchObject({ type: 'security_question', name: 'Security Question', status: 'INACTIVE' });
    // Enrolling a factor whose authenticator is off is Okta's "Factor not enabled."
    const user = await createUser();
    const refused = await errorOf(client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'pizza' } } as never }));
    expect([refused.status, refused.errorCode, refused.errorCauses[0]?.errorSummary]).toEqual([400, 'E0000001', 'Factor not enabled.']);
    const on = await client.authenticatorApi.activateAuthenticator({ authenticatorId: question.id! });
    expect(on).toMatchObject({ type: 'security_question', status: 'ACTIVE' });
    const logged = (await org.call('GET', '/api/v1/logs?filter=' + encodeURIComponent('eventType sw "security.authenticator.lifecycle"'))).body;
    expect(logged.map((event: { eventType: string }) => event.eventType)).toEqual(['security.authenticator.lifecycle.deactivate', 'security.authenticator.lifecycle.activate']);
  });

  it('switches the phone authenticator voice method off, which disables call factors only', async () => {
    await allowAuthenticators({ phone_number: 'OPTIONAL', okta_password: 'REQUIRED' });
    const phone = await authenticator('phone_number');
    await client.authenticatorApi.deactivateAuthenticatorMethod({ authenticatorId: phone.id!, methodType: 'voice' });
    const user = await createUser();
    const call = await errorOf(client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '162 840 01133' } } as never }));
    expect(call.errorCauses[0]?.errorSummary).toBe('Factor not enabled.');
    const sms = await client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '162 840 01133' } } as never });
    expect(sms).toBeInstanceOf(okta.UserFactorSMS);
    expect((sms.profile as { phoneNumber: string }).phoneNumber).toBe('+16284001133');
    const outbox = async () => (await org.call('GET', `/api/v1/_emulator/outbox?userId=${user.id}`)).body as { to: string; code: string }[];
    const first = (await outbox()).at(-1)!;
    expect(first.to).toBe('+16284001133');
    await client.userFactorApi.resendEnrollFactor({ userId: user.id!, factorId: sms.id!, resendUserFactor: { factorType: 'sms' } as never });
    const second = (await outbox()).at(-1)!;
    expect((await outbox()).length).toBe(2);
    const activated = await client.userFactorApi.activateFactor({ userId: user.id!, factorId: sms.id!, body: { passCode: second.code } as never });
    expect(activated).toMatchObject({ factorType: 'sms' });
    expect((await client.userFactorApi.getFactor({ userId: user.id!, factorId: sms.id! })).status).toBe('ACTIVE');
    await client.authenticatorApi.activateAuthenticatorMethod({ authenticatorId: phone.id!, methodType: 'voice' });
    const later = await client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '(628) 400-1134' } } as never });
    expect((later.profile as { phoneNumber: string }).phoneNumber).toBe('+16284001134');
  });
});

describe('factors through the Okta SDK', () => {
  beforeAll(async () => {
    await allowAuthenticators({ okta_verify: 'OPTIONAL', phone_number: 'OPTIONAL', security_question: 'OPTIONAL', okta_password: 'REQUIRED' });
  });

  it("answers Okta's wording for a provider the org has not enabled and for a provider Okta does not know", async () => {
    const user = await createUser();
    const yubico = await errorOf(client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'push', provider: 'YUBICO' } as never }));
    expect([yubico.status, yubico.errorCode, yubico.errorCauses[0]?.errorSummary]).toEqual([400, 'E0000001', 'Factor not enabled.']);
    const unknown = await errorOf(client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'push', provider: 'UNSUPPORTED_PROVIDER' } as never }));
    expect(unknown.errorCauses[0]?.errorSummary).toBe('Invalid Provider.');
  });

  it('enrolls a security question ACTIVE, lists the questions and verifies the answer', async () => {
    const user = await createUser();
    const questions = await all<okta.UserFactorSecurityQuestionProfile>(client.userFactorApi.listSupportedSecurityQuestions({ userId: user.id! }));
    expect(questions.length).toBe(20);
    expect(questions[0]).toMatchObject({ question: 'disliked_food', questionText: 'What is the food you least liked as a child?' });
    const factor = await client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'pizza' } } as never });
    expect(factor).toBeInstanceOf(okta.UserFactorSecurityQuestion);
    expect(factor).toMatchObject({ factorType: 'question', status: 'ACTIVE', profile: { question: 'disliked_food', questionText: 'What is the food you least liked as a child?' } });
    expect(factor.id).toMatch(/^ufs/);
    const ok = await client.userFactorApi.verifyFactor({ userId: user.id!, factorId: factor.id!, body: { answer: ' PIZZA ' } as never });
    expect(ok.factorResult).toBe('SUCCESS');
    const wrong = await errorOf(client.userFactorApi.verifyFactor({ userId: user.id!, factorId: factor.id!, body: { answer: 'broccoli' } as never }));
    expect([wrong.status, wrong.errorCode, wrong.errorCauses[0]?.errorSummary]).toEqual([403, 'E0000068', "Your answer doesn't match our records. Please try again."]);
    const short = await errorOf(client.userFactorApi.enrollFactor({ userId: (await createUser()).id!, body: { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'no' } } as never }));
    expect(short.errorCode).toBe('E0000001');
  });

  it('enrolls push PENDING_ACTIVATION with the activation links, polls, and activates once the phone scans', async () => {
    const user = await createUser();
    const factor = await client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'push', provider: 'OKTA' } as never });
    expect(factor).toBeInstanceOf(okta.UserFactorPush);
    expect(factor.status).toBe('PENDING_ACTIVATION');
    const raw = (await org.call('GET', `/api/v1/users/${user.id}/factors/${factor.id}`)).body;
    expect(raw._links.poll.href).toBe(`${org.url}/api/v1/users/${user.id}/factors/${factor.id}/lifecycle/activate/poll`);
    const enrolled = (await org.call('GET', `/api/v1/users/${user.id}/factors`)).body[0];
    expect(enrolled.id).toBe(factor.id);
    const embedded = (factor as unknown as { _embedded: { activation: { factorResult: string; expiresAt: string; _links: { qrcode: { href: string }; send: { name: string }[] } } } })._embedded;
    expect(embedded.activation.factorResult).toBe('WAITING');
    expect(Date.parse(embedded.activation.expiresAt) - clock.now().getTime()).toBe(10 * 60_000);
    expect(embedded.activation._links.send.map((link) => link.name)).toEqual(['email', 'sms']);

    const sent = await org.call('POST', `/api/v1/users/${user.id}/factors/${factor.id}/lifecycle/activate/email`, { body: {} });
    expect(sent.body.factorResult).toBe('WAITING');
    const outbox = (await org.call('GET', `/api/v1/_emulator/outbox?userId=${user.id}`)).body;
    expect(outbox.at(-1)).toMatchObject({ channel: 'email', to: user.profile!.email, factorId: factor.id });
    expect(outbox.at(-1).message).toContain(`/api/v1/_emulator/users/${user.id}/factors/${factor.id}/push`);

    const waiting = await org.call('POST', `/api/v1/users/${user.id}/factors/${factor.id}/lifecycle/activate`);
    expect(waiting.body).toMatchObject({ factorResult: 'WAITING', _links: { poll: { href: `${org.url}/api/v1/users/${user.id}/factors/${factor.id}/lifecycle/activate` } } });

    // The "phone" scans the QR code: it names the device endpoint, which approves the activation.
    const qr = await fetch(embedded.activation._links.qrcode.href, { headers: { authorization: `SSWS ${TOKEN}` } });
    expect(qr.headers.get('content-type')).toBe('text/uri-list');
    const device = (await qr.text()).trim();
    expect((await org.call('POST', new URL(device).pathname, { body: { action: 'approve' } })).body).toEqual({ activation: 'APPROVED' });

    const active = await client.userFactorApi.activateFactor({ userId: user.id!, factorId: factor.id! });
    expect(active).toMatchObject({ factorType: 'push' });
    const fetched = await client.userFactorApi.getFactor({ userId: user.id!, factorId: factor.id! });
    expect(fetched.status).toBe('ACTIVE');
  });

  it('times a push activation out and starts a new window when polled again', async () => {
    const user = await createUser();
    const factor = await client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'push', provider: 'OKTA' } as never });
    clock.advance(10 * 60_000);
    const path = `/api/v1/users/${user.id}/factors/${factor.id}/lifecycle/activate`;
    const timedOut = await org.call('POST', path);
    expect(timedOut.body).toEqual({ factorResult: 'TIMEOUT', _links: { activate: { href: `${org.url}${path}`, hints: { allow: ['POST'] } } } });
    expect((await org.call('POST', path)).body.factorResult).toBe('WAITING');
  });

  it('verifies push through a polled transaction the phone approves or rejects', async () => {
    const user = await createUser();
    const factor = await client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'push', provider: 'OKTA' } as never });
    const device = `/api/v1/_emulator/users/${user.id}/factors/${factor.id}/push`;
    await org.call('POST', device, { body: { action: 'approve' } });
    await client.userFactorApi.activateFactor({ userId: user.id!, factorId: factor.id! });

    const challenge = await org.call('POST', `/api/v1/users/${user.id}/factors/${factor.id}/verify`);
    expect(challenge.status).toBe(201);
    expect(challenge.body.factorResult).toBe('WAITING');
    const transactionId = String(challenge.body._links.poll.href).split('/').at(-1)!;
    const polled = await client.userFactorApi.getFactorTransactionStatus({ userId: user.id!, factorId: factor.id!, transactionId });
    expect(polled.factorResult).toBe('WAITING');
    expect((await org.call('POST', device, { body: { action: 'approve' } })).body).toEqual({ transactionId, factorResult: 'SUCCESS' });
    expect((await client.userFactorApi.getFactorTransactionStatus({ userId: user.id!, factorId: factor.id!, transactionId })).factorResult).toBe('SUCCESS');

    const second = await client.userFactorApi.verifyFactor({ userId: user.id!, factorId: factor.id! });
    expect(second.factorResult).toBe('WAITING');
    await org.call('POST', device, { body: { action: 'reject' } });
    const rejected = (await org.call('GET', String(((second as unknown as { _links: { poll: { href: string } } })._links.poll.href)).replace(org.url, ''))).body;
    expect(rejected.factorResult).toBe('REJECTED');
    expect(rejected._links.verify.href).toBe(`${org.url}/api/v1/users/${user.id}/factors/${factor.id}/verify`);

    const third = await org.call('POST', `/api/v1/users/${user.id}/factors/${factor.id}/verify`);
    clock.advance(5 * 60_000);
    expect((await org.call('GET', String(third.body._links.poll.href).replace(org.url, ''))).body.factorResult).toBe('TIMEOUT');
    const late = await org.call('POST', device, { body: { action: 'approve' } });
    expect([late.status, late.body.errorCode]).toEqual([404, 'E0000007']);
  });

  it('refuses a factor the enrollment policy does not allow, and the catalog lists what it allows', async () => {
    await allowAuthenticators({ security_question: 'OPTIONAL', okta_password: 'REQUIRED' });
    const user = await createUser();
    const refused = await errorOf(client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+14155552671' } } as never }));
    expect([refused.errorCode, refused.errorCauses[0]?.errorSummary]).toEqual(['E0000001', 'Factor not allowed for the user based on the Multifactor policy.']);
    const catalog = await all<okta.UserFactorSupported>(client.userFactorApi.listSupportedFactors({ userId: user.id! }));
    expect(catalog.map((entry) => [entry.factorType, entry.provider, entry.enrollment])).toEqual([['question', 'OKTA', 'OPTIONAL']]);
  });

  it('refuses phone numbers that cannot be one with E0000098', async () => {
    await allowAuthenticators({ phone_number: 'OPTIONAL', okta_password: 'REQUIRED' });
    const user = await createUser();
    const bad = await errorOf(client.userFactorApi.enrollFactor({ userId: user.id!, body: { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: 'call me maybe' } } as never }));
    expect([bad.status, bad.errorCode]).toEqual([400, 'E0000098']);
  });
});
