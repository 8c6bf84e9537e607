import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/server.js';
import { demoClientCredentials, DEMO_PASSWORD } from '../../src/emulator/seed.js';
import { createFetchHookCaller } from '../../src/emulator/hook-caller.js';
import { TOKEN, manualClock, newUser, startTestOrg } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehook-emulator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wire basics', () => {
  it('sets Date, x-okta-request-id and rate limit headers; 429 E0000047 beyond the limit', async () => {
    const clock = manualClock(Date.parse('2030-01-15T10:00:10.000Z'));
    const org = await startTestOrg({ clock, rateLimit: { perMinute: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await org.call('GET', '/api/v1/users')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await org.call('GET', '/api/v1/users');
      expect(limited.body.errorCode).toBe('E0000047');
      expect(limited.headers.get('x-rate-limit-limit')).toBe('3');
      expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(limited.headers.get('x-rate-limit-reset')).toBe(String(Date.parse('2030-01-15T10:01:00.000Z') / 1000));
      expect(limited.headers.get('date')).toBe('Tue, 15 Jan 2030 10:00:10 GMT');
      // Another endpoint family has its own bucket.
      expect((await org.call('GET', '/api/v1/groups')).status).toBe(200);
      clock.advance(60_000);
      const fresh = await org.call('GET', '/api/v1/users');
      expect(fresh.status).toBe(200);
      expect(fresh.headers.get('x-rate-limit-remaining')).toBe('2');
      expect(fresh.headers.get('x-okta-request-id')).toMatch(/^[\w-]{20,}$/);
    } finally {
      await org.close();
    }
  });

  it('answers 501 naming an operation the emulator does not model, 405 for a wrong method, 404 for unknown paths', async () => {
    const org = await startTestOrg();
    try {
      const notImplemented = await org.call('GET', '/api/v1/features');
      expect(notImplemented.status).toBe(501);
      expect(notImplemented.body).toMatchObject({ errorCode: 'GHEMU_NOT_IMPLEMENTED', errorSummary: 'Not implemented by the gatehook emulator: listFeatures' });
      const withParam = await org.call('GET', '/api/v1/users/00uAny/appLinks');
      expect(withParam.body.errorSummary).toBe('Not implemented by the gatehook emulator: listAppLinks');
      expect((await org.call('GET', '/api/v1/features', { auth: null })).status).toBe(403);
      const wrongMethod = await org.call('PATCH', '/api/v1/users');
      expect([wrongMethod.status, wrongMethod.body.errorCode]).toEqual([405, 'E0000022']);
      const unknown = await org.call('GET', '/api/v1/nothing-here');
      expect([unknown.status, unknown.body.errorCode]).toEqual([404, 'E0000007']);
    } finally {
      await org.close();
    }
  });

  it('refuses to start without an API token', async () => {
    await expect(createEmulator({ apiTokens: [''] })).rejects.toThrow(/apiTokens/);
  });
});

describe('persistence', () => {
  it('keeps users, groups and the signing key across a restart; seeds only once', async () => {
    const dataFile = join(dir, 'org.sqlite');
    const first = await startTestOrg({ dataFile, seed: true });
    const seeded = await first.call('GET', '/api/v1/users?limit=200');
    expect(seeded.body.length).toBeGreaterThanOrEqual(5);
    const statuses = new Set(seeded.body.map((u: { status: string }) => u.status));
    expect([...statuses]).toEqual(expect.arrayContaining(['ACTIVE', 'PROVISIONED', 'STAGED', 'SUSPENDED']));
    const created = await first.call('POST', '/api/v1/users', { body: newUser() });
    const keys = await (await fetch(`${first.url}/oauth2/v1/keys`)).json();
    const alice = seeded.body.find((u: { profile: { firstName: string } }) => u.profile.firstName === 'Alice');
    const authn = await first.call('POST', '/api/v1/authn', { auth: null, body: { username: alice.profile.login, password: DEMO_PASSWORD } });
    expect(authn.body.status).toBe('SUCCESS');
    const demo = demoClientCredentials(first.running.emulator.deps);
    expect(demo?.clientId).toMatch(/^0oa/);
    expect((await first.call('GET', `/api/v1/apps/${demo?.clientId}`)).status).toBe(200);
    await first.close();

    const second = await startTestOrg({ dataFile, seed: true });
    try {
      expect((await second.call('GET', `/api/v1/users/${created.body.id}`)).body.profile).toEqual(created.body.profile);
      const after = await second.call('GET', '/api/v1/users?limit=200');
      expect(after.body).toHaveLength(seeded.body.length + 1);
      expect(await (await fetch(`${second.url}/oauth2/v1/keys`)).json()).toEqual(keys);
      const groups = await second.call('GET', '/api/v1/groups');
      expect(groups.body.map((g: { profile: { name: string } }) => g.profile.name).sort()).toEqual(['Admins', 'Engineering', 'Sales']);
    } finally {
      await second.close();
    }
  });

  it('works in memory through app.request without a server', async () => {
    const org = await createEmulator({ apiTokens: [TOKEN], seed: false });
    try {
      const res = await org.app.request('/api/v1/users', { headers: { authorization: `SSWS ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([]);
    } finally {
      org.close();
    }
  });
});

describe('fetch hook caller', () => {
  it('times out and retries once', async () => {
    const { serve } = await import('@hono/node-server');
    let calls = 0;
    const server = serve({
      fetch: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return new Response('{}');
      },
      port: 0,
      hostname: '127.0.0.1',
    });
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const caller = createFetchHookCaller(100);
      const hook = {
        id: 'cal1',
        status: 'ACTIVE' as const,
        name: 'slow',
        type: 'com.okta.import.transform',
        version: '1.0.0',
        channel: { type: 'HTTP' as const, version: '1.0.0', config: { uri: `http://127.0.0.1:${port}/` } },
        created: '',
        lastUpdated: '',
      };
      const result = await caller.executeInlineHook(hook, {});
      expect(result).toMatchObject({ ok: false, failure: 'timeout' });
      expect(calls).toBe(2);
    } finally {
      server.close();
    }
  });
});
