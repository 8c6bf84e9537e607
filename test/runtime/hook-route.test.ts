/**
 * One hook's route on a bare Hono app (no request logger in front): refusals before the body is
 * read, failing closed on a slow secret store, the handler's result adopted as a handler failure,
 * load shedding, and nothing kept per request once it is answered.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodyLimits } from '../../src/middleware/body/index.js';
import { pendingDeadlines } from '../../src/middleware/deadline/budget.js';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { headerVerifier } from '../../src/middleware/verify-header/index.js';
import { hookRoute } from '../../src/runtime/hook-route.js';
import { oktaResolver } from '../../src/runtime/okta.js';
import { fromValues } from '../../src/secrets/env.js';
import type { SecretSource } from '../../src/secrets/types.js';
import type { InlineHookDefinition } from '../../src/handlers/core/types.js';
import { collectGarbage } from '../hardening/helpers.js';
import { fakeDefinition } from './fake-definition.js';
import { registrationHook, sampleRegistrationRequest } from '../../src/handlers/registration/index.js';

const SECRET = 'Basic cGlwZTpsaW5l';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a definition of any event type: the route only hands its own event back
function appWith(definition: InlineHookDefinition<any>, options: { secrets?: SecretSource; budgetMs?: number; receivedAt?: number } = {}) {
  const app = new Hono<GatehookEnv>();
  if (options.receivedAt !== undefined) {
    const at = options.receivedAt;
    app.use(async (c, next) => {
      c.set('receivedAt', at);
      await next();
    });
  }
  const route = hookRoute(definition as InlineHookDefinition, {
    ...(options.secrets ? { verifier: headerVerifier({ secrets: options.secrets }) } : {}),
    budgetMs: options.budgetMs ?? 500,
    limits: bodyLimits({ maxBytes: 4096 }),
    resolveOkta: oktaResolver(undefined),
  });
  // What the route left for the request line, as headers, so a test can read it.
  app.post('/hook', route);
  return {
    async post(headers: Record<string, string>, body?: unknown) {
      let reported: Record<string, unknown> = {};
      const probe = new Hono<GatehookEnv>();
      probe.use(async (c, next) => {
        await next();
        reported = { outcome: c.get('outcome'), reason: c.get('reason'), eventId: c.get('eventId') };
      });
      probe.route('/', app);
      const res = await probe.request('/hook', { method: 'POST', headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null, ...reported };
    },
  };
}

const valid = { authorization: SECRET, 'content-type': 'application/json' };
const json = { 'content-type': 'application/json' };
const deny = [{ type: 'com.okta.action.update', value: { registration: 'DENY' } }];

describe('hookRoute', () => {
  it('refuses on credentials and body headers before reading the body, then answers the handler', async () => {
    const definition = fakeDefinition();
    const app = appWith(definition, { secrets: fromValues(SECRET) });
    expect(await app.post(json, { data: {} })).toMatchObject({ status: 401, reason: 'auth-header-missing', outcome: 'rejected' });
    expect(await app.post({ ...valid, 'content-type': 'text/plain' }, { data: {} })).toMatchObject({ status: 415, outcome: 'invalid' });
    expect(await app.post(valid, 'x'.repeat(5000))).toMatchObject({ status: 413, reason: 'body-too-large' });
    expect(await app.post(valid, '{')).toMatchObject({ status: 400, reason: 'body-not-json' });
    expect(definition.contexts).toHaveLength(0);
    const answer = await app.post(valid, { eventId: 'e1', data: {} });
    expect(answer).toMatchObject({ status: 200, outcome: 'applied', eventId: 'e1' });
    expect(answer.json).toEqual({ commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/x', value: 'e1' }] }] });
    expect(definition.contexts).toHaveLength(1);
  });

  it('fails closed with 503 inside the budget when the secret store hangs', async () => {
    const hanging: SecretSource = { get: () => new Promise(() => {}) };
    const app = appWith(fakeDefinition(), { secrets: hanging, budgetMs: 200 });
    const started = Date.now();
    expect(await app.post(valid, { data: {} })).toMatchObject({ status: 503, reason: 'verification-timeout', outcome: 'error' });
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('keeps nothing per request once answered: no pending deadline, a flat heap', async () => {
    const definition = fakeDefinition();
    const app = appWith(definition, { secrets: fromValues(SECRET) });
    const round = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const answer = await app.post(valid, { eventId: 'e-heap', data: {} });
        if (answer.status !== 200) throw new Error(`answered ${answer.status}`);
      }
      definition.contexts.length = 0;
    };
    await round(1000);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    await round(10_000);
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - before;
    expect(pendingDeadlines()).toBe(0);
    // The lazy-timer leak this guards against was about 0.33 KB a request: 3.3 MB here.
    expect(grown).toBeLessThan(1_500_000);
  });
});

describe('the handler under the deadline', () => {
  const gate = (handler: Parameters<typeof registrationHook>[0], options: { receivedAt?: number } = {}) => appWith(registrationHook(handler), options);

  it('a handler that returns no promise is answered with no deadline armed; execute gives the body itself', async () => {
    const definition = registrationHook((_event, api) => api.registration.allow());
    const event = (definition.parse(sampleRegistrationRequest()) as { ok: true; event: never }).event;
    const ctx = { signal: new AbortController().signal, deadline: Date.now() + 500, remainingMs: () => 500, eventId: 'e', get log(): never { throw new Error('unused') }, get okta(): never { throw new Error('none') } };
    expect(definition.execute(event, ctx)).toMatchObject({ body: { commands: [{ type: 'com.okta.action.update', value: { registration: 'ALLOW' } }] } });
    let armed = -1;
    const answer = await gate((_event, api) => {
      api.registration.allow();
      queueMicrotask(() => (armed = pendingDeadlines()));
    }).post(json, sampleRegistrationRequest());
    expect(answer).toMatchObject({ status: 200, outcome: 'applied' });
    expect(armed).toBe(0);
  });

  it('a throw, sync or async, becomes the fallback: registration denies', async () => {
    for (const handler of [
      () => {
        throw new Error('directory down');
      },
      async () => {
        throw new Error('directory down');
      },
    ]) {
      const answer = await gate(handler).post(json, sampleRegistrationRequest());
      expect(answer).toMatchObject({ status: 200, outcome: 'fallback', reason: 'handler-error' });
      expect(answer.json.commands).toEqual(deny);
    }
  });

  it('answers the fallback, never 500, when adopting the result throws (a `then` or `constructor` getter)', async () => {
    const throwingThen = { get then(): never { throw new Error('then getter'); } };
    const throwingConstructor = Promise.resolve();
    Object.defineProperty(throwingConstructor, 'constructor', { get(): never { throw new Error('constructor getter'); } });
    for (const result of [throwingThen, throwingConstructor]) {
      const answer = await gate(() => result as never).post(json, sampleRegistrationRequest());
      expect(answer).toMatchObject({ status: 200, outcome: 'fallback', reason: 'handler-error' });
      expect(answer.json.commands).toEqual(deny);
    }
  });

  it('sheds a request whose budget went by before the handler could start: its fallback at once, the handler never runs', async () => {
    let ran = 0;
    const answer = await gate(
      (_event, api) => {
        ran += 1;
        api.registration.allow();
      },
      { receivedAt: Date.now() - 600 },
    ).post(json, sampleRegistrationRequest());
    expect(ran).toBe(0);
    expect(answer).toMatchObject({ status: 200, outcome: 'fallback', reason: 'timeout' });
    expect(answer.json.commands).toEqual(deny);
  });

  it('an async handler runs under the deadline, and an overrun gets the fallback', async () => {
    let during = -1;
    const ok = await gate(async (_event, api) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      during = pendingDeadlines();
      api.registration.allow();
    }).post(json, sampleRegistrationRequest());
    expect(ok).toMatchObject({ status: 200, outcome: 'applied' });
    expect(during).toBe(1);
    expect(pendingDeadlines()).toBe(0);
    const started = Date.now();
    const late = await gate(() => new Promise(() => {})).post(json, sampleRegistrationRequest());
    expect(late).toMatchObject({ status: 200, outcome: 'fallback', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
