/**
 * The hook pipeline on its own (no HTTP): the two phases, failing closed on a slow secret store,
 * and nothing kept per request once it is answered.
 */
import { describe, expect, it } from 'vitest';
import { bodyLimits } from '../../src/middleware/body/index.js';
import { pendingDeadlines } from '../../src/middleware/deadline/budget.js';
import { silentLogger } from '../../src/middleware/logger/index.js';
import { headerVerifier } from '../../src/middleware/verify-header/index.js';
import { createHookPipeline, type HookRequest } from '../../src/runtime/hook-pipeline.js';
import { oktaResolver } from '../../src/runtime/okta.js';
import { fromValues } from '../../src/secrets/env.js';
import type { SecretSource } from '../../src/secrets/types.js';
import { collectGarbage } from '../hardening/helpers.js';
import { fakeDefinition } from './fake-definition.js';
import { registrationHook, sampleRegistrationRequest } from '../../src/handlers/registration/index.js';

const SECRET = 'Basic cGlwZTpsaW5l';

function pipelineWith(secrets: SecretSource, budgetMs = 500) {
  const definition = fakeDefinition();
  const pipeline = createHookPipeline(definition, {
    verifier: headerVerifier({ secrets }),
    budgetMs,
    limits: bodyLimits({ maxBytes: 4096 }),
    resolveOkta: oktaResolver(undefined),
  });
  return { pipeline, definition };
}

function request(headers: Record<string, string>): HookRequest {
  return { header: (name) => headers[name], receivedAt: Date.now(), requestId: 'req-1', log: silentLogger };
}

const valid = { authorization: SECRET, 'content-type': 'application/json' };
const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('createHookPipeline', () => {
  it('refuses in admit, before any body is read, and answers in complete once it is', async () => {
    const { pipeline, definition } = pipelineWith(fromValues(SECRET));
    expect(pipeline.admit(request({ 'content-type': 'application/json' }))).toMatchObject({ status: 401, reason: 'auth-header-missing' });
    expect(pipeline.admit(request({ ...valid, 'content-type': 'text/plain' }))).toMatchObject({ status: 415 });
    expect(pipeline.admit(request({ ...valid, 'content-length': '5000' }))).toMatchObject({ status: 413 });
    expect(pipeline.admit(request(valid))).toBeUndefined(); // a cached secret verifies without a promise
    const answer = await pipeline.complete(request(valid), body({ eventId: 'e1', data: {} }));
    expect(answer).toMatchObject({ status: 200, outcome: 'applied', eventId: 'e1' });
    expect(JSON.parse(answer.body!)).toEqual({ commands: [{ type: 'com.okta.access.patch', value: [{ op: 'add', path: '/claims/x', value: 'e1' }] }] });
    expect(await pipeline.complete(request(valid), 'too-large')).toMatchObject({ status: 413, reason: 'body-too-large' });
    expect(await pipeline.complete(request(valid), 'unreadable')).toMatchObject({ status: 400, reason: 'body-unreadable' });
    expect(definition.contexts).toHaveLength(1);
  });

  it('fails closed with 503 inside the budget when the secret store hangs', async () => {
    const hanging: SecretSource = { get: () => new Promise(() => {}) };
    const { pipeline } = pipelineWith(hanging, 200);
    const started = Date.now();
    const admitted = pipeline.admit(request(valid));
    expect(admitted).toBeInstanceOf(Promise);
    expect(await admitted).toMatchObject({ status: 503, reason: 'verification-timeout', outcome: 'error' });
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('keeps nothing per request once answered: no pending deadline, a flat heap', async () => {
    const { pipeline, definition } = pipelineWith(fromValues(SECRET));
    const bytes = body({ eventId: 'e-heap', data: {} });
    const round = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const req = request(valid);
        if (pipeline.admit(req) !== undefined) throw new Error('refused');
        await pipeline.complete(req, bytes);
      }
      definition.contexts.length = 0;
    };
    await round(2000);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    await round(20_000);
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - before;
    expect(pendingDeadlines()).toBe(0);
    // The lazy-timer leak this guards against was about 0.33 KB a request: 6.6 MB here.
    expect(grown).toBeLessThan(1_500_000);
  });
});

