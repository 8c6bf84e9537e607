import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { FallbackReason } from '../../src/handlers/core/types.js';
import { deadline } from '../../src/middleware/deadline/index.js';
import { oktaErrorHandler } from '../../src/middleware/errors/index.js';
import { createJsonLogger } from '../../src/middleware/logger/index.js';
import type { GatehookEnv } from '../../src/middleware/types.js';
import { captureLogs, FakeContractViolation } from '../runtime/fake-definition.js';

function appWith(handler: (signal: AbortSignal) => Promise<Response>, budgetMs = 300) {
  const logs = captureLogs();
  const reasons: FallbackReason[] = [];
  const app = new Hono<GatehookEnv>();
  app.onError(oktaErrorHandler());
  app.use(async (c, next) => {
    c.set('log', createJsonLogger({ level: 'debug', write: logs.write }));
    await next();
  });
  app.post(
    '/hook',
    deadline({
      budgetMs,
      fallback: (c, reason) => {
        reasons.push(reason);
        return c.json({ fallback: reason });
      },
    }),
    (c) => handler(c.get('deadline').signal),
  );
  return { app, logs, reasons };
}

const call = (app: Hono<GatehookEnv>) => app.request('/hook', { method: 'POST' });

describe('deadline', () => {
  it('lets a fast handler answer and exposes its budget', async () => {
    let remaining = -1;
    const app = new Hono<GatehookEnv>();
    app.post('/hook', deadline({ budgetMs: 1000, fallback: (c) => c.text('fallback') }), (c) => {
      remaining = c.get('deadline').remainingMs();
      return c.text('handler');
    });
    const res = await call(app);
    expect(await res.text()).toBe('handler');
    expect(remaining).toBeGreaterThan(900);
    expect(remaining).toBeLessThanOrEqual(1000);
  });

  it('answers with the fallback in time when the handler overruns, and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const { app, reasons } = appWith(async (signal) => {
      seen = signal;
      await new Promise((resolve) => setTimeout(resolve, 5000).unref());
      return new Response('late');
    });
    const started = performance.now();
    const res = await call(app);
    const elapsed = performance.now() - started;
    expect(await res.json()).toEqual({ fallback: 'timeout' });
    expect(reasons).toEqual(['timeout']);
    expect(elapsed).toBeLessThan(3000);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(seen?.aborted).toBe(true);
  });

  it('still times a handler that only starts waiting after a long run of promise jobs', async () => {
    // The budget timer starts once the first run of promise jobs is over; work that waits later must still be cut off.
    const { app, reasons } = appWith(async () => {
      for (let i = 0; i < 10_000; i++) await null;
      await new Promise((resolve) => setTimeout(resolve, 5000).unref());
      return new Response('late');
    }, 200);
    const started = performance.now();
    const res = await call(app);
    expect(await res.json()).toEqual({ fallback: 'timeout' });
    expect(reasons).toEqual(['timeout']);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('leaves no timer behind after handlers that answer without waiting', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const { app } = appWith(async () => new Response('fast'), 2000);
    const before = timers();
    const answers = await Promise.all(Array.from({ length: 50 }, async () => (await call(app)).text()));
    expect(answers.every((a) => a === 'fast')).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBe(before);
  });

  it('uses the default 2500 ms budget, still before Okta gives up at 3000 ms', async () => {
    const app = new Hono<GatehookEnv>();
    app.post('/hook', deadline({ fallback: (c) => c.text('fallback') }), async () => {
      await new Promise((resolve) => setTimeout(resolve, 10_000).unref());
      return new Response('late');
    });
    const started = performance.now();
    const res = await call(app);
    const elapsed = performance.now() - started;
    expect(await res.text()).toBe('fallback');
    expect(elapsed).toBeGreaterThan(2400);
    expect(elapsed).toBeLessThan(3000);
  });

  it('answers with the fallback for a thrown error and logs it', async () => {
    const { app, logs, reasons } = appWith(async () => {
      throw new Error('database is down');
    });
    const res = await call(app);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ fallback: 'handler-error' });
    expect(reasons).toEqual(['handler-error']);
    const line = logs.lines.find((l) => l.message === 'handler threw');
    expect(line?.level).toBe('error');
    expect((line?.error as { message: string }).message).toBe('database is down');
  });

  it('logs a contract violation loudly and answers with the fallback', async () => {
    const { app, logs, reasons } = appWith(async () => {
      throw new FakeContractViolation('identity.patch without an ID token');
    });
    expect(await (await call(app)).json()).toEqual({ fallback: 'contract-violation' });
    expect(reasons).toEqual(['contract-violation']);
    expect(logs.lines.some((l) => l.level === 'error' && String(l.message).startsWith('CONTRACT VIOLATION'))).toBe(true);
  });

  it('refuses a budget at or above Okta timeout', () => {
    expect(() => deadline({ budgetMs: 3000, fallback: () => new Response() })).toThrow(/budgetMs/);
    expect(() => deadline({ budgetMs: 0, fallback: () => new Response() })).toThrow(/budgetMs/);
    expect(() => deadline({} as never)).toThrow(/fallback/);
  });
});
