import type { HookCommand, HookError, HookErrorCause, HookResponseBody } from './types.js';
import { ContractViolationError } from './errors.js';
import { assertJsonValue, isPlainObject } from './json.js';

/** A JSON-Patch-like operation as Okta's patch commands carry it. */
export interface PatchOp {
  op: string;
  path: string;
  value?: unknown;
}

/** Where the next op of a patch command will land; used to name the site in early errors. */
export interface OpSite {
  commandIndex: number;
  opIndex: number;
}

/** An error cause given either in full or as just its summary text. */
export type ErrorCauseInput = string | HookErrorCause;

/**
 * The response being assembled by one handler run. Every type's builder writes into it; the definition
 * turns it into the body once the handler returns, after which it refuses further writes (a late,
 * un-awaited call would otherwise be lost silently).
 */
export class ResponseDraft {
  readonly #commands: HookCommand[] = [];
  #error: HookError | undefined;
  #debugContext: Record<string, unknown> | undefined;
  #startNewPatch = false;
  #sealed = false;

  get commands(): readonly HookCommand[] {
    return this.#commands;
  }

  /** Appends a whole command; returns its index. */
  addCommand(type: string, value: unknown): number {
    this.#assertOpen();
    this.#startNewPatch = false;
    return this.#commands.push({ type, value }) - 1;
  }

  /** Where `appendOp(type, ...)` would put the op, without changing anything. */
  nextOpSite(type: string): OpSite {
    const last = this.#commands.at(-1);
    if (!this.#startNewPatch && last?.type === type && Array.isArray(last.value)) {
      return { commandIndex: this.#commands.length - 1, opIndex: last.value.length };
    }
    return { commandIndex: this.#commands.length, opIndex: 0 };
  }

  /**
   * Adds an item (a patch op, a telephony status) to the array-valued command of `type`: consecutive items
   * of the same type share one command, as in Okta's and the Java SDK's examples, unless `breakPatch()`
   * was called in between.
   */
  appendOp(type: string, item: unknown): OpSite {
    this.#assertOpen();
    const site = this.nextOpSite(type);
    if (site.opIndex === 0) this.#commands.push({ type, value: [item] });
    else (this.#commands[site.commandIndex]?.value as unknown[]).push(item);
    this.#startNewPatch = false;
    return site;
  }

  /** Makes the next patch op start a new command even if it targets the same object. */
  breakPatch(): void {
    this.#assertOpen();
    this.#startNewPatch = true;
  }

  /** Sets the error summary (when given) and appends causes; repeated calls accumulate causes. */
  setError(summary: string | undefined, causes: readonly ErrorCauseInput[] = []): void {
    this.#assertOpen();
    if (summary !== undefined && typeof summary !== 'string') {
      throw new ContractViolationError('response.error-shape', `errorSummary must be a string, got ${typeof summary}`);
    }
    const normalized = causes.map((cause, i) => normalizeCause(cause, i));
    const error: HookError = { ...this.#error };
    if (summary !== undefined) error.errorSummary = summary;
    if (normalized.length > 0) error.errorCauses = [...(error.errorCauses ?? []), ...normalized];
    this.#error = error;
  }

  get hasError(): boolean {
    return this.#error !== undefined;
  }

  /** Merges members into `debugContext` (shown in Okta's System Log event `inline_hook.response.processed`). */
  mergeDebugContext(fields: Record<string, unknown>): void {
    this.#assertOpen();
    if (!isPlainObject(fields)) {
      throw new ContractViolationError('response.debug-context', 'debugContext must be a plain object');
    }
    assertJsonValue(fields, {}, 'debugContext');
    this.#debugContext = { ...this.#debugContext, ...fields };
  }

  /** The finished body, or `null` when nothing was written (answered as 204). Seals the draft. */
  seal(): HookResponseBody | null {
    this.#sealed = true;
    const body: HookResponseBody = {};
    if (this.#commands.length > 0) body.commands = this.#commands;
    if (this.#error !== undefined) body.error = this.#error;
    if (this.#debugContext !== undefined) body.debugContext = this.#debugContext;
    return Object.keys(body).length === 0 ? null : body;
  }

  #assertOpen(): void {
    if (this.#sealed) {
      throw new ContractViolationError(
        'api.after-response',
        'the response was already sent; a builder call happened after the handler returned (missing await?)',
      );
    }
  }
}

function normalizeCause(cause: ErrorCauseInput, index: number): HookErrorCause {
  if (typeof cause === 'string') return { errorSummary: cause };
  if (!isPlainObject(cause) || typeof cause.errorSummary !== 'string') {
    throw new ContractViolationError('response.error-shape', `errorCauses[${index}] needs a string errorSummary`);
  }
  for (const key of ['reason', 'locationType', 'location', 'domain'] as const) {
    if (cause[key] !== undefined && typeof cause[key] !== 'string') {
      throw new ContractViolationError('response.error-shape', `errorCauses[${index}].${key} must be a string`);
    }
  }
  // Drop undefined members so the serialized cause matches what the caller meant (Jackson NON_NULL style).
  return Object.fromEntries(Object.entries(cause).filter(([, v]) => v !== undefined)) as unknown as HookErrorCause;
}
