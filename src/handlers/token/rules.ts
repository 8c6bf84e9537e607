import type { HookResponseBody } from '../core/types.js';
import type { PatchOp } from '../core/draft.js';
import { ContractViolationError, type ViolationSite } from '../core/errors.js';
import { atPath, checkOpBasics, patchOps } from '../core/patch.js';
import { checkCommandTypes } from '../core/response.js';
import type { TokenEvent } from './event.js';

export const ID_TOKEN_PATCH = 'com.okta.identity.patch';
export const ACCESS_TOKEN_PATCH = 'com.okta.access.patch';
export type TokenPatchType = typeof ID_TOKEN_PATCH | typeof ACCESS_TOKEN_PATCH;

export const LIFETIME_PATH = '/token/lifetime/expiration';
export const MIN_LIFETIME_SECONDS = 300;
export const MAX_LIFETIME_SECONDS = 86_400;

/** Claims Okta mints itself; a patch touching one makes Okta drop the whole patch. */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set(
  ('acr active aid amr app_id app_type as_uri at_hash aud auth_time authorization_details c_hash cid client_id client_ip ' +
    'client_req_id client_type client_user_agent cnf device_compliance device_id device_known device_managed device_name ' +
    'device_trust did dst exp group groups hotk iat idp idp_iss iss jti mac_key may_act nonce oid okta_emailVerified ' +
    'okta_lastUpdated orig permissions purpose pwd_exp_days pwd_exp_time rid role rpt rsi scope scopes scp sid sub term ' +
    'token_type uid user_ip username ver').split(' '),
);
/** The reserved claims an access-token patch may still change. */
export const ACCESS_TOKEN_WRITABLE: ReadonlySet<string> = new Set(['aud', 'sub']);

const TOKEN_OPS = ['add', 'replace', 'remove'] as const;

function tokenLabel(type: TokenPatchType): string {
  return type === ID_TOKEN_PATCH ? 'ID token' : 'access token';
}

export function isReservedClaim(type: TokenPatchType, name: string): boolean {
  return RESERVED_CLAIMS.has(name) && !(type === ACCESS_TOKEN_PATCH && ACCESS_TOKEN_WRITABLE.has(name));
}

/** Whether Okta mints the token of `type` in this request (only then may it be patched). */
export function isTokenRequested(type: TokenPatchType, event: Pick<TokenEvent, 'identity' | 'access'>): boolean {
  return type === ID_TOKEN_PATCH ? event.identity !== undefined : event.access !== undefined;
}

export function tokenNotRequested(type: TokenPatchType, site: ViolationSite): ContractViolationError {
  return type === ID_TOKEN_PATCH
    ? new ContractViolationError('token.identity-not-requested', 'no ID token is being minted (the request has no data.identity), so it cannot be patched', site)
    : new ContractViolationError('token.access-not-requested', 'the request has no data.access, so the access token cannot be patched', site);
}

/** The token being patched must be one Okta is minting in this request. */
export function checkTokenRequested(type: TokenPatchType, event: TokenEvent, site: ViolationSite): void {
  if (!isTokenRequested(type, event)) throw tokenNotRequested(type, site);
}

/** All rules for one op of a token patch; shared by the builder (early) and the final body check. */
export function checkTokenOp(type: TokenPatchType, op: PatchOp, site: ViolationSite): void {
  const segments = checkOpBasics(op, TOKEN_OPS, 'token', site);
  const path = op.path;
  if (path === LIFETIME_PATH) {
    if (op.op !== 'replace') {
      throw new ContractViolationError('token.lifetime-op', `the lifetime can only be changed with "replace", not "${op.op}"`, atPath(site, path));
    }
    const v = op.value;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < MIN_LIFETIME_SECONDS || v > MAX_LIFETIME_SECONDS) {
      throw new ContractViolationError('token.lifetime-range', `the lifetime must be an integer number of seconds from ${MIN_LIFETIME_SECONDS} to ${MAX_LIFETIME_SECONDS}, got ${JSON.stringify(v)}`, atPath(site, path));
    }
    return;
  }
  const root = segments[0];
  const claim = segments[1];
  if (root !== 'claims' || claim === undefined || claim === '') {
    throw new ContractViolationError('token.path', `paths must be "/claims/<name>[/...]" or "${LIFETIME_PATH}"`, atPath(site, path));
  }
  if (isReservedClaim(type, claim)) {
    throw new ContractViolationError('token.reserved-claim', `"${claim}" is a reserved claim and cannot be changed in the ${tokenLabel(type)}`, atPath(site, path));
  }
  if (op.op === 'remove' && op.value !== undefined && op.value !== null) {
    throw new ContractViolationError('token.remove-value', '"remove" must have no value (or null); any other value makes Okta reject the whole patch', atPath(site, path));
  }
}

/** Final check of a token hook response. */
export function checkTokenResponse(body: HookResponseBody, event: TokenEvent): void {
  const commands = body.commands ?? [];
  checkCommandTypes(commands, [ID_TOKEN_PATCH, ACCESS_TOKEN_PATCH], 'token hook');
  commands.forEach((command, commandIndex) => {
    const type = command.type as TokenPatchType;
    checkTokenRequested(type, event, { commandIndex });
    patchOps(command, commandIndex, 'token').forEach((op, opIndex) => checkTokenOp(type, op, { commandIndex, opIndex }));
  });
}
