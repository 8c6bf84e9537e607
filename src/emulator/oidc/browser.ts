/**
 * Binding a sign-in to the browser that started it. `/v1/authorize` gives the browser a device
 * cookie and the transaction remembers it; every form post of the sign-in pages must come from that
 * browser (cookie), carry the transaction's CSRF token and, when the browser names one, come from
 * the org's own origin. A page of another site can neither post into a victim's sign-in nor make
 * the victim's browser finish a sign-in the attacker started (login CSRF).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { newOpaqueToken } from '../ids.js';
import type { SignInTransaction } from './state.js';

export const DEVICE_COOKIE = 'gh_device';
export const CSRF_FIELD = '_csrf';

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The browser's device id, set now when it has none. */
export function browserId(c: Context): string {
  const existing = getCookie(c, DEVICE_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const id = newOpaqueToken(24);
  setCookie(c, DEVICE_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Lax', secure: new URL(c.req.url).protocol === 'https:' });
  return id;
}

/** Whether the request is the transaction's own browser (GET pages and posts alike). */
export function isTransactionBrowser(c: Context, transaction: SignInTransaction): boolean {
  const id = getCookie(c, DEVICE_COOKIE);
  return id !== undefined && sameText(id, transaction.browserId);
}

/** A form post of the transaction's pages: its browser, its token, the org's origin. Fails closed. */
export function isGenuinePost(c: Context, transaction: SignInTransaction, form: URLSearchParams): boolean {
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== new URL(c.req.url).origin) return false;
  const token = form.get(CSRF_FIELD);
  return token !== null && sameText(token, transaction.csrf) && isTransactionBrowser(c, transaction);
}
