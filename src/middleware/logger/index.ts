import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../handlers/core/types.js';
import type { GatehookEnv, Outcome } from '../types.js';
import { createJsonLogger, type RequestLineFields } from './json-logger.js';

export { createJsonLogger, groupStdoutLines, isLogLevel, silentLogger } from './json-logger.js';
export type { JsonLoggerOptions, LogLevel, RequestLineFields } from './json-logger.js';

export interface RequestLoggerOptions {
  logger?: Logger;
  /** Clock for durations; `performance.now` by default. */
  now?: () => number;
}

export function outcomeFromStatus(status: number): Outcome {
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
/** Where a server adapter stamps, on its native request object, when the request reached it. */
export const RECEIVED_AT: unique symbol = Symbol.for('gatehook.receivedAt');

export function requestLogger(options: RequestLoggerOptions = {}): MiddlewareHandler<GatehookEnv> {
  const root = options.logger ?? createJsonLogger();
  const now = options.now ?? (() => performance.now());
  return async function requestLogger(c, next) {
    const started = now();
    const requestId = crypto.randomUUID();
    c.set('requestId', requestId);
    // The earliest moment the server knew of the request (serveNode stamps it as node:http hands it over).
    c.set('receivedAt', (c.env as { incoming?: { [RECEIVED_AT]?: number } } | undefined)?.incoming?.[RECEIVED_AT] ?? Date.now());
    c.set('log', new LazyRequestLog(root, requestId));
    try {
      await next();
    } finally {
      const status = c.res.status;
      writeRequestLine(root, {
        requestId,
        eventId: c.get('eventId'),
        hookType: c.get('hookType'),
        method: c.req.method,
        path: c.req.path,
        outcome: c.get('outcome') ?? outcomeFromStatus(status),
        reason: c.get('reason'),
        status,
        durationMs: Math.round((now() - started) * 10) / 10,
      });
    }
  };
}

/** Writes a request's line: at info when applied, error for our failures, warn for everything else. */
export function writeRequestLine(root: Logger, fields: RequestLineFields): void {
  const level = fields.outcome === 'error' ? 'error' : fields.outcome === 'applied' ? 'info' : 'warn';
  root[level]('request', fields as unknown as Record<string, unknown>);
}

/**
 * A request-scoped logger (`root.child({ requestId })`) made on first use: most requests never log
 * anything but their request line, which goes to the root.
 */
export class LazyRequestLog implements Logger {
  readonly #root: Logger;
  readonly #requestId: string;
  #log: Logger | undefined;

  constructor(root: Logger, requestId: string) {
    this.#root = root;
    this.#requestId = requestId;
  }

  get #child(): Logger {
    return (this.#log ??= this.#root.child({ requestId: this.#requestId }));
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#child.debug(message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.#child.info(message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.#child.warn(message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.#child.error(message, fields);
  }
  child(fields: Record<string, unknown>): Logger {
    return this.#child.child(fields);
  }
}
