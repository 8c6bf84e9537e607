import type { Logger } from '../handlers/core/types.js';
import type { HookPipeline } from './hook-pipeline.js';

/**
 * The hook routes of an app that a server adapter may run without Hono: `POST <path>` straight into
 * the hook's pipeline. createHookApp records them when the pipeline itself verifies the caller (the
 * header secret, or `verifyJwt`: see `verifierOf`); a custom auth middleware needs the Hono path.
 * serveNode looks them up. Anything else, and every app not built by createHookApp, goes through Hono.
 */
export interface DirectRoutes {
  /** The root logger the request lines go to, as `requestLogger` would write them. */
  readonly logger: Logger;
  readonly routes: ReadonlyMap<string, HookPipeline>;
}

const registry = new WeakMap<object, DirectRoutes>();

export function setDirectRoutes(app: object, routes: DirectRoutes): void {
  registry.set(app, routes);
}

export function directRoutesOf(app: object): DirectRoutes | undefined {
  return registry.get(app);
}

const PLAIN_HOST = /^[A-Za-z0-9._-]+(?::(\d{1,5}))?$/;

/**
 * Whether a direct path may serve a request with this Host: a plain name or IPv4 address with an
 * optional port. Hono's adapter builds a URL from the Host and refuses one it cannot use (missing,
 * or rewritten by URL parsing); anything but the plain case goes to Hono, so it decides alike.
 */
export function isPlainHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const match = PLAIN_HOST.exec(host);
  return match !== null && (match[1] === undefined || Number(match[1]) <= 65_535);
}
