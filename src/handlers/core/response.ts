import type { HookCommand, HookResponseBody } from './types.js';
import { ContractViolationError } from './errors.js';
import { assertJsonValue, isPlainObject } from './json.js';

/** Okta rejects response bodies of 256 KB or more. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

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

/**
 * The last few bodies measured and their JSON text, so the answer sends exactly what was checked,
 * serialized once. A ring rather than a WeakMap: a WeakMap entry cost about 0.7 µs per request (in
 * its own bookkeeping and in the collector), as much as the serialization it saves. The runtime asks
 * for the text right after `execute` resolves, so the body is almost always still here; when not (more
 * answers finished in between than the ring holds), `responseText` serializes again: the same text.
 */
const RING_SIZE = 16;
const ringBodies: (HookResponseBody | undefined)[] = new Array<HookResponseBody | undefined>(RING_SIZE).fill(undefined);
const ringTexts: string[] = new Array<string>(RING_SIZE).fill('');
let ringNext = 0;

function remember(body: HookResponseBody, text: string): void {
  ringBodies[ringNext] = body;
  ringTexts[ringNext] = text;
  ringNext = (ringNext + 1) % RING_SIZE;
}

/** The body as JSON: the text measured when `execute` checked its size, else a fresh serialization. */
export function responseText(body: HookResponseBody): string {
  for (let i = 0; i < RING_SIZE; i++) {
    if (ringBodies[i] !== body) continue;
    const text = ringTexts[i]!;
    // Handed out once: the ring then holds no reference to an answered request.
    ringBodies[i] = undefined;
    ringTexts[i] = '';
    return text;
  }
  return JSON.stringify(body);
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
  const text = serialize(body);
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes, so short bodies need no encoding pass.
  const bytes = text.length * 3 < MAX_RESPONSE_BYTES ? utf8Length(text) : new TextEncoder().encode(text).byteLength;
  if (bytes >= MAX_RESPONSE_BYTES) throw tooLarge(bytes);
  return bytes;
}

/**
 * `checkSize` for the request path, which needs the verdict, not the count: a text of fewer than a
 * third of the limit in UTF-16 code units cannot reach the limit in UTF-8 bytes (at most 3 per unit).
 */
export function serializeWithinLimit(body: HookResponseBody): void {
  const text = serialize(body);
  if (text.length * 3 < MAX_RESPONSE_BYTES) return;
  const bytes = new TextEncoder().encode(text).byteLength;
  if (bytes >= MAX_RESPONSE_BYTES) throw tooLarge(bytes);
}

/** The body as JSON text, kept for `responseText` so the answer is exactly what was measured. */
function serialize(body: HookResponseBody): string {
  const text = JSON.stringify(body);
  remember(body, text);
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
