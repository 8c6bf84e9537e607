import type { HookCommand, HookResponseBody } from './types.js';
import { ContractViolationError } from './errors.js';
import { assertJsonValue, isPlainObject } from './json.js';
import { MAX_RESPONSE_BYTES } from './okta-facts.js';

/** Okta rejects response bodies of 256 KB or more. */
export { MAX_RESPONSE_BYTES };

const BODY_KEYS = new Set(['commands', 'error', 'debugContext']);

/** Checks the parts every inline hook response shares: top-level keys, command list, error, debugContext. */
export function checkEnvelope(body: HookResponseBody): void {
  if (!isPlainObject(body)) throw new ContractViolationError('response.shape', 'the response body must be a JSON object');
  for (const key of Object.keys(body)) {
    if (!BODY_KEYS.has(key)) {
      throw new ContractViolationError('response.shape', `unknown top-level member "${key}" (allowed: commands, error, debugContext)`);
    }
  }
  if (body.commands !== undefined) {
    if (!Array.isArray(body.commands)) throw new ContractViolationError('response.shape', 'commands must be an array');
    body.commands.forEach((command: unknown, commandIndex) => {
      if (!isPlainObject(command) || typeof command.type !== 'string' || command.type === '') {
        throw new ContractViolationError('response.command-shape', 'each command needs a non-empty string "type"', { commandIndex });
      }
      if (!('value' in command) || command.value === undefined) {
        throw new ContractViolationError('response.command-shape', `command "${command.type}" has no value`, { commandIndex });
      }
      assertJsonValue(command.value, { commandIndex }, `commands[${commandIndex}].value`);
    });
  }
  if (body.error !== undefined) checkError(body.error);
  if (body.debugContext !== undefined) {
    if (!isPlainObject(body.debugContext)) throw new ContractViolationError('response.debug-context', 'debugContext must be a plain object');
    assertJsonValue(body.debugContext, {}, 'debugContext');
  }
}

function checkError(error: unknown): void {
  if (!isPlainObject(error)) throw new ContractViolationError('response.error-shape', 'error must be an object');
  if (error.errorSummary !== undefined && typeof error.errorSummary !== 'string') {
    throw new ContractViolationError('response.error-shape', 'error.errorSummary must be a string');
  }
  if (error.errorCauses === undefined) return;
  if (!Array.isArray(error.errorCauses)) throw new ContractViolationError('response.error-shape', 'error.errorCauses must be an array');
  error.errorCauses.forEach((cause: unknown, i) => {
    if (!isPlainObject(cause) || typeof cause.errorSummary !== 'string') {
      throw new ContractViolationError('response.error-shape', `error.errorCauses[${i}] needs a string errorSummary`);
    }
  });
  // Members beyond the documented ones still travel; JSON must be able to carry them.
  assertJsonValue(error, {}, 'error');
}

/** UTF-8 length as TextEncoder would produce it (a lone surrogate becomes U+FFFD, 3 bytes), without allocating. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Serializes the body once to measure it; returns the UTF-8 byte length. */
export function checkSize(body: HookResponseBody): number {
  const text = JSON.stringify(body);
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes, so short bodies need no encoding pass.
  const bytes = text.length * 3 < MAX_RESPONSE_BYTES ? utf8Length(text) : new TextEncoder().encode(text).byteLength;
  if (bytes >= MAX_RESPONSE_BYTES) throw tooLarge(bytes);
  return bytes;
}

/**
 * The body as the JSON text sent, once its size is known to be within Okta's limit: a text of fewer
 * than a third of the limit in UTF-16 code units cannot reach it in UTF-8 bytes (at most 3 per unit).
 */
export function serializeWithinLimit(body: HookResponseBody): string {
  const text = JSON.stringify(body);
  if (text.length * 3 < MAX_RESPONSE_BYTES) return text;
  const bytes = new TextEncoder().encode(text).byteLength;
  if (bytes >= MAX_RESPONSE_BYTES) throw tooLarge(bytes);
  return text;
}

function tooLarge(bytes: number): ContractViolationError {
  return new ContractViolationError('response.size', `the serialized response is ${bytes} bytes; Okta accepts less than ${MAX_RESPONSE_BYTES}`);
}

/** Rejects command types the hook type does not know. */
export function checkCommandTypes(commands: readonly HookCommand[], allowed: readonly string[], hookName: string): void {
  commands.forEach((command, commandIndex) => {
    if (!allowed.includes(command.type)) {
      throw new ContractViolationError(
        'response.command-type',
        `"${command.type}" is not a ${hookName} command (allowed: ${allowed.join(', ')})`,
        { commandIndex },
      );
    }
  });
}
