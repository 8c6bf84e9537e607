/**
 * OIDC apps as the authorization servers see them: the app object's `credentials.oauthClient`
 * (client id, authentication method, secret, PKCE) and `settings.oauthClient` (redirect URIs,
 * grant and response types), the shape Okta's Apps API has for `OPENID_CONNECT` apps.
 */
import type { ClientAuthMethod, OAuthClient } from '../authorization-server/client-auth.js';
import type { EmulatorDeps } from '../context.js';
import type { AppDoc } from '../store/types.js';

export interface OidcClient extends OAuthClient {
  appId: string;
  redirectUris: readonly string[];
  postLogoutRedirectUris: readonly string[];
  responseTypes: readonly string[];
  /** Public clients (`none`) always; web apps when `pkce_required` is set. */
  pkceRequired: boolean;
}

export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];

export function isClientAuthMethod(value: unknown): value is ClientAuthMethod {
  return CLIENT_AUTH_METHODS.includes(value as ClientAuthMethod);
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** The app as a client; undefined for apps that are not OIDC clients or whose method is unknown (fail closed). */
export function oidcClientOf(app: AppDoc): OidcClient | undefined {
  const credentials = app.credentials?.oauthClient;
  const settings = app.settings?.oauthClient;
  const method = credentials?.token_endpoint_auth_method;
  if (app.signOnMode !== 'OPENID_CONNECT' || !credentials || !settings || !isClientAuthMethod(method)) return undefined;
  return {
    appId: app.id,
    clientId: credentials.client_id,
    name: app.label,
    tokenEndpointAuthMethod: method,
    ...(credentials.client_secret && method.startsWith('client_secret') ? { clientSecret: credentials.client_secret } : {}),
    ...(method === 'private_key_jwt' && settings.jwks ? { jwks: settings.jwks as unknown as NonNullable<OAuthClient['jwks']> } : {}),
    grantTypes: strings(settings.grant_types),
    redirectUris: strings(settings.redirect_uris),
    postLogoutRedirectUris: strings(settings.post_logout_redirect_uris),
    responseTypes: strings(settings.response_types),
    pkceRequired: method === 'none' || credentials.pkce_required === true,
    ...(settings.dpop_bound_access_tokens === true ? { dpopBoundAccessTokens: true } : {}),
  };
}

/** The active app whose client id this is. */
export function findOidcClient(deps: Pick<EmulatorDeps, 'store'>, clientId: string): OidcClient | undefined {
  const app = deps.store.apps.all("json_extract(doc, '$.credentials.oauthClient.client_id') = ?", [clientId])[0];
  return app && app.status === 'ACTIVE' ? oidcClientOf(app) : undefined;
}
