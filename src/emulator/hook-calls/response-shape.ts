/**
 * The generic part of reading an inline hook response: `commands[]`, `error`, `debugContext`.
 * Type-specific meaning is left to the apply-* modules.
 */
import type { HookCommand, HookError } from '../../handlers/core/types.js';

export interface ReadResponse {
  commands: HookCommand[];
  error?: HookError;
  debugContext?: Record<string, unknown>;
}

export type ReadResult = { ok: true; response: ReadResponse } | { ok: false; reason: string };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `undefined` stands for an empty 204 response, which reads as "no commands". */
export function readResponse(body: unknown): ReadResult {
  if (body === undefined) return { ok: true, response: { commands: [] } };
  if (!isRecord(body)) return { ok: false, reason: 'the response body is not a JSON object' };
  const response: ReadResponse = { commands: [] };
  if (body.commands !== undefined && body.commands !== null) {
    if (!Array.isArray(body.commands)) return { ok: false, reason: '"commands" is not an array' };
    for (const [index, command] of body.commands.entries()) {
      if (!isRecord(command) || typeof command.type !== 'string') {
        return { ok: false, reason: `commands[${index}] has no string "type"` };
      }
      response.commands.push({ type: command.type, value: command.value });
    }
  }
  if (body.error !== undefined && body.error !== null) {
    if (!isRecord(body.error)) return { ok: false, reason: '"error" is not an object' };
    response.error = readError(body.error);
  }
  if (isRecord(body.debugContext)) response.debugContext = body.debugContext;
  return { ok: true, response };
}

function readError(error: Record<string, unknown>): HookError {
  const result: HookError = {};
  if (typeof error.errorSummary === 'string') result.errorSummary = error.errorSummary;
  if (Array.isArray(error.errorCauses)) {
    result.errorCauses = error.errorCauses.filter(isRecord).map((cause) => ({
      errorSummary: typeof cause.errorSummary === 'string' ? cause.errorSummary : '',
      ...(typeof cause.reason === 'string' ? { reason: cause.reason } : {}),
      ...(typeof cause.locationType === 'string' ? { locationType: cause.locationType } : {}),
      ...(typeof cause.location === 'string' ? { location: cause.location } : {}),
      ...(typeof cause.domain === 'string' ? { domain: cause.domain } : {}),
    }));
  }
  return result;
}

/** Thrown inside an apply function when the response breaks the type's rules; caught at its top. */
export class ResponseRejected extends Error {
  readonly code = 'ERR_HOOK_RESPONSE_REJECTED';
}

/**
 * Runs every operation of every patch command through `applyOp`, all or nothing: `kindOf` maps a
 * command type to what it patches (undefined = unknown command). Returns the operation count, or
 * the first reason the patch was refused.
 */
export function runPatchCommands<K>(
  commands: readonly HookCommand[],
  kindOf: (type: string) => K | undefined,
  applyOp: (kind: K, op: unknown) => void,
): { ok: true; operations: number } | { ok: false; reason: string } {
  let operations = 0;
  try {
    for (const command of commands) {
      const kind = kindOf(command.type);
      if (kind === undefined) throw new ResponseRejected(`unknown command type "${command.type}"`);
      if (!Array.isArray(command.value)) throw new ResponseRejected(`${command.type} value is not an array`);
      for (const op of command.value) {
        applyOp(kind, op);
        operations += 1;
      }
    }
  } catch (rejection) {
    if (rejection instanceof ResponseRejected) return { ok: false, reason: rejection.message };
    throw rejection;
  }
  return { ok: true, operations };
}
