import { Hono, type Context, type ErrorHandler, type MiddlewareHandler } from 'hono';
import type { InlineHookDefinition, InlineHookType, Logger } from '../handlers/core/types.js';
import { jsonBody, type JsonBodyOptions } from '../middleware/body/index.js';
import { DEFAULT_BUDGET_MS, deadline, failClosedAfter } from '../middleware/deadline/index.js';
import { oktaErrorHandler, oktaNotFound } from '../middleware/errors/index.js';
import { createJsonLogger } from '../middleware/logger/json-logger.js';
import { requestLogger } from '../middleware/logger/index.js';
import type { GatehookEnv } from '../middleware/types.js';
import { verifyHeader, type VerifyHeaderOptions } from '../middleware/verify-header/index.js';
import { GatehookConfigError } from './errors.js';
import { executeHook, hookResponse, parseEvent } from './hook-route.js';
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
}

function authMiddleware(auth: HookAuth): MiddlewareHandler<GatehookEnv> {
  if (auth && 'header' in auth) return verifyHeader(auth.header);
  if (auth && 'middleware' in auth && typeof auth.middleware === 'function') return auth.middleware;
  throw new GatehookConfigError('ERR_AUTH_NOT_CONFIGURED', 'createHookApp: auth must be { header } or { middleware }; hooks are never served unauthenticated');
}

/**
 * verify -> body -> parse -> deadline -> execute as one Hono handler. Hono's compose gives every
 * middleware its own async dispatch frame; these run on every request, so they are chained directly.
 * That is sound for these steps: `verify` (failClosedAfter) is the outermost, so an answer it returns
 * itself (an auth middleware that answers without calling next) still reaches Hono; the others answer
 * by throwing (Hono's error handler turns that into the response, as it would have a frame further in)
 * or by setting `c.res`, never by returning a Response. The handler's failure is caught here the way
 * Hono's compose catches it (`c.error` set, `c.res` from the error handler), because the deadline
 * middleware reads `c.error` to answer with the hook's fallback.
 */
function hookSteps(
  verify: MiddlewareHandler<GatehookEnv>,
  body: MiddlewareHandler<GatehookEnv>,
  parse: MiddlewareHandler<GatehookEnv>,
  budget: MiddlewareHandler<GatehookEnv>,
  execute: MiddlewareHandler<GatehookEnv>,
  onError: ErrorHandler<GatehookEnv>,
): MiddlewareHandler<GatehookEnv> {
  const noNext = async () => undefined;
  const finish = async (c: Context<GatehookEnv>): Promise<void> => {
    try {
      const res = await execute(c, noNext);
      if (res && !c.finalized) c.res = res;
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      c.error = err;
      c.res = await onError(err, c);
    }
  };
  // The casts drop the Response these steps never return (see above).
  const afterVerify = (c: Context<GatehookEnv>) => body(c, () => parse(c, () => budget(c, () => finish(c)) as Promise<void>) as Promise<void>);
  return function hookSteps(c) {
    return verify(c, () => afterVerify(c) as Promise<void>);
  };
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
  const logger = options.logger ?? createJsonLogger();
  const verify = failClosedAfter(authMiddleware(options.auth), { budgetMs: options.deadlineMs ?? DEFAULT_BUDGET_MS });
  const body = jsonBody(options.body);
  const resolveOkta = oktaResolver(options.okta);

  const onError = oktaErrorHandler({ logger });
  const app = new Hono<GatehookEnv>();
  app.onError(onError);
  app.notFound(oktaNotFound);
  app.use(requestLogger({ logger }));
  app.get('/healthz', (c) => c.json({ status: 'ok', hooks: entries.map(([type]) => type) }));

  for (const [type, definition] of entries) {
    if (definition.type !== type) {
      throw new GatehookConfigError('ERR_HOOK_TYPE_MISMATCH', `createHookApp: hooks.${type} is a "${definition.type}" hook definition`);
    }
    const parse = parseEvent(definition, { logBodies: options.logBodies });
    const budget = deadline({
      budgetMs: options.deadlineMs,
      fallback: (c, reason) => hookResponse(c, definition.fallback(c.get('event'), reason)),
    });
    const steps = hookSteps(verify, body, parse, budget, executeHook(definition, resolveOkta), onError);
    for (const path of options.serveAtRoot ? [`/hooks/${type}`, '/'] : [`/hooks/${type}`]) {
      app.post(path, steps);
    }
  }
  return app;
}
