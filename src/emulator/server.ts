import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from '../handlers/core/types.js';
import { systemClock, type Clock } from './clock.js';
import type { EmulatorDeps, EmulatorEnv, EmulatorSettings, RouteDef } from './context.js';
import { OktaApiError } from './errors.js';
import type { OAuthClient } from './authorization-server/client-auth.js';
import { mountAuthorizationServer } from './flows/authorization.js';
import { startEventHookDelivery, type EventHookDelivery } from './flows/event-delivery.js';
import { storedHookKeys } from './authorization-server/hook-keys.js';
import { createOktaHookCaller, type HookCaller, type OktaHookCallerOptions } from './hook-calls/okta-hook-caller.js';
import { newRequestId } from './ids.js';
import { mountNotImplemented } from './not-implemented/fallback.js';
import { ANONYMOUS, authenticate, digestTokens, requireScope } from './middleware/auth.js';
import { rateLimit } from './middleware/rate-limit.js';
import { DEFAULT_SCRYPT_COST } from './password.js';
import { loadTokenIssuer } from './oauth/issuer.js';
import { allRoutes } from './routes/index.js';
import { oauthRoutes } from './routes/oauth.js';
import { routeMatcher, toHonoPath } from './routing.js';
import { seedDemoOrg } from './seed.js';
import { createStore, type Store } from './store/index.js';
import { withHostGuard } from '../middleware/host-guard/index.js';

export interface EmulatorOptions {
  /** SQLite file holding the org; `:memory:` (the default) forgets everything on close. */
  dataFile?: string;
  /** API tokens accepted as `Authorization: SSWS <token>`. */
  apiTokens: string[];
  /** Seed a demo org on first start (default true). */
  seed?: boolean;
  clock?: Clock;
  /** Requests per minute per endpoint family (default 6000). */
  rateLimit?: { perMinute: number };
  /** Public URL used in links; defaults to each request's origin. */
  baseUrl?: string;
  /** Every call to a hook endpoint (flows, `/execute`, verification, delivery); defaults to Okta's calling rules over real HTTP. */
  hookCaller?: HookCaller;
  /** Options of the default caller (tests inject `fetch` or a shorter timeout); ignored when `hookCaller` is given. */
  hookCalls?: OktaHookCallerOptions;
  /** Clients of the custom authorization server `/oauth2/default`, besides the org's OAuth service apps. */
  oauthClients?: OAuthClient[];
  /** How long System Log events wait to be batched into one event hook delivery (default 200 ms). */
  eventBatchWindowMs?: number;
  logger?: Logger;
  /** Failed sign-ins before LOCKED_OUT (default 10). */
  lockoutAttempts?: number;
  /** Session lifetime in minutes (default 120). */
  sessionLifetimeMinutes?: number;
  /** scrypt work factor for password hashes (power of two, default 16384); tests lower it for speed. */
  scryptCost?: number;
}

export interface Emulator {
  app: Hono<EmulatorEnv>;
  store: Store;
  deps: EmulatorDeps;
  /** Event hook deliveries: `flush()` sends what waits for its batch window and waits for it. */
  eventHooks: Pick<EventHookDelivery, 'flush'>;
  /** Stops event hook delivery (pending batches are dropped) and closes the store. */
  close(): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };

/** One line per message on stderr; used by `startEmulator` unless a logger is given. */
export function consoleLogger(fields: Record<string, unknown> = {}): Logger {
  const write = (level: string) => (message: string, extra?: Record<string, unknown>) =>
    console.error(JSON.stringify({ level, message, ...fields, ...extra }));
  return { debug: () => {}, info: write('info'), warn: write('warn'), error: write('error'), child: (more) => consoleLogger({ ...fields, ...more }) };
}

/**
 * Creates a local Okta-compatible org: a Hono app over a SQLite store.
 *
 * @example
 * const org = await createEmulator({ apiTokens: ['dev-token'], dataFile: '.data/org.sqlite' });
 * const res = await org.app.request('/api/v1/users', { headers: { Authorization: 'SSWS dev-token' } });
 */
