import { commonApi, type CommonApi } from '../core/common-api.js';
import type { PatchOp, ResponseDraft } from '../core/draft.js';
import { ContractViolationError } from '../core/errors.js';
import { toPointer, type PointerSegment } from '../core/pointer.js';
import type { TokenEvent } from './event.js';
import { ACCESS_TOKEN_PATCH, checkTokenOp, checkTokenRequested, ID_TOKEN_PATCH, LIFETIME_PATH, type TokenPatchType } from './rules.js';

/**
 * A claim: a string is one claim name (escaped for you, so URI names work); an array walks into it,
 * e.g. `['employee_profile', 'department_id']`, `['preferred_airports', 2]` or `['preferred_airports', '-']`.
 */
export type ClaimPath = string | readonly [string, ...PointerSegment[]];

export interface TokenPatchApi {
  /** Adds a claim (or member / array element). Adding an existing claim overwrites it. */
  addClaim(claim: ClaimPath, value: unknown): void;
  /** Adds several top-level claims, in object order. */
  addClaims(claims: Record<string, unknown>): void;
  /** Replaces a claim that is already in the token. */
  replaceClaim(claim: ClaimPath, value: unknown): void;
  /** Removes a claim that is already in the token. */
  removeClaim(claim: ClaimPath): void;
  /** Appends to an array claim (`/claims/<name>/-`). */
  appendToClaim(claim: ClaimPath, value: unknown): void;
  /** Sets the token lifetime in seconds (integer, 300 to 86400). */
  setLifetime(seconds: number): void;
  /** Raw ops for anything the helpers do not cover; checked by the same rules. */
  patch(...ops: PatchOp[]): void;
}

export interface TokenApi extends CommonApi {
  readonly accessToken: TokenPatchApi;
  /** Throws at the first call when no ID token is being minted (`event.identity` is undefined). */
  readonly idToken: TokenPatchApi;
  /** Sets the lifetime of every token being minted: the ID token (if any) first, then the access token. */
  tokenLifetime(seconds: number): void;
  /** Consecutive ops on one token share a command; this makes the next op start a new one. */
  nextCommand(): void;
}

function claimPointer(claim: ClaimPath): string {
  const segments = typeof claim === 'string' ? [claim] : claim;
  if (!Array.isArray(segments) || segments.length === 0) {
    throw new ContractViolationError('token.path', 'a claim is a name or a non-empty array of path segments');
  }
  return toPointer(['claims', ...segments]);
}

/**
 * A copy of an op, so later mutation of the caller's objects cannot change what was checked. Only
 * object members need copying (strings, numbers, booleans and null are immutable); structuredClone
 * costs ~2 µs even for a primitive, and most claims are primitives.
 */
function copyOp(op: PatchOp): PatchOp {
  const copy: Record<string, unknown> = { ...op };
  for (const key of Object.keys(copy)) {
    const value = copy[key];
    if (typeof value === 'object' && value !== null) copy[key] = structuredClone(value);
  }
  return copy as unknown as PatchOp;
}

function tokenPatchApi(type: TokenPatchType, event: TokenEvent, draft: ResponseDraft): TokenPatchApi {
  const push = (op: PatchOp): void => {
    const site = draft.nextOpSite(type);
    checkTokenRequested(type, event, { commandIndex: site.commandIndex });
    checkTokenOp(type, op, site);
    draft.appendOp(type, copyOp(op));
  };
  return {
    addClaim: (claim, value) => push({ op: 'add', path: claimPointer(claim), value }),
    addClaims: (claims) => {
      for (const [name, value] of Object.entries(claims)) push({ op: 'add', path: claimPointer(name), value });
    },
    replaceClaim: (claim, value) => push({ op: 'replace', path: claimPointer(claim), value }),
    // No `value` member at all, as the Java SDK emits; Okta also accepts null.
    removeClaim: (claim) => push({ op: 'remove', path: claimPointer(claim) }),
    appendToClaim: (claim, value) => push({ op: 'add', path: `${claimPointer(claim)}/-`, value }),
    setLifetime: (seconds) => push({ op: 'replace', path: LIFETIME_PATH, value: seconds }),
    patch: (...ops) => {
      for (const op of ops) push({ ...op });
    },
  };
}

export function createTokenApi(event: TokenEvent, draft: ResponseDraft): TokenApi {
  const accessToken = tokenPatchApi(ACCESS_TOKEN_PATCH, event, draft);
  const idToken = tokenPatchApi(ID_TOKEN_PATCH, event, draft);
  return {
    ...commonApi(draft),
    accessToken,
    idToken,
    tokenLifetime: (seconds) => {
      if (event.identity !== undefined) idToken.setLifetime(seconds);
      if (event.access !== undefined) accessToken.setLifetime(seconds);
    },
    nextCommand: () => draft.breakPatch(),
  };
}
