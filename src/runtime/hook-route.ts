import type { Context, MiddlewareHandler } from 'hono';
import { responseText } from '../handlers/core/response.js';
import type { HookContext, HookResponseBody, InlineHookDefinition, Logger } from '../handlers/core/types.js';
import { describeError, OktaErrorCode, oktaHttpException } from '../middleware/errors/index.js';
import type { Deadline, GatehookEnv } from '../middleware/types.js';
import type { OktaClient } from '../sdk/client.js';
import { HookHandlerError, type GatehookConfigError } from './errors.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

/** 200 with the JSON body, or 204 when the definition answers `null`. */
export function hookResponse(c: Context<GatehookEnv>, body: HookResponseBody | null): Response {
  if (body === null) return c.body(null, 204);
  return c.body(responseText(body), 200, JSON_HEADERS);
}

function eventIdOf(body: unknown): string | undefined {
  const record = body as { eventId?: unknown; eventID?: unknown };
  const id = record.eventId ?? record.eventID;
  return typeof id === 'string' ? id.slice(0, 128) : undefined;
}

/** Runs `definition.parse` on `c.var.body`; 400 in Okta's error shape with one cause per issue. */
export function parseEvent(definition: InlineHookDefinition, options: { logBodies?: boolean } = {}): MiddlewareHandler<GatehookEnv> {
  // Not async: returning next()'s promise spares the chain one promise layer per request.
  return function parseEvent(c, next) {
    c.set('hookType', definition.type);
    const body = c.get('body');
    c.set('eventId', eventIdOf(body));
    // Only the definition knows where its secrets sit (e.g. the plaintext password of password import).
    if (options.logBodies) c.get('log').debug('hook request', { hookType: definition.type, body: definition.redact(body) });
    const result = definition.parse(body);
    if (!result.ok) {
      c.set('outcome', 'invalid');
      c.set('reason', 'event-invalid');
      throw oktaHttpException({
        status: 400,
        errorCode: OktaErrorCode.validation,
        errorSummary: `Api validation failed: ${definition.eventType} request`,
        errorId: c.get('requestId'),
        errorCauses: result.issues.slice(0, 50).map((issue) => ({
          errorSummary: issue.message,
          reason: 'INVALID_FIELD',
          locationType: 'body',
          location: issue.location,
          domain: 'request',
        })),
      });
    }
    c.set('event', result.event);
    return next();
  };
}

/**
 * A class rather than an object literal with a getter: a literal's accessor is defined anew on every
 * request (a slow runtime call), a prototype's once.
 */
class RequestHookContext implements HookContext {
  readonly signal: AbortSignal;
  readonly deadline: number;
  readonly remainingMs: () => number;
  readonly eventId: string;
  readonly #okta: OktaClient | GatehookConfigError;
  readonly #requestLog: Logger;
  readonly #hookType: string;
  readonly #logEventId: string | undefined;
  #log: Logger | undefined;

  constructor(budget: Deadline, eventId: string | undefined, requestLog: Logger, hookType: string, okta: OktaClient | GatehookConfigError) {
    this.signal = budget.signal;
    this.deadline = budget.at;
    this.remainingMs = budget.remainingMs;
    this.eventId = eventId ?? '';
    this.#logEventId = eventId;
    this.#requestLog = requestLog;
    this.#hookType = hookType;
    this.#okta = okta;
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

/** Calls `definition.execute` (which runs the contract checks) with the hook context and answers 200/204. */
export function executeHook(
  definition: InlineHookDefinition,
  resolveOkta: () => Promise<OktaClient | GatehookConfigError>,
): MiddlewareHandler<GatehookEnv> {
  // Once resolved, the client is reused without an await (a failure is not kept: resolveOkta retries it).
  let resolved: OktaClient | undefined;
  return async function executeHook(c) {
    const budget = c.get('deadline');
    let okta: OktaClient | GatehookConfigError | undefined = resolved;
    if (okta === undefined) {
      okta = await resolveOkta();
      if (!(okta instanceof Error)) resolved = okta;
    }
    const ctx = new RequestHookContext(budget, c.get('eventId'), c.get('log'), definition.type, okta);
    let body: Awaited<ReturnType<typeof definition.execute>>;
    try {
      body = await definition.execute(c.get('event'), ctx);
    } catch (err) {
      // The deadline has answered with the fallback already, and the abort it sent often causes this
      // very failure: rethrowing would let Hono's error handler replace that answer with a 500.
      if (budget.signal.aborted) {
        ctx.log.debug('handler failed after the deadline', { error: describeError(err) });
        return;
      }
      // Hono only routes Error instances to the error handler; `throw 'text'` would escape as a bare 500.
      throw err instanceof Error ? err : new HookHandlerError(err);
    }
    if (budget.signal.aborted) return; // too late: the fallback was sent
    c.set('outcome', 'applied');
    return hookResponse(c, body);
  };
}
