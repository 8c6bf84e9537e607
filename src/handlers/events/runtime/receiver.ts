/**
 * The HTTP half of an event hook: answers Okta's verification GET, and for each delivery POST
 * validates the envelope, writes the batch to the queue and answers 200 with an empty body. The
 * handlers run later, in a worker.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Logger } from '../../core/types.js';
import { jsonBody } from '../../../middleware/body/index.js';
import { OktaErrorCode, oktaErrorHandler, oktaHttpException, oktaNotFound } from '../../../middleware/errors/index.js';
import { requestLogger } from '../../../middleware/logger/index.js';
import { silentLogger } from '../../../middleware/logger/json-logger.js';
import type { GatehookEnv } from '../../../middleware/types.js';
import { verifyHeader, type VerifyHeaderOptions } from '../../../middleware/verify-header/index.js';
import type { EventQueue } from './contracts.js';
import { describeError, InvalidDeliveryError } from '../errors.js';
import { positive } from './settings.js';
import { parseDelivery } from '../validate.js';
import { CHALLENGE_HEADER, checkChallenge } from './verification.js';

/** Event hooks only know Okta's HTTP-header scheme; `middleware` is for a custom check. */
export type EventHookAuth = { header: VerifyHeaderOptions } | { middleware: MiddlewareHandler<GatehookEnv> };

export interface EventReceiverOptions {
  queue: EventQueue;
  /** Required: there is no unauthenticated mode. */
  auth: EventHookAuth;
  /** Also authenticate the verification GET. Default true (Okta sends the auth header on every request). */
  authenticateChallenge?: boolean;
  /** Route path(s). Default `/hooks/events`; use `/` to mount with `app.route('/hooks/events', receiver)`. */
  path?: string | readonly string[];
  /** Largest delivery body accepted. Default 4 MiB. */
  maxBodyBytes?: number;
  /** Longest wait for the queue before answering 503, so Okta can retry within its 3 s timeout. Default 2 s. */
  enqueueTimeoutMs?: number;
  logger?: Logger;
}

function authMiddleware(auth: EventHookAuth): MiddlewareHandler<GatehookEnv> {
  if (auth && 'header' in auth) return verifyHeader(auth.header);
  if (auth && 'middleware' in auth && typeof auth.middleware === 'function') return auth.middleware;
  throw new TypeError('createEventReceiver: auth must be { header } or { middleware }; event hooks are never served unauthenticated');
}

function invalid(errorSummary: string, causes: { location: string; message: string }[] = []) {
  return oktaHttpException({
    status: 400,
    errorCode: OktaErrorCode.validation,
    errorSummary,
    errorCauses: causes.map((cause) => ({ errorSummary: cause.message, location: cause.location, locationType: 'body' })),
  });
}

async function withTimeout(work: (signal: AbortSignal) => Promise<void>, ms: number): Promise<void> {
  const signal = AbortSignal.timeout(ms);
  const timedOut = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  timedOut.catch(() => {});
  await Promise.race([work(signal), timedOut]);
}

/**
 * @example
 * const receiver = createEventReceiver({
 *   queue: new SqliteEventQueue(openEventDatabase('.data/events.db')),
 *   auth: { header: { secrets: fromEnv() } },
 * });
 * await serveNode(receiver, { port: 8787 });
 */
export function createEventReceiver(options: EventReceiverOptions): Hono<GatehookEnv> {
  const verify = authMiddleware(options.auth);
  const paths = typeof options.path === 'string' ? [options.path] : (options.path ?? ['/hooks/events']);
  const enqueueTimeoutMs = positive(options.enqueueTimeoutMs, 2000, 'enqueueTimeoutMs');
  const body = jsonBody({ maxBytes: positive(options.maxBodyBytes, 4 * 1024 * 1024, 'maxBodyBytes') });
  const logger = options.logger ?? silentLogger;
  const skip: MiddlewareHandler<GatehookEnv> = async (_c, next) => next();

  const app = new Hono<GatehookEnv>();
  app.onError(oktaErrorHandler({ logger }));
  app.notFound(oktaNotFound);
  app.use(requestLogger({ logger }));
  app.use(async (c, next) => {
    c.set('hookType', 'events');
    await next();
  });

  const answerChallenge: MiddlewareHandler<GatehookEnv> = async (c) => {
    const check = checkChallenge(c.req.header(CHALLENGE_HEADER));
    if (!check.ok) {
      c.set('outcome', 'invalid');
      c.set('reason', 'challenge-invalid');
      throw invalid(check.reason);
    }
    c.set('outcome', 'applied');
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.json({ verification: check.value });
  };

  const acceptDelivery: MiddlewareHandler<GatehookEnv> = async (c) => {
    let delivery;
    try {
      delivery = parseDelivery(c.get('body'));
    } catch (error) {
      if (!(error instanceof InvalidDeliveryError)) throw error;
      c.set('outcome', 'invalid');
      c.set('reason', 'delivery-invalid');
      throw invalid('The event hook delivery is not valid', error.issues);
    }
    c.set('eventId', delivery.eventId);
    const events = delivery.data.events;
    if (events.length > 0) {
      try {
        await withTimeout((signal) => options.queue.enqueue({ deliveryId: delivery.eventId, events }, signal), enqueueTimeoutMs);
      } catch (error) {
        // A 5xx makes Okta retry once; if the write landed after all, the idempotency store absorbs the copy.
        c.get('log').error('could not enqueue delivery', { error: describeError(error) });
        c.set('outcome', 'error');
        c.set('reason', 'enqueue-failed');
        throw oktaHttpException({ status: 503, errorCode: OktaErrorCode.unavailable, errorSummary: 'Service unavailable' });
      }
    }
    c.set('outcome', 'applied');
    return c.body(null, 200);
  };

  for (const path of paths) {
    app.get(path, options.authenticateChallenge === false ? skip : verify, answerChallenge);
    app.post(path, verify, body, acceptDelivery);
  }
  return app;
}

