/**
 * The Hono environment shared by gatehook's middleware: what each step leaves on the context for
 * the steps after it and for the one log line written per request.
 */
import type { FallbackReason, Logger } from '../handlers/core/types.js';

/** How a request ended, as written on its log line. */
export type Outcome = 'applied' | 'fallback' | 'rejected' | 'invalid' | 'error';

export interface Deadline {
  /** Aborts when the time budget is spent. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds of the end of the budget. */
  readonly at: number;
  remainingMs(): number;
}

export interface GatehookVariables {
  log: Logger;
  requestId: string;
  /** Epoch ms the request arrived (set by the request logger); time budgets count from here. */
  receivedAt: number | undefined;
  hookType: string | undefined;
  eventId: string | undefined;
  outcome: Outcome | undefined;
  /** A short, non-secret reason code for a rejection or a fallback (e.g. `jwt-expired`, `timeout`). */
  reason: string | undefined;
  fallbackReason: FallbackReason | undefined;
  /** The JSON text a hook route answered with (null for 204): metrics tell a denial from it without reading the Response back. */
  answerText: string | null | undefined;
  body: unknown;
  /** The typed event a hook definition parsed from `body`. */
  event: unknown;
  deadline: Deadline;
}

export interface GatehookEnv {
  Variables: GatehookVariables;
}
