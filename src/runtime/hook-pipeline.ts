import { isPromiseLike } from '../handlers/core/promise.js';
import type { FallbackReason, HookContext, HookResponseBody, InlineHookDefinition, Logger, SealedResponse, ValidationIssue } from '../handlers/core/types.js';
import { bodyError } from '../middleware/body/index.js';
import { bodyTooLarge, bodyUnreadable, checkBodyHeaders, declaredLength, decodeJsonObject, type BodyLimits, type BodyRejection } from '../middleware/body/json-object.js';
import { raceUntil, RequestBudget, TIMED_OUT, type Raced } from '../middleware/deadline/budget.js';
import { fallbackReasonOf, logHandlerFailure } from '../middleware/deadline/index.js';
import { describeError, oktaError, OktaErrorCode, refusalError, type OktaError } from '../middleware/errors/index.js';
import type { Outcome } from '../middleware/types.js';
import type { AuthRefusal, RequestVerifier } from '../middleware/verifier.js';
import type { OktaClient } from '../sdk/client.js';
import { HookHandlerError, type GatehookConfigError } from './errors.js';
import { isLastingOktaResult } from './okta.js';

/**
 * One inline hook request from headers and raw bytes to the answer, with no HTTP framework in the
 * way: verify -> JSON body -> parse -> execute under the deadline -> 200/204, or the Okta-shaped
 * refusal or the hook's fallback. The Hono route (Lambda, `app.request`) and the Node server's direct
 * path both run this, so they answer every request alike; they only differ in how they read a body
 * and write an answer.
 */

/** What an adapter hands the pipeline for one request. */
export interface HookRequest {
  /** A request header by lower-case name; repeated headers joined with ", " (as `Headers.get`). */
  header(name: string): string | undefined;
  /** Epoch ms the request arrived: budgets count from here. */
  readonly receivedAt: number;
  readonly requestId: string;
  /** The request-scoped logger. */
  readonly log: Logger;
}

/** The answer, plus what the request line reports about it. */
export interface HookAnswer {
  readonly status: number;
  /** JSON text, or null for an empty answer (204). */
  readonly body: string | null;
  readonly outcome: Outcome;
  readonly reason?: string | undefined;
  readonly eventId?: string | undefined;
  /** Headers beyond Content-Type (WWW-Authenticate on a refused bearer token). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export interface HookPipelineOptions {
  /** The credential check (header secret, JWT); omitted when the adapter authenticated the request already. */
  verifier?: RequestVerifier;
  budgetMs: number;
  limits: BodyLimits;
  resolveOkta: () => Promise<OktaClient | GatehookConfigError>;
  /** Log each request body at debug level, after the definition's `redact`. */
  logBodies?: boolean;
  now?: () => number;
}

/** The body as an adapter read it: the bytes, or why there are none. */
export type BodyRead = Uint8Array | 'too-large' | 'unreadable';

/**
 * Two phases around reading the body, so an adapter reads it its own way (node:http with callbacks,
 * Hono from its Request) and a refused request is answered before a byte of its body is read.
 */
export interface HookPipeline {
  readonly hookType: string;
  /** The body limits the adapter must read within. */
  readonly maxBytes: number;
  /** Verification and the header checks: a refusal, undefined to go on and read the body, or a promise of either. Never throws. */
  admit(request: HookRequest): HookAnswer | undefined | Promise<HookAnswer | undefined>;
  /**
   * From the body read to the answer: decode, parse, execute under the deadline. The answer itself
   * when nothing had to wait (a refusal, a handler that returned no promise), else a promise of it.
   * Never throws or rejects.
   */
  complete(request: HookRequest, body: BodyRead): HookAnswer | Promise<HookAnswer>;
}

const refusedBody = (rejection: BodyRejection, requestId: string) => errorAnswer(bodyError(rejection, requestId), 'invalid', rejection.reason);

/** A refusal as the pipeline's answer. */
function errorAnswer(error: OktaError, outcome: Outcome, reason: string | undefined, eventId?: string): HookAnswer {
  return { status: error.status, body: JSON.stringify(error.body), outcome, reason, eventId, headers: error.headers };
}

function eventIdOf(body: Record<string, unknown>): string | undefined {
  const id = body.eventId ?? body.eventID;
  return typeof id === 'string' ? id.slice(0, 128) : undefined;
}

