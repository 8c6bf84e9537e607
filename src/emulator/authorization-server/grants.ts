/** The grant types the token endpoint has today: client_credentials, password and refresh_token. */
import type { OAuthClient } from './client-auth.js';
import type { Grant } from './grant.js';
import { OAuthError } from './oauth-error.js';
import type { AuthorizationServerContext, GrantResolver } from './server-context.js';

export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);
const SCOPE_NAME = /^[\w.:/-]{1,255}$/;

const clientCredentials: GrantResolver = async ({ form, client, server }) => {
  if (client.tokenEndpointAuthMethod === 'none') throw new OAuthError('invalid_client', 'Public clients cannot use client_credentials.');
  let scopes = requestedScopes(form, client, server, undefined);
  if (scopes.length === 0) scopes = server.scopes.defaults();
  if (scopes.length === 0) {
    throw new OAuthError('invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
  }
  if (scopes.some((scope) => OIDC_SCOPES.has(scope))) throw new OAuthError('invalid_scope', 'Client Credentials requests cannot contain OpenID scopes.');
  return { grantType: 'client_credentials', client, scopes };
};

const password: GrantResolver = async ({ form, client, server }) => {
  const username = form.get('username');
  const secret = form.get('password');
  if (!username || !secret) throw new OAuthError('invalid_request', 'The username and password parameters are required.');
  const user = await server.users.authenticate(username, secret);
  if (!user) throw new OAuthError('invalid_grant', 'The credentials provided were invalid.');
  const scopes = requestedScopes(form, client, server, undefined, ['openid']);
  return withRefresh(server, { grantType: 'password', client, scopes, user, authTime: Math.floor(server.clock.now().getTime() / 1000) });
};

const refreshToken: GrantResolver = async ({ form, client, server }) => {
  const token = form.get('refresh_token');
  if (!token) throw new OAuthError('invalid_request', 'The refresh_token parameter is required.');
  const record = server.refreshTokens.find(token, server.clock.now().getTime());
  if (!record || record.clientId !== client.clientId) throw new OAuthError('invalid_grant', 'The refresh token is invalid or expired.');
  const user = await server.users.getUser(record.userId);
  if (!user) throw new OAuthError('invalid_grant', 'The refresh token is invalid or expired.');
  server.refreshTokens.touch(record.id, server.clock.now().getTime());
  const scopes = requestedScopes(form, client, server, record.scopes, record.scopes);
  return withRefresh(server, {
    grantType: 'refresh_token',
    client,
    scopes,
    user,
    authTime: record.authTime,
    ...(record.amr ? { amr: record.amr } : {}),
    originalGrant: { refreshTokenId: record.id, scope: record.scopes.join(' '), grantType: record.grantType, ...(record.dpopJkt ? { dpopJkt: record.dpopJkt } : {}) },
  });
};

/** The grants every server answers; other modules add theirs to the map they give a server. */
export function coreGrants(): Map<string, GrantResolver> {
  return new Map([
    ['client_credentials', clientCredentials],
    ['password', password],
    ['refresh_token', refreshToken],
  ]);
}

/** Reserves a refresh token when the grant asked for offline_access and the client may refresh. */
export function withRefresh(server: AuthorizationServerContext, grant: Grant): Grant {
  const eligible = grant.scopes.includes('offline_access') && grant.client.grantTypes.includes('refresh_token');
  return eligible ? { ...grant, refreshTokenId: server.refreshTokens.newId() } : grant;
}

/**
 * The scopes of this request: those asked for (or `fallback`), each known to the server, allowed for
 * the client and, on refresh, within what was originally granted.
 */
export function requestedScopes(
  form: URLSearchParams,
  client: OAuthClient,
  server: AuthorizationServerContext,
  ceiling: readonly string[] | undefined,
  fallback: readonly string[] = [],
): string[] {
  const raw = form.get('scope');
  const scopes = raw === null ? [...fallback] : [...new Set(raw.split(' ').filter(Boolean))];
  for (const scope of scopes) {
    if (!SCOPE_NAME.test(scope)) throw new OAuthError('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    if (!server.scopes.has(scope)) throw new OAuthError('invalid_scope', 'One or more scopes are not configured for the authorization server resource.');
    if (client.scopes && !OIDC_SCOPES.has(scope) && !client.scopes.includes(scope)) {
      throw new OAuthError('invalid_scope', `The client may not request the '${scope}' scope.`);
    }
    if (ceiling && !ceiling.includes(scope)) throw new OAuthError('invalid_scope', 'The requested scope exceeds the original grant.');
  }
  return scopes;
}
