/** Refresh tokens lapse when unused for the rule's refreshTokenWindowMinutes, and each use restarts the window. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthClient } from '../../../src/emulator/authorization-server/index.js';
import { manualClock, newUser, startTestOrg, type TestOrg } from '../helpers.js';

const CLIENT: OAuthClient = { clientId: 'app', tokenEndpointAuthMethod: 'client_secret_post', clientSecret: 'app-secret', grantTypes: ['password', 'refresh_token'] };
const clock = manualClock();
let org: TestOrg;

async function token(form: Record<string, string>) {
  const response = await fetch(`${org.url}/oauth2/default/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form, client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret! }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

beforeAll(async () => {
  org = await startTestOrg({ oauthClients: [CLIENT], clock });
});
afterAll(() => org.close());

describe('refresh token idle window', () => {
  it('keeps a refresh token alive while it is used within the window and drops it after', async () => {
    const [policy] = (await org.call('GET', '/api/v1/authorizationServers/default/policies')).body as { id: string }[];
    const [rule] = (await org.call('GET', `/api/v1/authorizationServers/default/policies/${policy!.id}/rules`)).body as Record<string, unknown>[];
    const put = await org.call('PUT', `/api/v1/authorizationServers/default/policies/${policy!.id}/rules/${String(rule!.id)}`, {
      body: { ...rule, actions: { token: { accessTokenLifetimeMinutes: 5, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10 } } },
    });
    expect(put.status).toBe(200);
    const user = await org.call('POST', '/api/v1/users?activate=true', { body: newUser() });
    const first = await token({ grant_type: 'password', username: user.body.profile.login, password: 'Correct-Horse-9', scope: 'openid offline_access' });
    expect(first.status).toBe(200);
    const refresh = first.body.refresh_token!;
    clock.advance(9 * 60_000);
    expect((await token({ grant_type: 'refresh_token', refresh_token: refresh })).status).toBe(200);
    clock.advance(9 * 60_000);
    expect((await token({ grant_type: 'refresh_token', refresh_token: refresh })).status).toBe(200);
    clock.advance(10 * 60_000);
    expect(await token({ grant_type: 'refresh_token', refresh_token: refresh })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