describe('a handler that returns no promise', () => {
  const gate = (handler: Parameters<typeof registrationHook>[0]) =>
    createHookPipeline(registrationHook(handler), { budgetMs: 500, limits: bodyLimits({ maxBytes: 65_536 }), resolveOkta: oktaResolver(undefined) });
  const registration = () => body(sampleRegistrationRequest());
  const json = { 'content-type': 'application/json' };

  it('gets its answer in the same turn: execute gives the body itself, complete the answer, no deadline armed', async () => {
    const definition = registrationHook((_event, api) => api.registration.allow());
    const event = (definition.parse(sampleRegistrationRequest()) as { ok: true; event: never }).event;
    const ctx = { signal: new AbortController().signal, deadline: Date.now() + 500, remainingMs: () => 500, eventId: 'e', log: silentLogger, get okta(): never { throw new Error('none') } };
    expect(definition.execute(event, ctx)).toMatchObject({ body: { commands: [{ type: 'com.okta.action.update', value: { registration: 'ALLOW' } }] } });

    const pipeline = gate((_event, api) => api.registration.allow());
    await pipeline.complete(request(json), registration()); // the first resolves the (absent) org client
    const answer = pipeline.complete(request(json), registration());
    expect(answer).not.toBeInstanceOf(Promise);
    expect(pendingDeadlines()).toBe(0);
    expect(answer).toMatchObject({ status: 200, outcome: 'applied' });
  });

  it('still fails only through a rejected promise: a throw becomes the fallback, as for an async handler', async () => {
    const definition = registrationHook(() => {
      throw new Error('directory down');
    });
    const event = (definition.parse(sampleRegistrationRequest()) as { ok: true; event: never }).event;
    const ctx = { signal: new AbortController().signal, deadline: Date.now() + 500, remainingMs: () => 500, eventId: 'e', log: silentLogger, get okta(): never { throw new Error('none') } };
    const executed = definition.execute(event, ctx);
    expect(executed).toBeInstanceOf(Promise);
    await expect(executed).rejects.toThrow('directory down');

    const pipeline = gate(() => {
      throw new Error('directory down');
    });
    await pipeline.complete(request(json), registration());
    const answer = await pipeline.complete(request(json), registration());
    // Registration fails closed: the fallback denies.
    expect(answer).toMatchObject({ status: 200, outcome: 'fallback', reason: 'handler-error' });
    expect(JSON.parse(answer.body!).commands).toEqual([{ type: 'com.okta.action.update', value: { registration: 'DENY' } }]);
  });

  it('answers the fallback, never 500, when adopting the result throws (a `then` or `constructor` getter)', async () => {
    const throwingThen = { get then(): never { throw new Error('then getter'); } };
    const throwingConstructor = Promise.resolve();
    Object.defineProperty(throwingConstructor, 'constructor', { get(): never { throw new Error('constructor getter'); } });
    for (const result of [throwingThen, throwingConstructor]) {
      const pipeline = gate(() => result as never);
      const answer = await pipeline.complete(request(json), registration());
      expect(answer).toMatchObject({ status: 200, outcome: 'fallback', reason: 'handler-error' });
      expect(JSON.parse(answer.body!).commands).toEqual([{ type: 'com.okta.action.update', value: { registration: 'DENY' } }]);
    }
  });

  it('sheds a request whose budget went by before the handler could start: its fallback at once, the handler never runs', async () => {
    let ran = 0;
    const pipeline = gate((_event, api) => {
      ran += 1;
      api.registration.allow();
    });
    const late = { ...request(json), receivedAt: Date.now() - 600 };
    const answer = await pipeline.complete(late, registration());
    expect(ran).toBe(0);
    expect(answer).toMatchObject({ status: 200, outcome: 'fallback', reason: 'timeout' });
    expect(JSON.parse(answer.body!).commands).toEqual([{ type: 'com.okta.action.update', value: { registration: 'DENY' } }]);
  });

  it('an async handler still runs under the deadline', async () => {
    const pipeline = gate(async (_event, api) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      api.registration.allow();
    });
    await pipeline.complete(request(json), registration());
    const pending = pipeline.complete(request(json), registration());
    expect(pending).toBeInstanceOf(Promise);
    expect(pendingDeadlines()).toBe(1);
    expect(await pending).toMatchObject({ status: 200, outcome: 'applied' });
    expect(pendingDeadlines()).toBe(0);
  });
});