export async function createEmulator(options: EmulatorOptions): Promise<Emulator> {
  const apiTokens = digestTokens(options.apiTokens);
  if (apiTokens.length === 0) throw new TypeError('createEmulator: apiTokens needs at least one non-empty token');
  const clock = options.clock ?? systemClock;
  const store = createStore(options.dataFile ?? ':memory:');
  try {
    const settings: EmulatorSettings = {
      lockoutAttempts: options.lockoutAttempts ?? 10,
      sessionLifetimeMs: (options.sessionLifetimeMinutes ?? 120) * 60_000,
      sessionTokenLifetimeMs: 5 * 60_000,
      scryptCost: options.scryptCost ?? DEFAULT_SCRYPT_COST,
      ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
    };
    const deps: EmulatorDeps = {
      store,
      clock,
      settings,
      hookCaller: options.hookCaller ?? createOktaHookCaller({ clock, hookKeys: storedHookKeys({ store }), ...options.hookCalls }),
      logger: options.logger ?? silentLogger,
      issuer: await loadTokenIssuer(store.meta, clock),
    };
    if (options.seed !== false) await seedDemoOrg(deps);
    const app = buildApp(deps, apiTokens, options.rateLimit?.perMinute ?? 6000, options.oauthClients ?? []);
    const delivery = startEventHookDelivery(deps, {
      orgUrl: () => deps.settings.baseUrl ?? 'http://127.0.0.1',
      ...(options.eventBatchWindowMs !== undefined ? { windowMs: options.eventBatchWindowMs } : {}),
    });
    return {
      app,
      store,
      deps,
      eventHooks: { flush: () => delivery.flush() },
      close: () => {
        delivery.stop();
        store.close();
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

function buildApp(deps: EmulatorDeps, apiTokens: Buffer[], perMinute: number, oauthClients: readonly OAuthClient[]): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.use('*', async function requestContext(c, next) {
    const requestId = newRequestId();
    c.set('requestId', requestId);
    c.set('principal', ANONYMOUS);
    c.header('x-okta-request-id', requestId);
    c.header('Date', deps.clock.now().toUTCString());
    await next();
  });
  const limiter = rateLimit({ perMinute }, deps.clock);
  app.use('/api/*', limiter);
  app.use('/oauth2/*', limiter);

  app.onError((error, c) => {
    if (error instanceof OktaApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.toBody(), error.status as 400);
    }
    deps.logger.error('emulator: unhandled error', { requestId: c.get('requestId'), message: String(error) });
    return c.json(new OktaApiError('E0000009').toBody(), 500);
  });

  const implemented = allRoutes(deps);
  const register = (def: RouteDef): void => {
    app.on(def.method, toHonoPath(def.path), async (c) => {
      const hasCredential = c.req.header('authorization') !== undefined;
      const principal = def.anonymous && !hasCredential ? ANONYMOUS : await authenticate(c, deps, apiTokens);
      c.set('principal', principal);
      requireScope(c, principal, def.scope);
      return def.handler(c);
    });
  };
  // Operations Okta has but the emulator does not model answer 501 naming the operation.
  const unmodelled = mountNotImplemented(app, {
    implemented,
    guard: async (c, operation) => {
      const principal = await authenticate(c, deps, apiTokens);
      c.set('principal', principal);
      requireScope(c, principal, operation.scope);
    },
  });
  for (const def of implemented) register(def);
  app.route('/', oauthRoutes(deps));
  mountAuthorizationServer(app, deps, oauthClients);

  const knownPath = routeMatcher([...implemented, ...unmodelled]);
  app.notFound((c) => {
    const pathname = new URL(c.req.url).pathname;
    const error = knownPath(pathname)
      ? new OktaApiError('E0000022')
      : new OktaApiError('E0000007', `Resource not found: ${pathname} (Unknown)`);
    return c.json(error.toBody(), error.status as 404);
  });
  return app;
}

export interface StartEmulatorOptions extends EmulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Runs before the server answers its first request: the last moment routes can be added (Hono seals its router then). */
  configure?: (emulator: Emulator) => void | Promise<void>;
  /** Host names answered besides the loopback ones (`*`: any); other Hosts get 403 (DNS rebinding). */
  allowedHosts?: readonly string[];
}

export interface RunningEmulator {
  url: string;
  port: number;
  emulator: Emulator;
  close(): Promise<void>;
}

/** Serves an emulator over HTTP on 127.0.0.1 (by default). */
export async function startEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const emulator = await createEmulator({ logger: consoleLogger({ component: 'emulator' }), ...options });
  const host = options.host ?? '127.0.0.1';
  try {
    await options.configure?.(emulator);
  } catch (error) {
    emulator.close();
    throw error;
  }
  return new Promise((resolve, reject) => {
    const app = withHostGuard(emulator.app, { allowedHosts: options.allowedHosts ?? [] });
    const server = serve({ fetch: app.fetch, port: options.port, hostname: host }, (info) => {
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      // Links, the issuer and event hook envelopes name the org by the address it listens on.
      emulator.deps.settings.baseUrl ??= url;
      resolve({
        url,
        port: info.port,
        emulator,
        close: async () => {
          await emulator.eventHooks.flush();
          await new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => {
              emulator.close();
              done();
            });
          });
        },
      });
    });
    server.once('error', (error) => {
      emulator.close();
      reject(error);
    });
  });
}
