import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isPromiseLike } from '../handlers/core/promise.js';
import type { FallbackReason, HookContext, HookResponseBody, InlineHookDefinition, Logger, SealedResponse } from '../handlers/core/types.js';
import { bodyError, readRequestBody } from '../middleware/body/index.js';
import { bodyTooLarge, bodyUnreadable, checkBodyHeaders, declaredLength, decodeJsonObject, type BodyLimits, type BodyRejection } from '../middleware/body/json-object.js';
import { raceUntil, RequestBudget, TIMED_OUT, type Raced } from '../middleware/deadline/budget.js';
import { fallbackReasonOf, logHandlerFailure } from '../middleware/deadline/index.js';
import { describeError, oktaError, OktaErrorCode, refusalError, type OktaError } from '../middleware/errors/index.js';
import { silentLogger } from '../middleware/logger/json-logger.js';
import type { GatehookEnv, Outcome } from '../middleware/types.js';
import type { AuthRefusal, RequestVerifier } from '../middleware/verifier.js';
import type { OktaClient } from '../sdk/client.js';
import { HookHandlerError, type GatehookConfigError } from './errors.js';
import { isLastingOktaResult } from './okta.js';

/**
 * One inline hook as a Hono handler, the one way every platform reaches a hook: verify -> JSON body ->
 * parse -> execute under the deadline -> 200/204, or the Okta-shaped refusal, or the hook's fallback.
 * What it reports (outcome, reason, event id) is left on the context for the request line.
 */

export interface HookRouteOptions {
  /** gatehook's own credential check (header secret, JWT); omitted when a middleware in front did it. */
  verifier?: RequestVerifier;
  budgetMs: number;
  limits: BodyLimits;
  resolveOkta: () => Promise<OktaClient | GatehookConfigError>;
  /** Log each request body at debug level, after the definition's `redact`. */
  logBodies?: boolean;
  now?: () => number;
}

/** What one request has that the steps after verification need. */
interface RequestState {
  readonly c: Context<GatehookEnv>;
  readonly receivedAt: number;
  readonly requestId: string;
  readonly log: Logger;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

function eventIdOf(body: Record<string, unknown>): string | undefined {
  const id = body.eventId ?? body.eventID;
  return typeof id === 'string' ? id.slice(0, 128) : undefined;
}

/** Writes the answer and leaves what the request line reports about it on the context. */
function answer(c: Context<GatehookEnv>, status: 200 | 204 | ContentfulStatusCode, text: string | null, outcome: Outcome, reason?: string, eventId?: string, headers?: Readonly<Record<string, string>>): Response {
  c.set('outcome', outcome);
  c.set('reason', reason);
  c.set('eventId', eventId);
  c.set('answerText', text);
  if (text === null) return c.body(null, 204);
  return c.body(text, status as ContentfulStatusCode, headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS);
}

const refuse = (c: Context<GatehookEnv>, error: OktaError, outcome: Outcome, reason: string | undefined, eventId?: string) =>
  answer(c, error.status, JSON.stringify(error.body), outcome, reason, eventId, error.headers);

const refuseBody = (state: RequestState, rejection: BodyRejection) => refuse(state.c, bodyError(rejection, state.requestId), 'invalid', rejection.reason);

/** The body to send as text; null answers 204. */
const sentText = (sealed: SealedResponse | null) => (sealed === null ? null : sealed.text);
const fallbackText = (body: HookResponseBody | null) => (body === null ? null : JSON.stringify(body));

/**
 * A class rather than an object literal with getters: a literal's accessors are defined anew on
 * every request (a slow runtime call), a prototype's once.
 */
class RequestHookContext implements HookContext {
  readonly #budget: RequestBudget;
  readonly eventId: string;
  readonly #okta: OktaClient | GatehookConfigError;
  readonly #requestLog: Logger;
  readonly #hookType: string;
  #log: Logger | undefined;

  constructor(budget: RequestBudget, eventId: string | undefined, requestLog: Logger, hookType: string, okta: OktaClient | GatehookConfigError) {
    this.#budget = budget;
    this.eventId = eventId ?? '';
    this.#requestLog = requestLog;
    this.#hookType = hookType;
    this.#okta = okta;
  }

  get signal(): AbortSignal {
    return this.#budget.signal;
  }

  get deadline(): number {
    return this.#budget.at;
  }

  remainingMs(): number {
    return this.#budget.remainingMs();
  }

