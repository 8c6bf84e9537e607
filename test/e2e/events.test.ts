import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/emulator/index.js';
import { HOOK_SECRET, startLoop, type Loop } from './fixture.js';

const BRUNO = 'bruno.martins@example.com';

async function signedInSession(loop: Loop, login: string): Promise<string> {
  const authn = await loop.api('POST', '/api/v1/authn', { username: login, password: DEMO_PASSWORD }, null);
  expect(authn.body.status).toBe('SUCCESS');
  const session = await loop.api('POST', '/api/v1/sessions', { sessionToken: authn.body.sessionToken }, null);
  expect(session.status).toBe(200);
  return session.body.id as string;
}

describe('event hook: verified, then a deactivation reaches the worker', () => {
  let loop: Loop;
  beforeAll(async () => {
    loop = await startLoop({ targets: ['events'] });
  });
  afterAll(() => loop.close());

  it('was verified with the challenge GET', async () => {
    const hooks = (await loop.api('GET', '/api/v1/eventHooks')).body;
    expect(hooks).toEqual([expect.objectContaining({ status: 'ACTIVE', verificationStatus: 'VERIFIED', name: 'gatehook events' })]);
  });

  it('deactivating a user makes the worker clear their sessions through the SDK, once even if redelivered', async () => {
    const user = (await loop.api('GET', `/api/v1/users/${BRUNO}`)).body;
    const sessionId = await signedInSession(loop, BRUNO);
    expect((await loop.api('POST', `/api/v1/users/${user.id}/lifecycle/deactivate`)).status).toBe(200);
    await loop.settleEvents();

    expect((await loop.api('GET', `/api/v1/sessions/${sessionId}`)).status).toBe(404);
    const cleared = (await loop.systemLog('user.session.clear')).filter((event: { target: { id: string }[] }) => event.target[0]?.id === user.id);
    expect(cleared).toHaveLength(1);
    expect(loop.logs.some((line) => line.message === 'cleared sessions of deactivated user' && line.userId === user.id)).toBe(true);
    expect(loop.calls.get('/hooks/events')).toBeGreaterThanOrEqual(2);
    expect(await loop.systemLog('event_hook.delivery')).toEqual([]);

    // Okta delivers at least once: the same event in a new delivery has no second effect.
    const [deactivation] = (await loop.systemLog('user.lifecycle.deactivate')).filter((event: { target: { id: string }[] }) => event.target[0]?.id === user.id);
    const redelivery = await fetch(`${loop.hooks.url}/hooks/events`, {
      method: 'POST',
      headers: { authorization: HOOK_SECRET, 'content-type': 'application/json' },
      body: JSON.stringify({
        eventType: 'com.okta.event_hook',
        eventTypeVersion: '1.0',
        cloudEventsVersion: '0.1',
        source: `${loop.org.url}/api/v1/eventHooks/whoredelivery`,
        eventId: crypto.randomUUID(),
        eventTime: new Date().toISOString(),
        contentType: 'application/json',
        data: { events: [deactivation] },
      }),
    });
    expect(redelivery.status).toBeLessThan(300);
    await loop.settleEvents();
    const after = (await loop.systemLog('user.session.clear')).filter((event: { target: { id: string }[] }) => event.target[0]?.id === user.id);
    expect(after).toHaveLength(1);
  });

  it('logs a failed delivery as event_hook.delivery when the endpoint is gone', async () => {
    await loop.hooks.close();
    const other = (await loop.api('GET', '/api/v1/users/chiara.rossi@example.com')).body;
    expect((await loop.api('POST', `/api/v1/users/${other.id}/lifecycle/deactivate`)).status).toBe(200);
    await loop.org.emulator.eventHooks.flush();
    const failed = await loop.systemLog('event_hook.delivery');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ outcome: { result: 'FAILURE' }, debugContext: { debugData: { attempts: 2 } } });
  });
});
