/**
 * The console in a real browser: Debian's Chromium driven by playwright-core, against an in-memory
 * org with the console mounted, the example hooks on a real server, and an event hook receiver.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Hono } from 'hono';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import type { RunningServer } from '../../src/runtime/node.js';
import { consoleOrg, HOOK_SECRET, serveApp, startHookServer, TOKEN, type Served } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const RECEIVER_SECRET = 'receiver-secret-0a9e';

const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)(hasChromium ? 'console in Chromium' : 'console in Chromium (skipped: /usr/bin/chromium is not installed)', () => {
  let org: Emulator;
  let served: Served;
  let receiver: Served;
  let hookServer: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const received: unknown[] = [];
  let tokenHookId = '';

  async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${served.url}${path}`, {
      method,
      headers: { authorization: `SSWS ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status).toBeLessThan(300);
    return (await response.json()) as Record<string, unknown>;
  }

  beforeAll(async () => {
    const events = new Hono();
    events.get('/events', (c) => {
      if (c.req.header('authorization') !== RECEIVER_SECRET) return c.body(null, 401);
      return c.json({ verification: c.req.header('x-okta-verification-challenge') });
    });
    events.post('/events', async (c) => {
      if (c.req.header('authorization') !== RECEIVER_SECRET) return c.body(null, 401);
      received.push(await c.req.json());
      return c.body(null, 200);
    });
    receiver = await serveApp(events);
    hookServer = await startHookServer();
    org = await consoleOrg({ hookBaseUrl: hookServer.url });
    served = await serveApp(org.app);

    const tokenHook = await api('POST', '/api/v1/inlineHooks', {
      name: 'Example token hook',
      type: 'com.okta.oauth2.tokens.transform',
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${hookServer.url}/hooks/token`, authScheme: { type: 'HEADER', key: 'Authorization', value: HOOK_SECRET } } },
    });
    tokenHookId = String(tokenHook.id);
    await api('POST', '/api/v1/eventHooks', {
      name: 'Lifecycle receiver',
      events: { type: 'EVENT_TYPE', items: ['user.lifecycle.deactivate', 'user.lifecycle.suspend'] },
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${receiver.url}/events`, authScheme: { type: 'HEADER', key: 'Authorization', value: RECEIVER_SECRET } } },
    });

    profile = await mkdtemp(join(tmpdir(), 'gatehook-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1480, height: 940 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    await mkdir(ARTIFACTS, { recursive: true });
  }, 60_000);

  let contextClosed = false;
  afterAll(async () => {
    if (!contextClosed) await context?.close();
    await org?.eventHooks.flush();
    await served?.close();
    await receiver?.close();
    await hookServer?.close();
    org?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('deactivates a user by clicking, sees the log event live, and the org delivers it to the event hook', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // The printed console URL opens the sign-in form; the token goes in the POST body only.
    await page.goto(`${served.url}/_console/login`);
    await page.fill('input[name="token"]', TOKEN);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${served.url}/_console`);
    expect(new URL(page.url()).search).toBe('');
    await expect.poll(() => page.locator('#live-state').textContent(), { timeout: 10_000 }).toContain('live');

    // Verify the event hook from its card: Okta's challenge round trip, done by the org's API.
    const hookCard = page.locator('ul.hooks li', { hasText: 'Lifecycle receiver' });
    await hookCard.getByRole('button', { name: 'Verify' }).click();
    await page.locator('#timeline li.entry.fresh[data-event-type="event_hook.verified"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => hookCard.locator('.badge.verified').count()).toBe(1);

    // An inline hook call made by the org shows up too (here through the execute endpoint).
    const sample = (await (await page.request.get(`${served.url}/_console/playground/sample?type=token`)).json()) as { body: string };
    await api('POST', `/api/v1/inlineHooks/${tokenHookId}/execute`, JSON.parse(sample.body));
    await page.locator('#timeline li.entry.fresh[data-event-type="inline_hook.executed"]').waitFor({ timeout: 10_000 });

    const row = page.locator('tr', { hasText: 'Alice Nguyen' });
    await expect.poll(() => row.locator('.badge').first().textContent()).toBe('ACTIVE');
    await row.getByRole('button', { name: 'Deactivate' }).click();

    // `.fresh` marks entries that arrived over the live stream, not the first render.
    const lifecycle = page.locator('#timeline li.entry.fresh[data-event-type="user.lifecycle.deactivate"]');
    await lifecycle.waitFor({ timeout: 10_000 });
    expect(await lifecycle.textContent()).toContain('Alice Nguyen');
    await expect.poll(() => row.locator('.badge').first().textContent()).toBe('DEPROVISIONED');

    // The org delivers the deactivation to the verified event hook; like Okta, it logs only failed
    // deliveries (event_hook.delivery), so the receiver's count is the evidence here.
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);
    expect(received).toHaveLength(1);

    await page.screenshot({ path: join(ARTIFACTS, 'console.png'), fullPage: true });
    if (process.env.GATEHOOK_UPDATE_DOCS_SCREENSHOT === '1') await copyFile(join(ARTIFACTS, 'console.png'), 'docs/console.png');
    const html = await page.content();
    expect(html).not.toContain(TOKEN);
    expect(html).not.toContain(RECEIVER_SECRET);
    expect(html).not.toContain(HOOK_SECRET);
    expect(errors).toEqual([]);
  }, 60_000);

  it('sends a token hook from the playground and shows the contract verdict', async () => {
    await page.goto(`${served.url}/_console/playground`);
    expect(await page.inputValue('#pg-url')).toBe(`${hookServer.url}/hooks/token`);
    expect(await page.locator('#pg-target option').count()).toBe(2);
    await page.selectOption('#pg-auth', 'default');
    await page.click('#pg-validate');
    await page.locator('#pg-result .ok').waitFor();
    await page.click('#pg-send');
    const verdict = page.locator('#pg-verdict[data-honoured="true"]');
    await verdict.waitFor({ timeout: 10_000 });
    expect(await verdict.textContent()).toContain('Contract honoured');
    expect(await page.locator('table.commands tbody tr').count()).toBe(2);
    await page.locator('#timeline li.entry.fresh[data-event-type="playground.token"]').waitFor({ timeout: 10_000 });

    // A broken request is caught by the definition's parse before anything is sent.
    await page.fill('#pg-body', '{"eventType": "com.okta.oauth2.tokens.transform"}');
    await page.click('#pg-validate');
    await page.locator('#pg-result .issues').waitFor();
    expect(await page.locator('#pg-result .issues li').count()).toBeGreaterThan(0);
    await page.click('#pg-reset');
    await expect.poll(() => page.inputValue('#pg-body')).toContain('"com.okta.oauth2.tokens.transform"');
    await page.click('#pg-send');
    await page.locator('#pg-verdict[data-honoured="true"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'console-playground.png'), fullPage: true });
  }, 60_000);
  // Last: closing the browser makes Chromium write its History database.
  it('leaves the token nowhere in the browser history (nor anywhere else in the profile)', async () => {
    const cookies = await context.cookies(`${served.url}/_console`);
    const session = cookies.find((cookie) => cookie.name.startsWith('gatehook_console_'));
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/_console' });
    expect(session!.expires).toBeGreaterThan(Date.now() / 1000);
    expect(session!.expires).toBeLessThan(Date.now() / 1000 + 9 * 3600);

    await context.close();
    contextClosed = true;
    const history = new DatabaseSync(join(profile, 'Default', 'History'), { readOnly: true });
    const urls = (history.prepare('SELECT url FROM urls').all() as { url: string }[]).map((row) => row.url);
    history.close();
    expect(urls).toContain(`${served.url}/_console/login`); // the right database, with this run's visits
    expect(urls.filter((url) => url.includes(TOKEN))).toEqual([]);
    expect(urls.filter((url) => /[?&]token=/.test(url))).toEqual([]);

    const leaks: string[] = [];
    for (const file of await readdir(profile, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      const path = join(file.parentPath, file.name);
      if ((await readFile(path)).includes(TOKEN)) leaks.push(path.slice(profile.length));
    }
    expect(leaks).toEqual([]);
  }, 60_000);
});
