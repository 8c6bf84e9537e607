import type { Hono } from 'hono';
import type { InlineHookDefinition } from '../handlers/core/types.js';
import type { GatehookEnv } from '../middleware/types.js';

/**
 * What the entry points accept, recognised by shape rather than `instanceof`: a user's app or definition may
 * come from another copy of hono or of gatehook (a second install, a bundle, a reloaded module).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDefinition = InlineHookDefinition<any>;

export function isHookDefinition(value: unknown): value is AnyDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<AnyDefinition>;
  return typeof candidate.type === 'string' && typeof candidate.parse === 'function' && typeof candidate.execute === 'function';
}

/** A Hono app: anything with `fetch` and `route`. */
export function isHonoApp(value: unknown): value is Hono<GatehookEnv> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Hono>;
  return typeof candidate.fetch === 'function' && typeof candidate.route === 'function';
}