  /** Made on first use: most handlers never log, and a child logger is a few objects per request. */
  get log(): Logger {
    return (this.#log ??= this.#requestLog.child({ eventId: this.eventId || undefined, hookType: this.#hookType }));
  }

  get okta(): OktaClient {
    if (this.#okta instanceof Error) throw this.#okta;
    return this.#okta;
  }
}

export function hookRoute(definition: InlineHookDefinition, options: HookRouteOptions): MiddlewareHandler<GatehookEnv> {
  const { verifier, budgetMs, limits, resolveOkta } = options;
  const now = options.now ?? Date.now;
  const hookType = definition.type;
  // Once resolved, the client (or the lasting "none configured") is reused without an await; a failure
  // to create one is not kept: resolveOkta retries it.
  let resolvedOkta: OktaClient | GatehookConfigError | undefined;

  /** Only a bug in gatehook itself gets here: the handler's own failures become its fallback. */
  function internalError(state: RequestState, err: unknown): Response {
    state.log.error('unexpected error', { error: describeError(err) });
    return refuse(state.c, oktaError(500, { errorCode: OktaErrorCode.internal, errorSummary: 'Internal Server Error', errorId: state.requestId }), 'error', undefined);
  }

  function refuseAuth(state: RequestState, refused: AuthRefusal): Response {
    return refuse(state.c, refusalError(refused, state.requestId, state.log), refused.status === 503 ? 'error' : 'rejected', refused.reason);
  }

  /** A check that needs I/O (a secret store, a JWKS) runs within what is left of the budget; past it, fail closed. */
  async function verifySlowly(state: RequestState, pending: Promise<AuthRefusal | undefined>): Promise<AuthRefusal | undefined> {
    const raced = await raceUntil(state.receivedAt + budgetMs - now(), pending);
    if (raced === TIMED_OUT) {
      const cause = new DOMException('verification overran the budget', 'TimeoutError');
      return { status: 503, reason: 'verification-timeout', errorCode: OktaErrorCode.unavailable, errorSummary: 'Service unavailable', cause };
    }
    if (!raced.ok) throw raced.error;
    return raced.value;
  }

  /** The handler's failure or overrun, answered with the hook's fallback. */
  function fallback(state: RequestState, budget: RequestBudget, work: Promise<unknown>, result: Raced<unknown>, event: unknown, eventId: string | undefined): Response {
    let reason: FallbackReason;
    if (result === TIMED_OUT) {
      budget.abort(new DOMException('hook deadline exceeded', 'TimeoutError'));
      state.log.warn('handler overran its deadline', { budgetMs });
      // The abort often causes the late failure; it changes nothing, the fallback has been sent.
      work.catch((err: unknown) => state.log.debug('handler failed after the deadline', { error: describeError(err) }));
      reason = 'timeout';
    } else {
      const error = !result.ok && result.error instanceof Error ? result.error : new HookHandlerError(result.ok ? undefined : result.error);
      logHandlerFailure(state.log, error);
      budget.abort(new DOMException('handler failed', 'AbortError'));
      reason = fallbackReasonOf(error);
    }
    return answer(state.c, 200, fallbackText(definition.fallback(event, reason)), 'fallback', reason, eventId);
  }

  /** The handler under the deadline, then its answer or the hook's fallback. */
  async function run(state: RequestState, event: unknown, eventId: string | undefined, okta: OktaClient | GatehookConfigError): Promise<Response> {
    // Okta's clock started when it sent the request, not when verification and parsing were done.
    const budget = new RequestBudget(state.receivedAt + budgetMs, now);
    // Shedding load: a request whose budget went by while it queued (an overloaded loop, a slow upload)
    // gets its fallback at once; starting the handler could only answer after Okta gave up.
    if (budget.remainingMs() < 1) {
      state.log.warn('budget spent before the handler started, answering the fallback', { budgetMs });
      return answer(state.c, 200, fallbackText(definition.fallback(event, 'timeout')), 'fallback', 'timeout', eventId);
    }
    const work = definition.execute(event, new RequestHookContext(budget, eventId, state.log, hookType, okta));
    // A handler that returned no promise has finished: its answer needs no deadline, no timer.
    if (!isPromiseLike(work)) return answer(state.c, 200, sentText(work), 'applied', undefined, eventId);
    const settled = Promise.resolve(work);
    const result = await budget.race(settled);
    if (result !== TIMED_OUT && result.ok) return answer(state.c, 200, sentText(result.value), 'applied', undefined, eventId);
    return fallback(state, budget, settled, result, event, eventId);
  }

  return async function hookRoute(c) {
    c.set('hookType', hookType);
    const state: RequestState = { c, receivedAt: c.get('receivedAt') ?? now(), requestId: c.get('requestId') ?? crypto.randomUUID(), log: c.get('log') ?? silentLogger };
    try {
      // Credentials first, then what the headers say of the body: a refused request is answered
      // before a byte of its body is read.
      if (verifier) {
        const checked = verifier.check(c.req.header(verifier.headerName));
        const refused = checked instanceof Promise ? await verifySlowly(state, checked) : checked;
        if (refused) return refuseAuth(state, refused);
      }
      const refusedHeaders = checkBodyHeaders(c.req.header('content-type'), declaredLength(c.req.header('content-length')), limits);
      if (refusedHeaders) return refuseBody(state, refusedHeaders);
      let bytes: Uint8Array | undefined;
      try {
        bytes = await readRequestBody(c, limits.maxBytes);
      } catch {
        return refuseBody(state, bodyUnreadable);
      }
      if (bytes === undefined) return refuseBody(state, bodyTooLarge(limits));
      const decoded = decodeJsonObject(bytes, limits);
      if ('status' in decoded) return refuseBody(state, decoded);

      const json = decoded.value;
      const eventId = eventIdOf(json);
      // Only the definition knows where its secrets sit (e.g. the plaintext password of password import).
      if (options.logBodies) state.log.debug('hook request', { hookType, body: definition.redact(json) });
      const parsed = definition.parse(json);
      if (!parsed.ok) {
        const errorCauses = parsed.issues.slice(0, 50).map((issue) => ({ errorSummary: issue.message, reason: 'INVALID_FIELD', locationType: 'body', location: issue.location, domain: 'request' }));
        const error = oktaError(400, { errorCode: OktaErrorCode.validation, errorSummary: `Api validation failed: ${definition.eventType} request`, errorId: state.requestId, errorCauses });
        return refuse(c, error, 'invalid', 'event-invalid', eventId);
      }
      let okta = resolvedOkta;
      if (okta === undefined) {
        okta = await resolveOkta();
        if (isLastingOktaResult(okta)) resolvedOkta = okta;
      }
      return await run(state, parsed.event, eventId, okta);
    } catch (err) {
      return internalError(state, err);
    }
  };
}
