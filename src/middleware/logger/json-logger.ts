import type { Logger } from '../../handlers/core/types.js';
import type { Outcome } from '../types.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Field names whose values are never written, whatever the caller passes. */
const SENSITIVE_KEY = /pass(word)?|secret|authorization|cookie|api[-_]?token|private[-_]?key|^token$|credential/i;
const MAX_DEPTH = 8;

/**
 * Field names repeat on every line (requestId, eventId, status...): the regex answer is remembered.
 * Bounded, because redacted request bodies bring names chosen by the caller.
 */
const sensitiveNames = new Map<string, boolean>();
function isSensitive(key: string): boolean {
  let sensitive = sensitiveNames.get(key);
  if (sensitive === undefined) {
    sensitive = SENSITIVE_KEY.test(key);
    if (sensitiveNames.size < 1024) sensitiveNames.set(key, sensitive);
  }
  return sensitive;
}

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
    out[k] = isSensitive(k) ? '[redacted]' : scrub(v, depth + 1);
  }
  return out;
}

/** `new Date().toISOString()` costs about a microsecond; lines within the same millisecond share it. */
function isoClock(): () => string {
  let lastMs = NaN;
  let lastIso = '';
  return () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };
}

/**
 * Where the default logger's lines go. One synchronous write per line by default: a Lambda may be
 * frozen the moment it has answered, and a line still in a buffer would be lost with it. A
 * long-running server switches to `groupStdoutLines()`: the lines of the next millisecond leave in
 * one write, also at 64 KB and when the process exits (after an uncaught exception too). What a
 * SIGKILL, or a signal the process does not handle, can cut off is that last millisecond's lines.
 * A timer rather than setImmediate: a pending immediate turns the event loop's wait for I/O into a
 * poll, which cost more CPU per request than the writes it saved (bench/README.md).
 */
let grouping = false;
let pending = '';
let flushScheduled = false;

function flushStdout(): void {
  flushScheduled = false;
  if (pending === '') return;
  const out = pending;
  pending = '';
  try {
    process.stdout.write(out);
  } catch {
    // A stdout that throws (closed under us) cannot take these lines anywhere; the server keeps serving.
  }
}

function writeStdout(line: string): void {
  if (!grouping) {
    process.stdout.write(`${line}\n`);
    return;
  }
  pending += `${line}\n`;
  if (pending.length >= 65_536) flushStdout();
  else if (!flushScheduled) {
    flushScheduled = true;
    setTimeout(flushStdout, 1);
  }
}

/** Groups the default logger's stdout lines per millisecond (see above). serveNode turns it on. */
export function groupStdoutLines(): void {
  if (grouping) return;
  grouping = true;
  process.on('exit', flushStdout);
}

/** The fields of the one line written per request (no headers, no bodies), in the order they are written. */
export interface RequestLineFields {
  requestId: string;
  eventId: string | undefined;
  hookType: string | undefined;
  method: string;
  path: string;
  outcome: Outcome;
  reason: string | undefined;
  status: number;
  durationMs: number;
}

/** The line's own keys: a field of the same name is kept beside them as `<name>Field`. */
const LINE_KEYS = new Set(['level', 'time', 'message']);

/** `fields` scrubbed, with the line's own keys renamed, as the members of a JSON object ('' for none). */
function fieldsJson(fields: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const k of Object.keys(fields)) {
    const value = fields[k];
    if (value === undefined) continue;
    const key = LINE_KEYS.has(k) ? `${k}Field` : k;
    const scrubbed = isSensitive(k) ? '[redacted]' : scrub(value, 1);
    // A `__proto__` field is written as data, as a spread would.
    if (key === '__proto__') Object.defineProperty(out, key, { value: scrubbed, enumerable: true, writable: true, configurable: true });
    else out[key] = scrubbed;
    any = true;
  }
  return any ? JSON.stringify(out).slice(1, -1) : '';
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
  const write = options.write ?? writeStdout;
  const custom = options.now;
  const isoNow = custom ? () => custom().toISOString() : isoClock();

  // A logger's base fields are scrubbed and serialized once, when it is made: a line serializes only its own.
  const make = (base: Record<string, unknown>): Logger => {
    const baseJson = fieldsJson(base);
    const baseKeys = Object.keys(base);
    const head = (level: string, message: string) => `{"level":"${level}","time":"${isoNow()}","message":${JSON.stringify(message)}`;
    const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
      if (rank[level] < threshold) return;
      let line: string;
      try {
        // A field that repeats a base key replaces it in place, so no key appears twice on a line.
        const merged = fields !== undefined && baseKeys.length > 0 && baseKeys.some((k) => Object.hasOwn(fields, k));
        const members = merged ? fieldsJson({ ...base, ...fields }) : [baseJson, fields ? fieldsJson(fields) : ''].filter(Boolean).join(',');
        line = `${head(level, message)}${members && `,${members}`}}`;
      } catch {
        line = `${head(level, message)},"logError":"unserializable fields"}`;
      }
      try {
        write(line);
      } catch {
        // Logging never fails a request: a sink that throws loses this line, nothing else.
      }
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
