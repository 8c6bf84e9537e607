import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requireSession, SESSION_IDLE_MS, SESSION_LIFETIME_MS, SessionStore, type ConsoleEnv } from '../../src/console/guard.js';

function consoleWithClock() {
  let now = 1_000_000;
  const sessions = new SessionStore('tok', '/', { now: () => now });
  const app = new Hono<ConsoleEnv>();
  app.post('/login', (c) => {
    sessions.open(c);
    return c.body(null, 204);
  });
  app.use('*', requireSession(sessions, '/login', (c) => c.text('no', 400)));
  app.get('/', (c) => c.text('in'));
  return {
    app,
    advance: (ms: number) => void (now += ms),
    async signIn() {
      const res = await app.request('http://127.0.0.1:8788/login', { method: 'POST' });
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
    status: async (cookie: string) => (await app.request('http://127.0.0.1:8788/', { headers: { cookie } })).status,
  };
}

describe('console session lifetime', () => {
  it('ends after the idle limit without a request', async () => {
    const t = consoleWithClock();
    const cookie = await t.signIn();
    t.advance(SESSION_IDLE_MS - 1000);
    expect(await t.status(cookie)).toBe(200); // a request keeps it alive
    t.advance(SESSION_IDLE_MS - 1000);
    expect(await t.status(cookie)).toBe(200);
    t.advance(SESSION_IDLE_MS);
    expect(await t.status(cookie)).toBe(401);
  });

  it('ends after the absolute lifetime even when used all along', async () => {
    const t = consoleWithClock();
    const cookie = await t.signIn();
    for (let spent = 0; spent + SESSION_IDLE_MS / 2 < SESSION_LIFETIME_MS; spent += SESSION_IDLE_MS / 2) {
      expect(await t.status(cookie)).toBe(200);
      t.advance(SESSION_IDLE_MS / 2);
    }
    t.advance(SESSION_IDLE_MS / 2);
    expect(await t.status(cookie)).toBe(401);
  });
});
