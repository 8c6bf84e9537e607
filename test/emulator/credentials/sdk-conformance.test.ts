/**
 * Okta's own Node SDK drives the emulator's credential operations: change password and recovery
 * question against the current password, forgot password, and expiring with a temporary password,
 * under the paths today's SDK sends and the seed's older ones.
 */
import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, newUser, PASSWORD, startTestOrg, TOKEN, type TestOrg } from '../helpers.js';
import { errorOf } from '../okta-sdk-results.js';

const clock = manualClock();
let org: TestOrg;
let client: okta.Client;

async function signIn(login: string, password: string): Promise<string> {
  const response = await org.call('POST', '/api/v1/authn', { auth: null, body: { username: login, password } });
  return response.status === 200 ? String(response.body.status) : String(response.body.errorCode);
}

async function createUser(withQuestion = false): Promise<okta.User> {
  const body = newUser();
  if (withQuestion) Object.assign(body.credentials!, { recovery_question: { question: 'Who is the fifth Beatle?', answer: 'Brian Epstein' } });
  return client.userApi.createUser({ body: body as never });
}

beforeAll(async () => {
  org = await startTestOrg({ clock });
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
});
afterAll(() => org.close());

describe('change password through the Okta SDK', () => {
  it('checks the current password, moves passwordChanged and signs in with the new one only', async () => {
    const user = await createUser(true);
    const before = (await client.userApi.getUser({ userId: user.id! })).passwordChanged!;
    clock.advance(60_000);
    const credentials = await client.userApi.changePassword({
      userId: user.id!,
      changePasswordRequest: { oldPassword: { value: PASSWORD }, newPassword: { value: 'Brand-New-Pass-7' } },
    });
    expect(credentials.provider).toMatchObject({ type: 'OKTA', name: 'OKTA' });
    expect(credentials.recovery_question?.question).toBe('Who is the fifth Beatle?');
    const after = (await client.userApi.getUser({ userId: user.id! })).passwordChanged!;
    expect(after.getTime() - before.getTime()).toBe(60_000);
    expect(await signIn(user.profile!.login!, 'Brand-New-Pass-7')).toBe('SUCCESS');
    expect(await signIn(user.profile!.login!, PASSWORD)).toBe('E0000004');
  });

  it("answers Okta's E0000014 for a wrong current password, a policy violation and a recent password", async () => {
    const user = await createUser();
    const change = (oldPassword: string, newPassword: string) =>
      client.userApi.changePassword({ userId: user.id!, changePasswordRequest: { oldPassword: { value: oldPassword }, newPassword: { value: newPassword } } });
    const wrong = await errorOf(change('Not-The-Password-1', 'Another-Pass-8'));
    expect([wrong.status, wrong.errorCode, wrong.errorCauses]).toEqual([403, 'E0000014', [{ errorSummary: 'oldPassword: The credentials provided were incorrect.' }]]);
    const weak = await errorOf(change(PASSWORD, 'short'));
    expect([weak.status, weak.errorCode]).toEqual([403, 'E0000014']);
    expect(weak.errorCauses[0]?.errorSummary).toMatch(/^password: Password requirements: at least 8 characters/);
    const same = await errorOf(change(PASSWORD, PASSWORD));
    expect(same.errorCauses[0]?.errorSummary).toMatch(/^password: Password has been used too recently/);
    await change(PASSWORD, 'Second-Pass-22');
    const back = await errorOf(change('Second-Pass-22', PASSWORD));
    expect(back.errorCode).toBe('E0000014');
  });

  it('brings a user with an expired password back to ACTIVE, and refuses users it does not apply to', async () => {
    const user = await createUser();
    await client.userApi.expirePassword({ userId: user.id! });
    expect(await signIn(user.profile!.login!, PASSWORD)).toBe('PASSWORD_EXPIRED');
    await client.userApi.changePassword({ userId: user.id!, changePasswordRequest: { oldPassword: { value: PASSWORD }, newPassword: { value: 'Fresh-Start-31' } } });
    expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('ACTIVE');

    const noPassword = await client.userApi.createUser({ body: newUser({}, false) as never, activate: false });
    const refused = await errorOf(
      client.userApi.changePassword({ userId: noPassword.id!, changePasswordRequest: { oldPassword: { value: 'x' }, newPassword: { value: 'Fresh-Start-31' } } }),
    );
    expect([refused.status, refused.errorCode]).toEqual([403, 'E0000035']);
  });
});

