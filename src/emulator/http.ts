import { OktaApiError } from './errors.js';
import type { EmulatorContext, EmulatorDeps } from './context.js';
import type { Page } from './store/doc-table.js';
import type { JsonObject } from './store/types.js';

/** The org's base URL for links: the configured one, else the origin the caller used. */
export function baseUrl(c: EmulatorContext, deps: EmulatorDeps): string {
  return deps.settings.baseUrl ?? new URL(c.req.url).origin;
}

/** Reads a JSON object body; anything else is Okta's E0000003. */
export async function readJsonObject(c: EmulatorContext): Promise<JsonObject> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OktaApiError('E0000003');
  }
  if (!isObject(value)) throw new OktaApiError('E0000003');
  return value;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanQuery(c: EmulatorContext, name: string, fallback: boolean): boolean {
  const value = c.req.query(name);
  if (value === undefined || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new OktaApiError('E0000001', name, [`${name}: must be true or false`]);
}

/** `limit` clamped the way Okta clamps it: values above the maximum give the maximum. */
export function limitQuery(c: EmulatorContext, fallback: number, max: number): number {
  const raw = c.req.query('limit');
  if (raw === undefined || raw === '') return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new OktaApiError('E0000001', 'limit', ['limit: must be a positive integer']);
  return Math.min(limit, max);
}

/** Sets Okta's `Link` headers: `self` always, `next` when another page exists. */
export function setPageLinks(c: EmulatorContext, deps: EmulatorDeps, next: string | undefined): void {
  const url = new URL(c.req.url);
  const self = new URL(url.pathname + url.search, baseUrl(c, deps));
  c.header('Link', `<${self.href}>; rel="self"`, { append: true });
  if (next !== undefined) {
    const nextUrl = new URL(self.href);
    nextUrl.searchParams.set('after', next);
    c.header('Link', `<${nextUrl.href}>; rel="next"`, { append: true });
  }
}

export function noContent(c: EmulatorContext): Response {
  return c.body(null, 204);
}

/** A `_links` entry as Okta writes it. */
export function link(href: string, method?: string): JsonObject {
  return method ? { href, hints: { allow: [method] } } : { href };
}

/** Sets the paging `Link` headers and renders one page of resources. */
export function pageResponse<T>(c: EmulatorContext, deps: EmulatorDeps, page: Page<T>, render: (item: T, base: string) => unknown): Response {
  setPageLinks(c, deps, page.next);
  const base = baseUrl(c, deps);
  return c.json(page.items.map((item) => render(item, base)));
}
