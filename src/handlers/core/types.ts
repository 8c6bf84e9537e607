/**
 * The contract between a hook definition (src/handlers/<type>) and the runtime that serves it
 * (src/runtime + src/middleware). A definition knows Okta's wire format for one hook type; the
 * runtime knows HTTP, verification, deadlines and logging. Neither reaches into the other.
 */
import type { OktaClient } from '../../sdk/client.js';

export type InlineHookType = 'token' | 'registration' | 'password-import' | 'user-import' | 'saml' | 'telephony';

/** One entry of `error.errorCauses[]` in an inline hook response. */
export interface HookErrorCause {
  errorSummary: string;
  reason?: string;
  locationType?: string;
  location?: string;
  domain?: string;
}

export interface HookError {
  errorSummary?: string;
  errorCauses?: HookErrorCause[];
}

export interface HookCommand {
  type: string;
  value: unknown;
}

/** The JSON body of an inline hook response. `null` from a definition means "answer 204, no body". */
export interface HookResponseBody {
  commands?: HookCommand[];
  error?: HookError;
  debugContext?: Record<string, unknown>;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** What a handler receives besides the event and the command builder. */
export interface HookContext {
  /** Aborts when the hook's time budget is spent; pass it to every outbound call. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds at which the framework answers with the fallback instead. */
  readonly deadline: number;
  /** Milliseconds left before the deadline. */
  remainingMs(): number;
  /** Okta's `eventId` of this request (also on every log line). */
  readonly eventId: string;
  readonly log: Logger;
  /** The embedded Management API client; throws a clear configuration error when none is configured. */
  readonly okta: OktaClient;
}

export type ParseResult<E> =
  | { ok: true; event: E }
  | { ok: false; issues: ValidationIssue[] };

/** One validation problem, rendered into Okta's `errorCauses[]` shape by the error middleware. */
export interface ValidationIssue {
  /** Dotted path into the request body, e.g. `data.context.request.id`. */
  location: string;
  message: string;
}

/** A finished answer: the body and the JSON text that is sent (the very text measured against Okta's limit). */
export interface SealedResponse {
  readonly body: HookResponseBody;
  readonly text: string;
}

/** Why the framework answers with the fallback rather than the handler's response. */
export type FallbackReason = 'timeout' | 'handler-error' | 'contract-violation';

/**
 * A fully described inline hook, as produced by `tokenHook(fn)`, `registrationHook(fn)`, etc.
 * The runtime calls `parse`, then `execute` under a deadline, then `fallback` if that failed.
 */
export interface InlineHookDefinition<E = unknown> {
  readonly type: InlineHookType;
  /** Okta's `eventType` this definition accepts, e.g. `com.okta.oauth2.tokens.transform`. */
  readonly eventType: string;
  /** Validates a parsed JSON body (lenient to unknown fields) and returns the typed event. */
  parse(body: unknown): ParseResult<E>;
  /**
   * Runs the user's handler with a fresh command builder and returns the response (body and the text
   * to send; null for 204), after the contract checks: the response itself when the handler returned
   * without a promise (it has finished, so the runtime answers at once, with no deadline to arm), else
   * a promise of it. A failure always
   * comes as a rejected promise, never a throw: `ContractViolationError` when the handler built
   * something Okta rejects, or what the handler threw.
   */
  execute(event: E, ctx: HookContext): SealedResponse | null | Promise<SealedResponse | null>;
  /** The answer that makes Okta behave as documented when the handler cannot answer in time or fails. */
  fallback(event: E | undefined, reason: FallbackReason): HookResponseBody | null;
  /** A copy of the raw body safe to log (e.g. the plaintext password of password import removed). */
  redact(body: unknown): unknown;
}
