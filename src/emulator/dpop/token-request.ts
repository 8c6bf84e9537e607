/**
 * DPoP at a token endpoint: an app with `dpop_bound_access_tokens` must send a proof, and any
 * client that sends one gets tokens bound to its key (`token_type: DPoP`, `cnf.jkt`). Okta's
 * token endpoints require their nonce in the proof, so the first request answers `use_dpop_nonce`.
 */
import type { ReplayGuard } from '../authorization-server/private-key-jwt.js';
import { OAuthError } from '../authorization-server/oauth-error.js';
import { createDpopNonces, type DpopNonces } from './nonce.js';
import { MISSING_PROOF, verifyDpopProof } from './proof.js';

export interface TokenRequestProof {
  /** The `DPoP` request header. */
  header: string | undefined;
  tokenEndpoint: string;
  now: Date;
  nonces: DpopNonces;
  replay: ReplayGuard;
}

/**
 * The thumbprint to bind the tokens to, or undefined when the request has no proof. Checked before
 * the client authenticates, so a `use_dpop_nonce` round trip does not spend a client assertion.
 */
export async function tokenRequestBinding(input: TokenRequestProof): Promise<string | undefined> {
  if (input.header === undefined) return undefined;
  const { jkt } = await verifyDpopProof({ header: input.header, method: 'POST', url: input.tokenEndpoint, now: input.now, nonces: input.nonces, replay: input.replay });
  return jkt;
}

/** Refuses a request without a proof from a client that must send one (`dpop_bound_access_tokens`). */
export function requireBindingFor(client: { dpopBoundAccessTokens?: boolean }, jkt: string | undefined): void {
  if (client.dpopBoundAccessTokens === true && jkt === undefined) throw new OAuthError('invalid_dpop_proof', MISSING_PROOF);
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