describe('recovery question and forgot password through the Okta SDK', () => {
  it('changes the recovery question against the password and returns it', async () => {
    const user = await createUser();
    const credentials = await client.userApi.changeRecoveryQuestion({
      userId: user.id!,
      userCredentials: { password: { value: PASSWORD }, recovery_question: { question: 'How many roads must a man walk down?', answer: 'forty two' } },
    });
    expect(credentials.recovery_question?.question).toBe('How many roads must a man walk down?');
    expect((await client.userApi.getUser({ userId: user.id! })).credentials?.recovery_question?.question).toBe('How many roads must a man walk down?');
    const wrong = await errorOf(
      client.userApi.changeRecoveryQuestion({ userId: user.id!, userCredentials: { password: { value: 'Wrong-Pass-1' }, recovery_question: { question: 'Q?', answer: 'answer' } } }),
    );
    expect([wrong.status, wrong.errorCode]).toEqual([403, 'E0000014']);
  });

  it('gives a reset link with sendEmail=false and sets a new password against the recovery answer', async () => {
    const user = await createUser(true);
    const link = await client.userApi.forgotPassword({ userId: user.id!, sendEmail: false });
    expect(link.resetPasswordUrl).toMatch(new RegExp(`^${org.url}/signin/reset-password/[0-9A-Za-z]{20}$`));
    expect(await client.userApi.forgotPassword({ userId: user.id! })).toEqual({});

    const wrong = await errorOf(
      client.userApi.forgotPasswordSetNewPassword({ userId: user.id!, userCredentials: { password: { value: 'Recovered-Pass-5' }, recovery_question: { answer: 'Ringo' } } }),
    );
    expect([wrong.status, wrong.errorCode]).toEqual([403, 'E0000087']);
    const credentials = await client.userApi.forgotPasswordSetNewPassword({
      userId: user.id!,
      userCredentials: { password: { value: 'Recovered-Pass-5' }, recovery_question: { answer: 'brian epstein' } },
    });
    expect(credentials.recovery_question?.question).toBe('Who is the fifth Beatle?');
    expect(await signIn(user.profile!.login!, 'Recovered-Pass-5')).toBe('SUCCESS');

    // The seed's path: the same request body on /credentials/forgot_password.
    const seedPath = await org.call('POST', `/api/v1/users/${user.id}/credentials/forgot_password`, {
      body: { password: { value: 'Seed-Path-Pass-6' }, recovery_question: { answer: 'Brian Epstein' } },
    });
    expect(seedPath.status).toBe(200);
    expect(await signIn(user.profile!.login!, 'Seed-Path-Pass-6')).toBe('SUCCESS');

    const noQuestion = await createUser();
    const refused = await errorOf(client.userApi.forgotPassword({ userId: noQuestion.id!, sendEmail: false }));
    expect([refused.status, refused.errorCode]).toEqual([403, 'E0000034']);
  });
});

describe('expire password with a temporary password', () => {
  it('answers { tempPassword } on the SDK path and the seed path; the user must change it', async () => {
    const user = await createUser();
    await client.userApi.expirePasswordAndGetTemporaryPassword({ userId: user.id! });
    expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('PASSWORD_EXPIRED');

    const other = await createUser();
    const today = await org.call('POST', `/api/v1/users/${other.id}/lifecycle/expire_password_with_temp_password`);
    expect(Object.keys(today.body)).toEqual(['tempPassword']);
    expect(await signIn(other.profile!.login!, today.body.tempPassword)).toBe('PASSWORD_EXPIRED');
    expect(await signIn(other.profile!.login!, PASSWORD)).toBe('E0000004');

    const third = await createUser();
    const seed = await org.call('POST', `/api/v1/users/${third.id}/lifecycle/expire_password?tempPassword=true`);
    expect(seed.body.tempPassword).toMatch(/^[0-9A-Za-z]{8}$/);
    await client.userApi.changePassword({ userId: third.id!, changePasswordRequest: { oldPassword: { value: seed.body.tempPassword }, newPassword: { value: 'After-Temp-Pass-9' } } });
    expect(await signIn(third.profile!.login!, 'After-Temp-Pass-9')).toBe('SUCCESS');
  });
});
