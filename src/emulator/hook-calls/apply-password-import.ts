/**
 * Applies a password import inline hook response: VERIFIED imports the password and signs the user
 * in; UNVERIFIED (the default, also after an empty 204) or any failure fails the sign-in, and the
 * hook runs again on the next attempt.
 */
import { isRecord, readResponse } from './response-shape.js';

export type PasswordCredentialAction = 'VERIFIED' | 'UNVERIFIED';

/** Only `verified` lets the user in; `unverified` (the hook's answer) and `failed` (no usable answer) fail the sign-in. */
export type PasswordImportHookResult =
  | { kind: 'verified'; debugContext?: Record<string, unknown> }
  | { kind: 'unverified'; reason: string; debugContext?: Record<string, unknown> }
  | { kind: 'failed'; reason: string; debugContext?: Record<string, unknown> };

/** `defaultAction` is `data.action.credential` of the request Okta sent. */
export function applyPasswordImportResponse(
  body: unknown,
  defaultAction: PasswordCredentialAction = 'UNVERIFIED',
): PasswordImportHookResult {
  const read = readResponse(body);
  if (!read.ok) return passwordImportHookFailed(read.reason);
  const { commands, error, debugContext } = read.response;
  const debug = debugContext ? { debugContext } : {};
  if (error) return { kind: 'unverified', reason: `the hook returned an error: ${error.errorSummary ?? 'no summary'}`, ...debug };
  let action: PasswordCredentialAction = defaultAction;
  for (const command of commands) {
    if (command.type !== 'com.okta.action.update') {
      return passwordImportHookFailed(`command "${command.type}" is not valid for password import`, debugContext);
    }
    const credential = isRecord(command.value) ? command.value.credential : undefined;
    if (credential !== 'VERIFIED' && credential !== 'UNVERIFIED') {
      return passwordImportHookFailed('com.okta.action.update needs {"credential": "VERIFIED" | "UNVERIFIED"}', debugContext);
    }
    action = credential;
  }
  if (action === 'VERIFIED') return { kind: 'verified', ...debug };
  return { kind: 'unverified', reason: 'the hook did not verify the password', ...debug };
}

/** The failure-policy result: the sign-in fails and the password is not imported. */
export function passwordImportHookFailed(reason: string, debugContext?: Record<string, unknown>): PasswordImportHookResult {
  return { kind: 'failed', reason, ...(debugContext ? { debugContext } : {}) };
}
