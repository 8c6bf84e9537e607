import type { Logger } from '../../handlers/core/types.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Field names whose values are never written, whatever the caller passes. */
const SENSITIVE_KEY = /pass(word)?|secret|authorization|cookie|api[-_]?token|private[-_]?key|^token$|credential/i;
const MAX_DEPTH = 8;

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Fields written on every line (e.g. `{ service: 'gatehook' }`). */
  base?: Record<string, unknown>;
  /** Where a finished line goes; stdout by default (CloudWatch reads it as-is in Lambda). */
  write?: (line: string) => void;
  now?: () => Date;
}

function scrub(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[depth]';
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE_KEY.test(k) ? '[redacted]' : scrub(v, depth + 1);
  }
  return out;
}

export function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && value in rank;
}

/**
 * A small structured logger: one JSON object per line, with sensitive-looking fields redacted as a
 * last line of defence.
 *
 * @example
 * const log = createJsonLogger({ level: 'info', base: { service: 'hooks' } });
 * log.child({ eventId }).info('request', { status: 200 });
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = rank[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const make = (base: Record<string, unknown>): Logger => {
    const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
      if (rank[level] < threshold) return;
      const record = scrub({ ...base, ...fields }, 0) as Record<string, unknown>;
      let line: string;
      try {
        line = JSON.stringify({ level, time: now().toISOString(), message, ...record });
      } catch {
        line = JSON.stringify({ level, time: now().toISOString(), message, logError: 'unserializable fields' });
      }
      write(line);
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}

/** A logger that drops everything (tests, or when the caller logs elsewhere). */
export const silentLogger: Logger = createJsonLogger({ level: 'silent' });
