import { Hono } from 'hono';
import { audit } from '../audit.js';
import type { EmulatorDeps, EmulatorEnv } from '../context.js';
import { baseUrl } from '../http.js';
import { dpopNoncesOf, tokenRequestBinding, tokenType } from '../dpop/token-request.js';
import { authenticateClient, OAuthError, storedReplayGuard } from '../oauth/client-assertion.js';
import { ACCESS_TOKEN_LIFETIME_S } from '../oauth/issuer.js';
import { DPOP_ALGORITHMS } from '../dpop/proof.js';

/** Okta management scopes look like `okta.users.read` / `okta.users.manage`. */
const OKTA_SCOPE = /^okta\.[A-Za-z]+\.(read|manage)(\.self)?$/;

/** The org authorization server: client credentials with private_key_jwt, and its signing keys. */
export function oauthRoutes(deps: EmulatorDeps): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/oauth2/v1/token', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    try {
      const contentType = c.req.header('content-type') ?? '';
      if (!contentType.startsWith('application/x-www-form-urlencoded')) {
        throw new OAuthError('invalid_request', 'The token request must be application/x-www-form-urlencoded.');
      }
      const form = Object.fromEntries(new URLSearchParams(await c.req.text()));
      if (form.grant_type !== 'client_credentials') {
        throw new OAuthError('unsupported_grant_type', 'The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].');
      }
      const base = baseUrl(c, deps);
      const tokenEndpoint = `${base}/oauth2/v1/token`;
      const client = await authenticateClient(deps, form, tokenEndpoint);
      const jkt = await tokenRequestBinding({
        client: { dpopBoundAccessTokens: client.settings.oauthClient?.dpop_bound_access_tokens === true },
        header: c.req.header('dpop'),
        tokenEndpoint,
        now: deps.clock.now(),
        nonces: dpopNoncesOf(deps.store),
        replay: storedReplayGuard(deps),
      });
      const scopes = (form.scope ?? '').split(' ').filter(Boolean);
      if (scopes.length === 0) {
        throw new OAuthError('invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
      }
      if (!scopes.every((scope) => OKTA_SCOPE.test(scope))) {
        throw new OAuthError('invalid_scope', 'One or more scopes are not configured for the authorization server resource.');
      }
      const accessToken = await deps.issuer.issue(client.id, scopes, base, jkt);
      audit(c, deps, {
        eventType: 'app.oauth2.as.token.grant.access_token',
        displayMessage: 'OAuth2 access token is granted',
        actor: { id: client.id, type: 'PublicClientApp', alternateId: client.id, displayName: client.label, detailEntry: null },
      });
      return c.json({ token_type: tokenType(jkt), expires_in: ACCESS_TOKEN_LIFETIME_S, access_token: accessToken, scope: scopes.join(' ') });
    } catch (error) {
      if (error instanceof OAuthError) return error.render(c);
      throw error;
    }
  });

  app.get('/oauth2/v1/keys', (c) => {
    c.header('Cache-Control', 'max-age=3600');
    return c.json(deps.issuer.jwks());
  });

  app.get('/.well-known/oauth-authorization-server', (c) => {
    const base = baseUrl(c, deps);
    return c.json({
      issuer: base,
      token_endpoint: `${base}/oauth2/v1/token`,
      jwks_uri: `${base}/oauth2/v1/keys`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
      dpop_signing_alg_values_supported: DPOP_ALGORITHMS,
    });
  });
  return app;
}
