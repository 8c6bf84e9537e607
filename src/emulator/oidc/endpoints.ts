/**
 * The OpenID Provider endpoints every authorization server of the org gets through SERVER_ROUTES:
 * `/v1/authorize`, `/v1/userinfo`, `/v1/introspect`, `/v1/revoke`, `/v1/logout`, and the discovery
 * fields that describe exactly these. The `authorization_code` grant joins the token endpoint
 * through SERVER_GRANTS, so codes are minted by `mintTokens()` with the server's policy, claims and
 * token hook like every other grant.
 */
import type { Context } from 'hono';
import { authenticateClient, type OAuthClient } from '../authorization-server/client-auth.js';
import { discoveryDocument, readForm } from '../authorization-server/core-routes.js';
import type { Grant } from '../authorization-server/grant.js';
import { requestedScopes, withRefresh } from '../authorization-server/grants.js';
import { OAuthError } from '../authorization-server/oauth-error.js';
import type { AuthorizationServerContext, GrantResolver, ServerEnv, ServerRouteFactory } from '../authorization-server/server-context.js';
import type { EmulatorContext, EmulatorDeps } from '../context.js';
import { newRequestId } from '../ids.js';
import { ANONYMOUS } from '../middleware/auth.js';
import {
  AuthorizePageError,
  AuthorizeRedirectError,
  protocolRequestOf,
  readAuthorizeRequest,
  RESPONSE_MODES,
  type AuthorizeRequest,
} from './authorize-request.js';
import { browserId } from './browser.js';
import { browserTokenRequests } from './browser-token-requests.js';
import { findOidcClient } from './clients.js';
import { oidcCors } from './cors.js';
import { completeAuthorization } from './complete.js';
import { currentSession, endSession, startSession } from './org-session.js';
import { deliver, errorPage, page } from './respond.js';
import { oidcState } from './state.js';
import { pkceMatches, signedClaims, verifiedClaims } from './tokens.js';
import { userInfoClaims } from './userinfo.js';
import { checkResourceBinding } from '../dpop/resource-request.js';
import { SignedOutPage } from './views.js';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];
const TOKEN_TYPE_HINTS = ['access_token', 'refresh_token', 'id_token'];

type ServerContext = Context<ServerEnv>;

/** Audit reads the request id and principal; make sure a server request carries both. */
function emulatorContext(c: ServerContext): EmulatorContext {
  const ec = c as unknown as EmulatorContext;
  if (!ec.get('requestId')) ec.set('requestId', newRequestId());
  if (!ec.get('principal')) ec.set('principal', ANONYMOUS);
  return ec;
}

const oauthJson = (c: Context, error: OAuthError) => error.render(c);

/** The org behind a server: the sign-in endpoints need its users, apps and sessions. */
function orgOf(server: AuthorizationServerContext): EmulatorDeps {
  if (!server.org) throw new OAuthError('server_error', 'This authorization server has no org to sign users in to.');
  return server.org;
}

const endpointOf = (server: AuthorizationServerContext, name: string) => `${server.issuer}/v1/${name}`;

/** Discovery fields of the endpoints below, over the server's own document. */
export function oidcDiscovery(server: AuthorizationServerContext): Record<string, unknown> {
  const endpoint = (name: string) => endpointOf(server, name);
  return {
    ...discoveryDocument(server),
    authorization_endpoint: endpoint('authorize'),
    userinfo_endpoint: endpoint('userinfo'),
    introspection_endpoint: endpoint('introspect'),
    revocation_endpoint: endpoint('revoke'),
    end_session_endpoint: endpoint('logout'),
    response_types_supported: ['code'],
    response_modes_supported: RESPONSE_MODES,
    code_challenge_methods_supported: ['S256'],
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    claims_parameter_supported: false,
    claims_supported: [
      'iss', 'sub', 'aud', 'iat', 'exp', 'jti', 'amr', 'idp', 'nonce', 'auth_time', 'at_hash', 'ver',
      'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'locale', 'zoneinfo', 'updated_at',
      'email', 'email_verified', 'phone_number', 'address',
    ],
  };
}

