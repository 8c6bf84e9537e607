/** The console's sign-ins page lists app sign-ins through the hosted page and failed attempts, from the System Log. */
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { DEMO_SPA_CLIENT_ID } from '../../src/emulator/oidc/demo-apps.js';
import { DEMO_PASSWORD } from '../../src/emulator/seed.js';
import { FormBrowser } from '../emulator/oidc/form-browser.js';
import { insecure, startAuthorization } from '../emulator/oidc/relying-party.js';
import { consoleOrg, serveApp, signIn, type Served } from './helpers.js';

const REDIRECT = 'http://localhost:5173/login/callback';

describe('console sign-ins page', () => {
  let org: Emulator;
  let served: Served;
  beforeAll(async () => {
    org = await consoleOrg();
    served = await serveApp(org.app);
  });
  afterAll(async () => {
    await served?.close();
    org?.close();
  });

  it('shows a failed attempt and the sign-in to the demo SPA, newest first', async () => {
    const config = await client.discovery(new URL(`${served.url}/oauth2/default`), DEMO_SPA_CLIENT_ID, undefined, client.None(), insecure);
    const { url } = await startAuthorization(config, REDIRECT, { scope: 'openid' });
    const browser = new FormBrowser(served.url);
    const page = await browser.visit(url.toString(), served.url);
    const failed = await browser.submit(page, '/signin/password', { username: 'bruno.martins@example.com', password: 'wrong-password' });
    expect(failed.status).toBe(401);
    const done = await browser.submit(failed, '/signin/password', { username: 'alice.nguyen@example.com', password: DEMO_PASSWORD });
    expect(done.location).toMatch(/^http:\/\/localhost:5173\/login\/callback\?code=/);

    const { cookie } = await signIn(org.app);
    const html = await (await org.app.request('http://127.0.0.1/_console/sign-ins', { headers: { cookie } })).text();
    const rows = [...html.matchAll(/<tr data-kind="(\w+)"><td[^>]*>[^<]*<\/td><td[^>]*>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map(([, kind, user, app, result]) => ({ kind, user, app, result }));
    expect(rows.slice(0, 3)).toEqual([
      { kind: 'app', user: 'alice.nguyen@example.com', app: 'Gatehook demo SPA', result: 'success' },
      { kind: 'org', user: 'alice.nguyen@example.com', app: 'the org (session)', result: 'success' },
      { kind: 'org', user: 'bruno.martins@example.com', app: 'the org (session)', result: 'failed: INVALID_CREDENTIALS' },
    ]);
    expect(html).toContain('href="/_console/sign-ins" class="active"');
  });
});
