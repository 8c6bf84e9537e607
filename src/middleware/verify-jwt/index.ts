import type { MiddlewareHandler } from 'hono';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type RemoteJWKSetOptions,
} from 'jose';
import { authRefused, OktaErrorCode } from '../errors/index.js';
import { withVerifier, type AuthRefusal, type RequestVerifier } from '../verifier.js';
import type { GatehookEnv } from '../types.js';

interface CommonJwtOptions {
  /** The authorization server's issuer, e.g. `https://example.okta.com/oauth2/default`. */
  issuer: string;
  /** The expected `aud`, e.g. `api://default`. */
  audience: string | string[];
  /** The custom scope configured on the hook's OAuth channel; must be in `scp`. */
  requiredScope?: string;
  /** When set, `cid` must equal this (the client Okta authenticates as). */
  clientId?: string;
  /** Asymmetric algorithms accepted (default RS256, ES256). `none` and HS* are refused. */
  algorithms?: string[];
  /** Seconds of clock skew tolerated on exp/nbf/iat (default 5). */
  clockToleranceSec?: number;
}

export type VerifyJwtOptions = CommonJwtOptions &
  (
    | { jwksUri: string | URL; jwksOptions?: RemoteJWKSetOptions }
    | { jwks: JSONWebKeySet | JWTVerifyGetKey }
  );

const ASYMMETRIC = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']);
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;
const JWKS_FETCH_CODES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID']);

/** A short log-safe reason for a jose failure (the body never says more than "invalid_token"). */
function reasonOf(err: unknown): string {
  const e = err as { code?: string; claim?: string; reason?: string };
  switch (e.code) {
    case 'ERR_JWT_EXPIRED':
      return 'jwt-expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `jwt-claim-${e.claim ?? 'unknown'}-${e.reason ?? 'invalid'}`;
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'jwt-bad-signature';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'jwt-alg-not-allowed';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'jwt-unknown-kid';
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'jwt-ambiguous-kid';
    default:
      return e.code ? `jwt-${e.code.toLowerCase().replace(/^err_/, '').replaceAll('_', '-')}` : 'jwt-invalid';
  }
}

function scopesOf(payload: JWTPayload): string[] {
  const scp = payload.scp ?? payload.scope;
  if (Array.isArray(scp)) return scp.filter((s): s is string => typeof s === 'string');
  if (typeof scp === 'string') return scp.split(' ').filter(Boolean);
  return [];
}

function validate(options: VerifyJwtOptions): string[] {
  if (!options || typeof options.issuer !== 'string' || options.issuer === '') throw new TypeError('verifyJwt: issuer is required');
  const audiences = Array.isArray(options.audience) ? options.audience : [options.audience];
  if (audiences.length === 0 || audiences.some((a) => typeof a !== 'string' || a === '')) {
    throw new TypeError('verifyJwt: audience is required');
  }
  const hasUri = 'jwksUri' in options && options.jwksUri !== undefined;
  const hasSet = 'jwks' in options && options.jwks !== undefined;
  if (hasUri === hasSet) throw new TypeError('verifyJwt: pass exactly one of jwksUri or jwks');
  const algorithms = options.algorithms ?? ['RS256', 'ES256'];
  if (algorithms.length === 0) throw new TypeError('verifyJwt: algorithms must not be empty');
  for (const alg of algorithms) {
    if (!ASYMMETRIC.has(alg)) throw new TypeError(`verifyJwt: algorithm "${alg}" is not allowed (asymmetric algorithms only)`);
  }
  if (options.clockToleranceSec !== undefined && !(options.clockToleranceSec >= 0 && options.clockToleranceSec <= 300)) {
    throw new TypeError('verifyJwt: clockToleranceSec must be between 0 and 300');
  }
  return algorithms;
}

function denied(status: 401 | 403, reason: string, error?: 'invalid_token' | 'insufficient_scope'): AuthRefusal {
  return {
    status,
    reason,
    errorCode: status === 401 ? OktaErrorCode.invalidToken : OktaErrorCode.forbidden,
    errorSummary: status === 401 ? 'Invalid token provided' : 'You do not have permission to perform the requested action',
    headers: { 'WWW-Authenticate': error ? `Bearer realm="gatehook", error="${error}"` : 'Bearer realm="gatehook"' },
  };
}

/**
 * The check `verifyJwt` runs, with no HTTP framework attached (see `verifyJwt`). createHookApp runs it
 * inside the hook route, before the body is read, as it runs the header secret check.
 */
export function jwtVerifier(options: VerifyJwtOptions): RequestVerifier {
  const algorithms = validate(options);
  const remote = 'jwksUri' in options && options.jwksUri !== undefined;
  const keys: JWTVerifyGetKey = 'jwksUri' in options && options.jwksUri !== undefined
    ? createRemoteJWKSet(new URL(options.jwksUri), {
        timeoutDuration: 1000,
        cooldownDuration: 30_000,
        cacheMaxAge: 600_000,
        ...options.jwksOptions,
      })
    : 'jwks' in options && typeof options.jwks === 'function'
      ? options.jwks
      : createLocalJWKSet((options as { jwks: JSONWebKeySet }).jwks);
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms,
    clockTolerance: options.clockToleranceSec ?? 5,
    requiredClaims: ['exp', 'iss', 'aud'],
  };
  const MISSING = denied(401, 'bearer-missing');
  const MALFORMED = denied(401, 'bearer-malformed', 'invalid_token');

  async function verifyToken(token: string): Promise<AuthRefusal | undefined> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, verifyOptions));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (remote && (code === undefined || JWKS_FETCH_CODES.has(code))) {
        return { status: 503, reason: 'jwks-unavailable', errorCode: OktaErrorCode.unavailable, errorSummary: 'Service unavailable', cause: err };
      }
      return denied(401, reasonOf(err), 'invalid_token');
    }
    if (options.clientId !== undefined && payload.cid !== options.clientId) return denied(401, 'jwt-client-mismatch', 'invalid_token');
    if (options.requiredScope !== undefined && !scopesOf(payload).includes(options.requiredScope)) {
      return denied(403, 'jwt-scope-missing', 'insufficient_scope');
    }
    return undefined;
  }

  return {
    headerName: 'authorization',
    check(header) {
      if (!header) return MISSING;
      const token = BEARER.exec(header)?.[1];
      if (!token) return MALFORMED;
      return verifyToken(token);
    },
  };
}

/**
 * Verifies the OAuth 2.0 bearer token Okta sends for inline hooks with an OAuth channel: signature
 * against the authorization server's JWKS (cached, with cool-down and timeout), `iss`, `aud`, `exp`,
 * `nbf`, an asymmetric algorithm allow-list, the required scope in `scp`, and optionally `cid`.
 * Failures answer 401 `WWW-Authenticate: Bearer error="invalid_token"` (403 `insufficient_scope` for a
 * valid token lacking the scope) with no detail in the body; the reason code goes to the log line.
 * An unreachable JWKS answers 503.
 *
 * @example
 * app.post('/hooks/token', verifyJwt({
 *   issuer: 'https://example.okta.com/oauth2/default',
 *   audience: 'api://default',
 *   jwksUri: 'https://example.okta.com/oauth2/default/v1/keys',
 *   requiredScope: 'okta.hooks',
 * }), handler);
 */
export function verifyJwt(options: VerifyJwtOptions): MiddlewareHandler<GatehookEnv> {
  const verifier = jwtVerifier(options);
  return withVerifier(async function verifyJwt(c, next) {
    const refusal = await verifier.check(c.req.header('Authorization'));
    if (refusal === undefined) return next();
    throw authRefused(c, refusal);
  }, verifier);
}
