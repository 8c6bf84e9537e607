import type { Context } from 'hono';
import type { Logger } from '../handlers/core/types.js';
import type { Clock } from './clock.js';
import type { HookCaller } from './hook-calls/okta-hook-caller.js';
import type { TokenIssuer } from './oauth/issuer.js';
import type { Store } from './store/index.js';
import type { LogActor } from './store/types.js';

/** Who is calling: an API token, an OAuth access token, or nobody (authn, session creation). */
export interface Principal {
  kind: 'ssws' | 'oauth' | 'anonymous';
  /** Granted scopes for OAuth callers; API tokens carry the admin's full rights. */
  scopes: ReadonlySet<string>;
  actor: LogActor;
}

export interface EmulatorEnv {
  Variables: { requestId: string; principal: Principal };
}

export type EmulatorContext = Context<EmulatorEnv>;

export interface EmulatorSettings {
  /** Failed password attempts before the account locks (Okta's default password policy: 10). */
  lockoutAttempts: number;
  sessionLifetimeMs: number;
  sessionTokenLifetimeMs: number;
  /** scrypt N for new password hashes. */
  scryptCost: number;
  /** Fixed public URL; otherwise links are built from each request's origin. */
  baseUrl?: string;
}

/** Everything a route needs, passed explicitly instead of through globals. */
export interface EmulatorDeps {
  store: Store;
  clock: Clock;
  /** The one way to hook endpoints: the org's flows, `/execute`, verification and event delivery. */
  hookCaller: HookCaller;
  logger: Logger;
  issuer: TokenIssuer;
  settings: EmulatorSettings;
}

export type RouteHandler = (c: EmulatorContext) => Response | Promise<Response>;

/** One implemented operation. `path` uses Okta's template syntax (`/api/v1/users/{userId}`). */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** OAuth scope the operation needs (operations.tsv); absent for anonymous or emulator-only routes. */
  scope?: string;
  /** Callable without credentials (primary authentication, session creation); a given credential is still checked. */
  anonymous?: boolean;
  handler: RouteHandler;
}
