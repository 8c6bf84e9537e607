/** Answers to the browser: results and errors sent to the app's redirect URI in its response mode, and org pages. */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ResponseMode } from './authorize-request.js';
import { ErrorPage, FormPostPage } from './views.js';

/** Pages are rendered to a string first, so a failure while rendering cannot half-send a page. */
export async function page(c: Context, node: unknown, status: 200 | 400 | 401 | 403 = 200): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  c.header('X-Frame-Options', 'DENY');
  // Only the origin leaves the page (never the transaction in its URL); `no-referrer` would make
  // browsers send `Origin: null` with the page's own form posts, which the CSRF check refuses.
  c.header('Referrer-Policy', 'strict-origin');
  return c.html(`<!doctype html>${await html`${node}`}`, status);
}

export function errorPage(c: Context, code: string, description: string): Promise<Response> {
  return page(c, ErrorPage({ code, description }), 400);
}

/** Sends `params` to `redirectUri` as the response mode says: query, fragment or an auto-posted form. */
export async function deliver(c: Context, redirectUri: string, mode: ResponseMode, params: Record<string, string>): Promise<Response> {
  if (mode === 'form_post') return page(c, FormPostPage({ action: redirectUri, params }));
  const target = new URL(redirectUri);
  const encoded = new URLSearchParams(params);
  if (mode === 'fragment') target.hash = encoded.toString();
  else for (const [name, value] of encoded) target.searchParams.append(name, value);
  c.header('Cache-Control', 'no-store');
  return c.redirect(target.toString(), 302);
}