/** The `authorization_code` grant (SERVER_GRANTS): a single-use code bound to issuer, client, redirect_uri and PKCE. */
export const authorizationCodeGrant: GrantResolver = async ({ form, client, server }) => {
  const deps = orgOf(server);
  const code = form.get('code');
  if (!code) throw new OAuthError('invalid_request', "The 'code' parameter is required.");
  const record = oidcState(deps).codes.take(code);
  if (!record || record.issuer !== server.issuer || record.request.clientId !== client.clientId) {
    throw new OAuthError('invalid_grant', 'The authorization code is invalid or has expired.');
  }
  const { request } = record;
  if (form.get('redirect_uri') !== request.redirectUri) {
    throw new OAuthError('invalid_grant', "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
  }
  const verifier = form.get('code_verifier');
  if (request.codeChallenge) {
    if (!verifier) throw new OAuthError('invalid_request', "The 'code_verifier' parameter is required: the authorization request had a code_challenge.");
    if (!pkceMatches(verifier, request.codeChallenge)) throw new OAuthError('invalid_grant', 'PKCE verification failed.');
  } else if (verifier !== null) {
    throw new OAuthError('invalid_request', "A 'code_verifier' was sent but the authorization request had no code_challenge.");
  }
  const user = await server.users.getUser(record.userId);
  if (!user) throw new OAuthError('invalid_grant', 'The authorization code is invalid or has expired.');
  const grant: Grant = {
    grantType: 'authorization_code',
    client,
    scopes: request.scopes,
    user,
    authTime: record.authTime,
    amr: record.amr,
    sessionId: record.sessionId,
    ...(request.nonce ? { nonce: request.nonce } : {}),
    protocolRequest: protocolRequestOf(request),
  };
  return withRefresh(server, grant);
};

/** SERVER_ROUTES entry: the OIDC endpoints, relative to `/oauth2/{id}`. Listed before coreRoutes so its discovery answers. */
export const oidcRoutes: ServerRouteFactory = (routes) => {
  // Registered first, so the core routes (token, keys) answer browsers too.
  routes.use('*', oidcCors());
  routes.use('/v1/token', browserTokenRequests());
  const discovery = (c: ServerContext) => c.json(oidcDiscovery(c.get('authServer')));
  routes.get('/.well-known/openid-configuration', discovery);
  routes.get('/.well-known/oauth-authorization-server', discovery);

  routes.get('/v1/authorize', async (raw) => {
    const c = emulatorContext(raw);
    const server = raw.get('authServer');
    const deps = orgOf(server);
    let request: AuthorizeRequest;
    try {
      request = readAuthorizeRequest(new URL(c.req.url).searchParams, {
        issuer: server.issuer,
        findClient: (id) => findOidcClient(deps, id),
        checkScopes: (requested, client) => requestedScopes(new URLSearchParams({ scope: requested.join(' ') }), client, server, undefined),
      });
    } catch (error) {
      if (error instanceof AuthorizePageError) return errorPage(c, error.code, error.message);
      if (error instanceof AuthorizeRedirectError) {
        return deliver(c, error.redirectUri, error.responseMode, { error: error.code, error_description: error.message, ...(error.state ? { state: error.state } : {}) });
      }
      throw error;
    }
    const live = signInWithSessionToken(c, deps, request) ?? currentSession(c, deps);
    const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
    const fresh = live && request.prompt !== 'login' && (request.maxAge === undefined || nowSeconds - live.authTime <= request.maxAge);
    if (live && fresh) return completeAuthorization(c, deps, request, live);
    if (request.prompt === 'none') {
      return deliver(c, request.redirectUri, request.responseMode, {
        error: 'login_required',
        error_description: 'The client specified not to prompt, but the user is not logged in.',
        state: request.state,
      });
    }
    const transaction = oidcState(deps).startTransaction(request, browserId(c));
    return c.redirect(`/signin?tx=${encodeURIComponent(transaction.id)}`, 302);
  });

  /** Okta's `sessionToken` parameter: a one-time token from the Authentication API instead of the page. */
  function signInWithSessionToken(c: EmulatorContext, deps: EmulatorDeps, request: AuthorizeRequest) {
    if (!request.sessionToken) return undefined;
    const userId = deps.store.sessions.consumeToken(request.sessionToken, deps.clock.now().toISOString());
    const user = userId ? deps.store.users.get(userId) : undefined;
    return user?.status === 'ACTIVE' ? startSession(c, deps, user, ['pwd']) : undefined;
  }

  const userinfo = async (c: ServerContext) => {
    c.header('Cache-Control', 'no-store');
    const server = c.get('authServer');
    const deps = orgOf(server);
    const state = oidcState(deps);
    const endpoint = (name: string) => endpointOf(server, name);
    const header = c.req.header('authorization') ?? '';
    const scheme = /^(bearer|dpop) /i.exec(header)?.[1]?.toLowerCase() as 'bearer' | 'dpop' | undefined;
    const token = scheme ? header.slice(scheme.length + 1).trim() : '';
    const refuse = (status: 401 | 403, error: string, description: string) => {
      c.header('WWW-Authenticate', `Bearer authorization_uri="${endpoint('authorize')}", realm="${endpoint('authorize')}", scope="openid", error="${error}", error_description="${description}", resource=""`);
      return c.body(null, status);
    };
    const claims = token ? await verifiedClaims(server, token, deps.clock.now()) : undefined;
    if (!claims || typeof claims.cid !== 'string' || state.isRevoked(String(claims.jti))) return refuse(401, 'invalid_token', 'The access token is invalid.');
    const bound = (claims.cnf as { jkt?: unknown } | undefined)?.jkt;
    try {
      await checkResourceBinding({ scheme: scheme ?? 'bearer', accessToken: token, boundTo: typeof bound === 'string' ? bound : undefined, header: c.req.header('dpop'), method: c.req.method, url: c.req.url, now: deps.clock.now(), replay: server.replay });
    } catch (error) {
      if (error instanceof OAuthError) return refuse(401, error.code === 'invalid_dpop_proof' ? 'invalid_dpop_proof' : 'invalid_token', error.message);
      throw error;
    }
    const scopes = Array.isArray(claims.scp) ? (claims.scp as string[]) : [];
    if (!scopes.includes('openid')) return refuse(403, 'insufficient_scope', 'The access token must provide access to at least one of these scopes - openid.');
    const user = typeof claims.uid === 'string' ? deps.store.users.get(claims.uid) : undefined;
    if (!user || user.status !== 'ACTIVE') return refuse(401, 'invalid_token', 'The access token is invalid.');
    return c.json(userInfoClaims(user, scopes));
  };
  routes.get('/v1/userinfo', userinfo);
  routes.post('/v1/userinfo', userinfo);

  /** Okta answers these endpoints with OAuth's JSON errors, as the token endpoint does. */
  type Handle = (c: ServerContext, form: URLSearchParams, client: OAuthClient, server: AuthorizationServerContext, deps: EmulatorDeps) => Promise<Response>;
  const clientEndpoint = (name: string, handle: Handle) =>
    routes.post(`/v1/${name}`, async (c) => {
      c.header('Cache-Control', 'no-store');
      const server = c.get('authServer');
      try {
        const deps = orgOf(server);
        const form = await readForm(c);
        const client = await authenticateClient({
          form,
          authorization: c.req.header('authorization'),
          tokenEndpoint: endpointOf(server, name),
          now: server.clock.now(),
          lookup: server.clients,
          seenAssertionIds: server.replay,
        });
        if (!form.get('token')) throw new OAuthError('invalid_request', "The 'token' parameter is required.");
        const hint = form.get('token_type_hint');
        if (hint !== null && !TOKEN_TYPE_HINTS.includes(hint)) throw new OAuthError('invalid_request', `The 'token_type_hint' must be one of [${TOKEN_TYPE_HINTS.join(', ')}].`);
        return await handle(c, form, client, server, deps);
      } catch (error) {
        if (error instanceof OAuthError) return oauthJson(c, error);
        throw error;
      }
    });

  clientEndpoint('introspect', async (c, form, client, server, deps) => {
    const state = oidcState(deps);
    const token = form.get('token') as string;
    const refresh = server.refreshTokens.find(token, deps.clock.now().getTime());
    if (refresh) {
      const user = deps.store.users.get(refresh.userId);
      if (refresh.clientId !== client.clientId || !user) return c.json({ active: false });
      return c.json({
        active: true,
        token_type: 'refresh_token',
        scope: refresh.scopes.join(' '),
        client_id: refresh.clientId,
        username: user.profile.login,
        ...(refresh.expiresAtMs === null ? {} : { exp: Math.floor(refresh.expiresAtMs / 1000) }),
        sub: user.profile.login,
        iss: server.issuer,
        jti: refresh.id,
        uid: user.id,
      });
    }
    const claims = await verifiedClaims(server, token, deps.clock.now());
    if (!claims || state.isRevoked(String(claims.jti))) return c.json({ active: false });
    if (typeof claims.cid === 'string') {
      if (claims.cid !== client.clientId) return c.json({ active: false });
      const scopes = Array.isArray(claims.scp) ? (claims.scp as string[]) : [];
      return c.json({
        active: true,
        scope: scopes.join(' '),
        username: claims.sub,
        exp: claims.exp,
        iat: claims.iat,
        sub: claims.sub,
        aud: claims.aud,
        iss: claims.iss,
        jti: claims.jti,
        token_type: 'Bearer',
        client_id: claims.cid,
        ...(claims.uid ? { uid: claims.uid } : {}),
      });
    }
    if (claims.aud !== client.clientId) return c.json({ active: false });
    return c.json({ active: true, token_type: 'id_token', ...claims, client_id: client.clientId });
  });

  clientEndpoint('revoke', async (c, form, client, server, deps) => {
    const state = oidcState(deps);
    const token = form.get('token') as string;
    const refresh = server.refreshTokens.find(token, deps.clock.now().getTime());
    if (refresh) {
      if (refresh.clientId === client.clientId) server.refreshTokens.revoke(token);
    } else {
      const claims = await verifiedClaims(server, token, deps.clock.now());
      if (claims && claims.cid === client.clientId && typeof claims.jti === 'string') state.revokeAccessToken(claims.jti, Number(claims.exp));
    }
    // RFC 7009 section 2.2: unknown or already invalid tokens are answered like revoked ones.
    return c.body(null, 200);
  });

  routes.get('/v1/logout', async (raw) => {
    const c = emulatorContext(raw);
    const server = raw.get('authServer');
    const deps = orgOf(server);
    const query = new URL(c.req.url).searchParams;
    const hint = query.get('id_token_hint');
    if (!hint) return errorPage(c, 'invalid_request', "The 'id_token_hint' parameter is required.");
    const claims = await signedClaims(server, hint);
    const clientId = typeof claims?.aud === 'string' ? claims.aud : undefined;
    const client = clientId ? findOidcClient(deps, clientId) : undefined;
    if (!claims || !client) return errorPage(c, 'invalid_request', "The 'id_token_hint' parameter is not a valid ID token of this authorization server.");
    const target = query.get('post_logout_redirect_uri');
    if (target !== null && !client.postLogoutRedirectUris.includes(target)) {
      return errorPage(c, 'invalid_request', "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.");
    }
    const live = currentSession(c, deps);
    if (live && live.user.id === claims.sub) endSession(c, deps);
    if (target === null) return page(c, SignedOutPage());
    const stateParam = query.get('state');
    return deliver(c, target, 'query', stateParam ? { state: stateParam } : {});
  });

};
