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
