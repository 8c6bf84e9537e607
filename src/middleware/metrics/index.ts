import type { MiddlewareHandler } from 'hono';
import type { GatehookEnv } from '../types.js';
import { METRICS_NAMESPACE } from './namespace.js';

/**
 * What became of one hook call, as an operator reads it: the hook's answer was applied, or it asked for
 * nothing (no-op), or it denied the user (registration denied, password unverified); or gatehook answered for
 * it: the type's fallback (by reason), a contract violation in the handler's commands (also answered with the
 * fallback, counted apart because it is a bug to fix), a refused caller, a malformed request, or our error.
 */
export type CallOutcome = 'applied' | 'no-op' | 'denied' | 'fallback' | 'contract-violation' | 'refused-auth' | 'invalid-request' | 'error';

export const CALL_OUTCOMES: readonly CallOutcome[] = ['applied', 'no-op', 'denied', 'fallback', 'contract-violation', 'refused-auth', 'invalid-request', 'error'];

export interface CallRecord {
  readonly hookType: string;
  readonly outcome: CallOutcome;
  /** The fallback's or the refusal's reason code (`timeout`, `handler-error`, `secret-mismatch`, ...). */
  readonly reason?: string | undefined;
  readonly status: number;
  readonly durationMs: number;
}

export type MetricsSink = (record: CallRecord) => void;

/** Commands that refuse the user: registration denied, imported password not verified. */
const DENIALS: Readonly<Record<string, RegExp>> = {
  registration: /"registration"\s*:\s*"DENY"/,
  'password-import': /"credential"\s*:\s*"UNVERIFIED"/,
};

/** Sorts a finished call into its outcome from what the hook route recorded (denials are told apart by `callMetrics`). */
export function classifyCall(fields: { status: number; outcome: string | undefined; reason: string | undefined }): CallOutcome {
  const { status, outcome, reason } = fields;
  if (outcome === 'fallback') return reason === 'contract-violation' ? 'contract-violation' : 'fallback';
  if (status === 401 || status === 403 || outcome === 'rejected') return 'refused-auth';
  if (status >= 500 || outcome === 'error') return 'error';
  if (status >= 400 || outcome === 'invalid') return 'invalid-request';
  if (status === 204) return 'no-op';
  return 'applied';
}

/**
 * Reports every hook call to `sink` with its type, outcome and duration (requests that reach no hook are
 * not calls). A failing sink loses its record, never the request.
 *
 * @example
 * app.use(callMetrics({ sink: emfSink() }));
 */
export function callMetrics(options: { sink: MetricsSink; now?: () => number }): MiddlewareHandler<GatehookEnv> {
  const now = options.now ?? (() => performance.now());
  return async function callMetrics(c, next) {
    const started = now();
    try {
      await next();
    } finally {
      const hookType = c.get('hookType');
      if (hookType !== undefined) {
        const status = c.res.status;
        const denial = status === 200 ? DENIALS[hookType] : undefined;
        let outcome = classifyCall({ status, outcome: c.get('outcome'), reason: c.get('reason') });
        if (outcome === 'applied' && denial) {
          // The hook route leaves its answer's text; only a response from elsewhere is read back.
          const answered = c.get('answerText');
          const body = typeof answered === 'string' ? answered : await c.res.clone().text().catch(() => '');
          if (denial.test(body)) outcome = 'denied';
        }
        try {
          options.sink({ hookType, outcome, reason: c.get('reason'), status, durationMs: Math.round((now() - started) * 10) / 10 });
        } catch {
          // Metrics are best effort: the call's answer is already decided.
        }
      }
    }
  };
}

export { METRICS_NAMESPACE };

/**
 * Writes each call as a CloudWatch Embedded Metric Format line on stdout, which Lambda ships to CloudWatch Logs
 * and CloudWatch turns into metrics: `Calls` (count) and `Duration` (ms) by `HookType`, and by `HookType` and
 * `Outcome`. The reason rides along as a property for Logs Insights, not as a dimension (it would multiply series).
 */
export function emfSink(options: { write?: (line: string) => void; namespace?: string; now?: () => number } = {}): MetricsSink {
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const namespace = options.namespace ?? METRICS_NAMESPACE;
  const now = options.now ?? Date.now;
  return (record) => {
    write(
      JSON.stringify({
        _aws: {
          Timestamp: now(),
          CloudWatchMetrics: [
            {
              Namespace: namespace,
              Dimensions: [['HookType'], ['HookType', 'Outcome']],
              Metrics: [
                { Name: 'Calls', Unit: 'Count' },
                { Name: 'Duration', Unit: 'Milliseconds' },
              ],
            },
          ],
        },
        HookType: record.hookType,
        Outcome: record.outcome,
        ...(record.reason ? { Reason: record.reason } : {}),
        Status: record.status,
        Calls: 1,
        Duration: record.durationMs,
      }),
    );
  };
}

export interface OutcomeCount {
  readonly hookType: string;
  readonly outcome: CallOutcome;
  readonly count: number;
  /** The slowest call of this kind, ms. */
  readonly maxMs: number;
  /** Counts by reason, for fallbacks and refusals. */
  readonly reasons: Readonly<Record<string, number>>;
}

/** The local peer of the EMF sink: counts calls by hook type and outcome in memory, for `gatehook dev` and the console. */
export class OutcomeCounter {
  readonly #counts = new Map<string, { hookType: string; outcome: CallOutcome; count: number; maxMs: number; reasons: Record<string, number> }>();
  readonly sink: MetricsSink = (record) => {
    const key = `${record.hookType}\u0000${record.outcome}`;
    const entry = this.#counts.get(key) ?? { hookType: record.hookType, outcome: record.outcome, count: 0, maxMs: 0, reasons: {} };
    entry.count += 1;
    entry.maxMs = Math.max(entry.maxMs, record.durationMs);
    if (record.reason) entry.reasons[record.reason] = (entry.reasons[record.reason] ?? 0) + 1;
    this.#counts.set(key, entry);
  };

  /** Every hook type and outcome seen so far, sorted by hook type then outcome order. */
  snapshot(): OutcomeCount[] {
    return [...this.#counts.values()]
      .map((entry) => ({ ...entry, reasons: { ...entry.reasons } }))
      .sort((a, b) => a.hookType.localeCompare(b.hookType) || CALL_OUTCOMES.indexOf(a.outcome) - CALL_OUTCOMES.indexOf(b.outcome));
  }

  /** One line for a terminal: `token: 12 applied, 1 fallback (timeout)`. */
  summary(): string[] {
    const byType = new Map<string, OutcomeCount[]>();
    for (const entry of this.snapshot()) byType.set(entry.hookType, [...(byType.get(entry.hookType) ?? []), entry]);
    return [...byType].map(
      ([type, entries]) =>
        `${type}: ${entries
          .map((e) => `${e.count} ${e.outcome}${Object.keys(e.reasons).length ? ` (${Object.entries(e.reasons).map(([r, n]) => (n === e.count ? r : `${r} ${n}`)).join(', ')})` : ''}`)
          .join(', ')}`,
    );
  }
}
