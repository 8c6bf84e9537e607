/**
 * A custom authorization server named "default", as a Hono app with absolute paths under
 * /oauth2/default: discovery, JWKS and the token endpoint for client_credentials, password and
 * refresh_token. Before minting, the token inline hook (when configured) sees the claims and may
 * patch them, exactly as an Okta org would let it.
 */
import { Hono, type Context } from 'hono';
import type { JWK } from 'jose';
import { systemClock, type Clock } from '../clock.js';
import { applyTokenResponse, tokenHookSkipped, type TokenDraft, type TokenHookResult } from '../hook-calls/apply-token.js';
import type { InlineHookOutcome } from '../hook-calls/call-inline-hook.js';
import { randomBase62 } from '../ids.js';
import { accessTokenHash, draftClaims, withTimes, type Lifetimes } from './claims.js';
import { AssertionReplayCache, authenticateClient, type ClientLookup, type OAuthClient } from './client-auth.js';
import type { Grant, GrantType, RequestInfo, UserDirectory } from './grant.js';
import { OAuthError } from './oauth-error.js';
import { RefreshTokenStore } from './refresh-tokens.js';
import { generateSigningKey } from './signing-key.js';
import { buildTokenHookRequest } from './token-hook-request.js';

export interface TokenHookReport {
  payload: Record<string, unknown>;
  outcome: InlineHookOutcome;
  result: TokenHookResult;
}

export interface AuthorizationServerOptions {
  /** The org URL, e.g. `http://127.0.0.1:8788`; the issuer is `${baseUrl}/oauth2/default`. */
  baseUrl: string;
  clients: ClientLookup;
  users: UserDirectory;
  /**
   * Calls the token inline hook attached to this server's policy rule (e.g. via `callInlineHook`);
   * resolves undefined when no active hook is attached, and the token is minted as drafted.
   */
  tokenHook?: (payload: Record<string, unknown>) => Promise<InlineHookOutcome | undefined>;
  /** Told about every token hook call, for the System Log. */
  onTokenHook?: (report: TokenHookReport) => void;
  clock?: Clock;
  /** Default `api://default`. */
  audience?: string;
  /** Seconds; defaults 3600 / 3600 / 90 days. */
  lifetimes?: Partial<Lifetimes & { refreshToken: number }>;
  /**
   * Adds endpoints and grants to this server (the OIDC sign-in endpoints of `src/emulator/oidc/`):
   * called once with the server's handle; what it returns joins the token endpoint and discovery.
   */
  extend?: (server: ServerHandle) => ServerExtension;
}

/** What an extension may use of the server: its app, identity, keys, clients and token machinery. */
export interface ServerHandle {
  app: Hono;
  issuer: string;
  tokenEndpoint: string;
  jwks(): { keys: JWK[] };
  clock: Clock;
  users: UserDirectory;
  refreshTokens: RefreshTokenStore;
  /** Reads a token-endpoint style form (urlencoded, no repeated parameters). */
  readForm(c: Context): Promise<URLSearchParams>;
  /** Authenticates the client of an endpoint request (token, introspect, revoke), as the token endpoint does. */
  authenticateClient(c: Context, form: URLSearchParams, endpoint: string): Promise<OAuthClient>;
  /** The scopes of a request, checked as the token endpoint checks them. */
  checkScopes(requested: readonly string[], client: OAuthClient): string[];
}

export interface ServerExtension {
  /** Grants resolved at the token endpoint, by `grant_type`. */
  grants?: Record<string, (form: URLSearchParams, client: OAuthClient) => Promise<Grant>>;
  /** Discovery fields added or replaced. */
  metadata?: Record<string, unknown>;
}

export interface AuthorizationServer {
  app: Hono;
  issuer: string;
  tokenEndpoint: string;
  jwks(): { keys: JWK[] };
}

const SERVER_PATH = '/oauth2/default';
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);
const SCOPE_NAME = /^[\w.:/-]{1,255}$/;
const GRANT_TYPES: readonly GrantType[] = ['client_credentials', 'password', 'refresh_token'];

