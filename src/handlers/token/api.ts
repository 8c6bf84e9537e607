import { CommonBuilder, type CommonApi } from '../core/common-api.js';
import type { OpSite, PatchOp, ResponseDraft } from '../core/draft.js';
import { ContractViolationError } from '../core/errors.js';
import { NOT_JSON, nonJsonError, tryCopyJson, type JsonCopy } from '../core/json.js';
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
    this.#set('add', claimPointer(claim), value);
  }

  addClaims(claims: Record<string, unknown>): void {
    for (const name of Object.keys(claims)) this.#set('add', claimPointer(name), claims[name]);
  }

  replaceClaim(claim: ClaimPath, value: unknown): void {
    this.#set('replace', claimPointer(claim), value);
  }

  removeClaim(claim: ClaimPath): void {
    // No `value` member at all, as the Java SDK emits; Okta also accepts null. Two strings: a JSON copy as is.
    this.#store({ op: 'remove', path: claimPointer(claim) } as PatchOp & JsonCopy);
  }

  appendToClaim(claim: ClaimPath, value: unknown): void {
    this.#set('add', `${claimPointer(claim)}/-`, value);
  }

  setLifetime(seconds: number): void {
    this.#set('replace', LIFETIME_PATH, seconds);
  }

  patch(...ops: PatchOp[]): void {
    for (const op of ops) this.#push({ ...op });
  }

  /** An op the helpers built: only the value needs copying, the op around it is fresh. */
  #set(op: 'add' | 'replace', path: string, value: unknown): void {
    const copy = tryCopyJson(value);
    if (copy === NOT_JSON) this.#push({ op, path, value });
    else this.#store({ op, path, value: copy } as PatchOp & JsonCopy);
  }

  /** Any op: copied whole, or refused with the error the rules give it (else the JSON one). */
  #push(op: PatchOp): void {
    const copy = tryCopyJson(op);
    if (copy !== NOT_JSON) return this.#store(copy as PatchOp & JsonCopy);
    const site = this.#nextSite();
    checkTokenOp(this.#type, op, site);
    throw nonJsonError(op, site, `commands[${site.commandIndex}].value[${site.opIndex}]`);
  }

  /**
   * Checks an op by every rule of `checkTokenResponse` and stores it. The op is a JSON copy, so what the
   * draft holds is exactly what was checked, and later changes to the caller's objects cannot reach
   * it: that is what lets `execute` skip the second walk over the sealed body.
   */
  #store(op: PatchOp & JsonCopy): void {
    const site = this.#nextSite();
    checkTokenOp(this.#type, op, site);
    this.#draft.appendOp(this.#type, op);
  }

  /** Where the next op lands; only a token Okta is minting can be patched at all. */
  #nextSite(): OpSite {
    const site = this.#draft.nextOpSite(this.#type);
    if (!this.#requested) throw tokenNotRequested(this.#type, { commandIndex: site.commandIndex });
    return site;
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
