import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/middleware/logger/index.js';
import { fromValues } from '../../src/secrets/env.js';
import { hooks } from '../../examples/src/app.js';
import { SAMPLE_REQUESTS as sampleRequests } from '../../src/handlers/samples.js';
import { createHookApp, type CreateHookAppOptions } from '../../src/runtime/app.js';

const createExampleApp = (options: Omit<CreateHookAppOptions, 'hooks'>) => createHookApp({ ...options, hooks });
import { outbox } from '../../examples/src/hooks/telephony.js';
import { verifyLegacyPassword } from '../../examples/src/legacy-users.js';
import { sampleRegistrationRequest } from '../../src/handlers/registration/index.js';
import { samplePasswordImportRequest } from '../../src/handlers/password-import/index.js';
import { sampleUserImportRequest } from '../../src/handlers/user-import/index.js';
import { sampleTokenRequest } from '../../src/handlers/token/index.js';

const SECRET = 'Basic ZXhhbXBsZXM6dGVzdA==';
const app = createExampleApp({ auth: { header: { secrets: fromValues(SECRET) } }, logger: createJsonLogger({ level: 'silent' }) });

async function call(type: string, body: unknown) {
  const res = await app.request(`/hooks/${type}`, {
    method: 'POST',
    headers: { Authorization: SECRET, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) };
}

describe('example app', () => {
  it('token: enriches the access and ID tokens of a known employee', async () => {
    const { status, body } = await call('token', sampleRequests.token());
    expect(status).toBe(200);
    expect(body).toMatchObject({
      commands: [
        { type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/tier', value: 'gold' }, { op: 'add', path: '/claims/cost_center', value: 'CC-204' }] },
        { type: 'com.okta.identity.patch', value: [{ op: 'add', path: '/claims/employee_id', value: 'E-10442' }] },
      ],
    });
  });

  it('token: leaves unknown users unchanged (204) and skips the ID token when none is minted', async () => {
    const unknown = sampleTokenRequest({ data: { context: { user: { profile: { login: 'someone@else.test' } } } } });
    expect((await call('token', unknown)).status).toBe(204);
    const noId = sampleTokenRequest({ data: { identity: undefined } });
    const { body } = await call('token', noId);
    expect((body?.commands as Array<{ type: string }>).map((c) => c.type)).toEqual(['com.okta.access.patch']);
  });

  it('registration: allows a company address and denies others with a message at the email field', async () => {
    expect((await call('registration', sampleRequests.registration())).body).toEqual({
      commands: [{ type: 'com.okta.action.update', value: { registration: 'ALLOW' } }],
    });
    const gmail = sampleRegistrationRequest({ data: { userProfile: { email: 'jonas@gmail.test' } } });
    const { body } = await call('registration', gmail);
    expect(body).toMatchObject({
      commands: [{ type: 'com.okta.action.update', value: { registration: 'DENY' } }],
      error: {
        errorSummary: 'Registration is limited to company email addresses.',
        errorCauses: [{ reason: 'INVALID_EMAIL_DOMAIN', location: 'data.userProfile.email', domain: 'end-user' }],
      },
    });
  });

  it('password import: verifies against the scrypt store, rejects wrong passwords and unknown users', async () => {
    const verdict = async (username: string, password: string) => {
      const { body } = await call('password-import', samplePasswordImportRequest({ data: { context: { credential: { username, password } } } }));
      return (body?.commands as Array<{ value: { credential: string } }>)[0]?.value.credential;
    };
    expect(await verdict('priya.raman@example.com', 'correct-horse-battery-staple')).toBe('VERIFIED');
    expect(await verdict('PRIYA.RAMAN@example.com', 'correct-horse-battery-staple')).toBe('VERIFIED');
    expect(await verdict('priya.raman@example.com', 'correct-horse-battery-stapl')).toBe('UNVERIFIED');
    expect(await verdict('nobody@example.com', 'correct-horse-battery-staple')).toBe('UNVERIFIED');
    expect(await verifyLegacyPassword('ola.nordmann@example.com', 'Tr0ub4dor&3')).toBe(true);
  });

  it('user import: links a known employee, creates others with a normalised department', async () => {
    const known = sampleUserImportRequest({ data: { appUser: { profile: { externalId: 'hr-10001' } } } });
    expect((await call('user-import', known)).body).toEqual({
      commands: [
        { type: 'com.okta.action.update', value: { result: 'LINK_USER' } },
        { type: 'com.okta.user.update', value: { id: '00uexample10001aaaa1' } },
      ],
    });
    expect((await call('user-import', sampleRequests['user-import']())).body).toEqual({
      commands: [
        { type: 'com.okta.action.update', value: { result: 'CREATE_USER' } },
        { type: 'com.okta.user.profile.update', value: { department: 'LOGISTICS' } },
      ],
    });
  });

  it('saml: adds roles and a session lifetime', async () => {
    const { body } = await call('saml', sampleRequests.saml());
    const ops = (body?.commands as Array<{ value: Array<{ path: string; value: unknown }> }>)[0]!.value;
    expect(ops.map((o) => o.path)).toEqual(['/claims/roles', '/authentication/sessionLifetime']);
    expect(ops[1]!.value).toBe(28_800);
  });

  it('telephony: sends through the outbox and reports SUCCESSFUL', async () => {
    const before = outbox.length;
    const { body } = await call('telephony', sampleRequests.telephony());
    expect(outbox).toHaveLength(before + 1);
    expect(body).toEqual({
      commands: [
        {
          type: 'com.okta.telephony.action',
          value: [{ status: 'SUCCESSFUL', provider: 'EXAMPLE-OUTBOX', transactionId: outbox.at(-1)!.id, transactionMetadata: expect.stringMatching(/^channel=/) }],
        },
      ],
    });
  });
});

describe('example app body logging', () => {
  it('logs request bodies at debug level with the password redacted', async () => {
    const lines: string[] = [];
    const logged = createExampleApp({
      auth: { header: { secrets: fromValues(SECRET) } },
      logger: createJsonLogger({ level: 'debug', write: (l) => lines.push(l) }),
      logBodies: true,
    });
    const res = await logged.request('/hooks/password-import', {
      method: 'POST',
      headers: { Authorization: SECRET, 'content-type': 'application/json' },
      body: JSON.stringify(samplePasswordImportRequest()),
    });
    expect(res.status).toBe(200);
    const text = lines.join('\n');
    expect(text).toContain('"message":"hook request"');
    expect(text).toContain('"eventType":"com.okta.user.credential.password.import"');
    expect(text).not.toContain('correct-horse-battery-staple');
    expect(text).not.toContain(SECRET);
  });
});