export async function createAuthorizationServer(options: AuthorizationServerOptions): Promise<AuthorizationServer> {
  const clock = options.clock ?? systemClock;
  const orgUrl = options.baseUrl.replace(/\/+$/, '');
  const issuer = `${orgUrl}${SERVER_PATH}`;
  const tokenEndpoint = `${issuer}/v1/token`;
  const key = await generateSigningKey();
  const refreshTokens = new RefreshTokenStore();
  const replayCache = new AssertionReplayCache();
  const identity = { issuer, audience: options.audience ?? 'api://default', idpId: `00o${randomBase62(17)}` };
  const lifetimes = {
    accessToken: options.lifetimes?.accessToken ?? 3600,
    idToken: options.lifetimes?.idToken ?? 3600,
    refreshToken: options.lifetimes?.refreshToken ?? 90 * 86_400,
  };
  const policy = { id: `00p${randomBase62(17)}`, ruleId: `0pr${randomBase62(17)}` };
  const scopeIds = new Map<string, string>();
  const scopeId = (scope: string) => {
    if (!scopeIds.has(scope)) scopeIds.set(scope, `scp${randomBase62(17)}`);
    return scopeIds.get(scope) as string;
  };
  const jwks = () => ({ keys: [key.publicJwk] });

  const app = new Hono();
  const clientOf = (c: Context, form: URLSearchParams, endpoint: string) =>
    authenticateClient({
      form,
      authorization: c.req.header('authorization'),
      tokenEndpoint: endpoint,
      now: clock.now(),
      lookup: options.clients,
      seenAssertionIds: replayCache,
    });
  const extension: ServerExtension =
    options.extend?.({
      app,
      issuer,
      tokenEndpoint,
      jwks,
      clock,
      users: options.users,
      refreshTokens,
      readForm,
      authenticateClient: clientOf,
      checkScopes: (requested, client) => requestedScopes(new URLSearchParams({ scope: requested.join(' ') }), client, undefined),
    }) ?? {};
  const extraGrants = extension.grants ?? {};
  const grantTypes: readonly string[] = [...GRANT_TYPES, ...Object.keys(extraGrants)];
  const discovery = (c: Context) =>
    c.json({
      issuer,
      jwks_uri: `${issuer}/v1/keys`,
      token_endpoint: tokenEndpoint,
      grant_types_supported: grantTypes,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
      scopes_supported: [...OIDC_SCOPES],
      response_types_supported: ['token', 'id_token', 'code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti', 'amr', 'idp', 'auth_time', 'at_hash', 'name', 'email', 'preferred_username', 'ver'],
      ...extension.metadata,
    });
  app.get(`${SERVER_PATH}/.well-known/openid-configuration`, discovery);
  app.get(`${SERVER_PATH}/.well-known/oauth-authorization-server`, discovery);
  app.get(`${SERVER_PATH}/v1/keys`, (c) => {
    c.header('cache-control', 'max-age=3600');
    return c.json(jwks());
  });

  app.post(`${SERVER_PATH}/v1/token`, async (c) => {
    c.header('cache-control', 'no-store');
    c.header('pragma', 'no-cache');
    try {
      const form = await readForm(c);
      const client = await clientOf(c, form, tokenEndpoint);
      const grant = await resolveGrant(form, client);
      return c.json(await mint(grant, requestInfo(c)));
    } catch (error) {
      if (error instanceof OAuthError) return c.json(error.toJSON(), error.status);
      throw error;
    }
  });

  async function resolveGrant(form: URLSearchParams, client: OAuthClient): Promise<Grant> {
    const grantType = form.get('grant_type');
    if (!grantType) throw new OAuthError('invalid_request', 'The grant_type parameter is required.');
    if (!grantTypes.includes(grantType)) {
      throw new OAuthError('unsupported_grant_type', `The authorization server does not support the '${grantType}' grant.`);
    }
    if (!client.grantTypes.includes(grantType)) {
      throw new OAuthError('unauthorized_client', `The client is not authorized to use the '${grantType}' grant.`);
    }
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    const extraGrant = extraGrants[grantType];
    if (extraGrant) return withRefresh(await extraGrant(form, client));
    switch (grantType as GrantType) {
      case 'client_credentials': {
        if (client.tokenEndpointAuthMethod === 'none') throw new OAuthError('invalid_client', 'Public clients cannot use client_credentials.');
        const scopes = requestedScopes(form, client, undefined);
        if (scopes.length === 0) throw new OAuthError('invalid_scope', "The 'scope' parameter is required for client_credentials.");
        if (scopes.some((scope) => OIDC_SCOPES.has(scope))) {
          throw new OAuthError('invalid_scope', 'Client Credentials requests cannot contain OpenID scopes.');
        }
        return { grantType: 'client_credentials', client, scopes };
      }
      case 'password': {
        const username = form.get('username');
        const password = form.get('password');
        if (!username || !password) throw new OAuthError('invalid_request', 'The username and password parameters are required.');
        const user = await options.users.authenticate(username, password);
        if (!user) throw new OAuthError('invalid_grant', 'The credentials provided were invalid.');
        const scopes = requestedScopes(form, client, undefined, ['openid']);
        return withRefresh({ grantType: 'password', client, scopes, user, authTime: nowSeconds });
      }
      case 'refresh_token': {
        const token = form.get('refresh_token');
        if (!token) throw new OAuthError('invalid_request', 'The refresh_token parameter is required.');
        const record = refreshTokens.find(token, clock.now().getTime());
        if (!record || record.clientId !== client.clientId) {
          throw new OAuthError('invalid_grant', 'The refresh token is invalid or expired.');
        }
        const user = await options.users.getUser(record.userId);
        if (!user) throw new OAuthError('invalid_grant', 'The refresh token is invalid or expired.');
        const scopes = requestedScopes(form, client, record.scopes, record.scopes);
        return withRefresh({
          grantType: 'refresh_token',
          client,
          scopes,
          user,
          authTime: record.authTime,
          ...(record.amr ? { amr: record.amr } : {}),
          originalGrant: { refreshTokenId: record.id, scope: record.scopes.join(' '), ...(record.grantType ? { grantType: record.grantType } : {}) },
        });
      }
      case 'authorization_code':
        // Only reachable when no extension resolves codes, and then grantTypes has already refused it.
        throw new OAuthError('unsupported_grant_type', "The authorization server does not support the 'authorization_code' grant.");
    }
  }

  function withRefresh(grant: Grant): Grant {
    const eligible = grant.scopes.includes('offline_access') && grant.client.grantTypes.includes('refresh_token');
    return eligible ? { ...grant, refreshTokenId: refreshTokens.newId() } : grant;
  }

  async function mint(grant: Grant, request: RequestInfo): Promise<Record<string, unknown>> {
    let draft = draftClaims(identity, grant, lifetimes);
    if (options.tokenHook) draft = await runTokenHook(grant, draft, request);
    const issuedAt = Math.floor(clock.now().getTime() / 1000);
    const accessToken = await key.sign(withTimes(draft.accessClaims, issuedAt, draft.accessLifetime));
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      expires_in: draft.accessLifetime,
      access_token: accessToken,
      scope: grant.scopes.join(' '),
    };
    if (grant.refreshTokenId && grant.user) {
      body.refresh_token = refreshTokens.issue({
        id: grant.refreshTokenId,
        clientId: grant.client.clientId,
        userId: grant.user.id,
        scopes: grant.originalGrant ? grant.originalGrant.scope.split(' ') : grant.scopes,
        authTime: grant.authTime ?? issuedAt,
        grantType: grant.originalGrant?.grantType ?? grant.grantType,
        ...(grant.amr ? { amr: grant.amr } : {}),
        expiresAtMs: clock.now().getTime() + lifetimes.refreshToken * 1000,
      });
    }
    if (draft.idClaims) {
      const idClaims = { ...withTimes(draft.idClaims, issuedAt, draft.idLifetime ?? lifetimes.idToken), at_hash: accessTokenHash(accessToken) };
      body.id_token = await key.sign(idClaims);
    }
    return body;
  }

  async function runTokenHook(grant: Grant, draft: TokenDraft, request: RequestInfo): Promise<TokenDraft> {
    const payload = buildTokenHookRequest({ issuer, orgUrl, grant, draft, request, policy, now: clock.now(), idpId: identity.idpId, scopeIds: scopeId });
    let outcome: InlineHookOutcome | undefined;
    try {
      outcome = await (options.tokenHook as NonNullable<typeof options.tokenHook>)(payload);
    } catch (error) {
      outcome = { ok: false, failure: 'network', message: error instanceof Error ? error.message : 'hook call failed', attempts: 0, durationMs: 0 };
    }
    if (!outcome) return draft;
    const result = outcome.ok ? applyTokenResponse(draft, outcome.body) : tokenHookSkipped(draft, outcome.message);
    try {
      options.onTokenHook?.({ payload, outcome, result });
    } catch {
      // Reporting must never change what the client receives.
    }
    if (result.kind === 'error') throw new OAuthError('server_error', result.errorDescription);
    return result.token;
  }

  return { app, issuer, tokenEndpoint, jwks };
}

