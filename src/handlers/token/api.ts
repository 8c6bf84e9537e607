import { CommonBuilder, type CommonApi } from '../core/common-api.js';
import type { PatchOp, ResponseDraft } from '../core/draft.js';
import { ContractViolationError } from '../core/errors.js';
import { NOT_JSON, nonJsonError, tryCopyJson } from '../core/json.js';
import { escapeSegment, toPointer, type PointerSegment } from '../core/pointer.js';
import type { TokenEvent } from './event.js';
import { ACCESS_TOKEN_PATCH, checkTokenOp, ID_TOKEN_PATCH, isTokenRequested, LIFETIME_PATH, tokenNotRequested, type TokenPatchType } from './rules.js';

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
  if (typeof claim === 'string') return `/claims/${escapeSegment(claim)}`;
  if (!Array.isArray(claim) || claim.length === 0) {
    throw new ContractViolationError('token.path', 'a claim is a name or a non-empty array of path segments');
  }
  return `/claims${toPointer(claim)}`;
}

/** The patch builder of one token (`api.accessToken`, `api.idToken`). */
class TokenPatchBuilder implements TokenPatchApi {
  readonly #type: TokenPatchType;
  /** Whether Okta mints this token, read from the request once: the handler cannot change the answer. */
  readonly #requested: boolean;
  readonly #draft: ResponseDraft;

  constructor(type: TokenPatchType, event: TokenEvent, draft: ResponseDraft) {
    this.#type = type;
    this.#requested = isTokenRequested(type, event);
    this.#draft = draft;
  }

  addClaim(claim: ClaimPath, value: unknown): void {
    this.#push({ op: 'add', path: claimPointer(claim), value });
  }

  addClaims(claims: Record<string, unknown>): void {
    for (const name of Object.keys(claims)) this.#push({ op: 'add', path: claimPointer(name), value: claims[name] });
  }

  replaceClaim(claim: ClaimPath, value: unknown): void {
    this.#push({ op: 'replace', path: claimPointer(claim), value });
  }

  removeClaim(claim: ClaimPath): void {
    // No `value` member at all, as the Java SDK emits; Okta also accepts null.
    this.#push({ op: 'remove', path: claimPointer(claim) });
  }

  appendToClaim(claim: ClaimPath, value: unknown): void {
    this.#push({ op: 'add', path: `${claimPointer(claim)}/-`, value });
  }

  setLifetime(seconds: number): void {
    this.#push({ op: 'replace', path: LIFETIME_PATH, value: seconds });
  }

  patch(...ops: PatchOp[]): void {
    for (const op of ops) this.#push({ ...op });
  }

  /**
   * Checks the op by every rule of `checkTokenResponse` and stores a copy of it: the rules run on the
   * copy, so what the draft holds is exactly what was checked, and later changes to the caller's
   * objects cannot reach it. That is what lets `execute` skip the second walk over the sealed body.
   */
  #push(op: PatchOp): void {
    const type = this.#type;
    const site = this.#draft.nextOpSite(type);
    if (!this.#requested) throw tokenNotRequested(type, { commandIndex: site.commandIndex });
    const copy = tryCopyJson(op);
    if (copy === NOT_JSON) {
      // The rules first, so a bad op gets the error it always got; else the member JSON cannot carry.
      checkTokenOp(type, op, site);
      throw nonJsonError(op, site, `commands[${site.commandIndex}].value[${site.opIndex}]`);
    }
    checkTokenOp(type, copy as unknown as PatchOp, site);
    this.#draft.appendOp(type, copy);
  }
}

class TokenBuilder extends CommonBuilder implements TokenApi {
  readonly accessToken: TokenPatchApi;
  readonly idToken: TokenPatchApi;
  readonly #identity: boolean;
  readonly #access: boolean;
  readonly #draft: ResponseDraft;

  constructor(event: TokenEvent, draft: ResponseDraft) {
    super(draft);
    this.accessToken = new TokenPatchBuilder(ACCESS_TOKEN_PATCH, event, draft);
    this.idToken = new TokenPatchBuilder(ID_TOKEN_PATCH, event, draft);
    this.#identity = isTokenRequested(ID_TOKEN_PATCH, event);
    this.#access = isTokenRequested(ACCESS_TOKEN_PATCH, event);
    this.#draft = draft;
  }

  tokenLifetime(seconds: number): void {
    if (this.#identity) this.idToken.setLifetime(seconds);
    if (this.#access) this.accessToken.setLifetime(seconds);
  }

  nextCommand(): void {
    this.#draft.breakPatch();
  }
}

export function createTokenApi(event: TokenEvent, draft: ResponseDraft): TokenApi {
  return new TokenBuilder(event, draft);
}
