/**
 * The closing check: `npm run dev` as a developer runs it, and openid-client (a relying
 * party none of us wrote) signs in to the seeded SPA with the settings the README gives: discovery,
 * PKCE, the hosted sign-in page, the code exchange with the ID token checked against the JWKS, and
 * the example token hook's claim in the ID token; then userinfo and sign-out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_API_TOKEN } from '../../../src/cli/commands/org.js';
import { DEMO_SPA_CLIENT_ID } from '../../../src/emulator/oidc/demo-apps.js';
import { spawnCli, type CliProcess } from '../../cli/spawn-cli.js';
import { FormBrowser } from './form-browser.js';
import { exchangeCode, insecure, startAuthorization } from './relying-party.js';

const REDIRECT = 'http://localhost:5173/login/callback';
const MIRA = { login: 'mira.lindqvist@example.com', password: 'Lantern-Meadow-77' };

let dev: CliProcess | undefined;
let dataDir = '';
let orgUrl = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehook-oidc-dev-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', ORG_PORT: '0', GATEHOOK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  for (const name of ['HOOK_SECRET', 'HOOK_SECRET_PREVIOUS', 'OKTA_ORG_URL', 'OKTA_API_TOKEN', 'ORG_CLIENT_SECRET']) delete env[name];
  dev = await spawnCli(['dev'], env, /3\. Deactivate[\s\S]*\n.*lifecycle\/deactivate.*\n/);
  orgUrl = /org emulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(dev.stdout())![1]!;
}, 30_000);

afterAll(async () => {
  await dev?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run dev as a local OpenID Provider', () => {
  it('openid-client signs in to the seeded SPA and gets the token hook claim in the ID token', async () => {
    const created = await fetch(`${orgUrl}/api/v1/users?activate=true`, {
      method: 'POST',
      headers: { authorization: `SSWS ${DEV_API_TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ profile: { login: MIRA.login, email: MIRA.login, firstName: 'Mira', lastName: 'Lindqvist' }, credentials: { password: { value: MIRA.password } } }),
    });
    expect(created.status).toBe(200);
    // A user made after the seed is in no demo group: assign them to the SPA, as Okta needs.
    const assigned = await fetch(`${orgUrl}/api/v1/apps/${DEMO_SPA_CLIENT_ID}/users`, {
      method: 'POST',
      headers: { authorization: `SSWS ${DEV_API_TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ id: ((await created.json()) as { id: string }).id }),
    });
    expect(assigned.status).toBe(200);

    const config = await client.discovery(new URL(`${orgUrl}/oauth2/default`), DEMO_SPA_CLIENT_ID, undefined, client.None(), insecure);
    const started = await startAuthorization(config, REDIRECT);
    const browser = new FormBrowser(orgUrl);
    const page = await browser.visit(started.url.toString(), orgUrl);
    expect(page.html).toContain('to Gatehook demo SPA');
    const answer = await browser.submit(page, '/signin/password', { username: MIRA.login, password: MIRA.password });
    const tokens = await exchangeCode(config, started, answer.location);
    expect(tokens.claims()).toMatchObject({ employee_id: 'E-10442', aud: DEMO_SPA_CLIENT_ID, preferred_username: MIRA.login });

    const info = await client.fetchUserInfo(config, tokens.access_token, String(tokens.claims()?.sub));
    expect(info.email).toBe(MIRA.login);
    const refreshed = await client.refreshTokenGrant(config, String(tokens.refresh_token));
    expect(refreshed.claims()?.employee_id).toBe('E-10442');

    const signedOut = await browser.visit(client.buildEndSessionUrl(config, { id_token_hint: String(refreshed.id_token), post_logout_redirect_uri: 'http://localhost:5173/' }).toString(), orgUrl);
    expect(signedOut.location).toBe('http://localhost:5173/');
    expect(browser.cookies.has('sid')).toBe(false);
  }, 30_000);
});
