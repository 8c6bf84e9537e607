import { Hono, type MiddlewareHandler } from 'hono';
import type { InlineHookDefinition, InlineHookType, Logger } from '../handlers/core/types.js';
import { bodyLimits, type JsonBodyOptions } from '../middleware/body/index.js';
import { HOOK_TIMEOUT_MS as OKTA_TIMEOUT_MS } from '../handlers/core/okta-facts.js';
import { DEFAULT_BUDGET_MS, failClosedAfter } from '../middleware/deadline/index.js';
import { oktaErrorHandler, oktaNotFound } from '../middleware/errors/index.js';
import { createJsonLogger } from '../middleware/logger/json-logger.js';
import { requestLogger } from '../middleware/logger/index.js';
import { callMetrics, type MetricsSink } from '../middleware/metrics/index.js';
import type { GatehookEnv } from '../middleware/types.js';
import { headerVerifier, type VerifyHeaderOptions } from '../middleware/verify-header/index.js';
import { verifierOf } from '../middleware/verifier.js';
import { GatehookConfigError } from './errors.js';
import { hookRoute } from './hook-route.js';
import { oktaResolver, type OktaClientOption } from './okta.js';

// Definitions are invariant in their event type; the runtime only passes a definition's own event back to it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = InlineHookDefinition<any>;

export type HookDefinitions = Partial<Record<InlineHookType, AnyDefinition>>;

/**
 * How Okta authenticates to the hooks: its HTTP-header scheme (`{ header: { secrets } }`), or any
 * verifying middleware, e.g. `{ middleware: verifyJwt({...}) }` for its OAuth 2.0 channel. The JWT
 * verifier is passed in rather than built here so shared-secret bundles do not carry jose (~18 KB).
 */
export type HookAuth = { header: VerifyHeaderOptions } | { middleware: MiddlewareHandler<GatehookEnv> };

export interface CreateHookAppOptions {
  hooks: HookDefinitions;
  auth: HookAuth;
  /** Time budget per request in ms (default 2500; must stay below Okta's 3000). */
  deadlineMs?: number;
  logger?: Logger;
  /** The client behind `ctx.okta`: an instance, or a factory called once on first request. */
  okta?: OktaClientOption;
  body?: JsonBodyOptions;
  /** Log each request body at debug level, after the definition's `redact` (dev: on; production: off by default). */
  logBodies?: boolean;
  /** Also serve every hook at `POST /` (a Lambda behind a function URL serves one hook). */
  serveAtRoot?: boolean;
  /** Reports every hook call's outcome and duration (`emfSink()` on Lambda, an `OutcomeCounter` locally). */
  metrics?: MetricsSink;
}

function checkAuth(auth: HookAuth): void {
  if (auth && 'header' in auth) return;
  if (auth && 'middleware' in auth && typeof auth.middleware === 'function') return;
  throw new GatehookConfigError('ERR_AUTH_NOT_CONFIGURED', 'createHookApp: auth must be { header } or { middleware }; hooks are never served unauthenticated');
}

/**
 * The Hono app serving inline hook definitions: `POST /hooks/<type>` for each one, plus `GET /healthz`.
 * Each request runs: log -> verify -> JSON body -> parse -> deadline -> execute -> 200 JSON or 204.
 *
 * @example
 * const app = createHookApp({
 *   hooks: { token: tokenHook(async (event, api) => api.accessToken.addClaim('tier', 'gold')) },
 *   auth: { header: { secrets: fromEnv() } },
 * });
 */
export function createHookApp(options: CreateHookAppOptions): Hono<GatehookEnv> {
  const entries = Object.entries(options.hooks ?? {}).filter((e): e is [InlineHookType, AnyDefinition] => e[1] !== undefined);
  if (entries.length === 0) throw new GatehookConfigError('ERR_NO_HOOKS', 'createHookApp: pass at least one hook definition in `hooks`');
  if (options.serveAtRoot && entries.length > 1) {
    throw new GatehookConfigError('ERR_AMBIGUOUS_ROOT', 'createHookApp: serveAtRoot needs exactly one hook definition');
  }
  checkAuth(options.auth);
  const logger = options.logger ?? createJsonLogger();
  const budgetMs = options.deadlineMs ?? DEFAULT_BUDGET_MS;
  if (!Number.isFinite(budgetMs) || budgetMs <= 0 || budgetMs >= OKTA_TIMEOUT_MS) {
    throw new GatehookConfigError('ERR_DEADLINE_RANGE', `createHookApp: deadlineMs must be between 0 and ${OKTA_TIMEOUT_MS} (exclusive), got ${budgetMs}`);
  }
  // gatehook's own verifiers (header secret, JWT) run inside the hook route; any other middleware runs in
  // front of it on the Hono path only.
  const verifier = 'header' in options.auth ? headerVerifier(options.auth.header) : verifierOf(options.auth.middleware);
  const authStep = verifier === undefined && 'middleware' in options.auth ? failClosedAfter(options.auth.middleware, { budgetMs }) : undefined;
  const limits = bodyLimits(options.body);
  const resolveOkta = oktaResolver(options.okta);

  const app = new Hono<GatehookEnv>();
  app.onError(oktaErrorHandler({ logger }));
  app.notFound(oktaNotFound);
  app.use(requestLogger({ logger }));
  if (options.metrics) app.use(callMetrics({ sink: options.metrics }));
  app.get('/healthz', (c) => c.json({ status: 'ok', hooks: entries.map(([type]) => type) }));

  for (const [type, definition] of entries) {
    if (definition.type !== type) {
      throw new GatehookConfigError('ERR_HOOK_TYPE_MISMATCH', `createHookApp: hooks.${type} is a "${definition.type}" hook definition`);
    }
    const route = hookRoute(definition, { verifier, budgetMs, limits, resolveOkta, logBodies: options.logBodies });
    for (const path of options.serveAtRoot ? [`/hooks/${type}`, '/'] : [`/hooks/${type}`]) {
      if (authStep) app.post(path, authStep, route);
      else app.post(path, route);
    }
  }
  return app;
}
