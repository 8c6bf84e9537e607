import { Hono } from 'hono';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/emulator/index.js';
import { ALICE, CLIENT_ID, HOOK_SECRET, sleep, startLoop, type Loop } from './fixture.js';

const passwordGrant = { grant_type: 'password', username: ALICE, password: DEMO_PASSWORD, scope: 'openid profile' };

async function verified(loop: Loop, token: unknown, audience: string) {
  const issuer = `${loop.org.url}/oauth2/default`;
  const jwks = createRemoteJWKSet(new URL(`${issuer}/v1/keys`));
  return (await jwtVerify(String(token), jwks, { issuer, audience })).payload;
}

describe('token hook: the org calls the example hook at /oauth2/default/v1/token', () => {
  let loop: Loop;
  beforeAll(async () => {
    loop = await startLoop({ targets: ['token'] });
  });
  afterAll(() => loop.close());

  it('mints an access token with the group names and MFA status the hook read from the org', async () => {
    const { status, body } = await loop.token(passwordGrant);
    expect(status).toBe(200);
    const access = await verified(loop, body.access_token, 'api://default');
    expect(access.sub).toBe(ALICE);
    expect(access.group_names).toEqual(expect.arrayContaining(['Engineering', 'Admins']));
    expect(access.group_names).toHaveLength(2);
    expect(access.mfa_active).toBe(false);
    const id = await verified(loop, body.id_token, CLIENT_ID);
    expect(id.group_names).toBeUndefined();
    expect(loop.calls.get('/hooks/token')).toBe(1);
  });

  it('sees an MFA factor once it is active', async () => {
    const user = (await loop.api('GET', `/api/v1/users/${ALICE}`)).body;
    const enrolled = await loop.api('POST', `/api/v1/users/${user.id}/factors?activate=true`, { factorType: 'email', provider: 'OKTA', profile: { email: ALICE } });
    expect(enrolled.body.status).toBe('ACTIVE');
    const access = await verified(loop, (await loop.token(passwordGrant)).body.access_token, 'api://default');
    expect(access.mfa_active).toBe(true);
  });

  it('logs the call and the processed response in the System Log', async () => {
    const executed = await loop.systemLog('inline_hook.executed');
    const processed = await loop.systemLog('inline_hook.response.processed');
    expect(executed.length).toBeGreaterThanOrEqual(1);
    expect(executed.at(-1).outcome.result).toBe('SUCCESS');
    expect(processed.at(-1)).toMatchObject({ outcome: { result: 'SUCCESS' }, debugContext: { debugData: { inlineHookType: 'com.okta.oauth2.tokens.transform' } } });
  });

  it('client_credentials has no user: the hook adds nothing and the token is still minted', async () => {
    // As in Okta, a custom scope exists on the authorization server before a client can ask for it.
    expect((await loop.api('POST', '/api/v1/authorizationServers/default/scopes', { name: 'orders:read' })).status).toBe(200);
    const { status, body } = await loop.token({ grant_type: 'client_credentials', scope: 'orders:read' });
    expect(status).toBe(200);
    const access = await verified(loop, body.access_token, 'api://default');
    expect(access).toMatchObject({ sub: CLIENT_ID, scp: ['orders:read'] });
    expect(access.group_names).toBeUndefined();
  });
});

describe('token hook that answers after the 3 s deadline', () => {
  let loop: Loop;
  beforeAll(async () => {
    const slow = new Hono();
    slow.post('/hooks/token', async (c) => {
      if (c.req.header('authorization') !== HOOK_SECRET) return c.text('', 401);
      await sleep(3300);
      return c.json({ commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/late', value: true }] }] });
    });
    loop = await startLoop({ custom: slow, targets: ['token'] });
  });
  afterAll(() => loop.close());

  it('mints the token unchanged after exactly one call (token hooks are never retried)', async () => {
    const started = Date.now();
    const { status, body } = await loop.token(passwordGrant);
    const elapsed = Date.now() - started;
    expect(status).toBe(200);
    const access = await verified(loop, body.access_token, 'api://default');
    expect(access.late).toBeUndefined();
    expect(elapsed).toBeGreaterThanOrEqual(2900);
    expect(elapsed).toBeLessThan(3300);
    await sleep(350);
    expect(loop.calls.get('/hooks/token')).toBe(1);
    const executed = await loop.systemLog('inline_hook.executed');
    expect(executed.at(-1)).toMatchObject({ outcome: { result: 'FAILURE' }, debugContext: { debugData: { failure: 'timeout', attempts: 1 } } });
  }, 10_000);
});
