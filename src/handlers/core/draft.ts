import type { HookCommand, HookError, HookErrorCause, HookResponseBody } from './types.js';
import { ContractViolationError } from './errors.js';
import { copyJson, isPlainObject, NOT_JSON, nonJsonError, tryCopyJson, type JsonCopy } from './json.js';

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
 *
 * What it holds satisfies the shared envelope rules (`checkEnvelope`) by construction: command values
 * are `JsonCopy`s (checked plain JSON that nobody else references), command types are non-empty
 * strings, the error is built here from strings and checked cause copies, and debugContext from JSON
 * copies. Only the builders (which never hand the draft to the handler) write to it, so a sealed body
 * needs no second walk for those rules (see `execute` in define.ts).
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
  addCommand(type: string, value: JsonCopy): number {
    this.#assertOpen();
    assertCommandType(type);
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
  appendOp(type: string, item: JsonCopy): OpSite {
    this.#assertOpen();
    assertCommandType(type);
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
    const copy = copyJson(fields, {}, 'debugContext') as unknown as Record<string, unknown>;
    this.#debugContext = this.#debugContext === undefined ? copy : { ...this.#debugContext, ...copy };
  }

  /** The finished body, or `null` when nothing was written (answered as 204). Seals the draft. */
  seal(): HookResponseBody | null {
    this.#sealed = true;
    if (this.#commands.length === 0 && this.#error === undefined && this.#debugContext === undefined) return null;
    const body: HookResponseBody = {};
    if (this.#commands.length > 0) body.commands = this.#commands;
    if (this.#error !== undefined) body.error = this.#error;
    if (this.#debugContext !== undefined) body.debugContext = this.#debugContext;
    return body;
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

function assertCommandType(type: string): void {
  if (typeof type !== 'string' || type === '') throw new ContractViolationError('response.command-shape', 'each command needs a non-empty string "type"');
}

function normalizeCause(cause: ErrorCauseInput, index: number): HookErrorCause {
  if (typeof cause === 'string') return { errorSummary: cause };
  if (!isPlainObject(cause)) throw new ContractViolationError('response.error-shape', `errorCauses[${index}] needs a string errorSummary`);
  // Copy first, then check the copy: what is checked is what is kept, whatever the caller does later.
  // Undefined members are dropped so the serialized cause matches what the caller meant (Jackson NON_NULL style).
  const entries: [string, unknown][] = [];
  let notJson: [string, unknown] | undefined;
  for (const [key, value] of Object.entries(cause)) {
    if (value === undefined) continue;
    const copy = tryCopyJson(value);
    if (copy === NOT_JSON) notJson ??= [key, value];
    else entries.push([key, copy]);
  }
  if (notJson !== undefined) {
    // A bad summary or reason gets the error it always got; else the member JSON cannot carry.
    checkCause(cause, index);
    throw nonJsonError(notJson[1], {}, `errorCauses[${index}].${notJson[0]}`);
  }
  const copy = Object.fromEntries(entries);
  checkCause(copy, index);
  return copy as unknown as HookErrorCause;
}

function checkCause(cause: Partial<Record<string, unknown>>, index: number): void {
  if (typeof cause.errorSummary !== 'string') {
    throw new ContractViolationError('response.error-shape', `errorCauses[${index}] needs a string errorSummary`);
  }
  for (const key of ['reason', 'locationType', 'location', 'domain'] as const) {
    if (cause[key] !== undefined && typeof cause[key] !== 'string') {
      throw new ContractViolationError('response.error-shape', `errorCauses[${index}].${key} must be a string`);
    }
  }
}
