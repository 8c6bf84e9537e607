/**
 * Applies a SAML assertion inline hook response to the JSON rendering of the assertion: add or
 * replace only, under /subject, /authentication, /conditions or /claims. An unusable patch leaves
 * the original assertion (fail-open); an `error` stops the sign-on with an end-user message.
 */
import { DEFAULT_CALLBACK_ERROR } from './failure-policy.js';
import { applyPatchOp, parsePointer } from './json-patch.js';
import { isRecord, readResponse, ResponseRejected as PatchRejected, runPatchCommands } from './response-shape.js';

export type SamlAssertion = Record<string, unknown>;

export type SamlHookResult =
  | { kind: 'patched'; assertion: SamlAssertion; operations: number; debugContext?: Record<string, unknown> }
  | { kind: 'unchanged'; assertion: SamlAssertion; reason: string; debugContext?: Record<string, unknown> }
  | { kind: 'error'; message: string; debugContext?: Record<string, unknown> };

const PATCHABLE_ROOTS = new Set(['subject', 'authentication', 'conditions', 'claims']);

export function applySamlResponse(assertion: SamlAssertion, body: unknown): SamlHookResult {
  const read = readResponse(body);
  if (!read.ok) return samlHookSkipped(assertion, read.reason);
  const { commands, error, debugContext } = read.response;
  const debug = debugContext ? { debugContext } : {};
  if (error) return { kind: 'error', message: error.errorSummary || DEFAULT_CALLBACK_ERROR, ...debug };
  const next = structuredClone(assertion);
  const patched = runPatchCommands(
    commands,
    (type) => (type === 'com.okta.assertion.patch' ? 'assertion' : undefined),
    (_kind, op) => applySamlOp(next, op),
  );
  if (!patched.ok) return samlHookSkipped(assertion, patched.reason, debugContext);
  const { operations } = patched;
  return { kind: 'patched', assertion: next, operations, ...debug };
}

/** The failure-policy result: the original assertion is used. */
export function samlHookSkipped(
  assertion: SamlAssertion,
  reason: string,
  debugContext?: Record<string, unknown>,
): SamlHookResult {
  return { kind: 'unchanged', assertion, reason, ...(debugContext ? { debugContext } : {}) };
}

function applySamlOp(assertion: SamlAssertion, op: unknown): void {
  if (!isRecord(op)) throw new PatchRejected('assertion patch operation is not an object');
  const { op: name, path } = op;
  if (name !== 'add' && name !== 'replace') throw new PatchRejected(`unsupported op "${String(name)}" (only add, replace)`);
  if (typeof path !== 'string') throw new PatchRejected(`${name} operation has no string path`);
  if (!('value' in op)) throw new PatchRejected(`${name} ${path}: missing value`);
  const tokens = parsePointer(path);
  if (!tokens || tokens.length < 2 || !PATCHABLE_ROOTS.has(tokens[0] as string)) {
    throw new PatchRejected(`${name} ${path}: the path must start with /subject/, /authentication/, /conditions/ or /claims/`);
  }
  if (name === 'add' && tokens[0] === 'claims' && tokens.length === 2 && !isSamlAttribute(op.value)) {
    throw new PatchRejected(`${name} ${path}: a new attribute needs {attributes, attributeValues[]}`);
  }
  if (name === 'add' && path === '/authentication/sessionLifetime' && !isPositiveInteger(op.value)) {
    throw new PatchRejected(`${name} ${path}: sessionLifetime must be a positive number of seconds`);
  }
  // `claims` may be absent from an assertion without attributes; adding the first one creates it.
  if (tokens[0] === 'claims' && name === 'add' && !isRecord(assertion.claims)) assertion.claims = {};
  const reason = applyPatchOp(assertion, tokens, name, op.value);
  if (reason) throw new PatchRejected(`${name} ${path}: ${reason}`);
}

function isSamlAttribute(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.attributeValues) && value.attributeValues.every(isRecord);
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
