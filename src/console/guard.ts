/**
 * Keeps the console local and personal: loopback only (socket address and Host header, which also
 * defeats DNS rebinding), unlocked with the development token posted to the sign-in form, and every
 * state change carrying the session's CSRF token. Everything fails closed.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { hostName, isLoopbackHostName } from '../middleware/host-guard/index.js';

export { hostName };

export const SESSION_COOKIE = 'gatehook_console';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export interface ConsoleSession {
  csrf: string;
}

export interface ConsoleEnv {
  Variables: { session: ConsoleSession };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time string equality (on digests, so lengths do not leak). */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** The socket's remote address under @hono/node-server; undefined for in-process `app.request()`. */
function remoteAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

export function loopbackOnly(): MiddlewareHandler {
  return async (c, next) => {
    const address = remoteAddress(c);
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if ((address !== undefined && !isLoopbackAddress(address)) || !isLoopbackHostName(host)) {
      return c.text('The gatehook console answers on loopback only (127.0.0.1 or localhost).', 403);
    }
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    await next();
  };
}

/** How long a console session lasts at most, and without a request. */
export const SESSION_LIFETIME_MS = 8 * 60 * 60_000;
export const SESSION_IDLE_MS = 30 * 60_000;

interface StoredSession extends ConsoleSession {
  /** Per-session key; the cookie carries a MAC of the port under it, never the key. */
  readonly key: Buffer;
  readonly port: string;
  readonly openedAt: number;
  seenAt: number;
}

/** The port a request was addressed to (Host header, else the URL), `80` when none is given. */
export function requestPort(c: Context): string {
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  const match = /:(\d+)$/.exec(host);
  return match ? match[1]! : '80';
}

const macOf = (key: Buffer, port: string) => createHmac('sha256', key).update(`gatehook-console:${port}`).digest('base64url');

/**
 * Sessions live in memory: restarting the emulator signs everyone out, which is what a dev tool wants.
 * Browsers send a cookie of 127.0.0.1 to every port of it, so any other local service sees it; the
 * session is therefore bound to the port it was opened on (a MAC of the port under a key of its own,
 * checked on every request, in a cookie named after the port), and it is short-lived (idle and absolute
 * limits). State changes also need the CSRF token, which only this console's pages carry.
 */
export class SessionStore {
  readonly #sessions = new Map<string, StoredSession>();
  readonly #token: string;
  readonly #cookiePath: string;
  readonly #now: () => number;
  readonly #lifetimeMs: number;
  readonly #idleMs: number;

  constructor(token: string, cookiePath: string, options: { now?: () => number; lifetimeMs?: number; idleMs?: number } = {}) {
    this.#token = token;
    this.#cookiePath = cookiePath;
    this.#now = options.now ?? Date.now;
    this.#lifetimeMs = options.lifetimeMs ?? SESSION_LIFETIME_MS;
    this.#idleMs = options.idleMs ?? SESSION_IDLE_MS;
  }

  tokenMatches(presented: string): boolean {
    return sameSecret(presented, this.#token);
  }

  /** The cookie's name on this request's port, so consoles on two ports never overwrite each other's. */
  cookieName(c: Context): string {
    return `${SESSION_COOKIE}_${requestPort(c)}`;
  }

  open(c: Context): void {
    this.#sweep();
    const id = randomBytes(32).toString('base64url');
    const key = randomBytes(32);
    const port = requestPort(c);
    const now = this.#now();
    this.#sessions.set(id, { csrf: randomBytes(24).toString('base64url'), key, port, openedAt: now, seenAt: now });
    setCookie(c, this.cookieName(c), `${id}.${macOf(key, port)}`, {
      httpOnly: true,
      sameSite: 'Strict',
      path: this.#cookiePath,
      maxAge: Math.floor(this.#lifetimeMs / 1000),
    });
  }

  close(c: Context): void {
    const id = getCookie(c, this.cookieName(c))?.split('.')[0];
    if (id) this.#sessions.delete(id);
    deleteCookie(c, this.cookieName(c), { path: this.#cookiePath });
  }

  find(c: Context): ConsoleSession | undefined {
    const [id, mac, extra] = (getCookie(c, this.cookieName(c)) ?? '').split('.');
    if (!id || !mac || extra !== undefined) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    const now = this.#now();
    if (now - session.openedAt >= this.#lifetimeMs || now - session.seenAt >= this.#idleMs) {
      this.#sessions.delete(id);
      return undefined;
    }
    const port = requestPort(c);
    if (port !== session.port || !sameSecret(mac, macOf(session.key, port))) return undefined;
    session.seenAt = now;
    return session;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [id, session] of this.#sessions) {
      if (now - session.openedAt >= this.#lifetimeMs || now - session.seenAt >= this.#idleMs) this.#sessions.delete(id);
    }
  }
}

/**
 * Requires a session. The token is accepted only through the sign-in form's POST: a URL that carries
 * it (`?token=`) stays in the browser's history, so such a request opens no session and is shown the
 * form with a note instead.
 */
export function requireSession(sessions: SessionStore, loginPath: string, refuseTokenInUrl: (c: Context) => Response | Promise<Response>): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (new URL(c.req.url).searchParams.has('token')) return refuseTokenInUrl(c);
    const session = sessions.find(c);
    if (!session) {
      const wantsPage = c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html');
      return wantsPage ? c.redirect(loginPath, 303) : c.json({ error: 'Sign in to the console with the development token.' }, 401);
    }
    c.set('session', session);
    await next();
  };
}

/** State changes need the session's CSRF token, in the `x-csrf-token` header or the `_csrf` form field. */
export function requireCsrf(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const session = c.get('session');
    let presented = c.req.header(CSRF_HEADER);
    if (presented === undefined && (c.req.header('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
      const form = await c.req.parseBody();
      presented = typeof form[CSRF_FIELD] === 'string' ? form[CSRF_FIELD] : undefined;
    }
    if (presented === undefined || !sameSecret(presented, session.csrf)) return c.text('Missing or wrong CSRF token.', 403);
    await next();
  };
}

/**
 * A login form post must come from the console's own page. Browsers say so in `Sec-Fetch-Site`; under
 * the console's `Referrer-Policy: no-referrer` Chromium sends `Origin: null` even for its own form, so
 * Origin decides only for clients without Fetch Metadata, and then must be absent or this host.
 */
export function sameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}
