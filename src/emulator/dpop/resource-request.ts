/**
 * DPoP at the Management API (RFC 9449 section 7): a token bound to a key (`cnf.jkt`) is accepted
 * only as `Authorization: DPoP <token>` with a proof for this request signed by that key and
 * carrying the token's hash; a bound token sent as Bearer is refused, as the RFC requires.
 */
import type { ReplayGuard } from '../authorization-server/private-key-jwt.js';
import { OAuthError } from '../authorization-server/oauth-error.js';
import { verifyDpopProof } from './proof.js';

export interface ResourceRequestProof {
  /** `bearer` or `dpop`, as the Authorization header names it. */
  scheme: 'bearer' | 'dpop';
  accessToken: string;
  /** The token's `cnf.jkt`; undefined for an unbound token. */
  boundTo: string | undefined;
  header: string | undefined;
  method: string;
  url: string;
  now: Date;
  replay: ReplayGuard;
}

/** Throws an OAuthError (`invalid_token` or `invalid_dpop_proof`) when the binding does not hold. */
export async function checkResourceBinding(input: ResourceRequestProof): Promise<void> {
  if (input.scheme === 'bearer') {
    if (input.boundTo !== undefined) throw new OAuthError('invalid_request', 'A DPoP-bound access token must be sent with the DPoP authentication scheme.');
    return;
  }
  if (input.boundTo === undefined) throw new OAuthError('invalid_request', 'The access token is not DPoP-bound; send it with the Bearer scheme.');
  const { jkt } = await verifyDpopProof({ header: input.header, method: input.method, url: input.url, now: input.now, replay: input.replay, accessToken: input.accessToken });
  if (jkt !== input.boundTo) throw new OAuthError('invalid_dpop_proof', 'The DPoP proof JWT is not signed by the key the access token is bound to.');
}
