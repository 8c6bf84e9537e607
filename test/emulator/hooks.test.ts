import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrg, type TestOrg } from './helpers.js';

const SECRET = 'hook-shared-secret-value';
let org: TestOrg;
let receiver: ServerType;
let receiverUrl: string;
const seen: { path: string; authorization: string | undefined; custom: string | undefined; body: unknown }[] = [];
let flaky = 0;

beforeAll(async () => {
  const app = new Hono();
  app.post('/hooks/token', async (c) => {
    seen.push({ path: '/hooks/token', authorization: c.req.header('authorization'), custom: c.req.header('x-team'), body: await c.req.json() });
    if (c.req.header('authorization') !== SECRET) return c.json({ error: 'unauthorized' }, 401);
    return c.json({ commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/x', value: 'y' }] }] });
  });
  app.post('/hooks/flaky', (c) => (flaky++ === 0 ? c.text('boom', 503) : c.json({ commands: [] })));
  app.post('/hooks/down', (c) => c.text('down', 500));
  app.post('/hooks/slow', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return c.json({});
  });
  app.get('/hooks/events', (c) => {
    if (c.req.header('authorization') !== SECRET) return c.json({}, 401);
    return c.json({ verification: c.req.header('x-okta-verification-challenge') });
  });
  app.get('/hooks/events-wrong', (c) => c.json({ verification: 'something else' }));
  await new Promise<void>((resolve) => {
    receiver = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      receiverUrl = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
  org = await startTestOrg();
});
afterAll(async () => {
  await org.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const channel = (path: string, value: string | undefined = SECRET) => ({
  type: 'HTTP',
  version: '1.0.0',
  config: { uri: receiverUrl + path, headers: [{ key: 'X-Team', value: 'identity' }], authScheme: { type: 'HEADER', key: 'Authorization', ...(value ? { value } : {}) } },
});

async function inlineHook(path: string, type = 'com.okta.oauth2.tokens.transform') {
  const created = await org.call('POST', '/api/v1/inlineHooks', { body: { name: `hook ${path}`, type, version: '1.0.0', channel: channel(path) } });
  expect(created.status).toBe(200);
  return created.body;
}

describe('inline hooks', () => {
  it('create, get, list, update, deactivate, delete; the auth value is never returned', async () => {
    const hook = await inlineHook('/hooks/token');
    expect(hook.id).toMatch(/^cal[0-9A-Za-z]{17}$/);
    expect(hook.status).toBe('ACTIVE');
    expect(hook.channel.config.authScheme).toEqual({ type: 'HEADER', key: 'Authorization' });
    const path = `/api/v1/inlineHooks/${hook.id}`;
    expect(JSON.stringify((await org.call('GET', path)).body)).not.toContain(SECRET);
    expect(JSON.stringify((await org.call('GET', '/api/v1/inlineHooks')).body)).not.toContain(SECRET);
    const byType = await org.call('GET', '/api/v1/inlineHooks?type=com.okta.import.transform');
    expect(byType.body.some((h: { id: string }) => h.id === hook.id)).toBe(false);

    const renamed = await org.call('PUT', path, { body: { name: 'renamed', channel: channel('/hooks/token', undefined) } });
    expect(renamed.body.name).toBe('renamed');
    // The write-only secret survived a PUT without it.
    expect((await org.call('POST', `${path}/execute`, { body: { data: {} } })).status).toBe(200);

    const refused = await org.call('DELETE', path);
    expect(refused.body.errorCode).toBe('E0000001');
    expect((await org.call('POST', `${path}/lifecycle/deactivate`)).body.status).toBe('INACTIVE');
    expect((await org.call('DELETE', path)).status).toBe(204);
    expect((await org.call('GET', path)).body.errorCode).toBe('E0000007');
  });

  it('validates name, type and channel (HTTPS unless loopback)', async () => {
    const bad = await org.call('POST', '/api/v1/inlineHooks', {
      body: { name: '', type: 'com.example.nope', channel: { type: 'HTTP', config: { uri: 'http://hooks.example.com/x' } } },
    });
    expect(bad.status).toBe(400);
    const causes = bad.body.errorCauses.map((cause: { errorSummary: string }) => cause.errorSummary.split(':')[0]);
    expect(causes).toEqual(['name', 'type', 'channel.config.uri']);
  });

  it('execute posts the payload with the channel headers and returns the hook response', async () => {
    const hook = await inlineHook('/hooks/token');
    const result = await org.call('POST', `/api/v1/inlineHooks/${hook.id}/execute`, { body: { data: { context: { user: 'u' } } } });
    expect(result.status).toBe(200);
    expect(result.body.commands[0].type).toBe('com.okta.access.patch');
    expect(seen.at(-1)).toMatchObject({ authorization: SECRET, custom: 'identity', body: { data: { context: { user: 'u' } } } });
  });

  it('retries once on 5xx (registration hooks; token hooks never), then reports failures in Okta terms', async () => {
    const registration = await inlineHook('/hooks/flaky', 'com.okta.user.pre-registration');
    expect((await org.call('POST', `/api/v1/inlineHooks/${registration.id}/execute`, { body: {} })).status).toBe(200);
    expect(flaky).toBe(2);
    const down = await org.call('POST', `/api/v1/inlineHooks/${(await inlineHook('/hooks/down')).id}/execute`, { body: {} });
    expect([down.status, down.body.errorCode]).toEqual([400, 'E0000135']);
    const rejected = await org.call('POST', '/api/v1/inlineHooks', { body: { name: 'x', type: 'com.okta.import.transform', channel: channel('/hooks/token', 'wrong') } });
    const unauthorized = await org.call('POST', `/api/v1/inlineHooks/${rejected.body.id}/execute`, { body: {} });
    expect(unauthorized.body.errorCode).toBe('E0000135');
  });

  it('an unreachable endpoint is E0000134', async () => {
    const created = await org.call('POST', '/api/v1/inlineHooks', {
      body: { name: 'gone', type: 'com.okta.import.transform', channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'http://127.0.0.1:9/hook' } } },
    });
    const result = await org.call('POST', `/api/v1/inlineHooks/${created.body.id}/execute`, { body: {} });
    expect([result.status, result.body.errorCode]).toEqual([502, 'E0000134']);
  });
});

describe('event hooks', () => {
  const body = (path: string, value?: string) => ({ name: 'user events', events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'user.lifecycle.deactivate'] }, channel: channel(path, value) });

  it('verify succeeds only when the endpoint echoes the challenge', async () => {
    const created = await org.call('POST', '/api/v1/eventHooks', { body: body('/hooks/events') });
    expect(created.body).toMatchObject({ status: 'ACTIVE', verificationStatus: 'UNVERIFIED' });
    expect(created.body.id).toMatch(/^who[0-9A-Za-z]{17}$/);
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    const verified = await org.call('POST', `/api/v1/eventHooks/${created.body.id}/lifecycle/verify`);
    expect(verified.body.verificationStatus).toBe('VERIFIED');

    const wrong = await org.call('POST', '/api/v1/eventHooks', { body: body('/hooks/events-wrong') });
    const failed = await org.call('POST', `/api/v1/eventHooks/${wrong.body.id}/lifecycle/verify`);
    expect(failed.status).toBe(400);
    expect((await org.call('GET', `/api/v1/eventHooks/${wrong.body.id}`)).body.verificationStatus).toBe('UNVERIFIED');
  });

  it('update, deactivate, activate, delete; changing the URI needs verification again', async () => {
    const created = await org.call('POST', '/api/v1/eventHooks', { body: body('/hooks/events') });
    const path = `/api/v1/eventHooks/${created.body.id}`;
    await org.call('POST', `${path}/lifecycle/verify`);
    const moved = await org.call('PUT', path, { body: body('/hooks/events-wrong') });
    expect(moved.body.verificationStatus).toBe('UNVERIFIED');
    expect((await org.call('POST', `${path}/lifecycle/deactivate`)).body.status).toBe('INACTIVE');
    expect((await org.call('POST', `${path}/lifecycle/activate`)).body.status).toBe('ACTIVE');
    expect((await org.call('DELETE', path)).status).toBe(400);
    await org.call('POST', `${path}/lifecycle/deactivate`);
    expect((await org.call('DELETE', path)).status).toBe(204);
    expect((await org.call('GET', '/api/v1/eventHooks')).body.some((h: { id: string }) => h.id === created.body.id)).toBe(false);
  });

  it('rejects bad event subscriptions', async () => {
    const result = await org.call('POST', '/api/v1/eventHooks', { body: { ...body('/hooks/events'), events: { type: 'EVENT_TYPE', items: [] } } });
    expect(result.body.errorCauses[0].errorSummary).toMatch(/^events:/);
  });
});

describe('hook caller seam', () => {
  it('sends every hook call of the org through an injected HookCaller', async () => {
    const calls: string[] = [];
    const custom = await startTestOrg({
      hookCaller: {
        verifyEventHook: async (hook) => {
          calls.push(`verify ${hook.channel.config.authScheme?.value}`);
          return { ok: true, status: 200, attempts: 1, durationMs: 0 };
        },
        executeInlineHook: async (hook, payload) => {
          calls.push(`execute ${hook.type} ${hook.channel.config.authScheme?.value}`);
          const body = hook.type === 'com.okta.user.pre-registration' ? { commands: [{ type: 'com.okta.action.update', value: { registration: 'DENY' } }] } : { echoed: payload };
          return { ok: true, status: 200, body, attempts: 1, durationMs: 0 };
        },
        deliverEvents: async (hook, events) => {
          calls.push(`deliver ${hook.channel.config.authScheme?.value} ${events.map((event) => event.eventType).join(',')}`);
          return { ok: true, status: 200, attempts: 1, durationMs: 0 };
        },
      },
    });
    try {
      const hook = await custom.call('POST', '/api/v1/eventHooks', {
        body: { name: 'x', events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] }, channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://hooks.example.com/e', authScheme: { type: 'HEADER', key: 'Authorization', value: 's3' } } } },
      });
      expect((await custom.call('POST', `/api/v1/eventHooks/${hook.body.id}/lifecycle/verify`)).body.verificationStatus).toBe('VERIFIED');
      const inline = await custom.call('POST', '/api/v1/inlineHooks', {
        body: { name: 'y', type: 'com.okta.saml.tokens.transform', channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://hooks.example.com/i', authScheme: { type: 'HEADER', key: 'Authorization', value: 's4' } } } },
      });
      expect((await custom.call('POST', `/api/v1/inlineHooks/${inline.body.id}/execute`, { body: { a: 1 } })).body).toEqual({ echoed: { a: 1 } });
      // The org's own flows use the same seam: the registration hook denies through it.
      const registration = await custom.call('POST', '/api/v1/inlineHooks', {
        body: { name: 'r', type: 'com.okta.user.pre-registration', channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://hooks.example.com/r', authScheme: { type: 'HEADER', key: 'Authorization', value: 's5' } } } },
      });
      const [policy] = (await custom.call('GET', '/api/v1/policies?type=PROFILE_ENROLLMENT')).body;
      const [rule] = (await custom.call('GET', `/api/v1/policies/${policy.id}/rules`)).body;
      rule.actions.profileEnrollment.preRegistrationInlineHooks = [{ inlineHookId: registration.body.id }];
      expect((await custom.call('PUT', `/api/v1/policies/${policy.id}/rules/${rule.id}`, { body: rule })).status).toBe(200);
      const denied = await custom.call('POST', '/api/v1/_emulator/registration', { body: { userProfile: { email: 'seam@example.com', firstName: 'S', lastName: 'Eam' } } });
      expect(denied.status).toBe(400);
      await custom.call('POST', '/api/v1/users', { body: { profile: { login: 'seam2@example.com', email: 'seam2@example.com', firstName: 'S', lastName: 'Eam' } } });
      await custom.running.emulator.eventHooks.flush();
      expect(calls.slice(0, 3)).toEqual(['verify s3', 'execute com.okta.saml.tokens.transform s4', 'execute com.okta.user.pre-registration s5']);
      expect(calls.some((call) => call.startsWith('deliver s3') && call.includes('user.lifecycle.create'))).toBe(true);
    } finally {
      await custom.close();
    }
  });
});
