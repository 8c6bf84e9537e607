import { describe, expect, it } from 'vitest';
import { tokenHook } from 'gatehook/handlers/token';
import { sampleTokenRequest } from '../../src/handlers/token/index.js';
import { createHookApp } from '../../src/runtime/app.js';
import { createJsonLogger } from '../../src/middleware/logger/json-logger.js';
import { fromValues } from '../../src/secrets/env.js';

// The README's first example, verbatim in behaviour: if this breaks, the README is wrong.
const hook = tokenHook(async (event, api, ctx) => {
  api.accessToken.addClaim('tenant', 'acme');
  const login = event.user?.profile?.login;
  if (event.identity && typeof login === 'string') api.idToken.addClaim('preferred_login', login);
  api.accessToken.setLifetime(3600);
  ctx.log.info('token enriched');
});

describe('README token hook example', () => {
  it('answers a token request with the documented commands', async () => {
    const app = createHookApp({
      hooks: { token: hook },
      auth: { header: { secrets: fromValues('readme-secret') } },
      logger: createJsonLogger({ level: 'silent' }),
    });
    const body = sampleTokenRequest();
    const response = await app.request('/hooks/token', {
      method: 'POST',
      headers: { authorization: 'readme-secret', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { commands: Array<{ type: string; value: Array<{ op: string; path: string; value: unknown }> }> };
    // Consecutive operations on one token share a command; interleaved ones start a new command.
    const opsOf = (type: string) => answer.commands.filter((c) => c.type === type).flatMap((c) => c.value);
    expect(opsOf('com.okta.access.patch')).toEqual([
      { op: 'add', path: '/claims/tenant', value: 'acme' },
      { op: 'replace', path: '/token/lifetime/expiration', value: 3600 },
    ]);
    expect(opsOf('com.okta.identity.patch')).toEqual([{ op: 'add', path: '/claims/preferred_login', value: body.data.context.user?.profile?.login }]);
  });
});

describe('README event hook example', () => {
  it('registers a deactivation handler and a catch-all', async () => {
    const { eventHook, subjectsOf } = await import('gatehook/events');
    const { sessionsApi } = await import('gatehook/sdk/sessions');
    const events = eventHook()
      .onEvent('user.lifecycle.deactivate', async (event, ctx) => {
        const { user } = subjectsOf(event);
        await sessionsApi(ctx.okta).clearUserSessions(user.id, { signal: ctx.signal });
      })
      .onAnyEvent((event, ctx) => ctx.log.info('event', { type: event.eventType }));
    expect(events.handlersFor('user.lifecycle.deactivate')).toHaveLength(2);
    expect(events.handlersFor('group.user_membership.add')).toHaveLength(1);
  });
});