/** 200 with the JSON text, or 204 when the definition answers `null`. */
function hookAnswer(text: string | null, outcome: Outcome, reason: string | undefined, eventId: string | undefined): HookAnswer {
  return text === null ? { status: 204, body: null, outcome, reason, eventId } : { status: 200, body: text, outcome, reason, eventId };
}

const fallbackText = (body: HookResponseBody | null) => (body === null ? null : JSON.stringify(body));
const sentText = (sealed: SealedResponse | null) => (sealed === null ? null : sealed.text);

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
  readonly #logEventId: string | undefined;
  #log: Logger | undefined;

  constructor(budget: RequestBudget, eventId: string | undefined, requestLog: Logger, hookType: string, okta: OktaClient | GatehookConfigError) {
    this.#budget = budget;
    this.eventId = eventId ?? '';
    this.#logEventId = eventId;
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
    return (this.#log ??= this.#requestLog.child({ eventId: this.#logEventId, hookType: this.#hookType }));
  }

  get okta(): OktaClient {
    if (this.#okta instanceof Error) throw this.#okta;
    return this.#okta;
  }
}

export function createHookPipeline(definition: InlineHookDefinition, options: HookPipelineOptions): HookPipeline {
  const { verifier, budgetMs, limits, resolveOkta } = options;
  const now = options.now ?? Date.now;
  const hookType = definition.type;
  // Once resolved, the client (or the lasting "none configured") is reused without an await; a failure
  // to create one is not kept: resolveOkta retries it.
  let resolvedOkta: OktaClient | GatehookConfigError | undefined;

  /** The answer refusing the request, or undefined when its credentials verified. */
  function refusal(request: HookRequest, refused: AuthRefusal | undefined): HookAnswer | undefined {
    if (refused === undefined) return undefined;
    return errorAnswer(refusalError(refused, request.requestId, request.log), refused.status === 503 ? 'error' : 'rejected', refused.reason);
  }

  /** A check that needs I/O (a secret store, a JWKS) runs within what is left of the budget; past it, fail closed. */
  async function verifySlowly(request: HookRequest, pending: Promise<AuthRefusal | undefined>): Promise<HookAnswer | undefined> {
    const raced = await raceUntil(request.receivedAt + budgetMs - now(), pending);
    if (raced === TIMED_OUT) {
      const cause = new DOMException('verification overran the budget', 'TimeoutError');
      return refusal(request, { status: 503, reason: 'verification-timeout', errorCode: OktaErrorCode.unavailable, errorSummary: 'Service unavailable', cause });
    }
    if (!raced.ok) return internalError(request, raced.error);
    return refusal(request, raced.value);
  }

  function invalidEvent(request: HookRequest, issues: readonly ValidationIssue[], eventId: string | undefined): HookAnswer {
    const errorCauses = issues.slice(0, 50).map((issue) => ({ errorSummary: issue.message, reason: 'INVALID_FIELD', locationType: 'body', location: issue.location, domain: 'request' }));
    const error = oktaError(400, { errorCode: OktaErrorCode.validation, errorSummary: `Api validation failed: ${definition.eventType} request`, errorId: request.requestId, errorCauses });
    return errorAnswer(error, 'invalid', 'event-invalid', eventId);
  }

  /** The handler's failure or overrun, answered with the hook's fallback. */
  function fallback(request: HookRequest, budget: RequestBudget, work: Promise<unknown>, result: Raced<unknown>, event: unknown, eventId: string | undefined): HookAnswer {
    let reason: FallbackReason;
    if (result === TIMED_OUT) {
      budget.abort(new DOMException('hook deadline exceeded', 'TimeoutError'));
      request.log.warn('handler overran its deadline', { budgetMs });
      // The abort often causes the late failure; it changes nothing, the fallback has been sent.
      work.catch((err: unknown) => request.log.debug('handler failed after the deadline', { error: describeError(err) }));
      reason = 'timeout';
    } else {
      const error = !result.ok && result.error instanceof Error ? result.error : new HookHandlerError(result.ok ? undefined : result.error);
      logHandlerFailure(request.log, error);
      budget.abort(new DOMException('handler failed', 'AbortError'));
      reason = fallbackReasonOf(error);
    }
    return hookAnswer(fallbackText(definition.fallback(event, reason)), 'fallback', reason, eventId);
  }

  /** Only a bug in gatehook itself gets here: the handler's own failures become its fallback. */
  function internalError(request: HookRequest, err: unknown): HookAnswer {
    request.log.error('unexpected error', { error: describeError(err) });
    return errorAnswer(oktaError(500, { errorCode: OktaErrorCode.internal, errorSummary: 'Internal Server Error', errorId: request.requestId }), 'error', undefined);
  }

  function admit(request: HookRequest): HookAnswer | undefined | Promise<HookAnswer | undefined> {
    if (verifier) {
      const checked = verifier.check(request.header(verifier.headerName));
      if (checked instanceof Promise) return verifySlowly(request, checked).then((refused) => refused ?? checkHeaders(request));
      const refused = refusal(request, checked);
      if (refused) return refused;
    }
    return checkHeaders(request);
  }

  function checkHeaders(request: HookRequest): HookAnswer | undefined {
    const refused = checkBodyHeaders(request.header('content-type'), declaredLength(request.header('content-length')), limits);
    return refused && refusedBody(refused, request.requestId);
  }

  /**
   * The steps inline rather than one async function each: every promise costs a microtask and an
   * allocation. A valid request waits only for the handler's own promise, and a handler that returns
   * none is answered in the same turn, with no deadline armed (nothing could interrupt it anyway).
   */
  function complete(request: HookRequest, body: BodyRead): HookAnswer | Promise<HookAnswer> {
    try {
      if (body === 'unreadable') return refusedBody(bodyUnreadable, request.requestId);
      if (body === 'too-large') return refusedBody(bodyTooLarge(limits), request.requestId);
      const decoded = decodeJsonObject(body, limits);
      if ('status' in decoded) return refusedBody(decoded, request.requestId);

      const json = decoded.value;
      const eventId = eventIdOf(json);
      // Only the definition knows where its secrets sit (e.g. the plaintext password of password import).
      if (options.logBodies) request.log.debug('hook request', { hookType, body: definition.redact(json) });
      const parsed = definition.parse(json);
      if (!parsed.ok) return invalidEvent(request, parsed.issues, eventId);

      if (resolvedOkta !== undefined) return run(request, parsed.event, eventId, resolvedOkta);
      return resolveOkta().then(
        (okta) => {
          if (isLastingOktaResult(okta)) resolvedOkta = okta;
          return run(request, parsed.event, eventId, okta);
        },
        (err: unknown) => internalError(request, err),
      );
    } catch (err) {
      return internalError(request, err);
    }
  }

  /** The handler under the deadline, then its answer or the hook's fallback. Never throws or rejects. */
  function run(request: HookRequest, event: unknown, eventId: string | undefined, okta: OktaClient | GatehookConfigError): HookAnswer | Promise<HookAnswer> {
    try {
      // Okta's clock started when it sent the request, not when verification and parsing were done.
      const budget = new RequestBudget(request.receivedAt + budgetMs, now);
      // Shedding load: a request whose budget went by while it queued (an overloaded loop, a slow upload)
      // gets its fallback at once; starting the handler could only answer after Okta gave up.
      if (budget.remainingMs() < 1) {
        request.log.warn('budget spent before the handler started, answering the fallback', { budgetMs });
        return hookAnswer(fallbackText(definition.fallback(event, 'timeout')), 'fallback', 'timeout', eventId);
      }
      const work = definition.execute(event, new RequestHookContext(budget, eventId, request.log, hookType, okta));
      if (!isPromiseLike(work)) return hookAnswer(sentText(work), 'applied', undefined, eventId);
      const settled = Promise.resolve(work);
      return budget.race(settled).then((result) => {
        try {
          if (result !== TIMED_OUT && result.ok) return hookAnswer(sentText(result.value), 'applied', undefined, eventId);
          return fallback(request, budget, settled, result, event, eventId);
        } catch (err) {
          return internalError(request, err);
        }
      });
    } catch (err) {
      return internalError(request, err);
    }
  }

  return {
    hookType,
    maxBytes: limits.maxBytes,
    admit(request) {
      try {
        const admitted = admit(request);
        return admitted instanceof Promise ? admitted.catch((err: unknown) => internalError(request, err)) : admitted;
      } catch (err) {
        return internalError(request, err);
      }
    },
    complete,
  };
}
