/**
 * The two helpers every generated area method calls: `send` for one request, `collection` for
 * lists. They turn positional path values, a body and the caller's options into an `ApiRequest`.
 */
import type { OktaClient } from './client.js';
import { OktaConfigError } from './errors.js';
import { createCollection, type Collection } from './paging.js';
import type { ApiRequest, CallOptions, HttpMethod } from './transport.js';

export type { CallOptions } from './transport.js';

/** The wire facts of one operation, inlined by the generator into each area module. */
export interface Route {
  method: HttpMethod;
  path: string;
  /** Names of the query parameters the caller may pass in `options`. */
  query?: readonly string[];
  /** Query parameters this method always sends. */
  fixedQuery?: Readonly<Record<string, string>>;
  /** Non-JSON request bodies: base64 text, raw bytes, or a multipart form. */
  body?: 'base64' | 'binary' | 'multipart';
  contentType?: string;
  formField?: string;
}

export async function send<T>(client: OktaClient, route: Route, pathValues: readonly string[], body: unknown, options?: CallOptions): Promise<T> {
  const res = await client.request(toRequest(route, pathValues, body, options));
  return res.body as T;
}

export function collection<T>(client: OktaClient, route: Route, pathValues: readonly string[], options?: CallOptions): Collection<T> {
  return createCollection<T>((r) => client.request(r), () => toRequest(route, pathValues, undefined, options));
}

function toRequest(route: Route, pathValues: readonly string[], body: unknown, options: CallOptions | undefined): ApiRequest {
  const req: ApiRequest = {
    method: route.method,
    path: fillPath(route.path, pathValues),
    query: buildQuery(route, options),
    signal: options?.signal,
    timeoutMs: options?.timeoutMs,
    deadline: options?.deadline,
  };
  if (body === undefined) return req;
  if (route.body === 'multipart') {
    const form = new FormData();
    form.append(route.formField ?? 'file', body as Blob);
    req.body = form;
  } else if (route.body) {
    req.body = body as string | Uint8Array;
    req.contentType = route.contentType;
    if (route.body === 'base64') req.headers = { 'content-transfer-encoding': 'base64' };
  } else {
    req.json = body;
  }
  return req;
}

/**
 * Substitutes `{name}` segments in order. Values are percent-encoded, and empty or dot-only values
 * are refused: `getUser('')` or `deleteGroup('..')` would otherwise address a different resource.
 */
export function fillPath(template: string, values: readonly string[]): string {
  let i = 0;
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = values[i++];
    if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
      throw new OktaConfigError(`path parameter ${name} must be a non-empty id, got ${value === undefined ? 'nothing' : JSON.stringify(typeof value === 'string' ? value : typeof value)}`);
    }
    return encodeURIComponent(value);
  });
}

function buildQuery(route: Route, options: CallOptions | undefined): URLSearchParams | undefined {
  if (!route.query?.length && !route.fixedQuery) return undefined;
  const q = new URLSearchParams();
  for (const name of route.query ?? []) {
    const v = (options as Record<string, unknown> | undefined)?.[name];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) q.append(name, String(x));
    else q.append(name, String(v));
  }
  for (const [k, v] of Object.entries(route.fixedQuery ?? {})) q.set(k, v);
  return q;
}
