/** The exact bodies of the factors area's refusals, and bad input answered as Okta does (never a 5xx). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, startTestOrg, type TestOrg } from '../helpers.js';

let org: TestOrg;
let userId: string;
beforeAll(async () => {
  org = await startTestOrg();
  userId = (await org.call('POST', '/api/v1/users', { body: newUser() })).body.id;
});
afterAll(() => org.close());

describe('factor enrollment refusals', () => {
  it.each([
    [{ factorType: 'push', provider: 'UNSUPPORTED_PROVIDER' }, 'Invalid Provider.'],
    [{ factorType: 'push', provider: 'YUBICO' }, 'Factor not enabled.'],
    [{ factorType: 'webauthn', provider: 'FIDO' }, 'Factor not enabled.'],
  ])('%j answers E0000001 with "%s"', async (body, cause) => {
    const response = await org.call('POST', `/api/v1/users/${userId}/factors`, { body });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: factorEnrollRequest',
      errorLink: 'E0000001',
      errorId: expect.stringMatching(/^oae[0-9A-Za-z]{19}$/),
      errorCauses: [{ errorSummary: cause }],
    });
  });

  it('answers E0000098 for a phone number it cannot read', async () => {
    const response = await org.call('POST', `/api/v1/users/${userId}/factors`, { body: { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '12' } } });
    expect([response.status, response.body.errorCode, response.body.errorSummary]).toEqual([400, 'E0000098', 'This phone number is invalid.']);
  });
});

describe('bad input to the factors and credentials operations', () => {
  it.each([
    ['POST', '/api/v1/authenticators'],
    ['PUT', '/api/v1/authenticators/{authenticator}'],
    ['POST', '/api/v1/users/{user}/factors'],
    ['POST', '/api/v1/users/{user}/credentials/change_password'],
    ['POST', '/api/v1/users/{user}/credentials/change_recovery_question'],
    ['POST', '/api/v1/users/{user}/credentials/forgot_password_recovery_question'],
  ])('%s %s with a body that is not JSON answers 400 E0000003', async (method, template) => {
    const authenticator = (await org.call('GET', '/api/v1/authenticators')).body[0].id;
    const path = template.replace('{user}', userId).replace('{authenticator}', authenticator);
    const response = await org.call(method, path, { body: '{"oops":' });
    expect([response.status, response.body.errorCode]).toEqual([400, 'E0000003']);
  });

  it.each([
    ['/api/v1/users/00uNoSuchUser000000/credentials/change_password', { oldPassword: { value: 'a' }, newPassword: { value: 'b' } }],
    ['/api/v1/users/00uNoSuchUser000000/factors', { factorType: 'question', provider: 'OKTA' }],
    ['/api/v1/authenticators/autNoSuchAuthentica/lifecycle/activate', {}],
  ])('%s for a missing resource answers 404 E0000007', async (path, body) => {
    const response = await org.call('POST', path, { body });
    expect([response.status, response.body.errorCode]).toEqual([404, 'E0000007']);
  });

  it('names the missing fields of a change password request', async () => {
    const response = await org.call('POST', `/api/v1/users/${userId}/credentials/change_password`, { body: { oldPassword: {} } });
    expect([response.status, response.body.errorCode, response.body.errorCauses]).toEqual([400, 'E0000001', [{ errorSummary: 'oldPassword: The field cannot be left blank' }]]);
  });
});
