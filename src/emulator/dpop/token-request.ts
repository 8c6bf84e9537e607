/**
 * DPoP at a token endpoint, as Okta does it: an app with `dpop_bound_access_tokens` must send a
 * proof with the server's nonce (the first request answers `use_dpop_nonce`) and gets tokens bound
 * to its key (`token_type: DPoP`, `cnf.jkt`). Other apps' proofs are ignored and their tokens are
 * Bearer: Okta's own SDK sends a proof on every token request and relies on that.
 */
import type { ReplayGuard } from '../authorization-server/private-key-jwt.js';
import { OAuthError } from '../authorization-server/oauth-error.js';
import { createDpopNonces, type DpopNonces } from './nonce.js';
import { MISSING_PROOF, verifyDpopProof } from './proof.js';

export interface TokenRequestProof {
  /** The authenticated client; `dpopBoundAccessTokens` is the app's `dpop_bound_access_tokens`. */
  client: { dpopBoundAccessTokens?: boolean };
  /** The `DPoP` request header. */
  header: string | undefined;
  tokenEndpoint: string;
  now: Date;
  nonces: DpopNonces;
  replay: ReplayGuard;
}

/** The thumbprint to bind the tokens to, or undefined for Bearer tokens. */
export async function tokenRequestBinding(input: TokenRequestProof): Promise<string | undefined> {
  if (input.client.dpopBoundAccessTokens !== true) return undefined;
  if (input.header === undefined) throw new OAuthError('invalid_dpop_proof', MISSING_PROOF);
  const { jkt } = await verifyDpopProof({ header: input.header, method: 'POST', url: input.tokenEndpoint, now: input.now, nonces: input.nonces, replay: input.replay });
  return jkt;
}

/**
 * A public client's refresh token is bound to its DPoP key (RFC 9449 section 5); confidential
 * clients' are not, they authenticate instead.
 */
export function boundRefresh(grant: { client: { tokenEndpointAuthMethod: string }; dpopJkt?: string }): grant is { client: { tokenEndpointAuthMethod: string }; dpopJkt: string } {
  return grant.dpopJkt !== undefined && grant.client.tokenEndpointAuthMethod === 'none';
}

/** A bound refresh token is usable only with a proof of the same key. */
export function refreshBindingHolds(grant: { originalGrant?: { dpopJkt?: string } }, jkt: string | undefined): void {
  const boundTo = grant.originalGrant?.dpopJkt;
  if (boundTo !== undefined && boundTo !== jkt) throw new OAuthError('invalid_dpop_proof', 'The DPoP proof JWT is not signed by the key the refresh token is bound to.');
}

const byOwner = new WeakMap<object, DpopNonces>();

/** The nonces of one org (keyed by any object that lives as long as it, e.g. its store). */
export function dpopNoncesOf(owner: object): DpopNonces {
  let nonces = byOwner.get(owner);
  if (!nonces) {
    nonces = createDpopNonces();
    byOwner.set(owner, nonces);
  }
  return nonces;
}

/** What a token response says about the binding. */
export function tokenType(jkt: string | undefined): 'DPoP' | 'Bearer' {
  return jkt ? 'DPoP' : 'Bearer';
}
