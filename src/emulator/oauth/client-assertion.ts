import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import type { EmulatorDeps } from '../context.js';
import type { AppDoc } from '../store/types.js';

/** An OAuth error as RFC 6749 spells it; rendered as `{ error, error_description }`. */
export class OAuthError extends Error {
  readonly code: string;
  readonly status: 400 | 401;

  constructor(code: string, description: string, status: 400 | 401 = 400) {
    super(description);
    this.name = 'OAuthError';
    this.code = code;
    this.status = status;
  }
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_S = 3600;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

/**
 * Authenticates a client by `private_key_jwt`: the assertion must be signed by a key registered on
 * the app, name the app as `iss` and `sub`, target this token endpoint, expire within an hour, and
 * carry a `jti` never seen before.
 */
export async function authenticateClient(deps: EmulatorDeps, form: Record<string, string>, tokenEndpoint: string): Promise<AppDoc> {
  if (form.client_assertion_type !== ASSERTION_TYPE || !form.client_assertion) {
    throw new OAuthError('invalid_client', 'Client authentication failed: a private_key_jwt client_assertion is required.', 401);
  }
  let clientId: string | undefined;
  try {
    clientId = decodeJwt(form.client_assertion).sub;
  } catch {
    throw new OAuthError('invalid_client', 'The client_assertion is not a well-formed JWT.', 401);
  }
  const app = clientId ? deps.store.apps.get(clientId) : undefined;
  if (!app || app.status !== 'ACTIVE' || (form.client_id && form.client_id !== clientId)) {
    throw new OAuthError('invalid_client', 'The client_id is invalid.', 401);
  }
  const keys = createLocalJWKSet((app.settings.oauthClient?.jwks ?? { keys: [] }) as unknown as JSONWebKeySet);
  let payload;
  try {
    ({ payload } = await jwtVerify(form.client_assertion, keys, {
      algorithms: ALGORITHMS,
      issuer: app.id,
      subject: app.id,
      audience: tokenEndpoint,
      currentDate: deps.clock.now(),
      requiredClaims: ['exp', 'jti'],
    }));
  } catch (error) {
    const detail = error instanceof Error && 'code' in error ? String(error.code) : 'verification failed';
    throw new OAuthError('invalid_client', `The client_assertion is invalid (${detail}).`, 401);
  }
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  if ((payload.exp ?? 0) - now > MAX_ASSERTION_LIFETIME_S) {
    throw new OAuthError('invalid_client', 'The client_assertion expires more than one hour from now.', 401);
  }
  const expiresAt = new Date((payload.exp ?? now) * 1000).toISOString();
  if (!deps.store.meta.rememberJti(`${app.id}:${payload.jti}`, expiresAt, deps.clock.now().toISOString())) {
    throw new OAuthError('invalid_client', 'The client_assertion jti has already been used.', 401);
  }
  return app;
}
