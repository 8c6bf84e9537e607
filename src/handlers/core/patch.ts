import type { HookCommand } from './types.js';
import type { PatchOp } from './draft.js';
import { ContractViolationError, type ViolationSite } from './errors.js';
import { isJsonValue, isPlainObject, nonJsonError } from './json.js';
import { parsePointer } from './pointer.js';

/** The site of a violation at one op's path; built only when something is wrong. */
export function atPath(site: ViolationSite, path: string): ViolationSite {
  return { ...site, path };
}

/**
 * Checks what every patch op must be regardless of hook type: an object with a known `op`, a syntactically
 * valid JSON Pointer `path`, a JSON `value` for add/replace. Returns the path split into raw segments.
 */
export function checkOpBasics(op: unknown, allowedOps: readonly string[], hook: string, site: ViolationSite): string[] {
  if (!isPlainObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
    throw new ContractViolationError(`${hook}.op-shape`, 'each patch op needs string "op" and "path" members', site);
  }
  const path = op.path;
  if (!allowedOps.includes(op.op)) {
    throw new ContractViolationError(`${hook}.op`, `op "${op.op}" is not supported (allowed: ${allowedOps.join(', ')})`, atPath(site, path));
  }
  // Most paths have no "~" at all; only those pay for the escape scan.
  if (path.includes('~') && /~(?![01])/.test(path)) {
    throw new ContractViolationError(`${hook}.path`, 'a "~" in a path must be escaped as "~0" ("/" as "~1")', atPath(site, path));
  }
  const segments = parsePointer(path);
  if (segments === undefined) throw new ContractViolationError(`${hook}.path`, 'a path must start with "/"', atPath(site, path));
  const dash = segments.indexOf('-');
  if (dash !== -1 && (dash !== segments.length - 1 || op.op !== 'add')) {
    throw new ContractViolationError(`${hook}.path`, '"-" (append) is only valid as the last segment of an add', atPath(site, path));
  }
  if (op.op !== 'remove') {
    if (!('value' in op) || op.value === undefined) {
      throw new ContractViolationError(`${hook}.missing-value`, `"${op.op}" needs a value`, atPath(site, path));
    }
    if (!isJsonValue(op.value)) throw nonJsonError(op.value, atPath(site, path));
  }
  return segments;
}

/** A patch command's value is a non-empty array of ops. */
export function patchOps(command: HookCommand, commandIndex: number, hook: string): readonly PatchOp[] {
  if (!Array.isArray(command.value) || command.value.length === 0) {
    throw new ContractViolationError(`${hook}.patch-value`, `${command.type} value must be a non-empty array of ops`, { commandIndex });
  }
  return command.value as PatchOp[];
}
