/**
 * `npm run dev` as a developer runs it (a child process, free ports, a temp data dir), then the
 * three printed curl steps done with fetch, and `gatehook send` for each hook type against it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEV_API_TOKEN, DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../src/cli/commands/org.js';
import { DEMO_PASSWORD } from '../../src/emulator/index.js';
import { DEV_HOOK_SECRET } from '../../src/runtime/config.js';
import { spawnCli, type CliProcess } from '../cli/spawn-cli.js';

let dev: CliProcess;
let stdout = '';
let hooksUrl = '';
let orgUrl = '';
let dataDir = '';
let startupMs = 0;
const stderr = () => dev.stderr();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehook-e2e-dev-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', ORG_PORT: '0', GATEHOOK_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  for (const name of ['HOOK_SECRET', 'HOOK_SECRET_PREVIOUS', 'OKTA_ORG_URL', 'OKTA_API_TOKEN', 'ORG_CLIENT_SECRET']) delete env[name];
  const started = Date.now();
  // The last printed line: everything is up and registered.
  dev = await spawnCli(['dev'], env, /3\. Deactivate[\s\S]*\n.*lifecycle\/deactivate.*\n/);
  startupMs = Date.now() - started;
  stdout = dev.stdout();
  hooksUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
  orgUrl = /org emulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
}, 30_000);

afterAll(async () => {
  await dev.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('npm run dev, end to end', () => {
  it('prints both URLs, the dev credentials and the three curl steps', () => {
    expect(stdout).toContain(`HOOK_SECRET (dev default, never used outside \`gatehook dev\`): ${DEV_HOOK_SECRET}`);
    expect(stdout).toContain(DEV_API_TOKEN);
    expect(stdout).toContain(`curl -s -u ${DEV_CLIENT_ID}:${DEV_CLIENT_SECRET} ${orgUrl}/oauth2/default/v1/token`);
    expect(stdout).toContain(`curl -s ${orgUrl}/api/v1/_emulator/registration`);
    expect(stdout).toContain(`curl -s -X POST ${orgUrl}/api/v1/users/bruno.martins@example.com/lifecycle/deactivate -H 'Authorization: SSWS ${DEV_API_TOKEN}'`);
    expect(stdout).toContain('hooks registered in the emulator: token, registration, password-import, user-import, saml, telephony, events');
    console.info(`gatehook dev ready (spawn to last line) in ${startupMs} ms`);
  });

  it('1. the password grant returns a token the token hook enriched with group names', async () => {
    const response = await fetch(`${orgUrl}/oauth2/default/v1/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${DEV_CLIENT_ID}:${DEV_CLIENT_SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: 'alice.nguyen@example.com', password: DEMO_PASSWORD, scope: 'openid' }),
    });
    expect(response.status).toBe(200);
    const claims = decodeJwt(String(((await response.json()) as { access_token: string }).access_token));
    expect(claims).toMatchObject({ sub: 'alice.nguyen@example.com', mfa_active: false });
    expect(claims.group_names).toEqual(expect.arrayContaining(['Engineering', 'Admins']));
  });

  it('2. a registration with a forbidden domain is denied by the hook', async () => {
    const response = await fetch(`${orgUrl}/api/v1/_emulator/registration`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userProfile: { email: 'mallory@gmail.com', firstName: 'Mallory', lastName: 'Doe' } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorSummary: 'Registration is limited to company email addresses.' });
  });

  it('3. deactivating a user runs the event hook worker, which clears the sessions', async () => {
    const response = await fetch(`${orgUrl}/api/v1/users/bruno.martins@example.com/lifecycle/deactivate`, {
      method: 'POST',
      headers: { authorization: `SSWS ${DEV_API_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(await waitFor(() => stderr().includes('cleared sessions of deactivated user'), 5000)).toBe(true);
  });

  it('gatehook send: every example hook answers in a way Okta honours', async () => {
    for (const type of ['token', 'registration', 'password-import', 'user-import', 'saml', 'telephony']) {
      const out: string[] = [];
      const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(line), env: { HOOK_SECRET: DEV_HOOK_SECRET } };
      const code = await main(['send', type, '--url', `${hooksUrl}/hooks/${type}`], io);
      expect({ type, code, verdict: out.find((line) => line.startsWith('Verdict')) }).toMatchObject({ type, code: 0, verdict: expect.stringMatching(/^Verdict: honoured/) });
    }
  });
});
