/**
 * The org session behind the `sid` cookie: an ordinary session of the org (the Sessions API sees
 * it), started by the hosted sign-in page and ended by `/v1/logout`, so a second app signs in
 * without a prompt while it lives.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { audit, userActor, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps } from '../context.js';
import { newSessionDoc } from '../session-doc.js';
import type { SessionDoc, UserDoc } from '../store/types.js';

export const SESSION_COOKIE = 'sid';

export interface LiveSession {
  session: SessionDoc;
  user: UserDoc;
  /** Seconds since the epoch of the last password verification (`auth_time`). */
  authTime: number;
}

const secure = (c: Context) => new URL(c.req.url).protocol === 'https:';

/** The session the browser's cookie names, when it is live and its user may still sign in. */
export function currentSession(c: Context, deps: EmulatorDeps): LiveSession | undefined {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return undefined;
  const session = deps.store.sessions.get(id);
  if (!session || session.expiresAt <= deps.clock.now().toISOString()) return undefined;
  const user = deps.store.users.get(session.userId);
  if (!user || user.status !== 'ACTIVE') return undefined;
  const verified = Date.parse(session.lastPasswordVerification ?? session.createdAt);
  return { session, user, authTime: Math.floor(verified / 1000) };
}

/** Starts a session for `user` (replacing the browser's previous one) and sets the cookie. */
export function startSession(c: EmulatorContext, deps: EmulatorDeps, user: UserDoc, amr: string[]): LiveSession {
  endSession(c, deps, { quiet: true });
  const now = deps.clock.now();
  const session = newSessionDoc(deps, user, { amr, lastPasswordVerification: now.toISOString() });
  deps.store.sessions.insert(session);
  audit(c, deps, { eventType: 'user.session.start', displayMessage: 'User login to Okta', actor: userActor(user), target: [userTarget(user)] });
  setCookie(c, SESSION_COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'Lax', secure: secure(c) });
  return { session, user, authTime: Math.floor(now.getTime() / 1000) };
}

/** Ends the browser's session, if any, and clears the cookie. */
export function endSession(c: EmulatorContext, deps: EmulatorDeps, options: { quiet?: boolean } = {}): SessionDoc | undefined {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return undefined;
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c) });
  const session = deps.store.sessions.get(id);
  if (!session) return undefined;
  deps.store.sessions.delete(id);
  const user = deps.store.users.get(session.userId);
  if (user && !options.quiet) {
    audit(c, deps, { eventType: 'user.session.end', displayMessage: 'User logout from Okta', actor: userActor(user), target: [userTarget(user)] });
  }
  return session;
}
