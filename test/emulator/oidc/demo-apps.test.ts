/** The demo org's seeded SPA and web app work with the settings the README gives, and reach older data files. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import { afterAll, describe, expect, it } from 'vitest';
import { appAssignments } from '../../../src/emulator/directory/app-assignments.js';
import { DEMO_APP_GROUPS, DEMO_SPA_CLIENT_ID, DEMO_WEB_CLIENT_ID, DEMO_WEB_CLIENT_SECRET } from '../../../src/emulator/oidc/demo-apps.js';
import { DEMO_PASSWORD } from '../../../src/emulator/seed.js';
import { createEmulator, silentLogger } from '../../../src/emulator/index.js';
import { startTestOrg, TOKEN, type TestOrg } from '../helpers.js';
import { FormBrowser } from './form-browser.js';
import { exchangeCode, insecure, startAuthorization } from './relying-party.js';

const ALICE = 'alice.nguyen@example.com';

async function signIn(org: TestOrg, config: client.Configuration, redirectUri: string, browser: FormBrowser) {
  const started = await startAuthorization(config, redirectUri, { scope: 'openid profile email' });
  let answer = await browser.visit(started.url.toString(), org.url);
  if (answer.status === 200) answer = await browser.submit(answer, '/signin/password', { username: ALICE, password: DEMO_PASSWORD });
  expect(answer.location, answer.html).toMatch(new RegExp(`^${redirectUri}\\?code=`));
  return exchangeCode(config, started, answer.location);
}

describe('the seeded demo OIDC apps', () => {
  let org: TestOrg | undefined;
  afterAll(() => org?.close());

  it('sign Alice in to the SPA (PKCE, no secret) and then to the web app (client secret) on the same org session', async () => {
    org = await startTestOrg({ seed: true });
    const issuer = new URL(`${org.url}/oauth2/default`);
    const spa = await client.discovery(issuer, DEMO_SPA_CLIENT_ID, undefined, client.None(), insecure);
    const web = await client.discovery(issuer, DEMO_WEB_CLIENT_ID, DEMO_WEB_CLIENT_SECRET, client.ClientSecretBasic(DEMO_WEB_CLIENT_SECRET), insecure);
    const browser = new FormBrowser(org.url);
    const spaTokens = await signIn(org, spa, 'http://localhost:5173/login/callback', browser);
    expect(spaTokens.claims()).toMatchObject({ aud: DEMO_SPA_CLIENT_ID, preferred_username: ALICE });
    const webTokens = await signIn(org, web, 'http://localhost:3000/authorization-code/callback', browser);
    expect(webTokens.claims()).toMatchObject({ aud: DEMO_WEB_CLIENT_ID, sub: spaTokens.claims()?.sub });

    const wrongSecret = await client.discovery(issuer, DEMO_WEB_CLIENT_ID, 'not-the-secret', client.ClientSecretBasic('not-the-secret'), insecure);
    await expect(signIn(org, wrongSecret, 'http://localhost:3000/authorization-code/callback', browser)).rejects.toMatchObject({ error: 'invalid_client' });
  });

  it('are added to a data file seeded before they existed, once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehook-demo-apps-'));
    const dataFile = join(dir, 'org.sqlite');
    try {
      const first = await createEmulator({ apiTokens: [TOKEN], dataFile, scryptCost: 1024, logger: silentLogger });
      first.store.apps.delete(DEMO_SPA_CLIENT_ID);
      first.store.apps.delete(DEMO_WEB_CLIENT_ID);
      first.store.db.prepare('DELETE FROM meta WHERE key = ?').run('seed.oidcApps');
      first.close();
      const second = await createEmulator({ apiTokens: [TOKEN], dataFile, scryptCost: 1024, logger: silentLogger });
      const ids = second.store.apps.all().map((app) => app.id);
      second.close();
      expect(ids.filter((id) => id === DEMO_SPA_CLIENT_ID || id === DEMO_WEB_CLIENT_ID)).toEqual([DEMO_SPA_CLIENT_ID, DEMO_WEB_CLIENT_ID]);
      const third = await createEmulator({ apiTokens: [TOKEN], dataFile, scryptCost: 1024, logger: silentLogger });
      expect(third.store.apps.all()).toHaveLength(ids.length);
      third.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('are assigned to the demo groups, also in a data file whose demo apps predate assignments', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehook-demo-assign-'));
    const dataFile = join(dir, 'org.sqlite');
    const assignedGroups = (emulator: Awaited<ReturnType<typeof createEmulator>>, appId: string) =>
      appAssignments(emulator.deps)
        .groupsPage(appId, undefined, 100)
        .items.map((row) => emulator.store.groups.get(row.id)?.profile.name);
    try {
      const first = await createEmulator({ apiTokens: [TOKEN], dataFile, scryptCost: 1024, logger: silentLogger });
      expect(assignedGroups(first, DEMO_SPA_CLIENT_ID)).toEqual(DEMO_APP_GROUPS);
      first.store.db.prepare('DELETE FROM directory_app_groups').run();
      first.store.db.prepare('DELETE FROM meta WHERE key = ?').run('seed.oidcAppAssignments');
      first.close();
      const second = await createEmulator({ apiTokens: [TOKEN], dataFile, scryptCost: 1024, logger: silentLogger });
      try {
        expect(assignedGroups(second, DEMO_SPA_CLIENT_ID)).toEqual(DEMO_APP_GROUPS);
        expect(assignedGroups(second, DEMO_WEB_CLIENT_ID)).toEqual(DEMO_APP_GROUPS);
        const logged = second.store.logs.table.all('event_type = ?', ['group.application_assignment.add']);
        expect(logged).toHaveLength(2 * 2 * DEMO_APP_GROUPS.length);
      } finally {
        second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
