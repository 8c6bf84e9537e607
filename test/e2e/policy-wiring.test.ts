/**
 * The org's configuration decides which hooks fire, over real HTTP on 127.0.0.1: a registration
 * hook fires only through the profile enrollment policy that names it, and an event hook with a
 * filter receives only the events the filter lets through. Hooks are registered the way
 * `gatehook register` does it (including --event-filter).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHooks } from '../../src/cli/commands/register.js';
import { createOktaClient } from '../../src/sdk/client.js';
import { newUser, startTestOrg, TOKEN, type TestOrg } from '../emulator/helpers.js';

const SECRET = 'Basic cG9saWN5OndpcmluZw==';
const quiet = { out: () => {}, err: () => {}, env: {} };

let org: TestOrg;
let hooks: Server;
let hooksUrl: string;
const registrations: string[] = [];
const delivered: { eventType: string; groups: string[] }[] = [];

async function bodyOf(req: IncomingMessage): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- hook payloads are JSON
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? JSON.parse(text) : {};
}

beforeAll(async () => {
  org = await startTestOrg({ eventBatchWindowMs: 10 });
  hooks = createServer((req, res) => {
    void (async () => {
      if (req.headers.authorization !== SECRET) {
        res.writeHead(401).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      if (req.url === '/hooks/events' && req.method === 'GET') {
        res.end(JSON.stringify({ verification: req.headers['x-okta-verification-challenge'] }));
        return;
      }
      const body = await bodyOf(req);
      if (req.url === '/hooks/registration') {
        const email = String(body.data?.userProfile?.email ?? '');
        registrations.push(email);
        const registration = email.endsWith('@blocked.example') ? 'DENY' : 'ALLOW';
        res.end(JSON.stringify({ commands: [{ type: 'com.okta.action.update', value: { registration } }] }));
        return;
      }
      if (req.url === '/hooks/events') {
        for (const event of body.data?.events ?? []) {
          delivered.push({ eventType: event.eventType, groups: event.target.filter((t: { type: string }) => t.type === 'UserGroup').map((t: { displayName: string }) => t.displayName) });
        }
        res.end('{}');
        return;
      }
      res.writeHead(404).end('{}');
    })();
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  const address = hooks.address();
  hooksUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await org.close();
  await new Promise((resolve) => hooks.close(resolve));
});

const register = (email: string) => org.call('POST', '/api/v1/_emulator/registration', { body: { userProfile: { email, firstName: 'Reg', lastName: 'Istrant' } }, auth: null });

describe('the registration hook fires only through the profile enrollment policy that names it', () => {
  it('is idle while no policy applying to sign-up names it, and fires once the default policy does', async () => {
    const hook = await org.call('POST', '/api/v1/inlineHooks', {
      body: { name: 'gatehook registration', type: 'com.okta.user.pre-registration', version: '1.0.0', channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${hooksUrl}/hooks/registration`, authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET } } } },
    });
    expect(hook.status).toBe(200);
    // Active, but named by no policy: sign-up runs without it.
    expect((await register('first@blocked.example')).status).toBe(200);
    expect(registrations).toEqual([]);

    // Named by a profile enrollment policy that sign-up does not use (no app is assigned to it).
    const other = await org.call('POST', '/api/v1/policies', { body: { type: 'PROFILE_ENROLLMENT', name: 'Partner portal' } });
    const [otherRule] = (await org.call('GET', `/api/v1/policies/${other.body.id}/rules`)).body;
    otherRule.actions.profileEnrollment.preRegistrationInlineHooks = [{ inlineHookId: hook.body.id }];
    expect((await org.call('PUT', `/api/v1/policies/${other.body.id}/rules/${otherRule.id}`, { body: otherRule })).status).toBe(200);
    expect((await register('second@blocked.example')).status).toBe(200);
    expect(registrations).toEqual([]);

    // `gatehook register` names it in the default policy: now every sign-up goes through it.
    const okta = createOktaClient({ orgUrl: org.url, auth: { type: 'ssws', token: TOKEN } });
    const failures = await registerHooks(okta, { baseUrl: hooksUrl, authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET }, targets: ['registration'], eventTypes: [] }, quiet);
    expect(failures).toBe(0);
    const denied = await register('third@blocked.example');
    expect([denied.status, denied.body.errorCode, denied.body.errorSummary]).toEqual([400, 'E0000001', 'Registration denied.']);
    expect((await register('fourth@example.com')).status).toBe(200);
    expect(registrations).toEqual(['third@blocked.example', 'fourth@example.com']);

    // Closing sign-up in the policy stops registrations before any hook call.
    const [policy] = (await org.call('GET', '/api/v1/policies?type=PROFILE_ENROLLMENT')).body.filter((p: { system: boolean }) => p.system);
    const [rule] = (await org.call('GET', `/api/v1/policies/${policy.id}/rules`)).body;
    rule.actions.profileEnrollment.unknownUserAction = 'DENY';
    await org.call('PUT', `/api/v1/policies/${policy.id}/rules/${rule.id}`, { body: rule });
    expect((await register('fifth@example.com')).status).toBe(400);
    expect(registrations).toHaveLength(2);
  });
});

describe('an event hook with a filter receives only matching events', () => {
  it('delivers a membership event for Sales and none for Marketing', async () => {
    const okta = createOktaClient({ orgUrl: org.url, auth: { type: 'ssws', token: TOKEN } });
    const failures = await registerHooks(
      okta,
      {
        baseUrl: hooksUrl,
        authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET },
        targets: ['events'],
        eventTypes: ['group.user_membership.add'],
        eventFilter: "event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0",
      },
      quiet,
    );
    expect(failures).toBe(0);
    const user = await org.call('POST', '/api/v1/users?activate=false', { body: newUser() });
    const sales = await org.call('POST', '/api/v1/groups', { body: { profile: { name: 'Sales' } } });
    const marketing = await org.call('POST', '/api/v1/groups', { body: { profile: { name: 'Marketing' } } });
    await org.call('PUT', `/api/v1/groups/${marketing.body.id}/users/${user.body.id}`);
    await org.call('PUT', `/api/v1/groups/${sales.body.id}/users/${user.body.id}`);
    await org.running.emulator.eventHooks.flush();
    expect(delivered).toEqual([{ eventType: 'group.user_membership.add', groups: ['Sales'] }]);
  });
});
