/**
 * Keeps the console local and personal: loopback only (socket address and Host header, which also
 * defeats DNS rebinding), unlocked with the development token, and every state change carrying the
 * session's CSRF token. Everything fails closed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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

/** Sessions live in memory: restarting the emulator signs everyone out, which is what a dev tool wants. */
export class SessionStore {
  readonly #sessions = new Map<string, ConsoleSession>();
  readonly #token: string;
  readonly #cookiePath: string;

  constructor(token: string, cookiePath: string) {
    this.#token = token;
    this.#cookiePath = cookiePath;
  }

  tokenMatches(presented: string): boolean {
    return sameSecret(presented, this.#token);
  }

  open(c: Context): void {
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, { csrf: randomBytes(24).toString('base64url') });
    setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Strict', path: this.#cookiePath });
  }

  close(c: Context): void {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) this.#sessions.delete(id);
    deleteCookie(c, SESSION_COOKIE, { path: this.#cookiePath });
  }

  find(c: Context): ConsoleSession | undefined {
    const id = getCookie(c, SESSION_COOKIE);
    return id ? this.#sessions.get(id) : undefined;
  }
}

/**
 * Requires a session. A first visit with `?token=<dev token>` opens one and redirects to the same
 * URL without the token, so it does not linger in the address bar or history.
 */
export function requireSession(sessions: SessionStore, loginPath: string): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const presented = url.searchParams.get('token');
    if (presented !== null && c.req.method === 'GET') {
      if (!sessions.tokenMatches(presented)) return c.text('Wrong console token.', 401);
      sessions.open(c);
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
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

/** A login form post must come from the console's own page: an Origin, when sent, must be this host. */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}
