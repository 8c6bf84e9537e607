/**
 * Applies a token inline hook response to the token about to be minted, with Okta's rules: the
 * patch is all or nothing, reserved claims are off limits (except aud/sub in access tokens), the
 * lifetime is replace-only within 300-86400 s, and an `error` stops the token altogether.
 */
// The same facts the hook builder checks before a response leaves: one source of truth.
import {
  ACCESS_TOKEN_WRITABLE,
  MAX_LIFETIME_SECONDS as MAX_TOKEN_LIFETIME,
  MIN_LIFETIME_SECONDS as MIN_TOKEN_LIFETIME,
  RESERVED_CLAIMS as TOKEN_RESERVED_CLAIMS,
} from '../../handlers/token/rules.js';
import { DEFAULT_CALLBACK_ERROR } from './failure-policy.js';
import { applyPatchOp, parsePointer } from './json-patch.js';
import { isRecord, readResponse, ResponseRejected as PatchRejected, runPatchCommands } from './response-shape.js';

export interface TokenDraft {
  accessClaims: Record<string, unknown>;
  /** Present only when an ID token is being minted. */
  idClaims?: Record<string, unknown>;
  /** Seconds. */
  accessLifetime: number;
  idLifetime?: number;
}

export type TokenHookResult =
  /** The patch applied (possibly with zero operations). */
  | { kind: 'patched'; token: TokenDraft; operations: number; debugContext?: Record<string, unknown> }
  /** The hook is skipped: the original token is minted and `reason` goes to the System Log. */
  | { kind: 'unchanged'; token: TokenDraft; reason: string; debugContext?: Record<string, unknown> }
  /** No token: the client gets `error=server_error` with this description. */
  | { kind: 'error'; error: 'server_error'; errorDescription: string; debugContext?: Record<string, unknown> };


const PATCH_COMMANDS = {
  'com.okta.access.patch': 'access',
  'com.okta.identity.patch': 'identity',
} as const;

type TokenKind = (typeof PATCH_COMMANDS)[keyof typeof PATCH_COMMANDS];

/** `body` is the parsed response, or undefined for an empty 204. */
export function applyTokenResponse(draft: TokenDraft, body: unknown): TokenHookResult {
  const read = readResponse(body);
  if (!read.ok) return tokenHookSkipped(draft, read.reason);
  const { commands, error, debugContext } = read.response;
  const debug = debugContext ? { debugContext } : {};
  if (error) {
    return {
      kind: 'error',
      error: 'server_error',
      errorDescription: error.errorSummary || DEFAULT_CALLBACK_ERROR,
      ...debug,
    };
  }
  const next = structuredClone(draft);
  const patched = runPatchCommands(
    commands,
    (type) => PATCH_COMMANDS[type as keyof typeof PATCH_COMMANDS] as TokenKind | undefined,
    (kind, op) => applyTokenOp(next, kind, op),
  );
  if (!patched.ok) return tokenHookSkipped(draft, patched.reason, debugContext);
  const { operations } = patched;
  return { kind: 'patched', token: next, operations, ...debug };
}

/** The failure-policy result: the token is minted as it was. */
export function tokenHookSkipped(
  draft: TokenDraft,
  reason: string,
  debugContext?: Record<string, unknown>,
): TokenHookResult {
  return { kind: 'unchanged', token: draft, reason, ...(debugContext ? { debugContext } : {}) };
}

function applyTokenOp(draft: TokenDraft, kind: TokenKind, op: unknown): void {
  if (!isRecord(op)) throw new PatchRejected(`${kind} patch operation is not an object`);
  const { op: name, path } = op;
  if (name !== 'add' && name !== 'replace' && name !== 'remove') {
    throw new PatchRejected(`unsupported op "${String(name)}" (only add, replace, remove)`);
  }
  if (typeof path !== 'string') throw new PatchRejected(`${name} operation has no string path`);
  const where = `${name} ${path} on the ${kind} token`;
  if (name === 'remove' && op.value !== undefined && op.value !== null) {
    throw new PatchRejected(`${where}: remove must not carry a value`);
  }
  if (name !== 'remove' && !('value' in op)) throw new PatchRejected(`${where}: missing value`);

  const claims = kind === 'access' ? draft.accessClaims : draft.idClaims;
  if (!claims) throw new PatchRejected(`${where}: no ID token was requested`);

  if (path === '/token/lifetime/expiration') {
    if (name !== 'replace') throw new PatchRejected(`${where}: the lifetime can only be replaced`);
    const seconds = op.value;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < MIN_TOKEN_LIFETIME || seconds > MAX_TOKEN_LIFETIME) {
      throw new PatchRejected(`${where}: the lifetime must be an integer from ${MIN_TOKEN_LIFETIME} to ${MAX_TOKEN_LIFETIME}`);
    }
    if (kind === 'access') draft.accessLifetime = seconds;
    else draft.idLifetime = seconds;
    return;
  }

  const tokens = parsePointer(path);
  if (!tokens || tokens[0] !== 'claims' || tokens.length < 2 || tokens[1] === '') {
    throw new PatchRejected(`${where}: the path must be /claims/<name>... or /token/lifetime/expiration`);
  }
  const claim = tokens[1] as string;
  if (TOKEN_RESERVED_CLAIMS.has(claim)) {
    const allowed = kind === 'access' && ACCESS_TOKEN_WRITABLE.has(claim) && name !== 'remove';
    if (!allowed) throw new PatchRejected(`${where}: "${claim}" is a reserved claim`);
  }
  const reason = applyPatchOp(claims, tokens.slice(1), name, op.value);
  if (reason) throw new PatchRejected(`${where}: ${reason}`);
}