async function readForm(c: Context): Promise<URLSearchParams> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new OAuthError('invalid_request', 'The token request must be application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(await c.req.text());
  const seen = new Set<string>();
  for (const name of form.keys()) {
    // RFC 6749 section 3.2: request parameters must not be repeated.
    if (seen.has(name)) throw new OAuthError('invalid_request', `The '${name}' parameter is repeated.`);
    seen.add(name);
  }
  return form;
}

/**
 * The scopes of this request: those asked for (or `fallback`), each a valid name, allowed for the
 * client and, on refresh, within what was originally granted.
 */
function requestedScopes(form: URLSearchParams, client: OAuthClient, ceiling: readonly string[] | undefined, fallback: readonly string[] = []): string[] {
  const raw = form.get('scope');
  const scopes = raw === null ? [...fallback] : [...new Set(raw.split(' ').filter(Boolean))];
  for (const scope of scopes) {
    if (!SCOPE_NAME.test(scope)) throw new OAuthError('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    if (client.scopes && !OIDC_SCOPES.has(scope) && !client.scopes.includes(scope)) {
      throw new OAuthError('invalid_scope', `The client may not request the '${scope}' scope.`);
    }
    if (ceiling && !ceiling.includes(scope)) throw new OAuthError('invalid_scope', 'The requested scope exceeds the original grant.');
  }
  return scopes;
}

function requestInfo(c: Context): RequestInfo {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  return { id: randomBase62(25), url: c.req.url, ipAddress: forwarded || '127.0.0.1' };
}
