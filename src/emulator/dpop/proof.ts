/**
 * DPoP proofs (RFC 9449 section 4.3) as Okta checks them: a `dpop+jwt` signed with an asymmetric
 * key whose public JWK is in its header, for this request's method and URL, recent, used once, with
 * the server's nonce, and, on a resource request, the hash of the access token it comes with.
 * Any failure is `invalid_dpop_proof`; a missing or stale nonce is `use_dpop_nonce` with a fresh one.
 */
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { OAuthError } from '../authorization-server/oauth-error.js';
import type { ReplayGuard } from '../authorization-server/private-key-jwt.js';
import type { DpopNonces } from './nonce.js';

/** The algorithms Okta lists in `dpop_signing_alg_values_supported`. */
export const DPOP_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

/** How old a proof's `iat` may be, and how far ahead of our clock. */
const MAX_AGE_S = 300;
const MAX_SKEW_S = 60;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export interface ProofCheck {
  /** The `DPoP` header(s) of the request, as received. */
  header: string | undefined;
  method: string;
  /** The request URL; query and fragment are ignored (RFC 9449 section 4.3, step 9). */
  url: string;
  now: Date;
  /** The server's nonces, when it requires one in every proof (Okta's token endpoints do). */
  nonces?: DpopNonces;
  replay: ReplayGuard;
  /** For a resource request: the access token, whose hash the proof's `ath` must be. */
  accessToken?: string;
}

export interface VerifiedProof {
  /** JWK SHA-256 thumbprint of the proof's key (RFC 7638), the token's `cnf.jkt`. */
  jkt: string;
}

export const MISSING_PROOF = 'The DPoP proof JWT header is missing.';

const invalid = (description: string) => new OAuthError('invalid_dpop_proof', description);

/** The URL without query and fragment, with the default port dropped, for comparing `htu`. */
function comparableUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`.toLowerCase();
  } catch {
    return undefined;
  }
}

export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function verifyDpopProof(check: ProofCheck): Promise<VerifiedProof> {
  const proof = check.header?.trim();
  if (!proof) throw invalid(MISSING_PROOF);
  // Two DPoP headers arrive joined by a comma; RFC 9449 allows exactly one proof.
  if (proof.includes(',')) throw invalid('Only one DPoP proof JWT header is allowed.');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw invalid('The DPoP proof JWT is malformed.');
  }
  if (header.typ !== 'dpop+jwt') throw invalid("The DPoP proof JWT's 'typ' header must be 'dpop+jwt'.");
  if (typeof header.alg !== 'string' || !DPOP_ALGORITHMS.includes(header.alg)) {
    throw invalid(`The DPoP proof JWT's 'alg' must be one of ${DPOP_ALGORITHMS.join(', ')}.`);
  }
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object') throw invalid("The DPoP proof JWT header must carry the public key as 'jwk'.");
  if (PRIVATE_MEMBERS.some((member) => member in jwk)) throw invalid("The DPoP proof JWT's 'jwk' must be a public key.");

  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    const key = await importJWK(jwk, header.alg);
    ({ payload } = await jwtVerify(proof, key, { typ: 'dpop+jwt', algorithms: [header.alg], currentDate: check.now, clockTolerance: MAX_SKEW_S }));
  } catch {
    throw invalid('The DPoP proof JWT signature is invalid.');
  }
  const { jti, htm, htu, iat, nonce, ath } = payload as Record<string, unknown>;
  if (typeof jti !== 'string' || jti === '') throw invalid("The DPoP proof JWT must have a 'jti' claim.");
  if (htm !== check.method) throw invalid(`The DPoP proof JWT's 'htm' claim must be '${check.method}'.`);
  if (typeof htu !== 'string' || comparableUrl(htu) === undefined || comparableUrl(htu) !== comparableUrl(check.url)) {
    throw invalid("The DPoP proof JWT's 'htu' claim does not match the request URL.");
  }
  const nowS = Math.floor(check.now.getTime() / 1000);
  if (typeof iat !== 'number') throw invalid("The DPoP proof JWT must have an 'iat' claim.");
  if (iat > nowS + MAX_SKEW_S || iat < nowS - MAX_AGE_S) throw invalid("The DPoP proof JWT's 'iat' is not recent.");
  if (check.accessToken !== undefined && ath !== accessTokenHash(check.accessToken)) {
    throw invalid("The DPoP proof JWT's 'ath' claim does not match the access token.");
  }
  // The nonce comes after the signature: a nonce is handed out only to someone holding a key.
  if (check.nonces && (typeof nonce !== 'string' || !check.nonces.valid(nonce, check.now))) {
    const fresh = check.nonces.current(check.now);
    throw new OAuthError('use_dpop_nonce', check.accessToken === undefined ? 'Authorization server requires nonce in DPoP proof.' : 'Resource server requires nonce in DPoP proof.', { 'DPoP-Nonce': fresh });
  }
  const jkt = await calculateJwkThumbprint(jwk, 'sha256');
  if (!check.replay.remember(`dpop:${jkt}:${jti}`, (iat + MAX_AGE_S + MAX_SKEW_S) * 1000, check.now.getTime())) {
    throw invalid('The DPoP proof JWT has already been used.');
  }
  return { jkt };
}
