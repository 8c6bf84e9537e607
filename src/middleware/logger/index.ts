import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../handlers/core/types.js';
import type { GatehookEnv, Outcome } from '../types.js';
import { createJsonLogger } from './json-logger.js';

export { createJsonLogger, isLogLevel, silentLogger } from './json-logger.js';
export type { JsonLoggerOptions, LogLevel } from './json-logger.js';

export interface RequestLoggerOptions {
  logger?: Logger;
  /** Clock for durations; `performance.now` by default. */
  now?: () => number;
}

function outcomeFromStatus(status: number): Outcome {
  if (status === 401 || status === 403) return 'rejected';
  if (status >= 500) return 'error';
  if (status >= 400) return 'invalid';
  return 'applied';
}

/**
 * Writes exactly one structured line per request: eventId, hook type, outcome
 * (applied | fallback | rejected | invalid | error), reason code, status and duration. Headers and
 * bodies are never logged here; it also gives every later step a request-scoped `c.var.log`.
 *
 * @example
 * app.use(requestLogger({ logger: createJsonLogger({ level: 'info' }) }));
 */
export function requestLogger(options: RequestLoggerOptions = {}): MiddlewareHandler<GatehookEnv> {
  const root = options.logger ?? createJsonLogger();
  const now = options.now ?? (() => performance.now());
  return async function requestLogger(c, next) {
    const started = now();
    const requestId = crypto.randomUUID();
    c.set('requestId', requestId);
    c.set('receivedAt', Date.now());
    c.set('log', root.child({ requestId }));
    try {
      await next();
    } finally {
      const status = c.res.status;
      const outcome = c.get('outcome') ?? outcomeFromStatus(status);
      const fields: Record<string, unknown> = {
        requestId,
        eventId: c.get('eventId'),
        hookType: c.get('hookType'),
        method: c.req.method,
        path: c.req.path,
        outcome,
        reason: c.get('reason'),
        status,
        durationMs: Math.round((now() - started) * 10) / 10,
      };
      const level = outcome === 'error' ? 'error' : outcome === 'applied' ? 'info' : 'warn';
      root[level]('request', fields);
    }
  };
}
