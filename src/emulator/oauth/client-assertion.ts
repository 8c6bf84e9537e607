import type { JSONWebKeySet } from 'jose';
import type { EmulatorDeps } from '../context.js';
import { OAuthError } from '../authorization-server/oauth-error.js';
import { assertionClientId, JWT_BEARER, verifyClientAssertion, type ReplayGuard } from '../authorization-server/private-key-jwt.js';
import type { AppDoc } from '../store/types.js';

export { OAuthError };

/** Assertion ids of the org, kept in the store so a replay is refused across restarts too. */
export function storedReplayGuard(deps: Pick<EmulatorDeps, 'store'>): ReplayGuard {
  return {
    remember: (jti, expiresAtMs, nowMs) =>
      deps.store.meta.rememberJti(jti, new Date(expiresAtMs).toISOString(), new Date(nowMs).toISOString()),
  };
}

/**
 * Authenticates a service app at the org authorization server by `private_key_jwt`, the only
 * method Okta accepts there.
 */
export async function authenticateClient(deps: EmulatorDeps, form: Record<string, string>, tokenEndpoint: string): Promise<AppDoc> {
  if (form.client_assertion_type !== JWT_BEARER || !form.client_assertion) {
    throw new OAuthError('invalid_client', 'Client authentication failed: a private_key_jwt client_assertion is required.');
  }
  const clientId = assertionClientId(form.client_assertion);
  const app = deps.store.apps.get(clientId);
  if (!app || app.status !== 'ACTIVE' || (form.client_id && form.client_id !== clientId)) {
    throw new OAuthError('invalid_client', 'The client_id is invalid.');
  }
  await verifyClientAssertion({
    assertion: form.client_assertion,
    clientId: app.id,
    jwks: (app.settings.oauthClient?.jwks ?? { keys: [] }) as unknown as JSONWebKeySet,
    audience: tokenEndpoint,
    now: deps.clock.now(),
    replay: storedReplayGuard(deps),
  });
  return app;
}
