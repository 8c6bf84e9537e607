import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startLoop, type Loop } from './fixture.js';

const register = (loop: Loop, userProfile: Record<string, unknown>, password?: string) =>
  loop.api('POST', '/api/v1/_emulator/registration', { userProfile, ...(password ? { credentials: { password } } : {}) }, null);

describe('registration hook: self-service registration through the example hook', () => {
  let loop: Loop;
  beforeAll(async () => {
    loop = await startLoop({ targets: ['registration'] });
  });
  afterAll(() => loop.close());

  it('allows a company address: the user exists, ACTIVE, and can sign in with the chosen password', async () => {
    const { status, body } = await register(loop, { email: 'nora.berg@example.com', firstName: 'Nora', lastName: 'Berg' }, 'Fjord-Sunrise-42');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ACTIVE', profile: { login: 'nora.berg@example.com' } });
    expect((await loop.api('GET', '/api/v1/users/nora.berg@example.com')).body.id).toBe(body.id);
    const signIn = await loop.api('POST', '/api/v1/authn', { username: 'nora.berg@example.com', password: 'Fjord-Sunrise-42' }, null);
    expect(signIn.body.status).toBe('SUCCESS');
    expect((await loop.systemLog('user.lifecycle.create')).some((event: { target: { id: string }[] }) => event.target[0]?.id === body.id)).toBe(true);
  });

  it('denies a forbidden domain with the hook message and its cause at the email field', async () => {
    const { status, body } = await register(loop, { email: 'mallory@gmail.com', firstName: 'Mallory', lastName: 'Doe' });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      errorCode: 'E0000001',
      errorSummary: 'Registration is limited to company email addresses.',
      errorCauses: [{ reason: 'INVALID_EMAIL_DOMAIN', location: 'data.userProfile.email' }],
    });
    expect((await loop.api('GET', '/api/v1/users/mallory@gmail.com')).status).toBe(404);
  });

  it('refuses a login the org already has (the hook asks the org through the SDK)', async () => {
    const calls = loop.calls.get('/hooks/registration') ?? 0;
    const { status, body } = await register(loop, { email: ALICE, firstName: 'Alice', lastName: 'Again' });
    expect(status).toBe(400);
    expect(body.errorCauses).toEqual([expect.objectContaining({ reason: 'LOGIN_TAKEN', location: 'data.userProfile.login' })]);
    expect(loop.calls.get('/hooks/registration')).toBe(calls + 1);
  });

  it('rejects a malformed form before calling the hook', async () => {
    const calls = loop.calls.get('/hooks/registration') ?? 0;
    const { status, body } = await register(loop, { email: 'not-an-email' });
    expect([status, body.errorCode]).toEqual([400, 'E0000001']);
    expect(loop.calls.get('/hooks/registration') ?? 0).toBe(calls);
  });
});

describe('registration hook that fails', () => {
  let loop: Loop;
  beforeAll(async () => {
    const broken = new Hono();
    broken.post('/hooks/registration', (c) => c.text('upstream exploded', 500));
    loop = await startLoop({ custom: broken, targets: ['registration'] });
  });
  afterAll(() => loop.close());

  it('denies with Okta’s default message after one retry (fail-closed)', async () => {
    const { status, body } = await register(loop, { email: 'olga@example.com', firstName: 'Olga', lastName: 'Ivanova' });
    expect(status).toBe(400);
    expect(body.errorSummary).toBe('There was an error creating your account. Please try registering again.');
    expect(loop.calls.get('/hooks/registration')).toBe(2);
    expect((await loop.api('GET', '/api/v1/users/olga@example.com')).status).toBe(404);
    const processed = await loop.systemLog('inline_hook.response.processed');
    expect(processed.at(-1).outcome).toEqual({ result: 'FAILURE', reason: 'HTTP 500' });
  });
});

describe('progressive profiling', () => {
  let loop: Loop;
  beforeAll(async () => {
    const hooks = new Hono();
    hooks.post('/hooks/registration', async (c) => {
      const body = (await c.req.json()) as { requestType: string; data: { userProfileUpdate: Record<string, unknown> } };
      if (body.requestType !== 'progressive.profile') return c.json({ error: { errorSummary: 'unexpected' } });
      if (body.data.userProfileUpdate.city === 'Atlantis') {
        return c.json({ error: { errorSummary: 'Unknown city', errorCauses: [{ errorSummary: 'Pick a real city', location: 'data.userProfileUpdate.city' }] } });
      }
      return c.json({ commands: [{ type: 'com.okta.user.progressive.profile.update', value: { city: String(body.data.userProfileUpdate.city).toUpperCase() } }] });
    });
    loop = await startLoop({ custom: hooks, targets: ['registration'] });
  });
  afterAll(() => loop.close());

  it('applies the hook’s profile update, or denies with its causes', async () => {
    const ok = await loop.api('POST', `/api/v1/_emulator/users/${ALICE}/progressive-profile`, { userProfileUpdate: { city: 'Oslo' } });
    expect([ok.status, ok.body.profile.city]).toEqual([200, 'OSLO']);
    const denied = await loop.api('POST', `/api/v1/_emulator/users/${ALICE}/progressive-profile`, { userProfileUpdate: { city: 'Atlantis' } });
    expect([denied.status, denied.body.errorSummary, denied.body.errorCauses[0].errorSummary]).toEqual([400, 'Unknown city', 'Pick a real city']);
    expect((await loop.api('GET', `/api/v1/users/${ALICE}`)).body.profile.city).toBe('OSLO');
  });
});
