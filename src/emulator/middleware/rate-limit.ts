import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.js';
import type { EmulatorEnv } from '../context.js';
import { OktaApiError } from '../errors.js';

export interface RateLimitOptions {
  /** Requests per minute per bucket; Okta buckets by endpoint family. */
  perMinute: number;
}

/** `/api/v1/users/00u.../factors` and `/api/v1/users` share the `api/v1/users` bucket. */
function bucketOf(pathname: string): string {
  return pathname.split('/').filter(Boolean).slice(0, 3).join('/');
}

/** Fixed one-minute windows with Okta's `X-Rate-Limit-*` headers on every response and E0000047 beyond the limit. */
export function rateLimit(options: RateLimitOptions, clock: Clock): MiddlewareHandler<EmulatorEnv> {
  if (!Number.isInteger(options.perMinute) || options.perMinute < 1) throw new RangeError('rateLimit.perMinute must be a positive integer');
  const windows = new Map<string, { window: number; count: number }>();
  return async function rateLimitMiddleware(c, next) {
    const now = clock.now().getTime();
    const window = Math.floor(now / 60_000);
    const bucket = bucketOf(new URL(c.req.url).pathname);
    const entry = windows.get(bucket);
    const state = entry && entry.window === window ? entry : { window, count: 0 };
    state.count++;
    windows.set(bucket, state);
    // Unknown paths make buckets too; drop stale windows so the map cannot grow without bound.
    if (windows.size > 1000) for (const [key, value] of windows) if (value.window !== window) windows.delete(key);
    const headers = {
      'X-Rate-Limit-Limit': String(options.perMinute),
      'X-Rate-Limit-Remaining': String(Math.max(0, options.perMinute - state.count)),
      'X-Rate-Limit-Reset': String((window + 1) * 60),
    };
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    if (state.count > options.perMinute) throw new OktaApiError('E0000047', '', [], headers);
    await next();
  };
}
