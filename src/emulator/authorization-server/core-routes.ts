/**
 * The endpoints every authorization server has: discovery (`/.well-known/openid-configuration`,
 * `/.well-known/oauth-authorization-server`), the JWKS (`/v1/keys`) and the token endpoint
 * (`/v1/token`). Before minting, the token hook the matching rule names sees the draft and may
 * patch it, as an Okta org would let it.
 */
import type { Context } from 'hono';
import { applyTokenResponse, tokenHookSkipped, type TokenDraft } from '../hook-calls/apply-token.js';
import type { InlineHookOutcome } from '../hook-calls/call-inline-hook.js';
import { randomBase62 } from '../ids.js';
import { accessTokenHash, draftClaims, withTimes } from './claims.js';
import { authenticateClient } from './client-auth.js';
import type { Grant, RequestInfo } from './grant.js';
import { OAuthError } from './oauth-error.js';
import { ASSERTION_ALGORITHMS } from './private-key-jwt.js';
import type { AuthorizationServerContext, PolicyDecision, ServerEnv, ServerRouteFactory } from './server-context.js';
import { buildTokenHookRequest } from './token-hook-request.js';
import { DPOP_ALGORITHMS } from '../dpop/proof.js';
import { boundRefresh, dpopNoncesOf, refreshBindingHolds, tokenRequestBinding, tokenType } from '../dpop/token-request.js';

type ServerContext = Context<ServerEnv>;

export function discoveryDocument(server: AuthorizationServerContext): Record<string, unknown> {
  return {
    issuer: server.issuer,
    jwks_uri: `${server.issuer}/v1/keys`,
    token_endpoint: server.tokenEndpoint,
    grant_types_supported: [...server.grants.keys()],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    scopes_supported: server.scopes.published(),
    response_types_supported: ['token', 'id_token', 'code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    dpop_signing_alg_values_supported: DPOP_ALGORITHMS,
    claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti', 'amr', 'idp', 'auth_time', 'at_hash', 'name', 'email', 'preferred_username', 'ver'],
  };
}

export const coreRoutes: ServerRouteFactory = (routes) => {
  const discovery = (c: ServerContext) => c.json(discoveryDocument(c.get('authServer')));
  routes.get('/.well-known/openid-configuration', discovery);
  routes.get('/.well-known/oauth-authorization-server', discovery);
  routes.get('/v1/keys', async (c) => {
    c.header('cache-control', 'max-age=3600');
    return c.json(await c.get('authServer').jwks());
  });
  routes.post('/v1/token', async (c) => {
    c.header('cache-control', 'no-store');
    c.header('pragma', 'no-cache');
    const server = c.get('authServer');
    try {
      const form = await readForm(c);
      const client = await authenticateClient({
        form,
        authorization: c.req.header('authorization'),
        tokenEndpoint: server.tokenEndpoint,
        now: server.clock.now(),
        lookup: server.clients,
        seenAssertionIds: server.replay,
      });
      const grantType = form.get('grant_type');
      if (!grantType) throw new OAuthError('invalid_request', 'The grant_type parameter is required.');
      const resolve = server.grants.get(grantType);
      if (!resolve) throw new OAuthError('unsupported_grant_type', `The authorization server does not support the '${grantType}' grant.`);
      if (!client.grantTypes.includes(grantType)) {
        throw new OAuthError('unauthorized_client', `The client is not authorized to use the '${grantType}' grant.`);
      }
      const dpopJkt = await tokenRequestBinding({
        client,
        header: c.req.header('dpop'),
        tokenEndpoint: server.tokenEndpoint,
        now: server.clock.now(),
        nonces: dpopNoncesOf(server.org?.store ?? server.replay),
        replay: server.replay,
      });
      const resolved = await resolve({ form, client, server });
      refreshBindingHolds(resolved, dpopJkt);
      const grant = dpopJkt ? { ...resolved, dpopJkt } : resolved;
      const body = await mintTokens(server, grant, requestInfo(c));
      try {
        server.onTokensMinted?.(c, grant, { accessToken: String(body.access_token), idToken: 'id_token' in body, refreshToken: 'refresh_token' in body });
      } catch {
        // Reporting must never change what the client receives.
      }
      return c.json(body);
    } catch (error) {
      if (error instanceof OAuthError) return error.render(c);
      throw error;
    }
  });
};

/**
 * Applies the server's policy and claims to a grant, lets the rule's token hook patch the draft and
 * signs the result: the token response body. Other grant types (authorization_code) mint through it too.
 */
export async function mintTokens(server: AuthorizationServerContext, grant: Grant, request: RequestInfo): Promise<Record<string, unknown>> {
  // Loading (or, on a server's first token, generating) the key overlaps the policy, claims and hook work.
  const signer = server.signer();
  signer.catch(() => {});
  const decision = await server.decide(grant);
  const custom = await server.claims(grant);
  let draft = draftClaims(server, grant, { accessToken: decision.accessTokenLifetime, idToken: server.idTokenLifetime });
  draft = {
    ...draft,
    accessClaims: { ...draft.accessClaims, ...custom.access },
    ...(draft.idClaims ? { idClaims: { ...draft.idClaims, ...custom.id } } : {}),
  };
  if (server.tokenHook) draft = await runTokenHook(server, grant, draft, decision, request);
  const now = server.clock.now();
  const issuedAt = Math.floor(now.getTime() / 1000);
  const key = await signer;
  // The binding is the server's, after the hook: a hook cannot unbind or rebind a token.
  const accessClaims = grant.dpopJkt ? { ...draft.accessClaims, cnf: { jkt: grant.dpopJkt } } : draft.accessClaims;
  const accessToken = await key.sign(withTimes(accessClaims, issuedAt, draft.accessLifetime));
  const body: Record<string, unknown> = {
    token_type: tokenType(grant.dpopJkt),
    expires_in: draft.accessLifetime,
    access_token: accessToken,
    scope: grant.scopes.join(' '),
  };
  if (grant.refreshTokenId && grant.user) {
    body.refresh_token = server.refreshTokens.issue({
      id: grant.refreshTokenId,
      clientId: grant.client.clientId,
      userId: grant.user.id,
      scopes: grant.originalGrant ? grant.originalGrant.scope.split(' ') : grant.scopes,
      grantType: grant.originalGrant?.grantType ?? grant.grantType,
      authTime: grant.authTime ?? issuedAt,
      expiresAtMs: decision.refreshTokenLifetime === null ? null : now.getTime() + decision.refreshTokenLifetime * 1000,
      idleWindowMs: decision.refreshTokenWindow === null ? null : decision.refreshTokenWindow * 1000,
      ...(grant.amr ? { amr: grant.amr } : {}),
      ...(boundRefresh(grant) ? { dpopJkt: grant.dpopJkt } : {}),
    });
  }
  if (draft.idClaims) {
    const idClaims = { ...withTimes(draft.idClaims, issuedAt, draft.idLifetime ?? server.idTokenLifetime), at_hash: accessTokenHash(accessToken) };
    body.id_token = await key.sign(idClaims);
  }
  return body;
}

async function runTokenHook(
  server: AuthorizationServerContext,
  grant: Grant,
  draft: TokenDraft,
  decision: PolicyDecision,
  request: RequestInfo,
): Promise<TokenDraft> {
  const payload = buildTokenHookRequest({
    issuer: server.issuer,
    orgUrl: server.orgUrl,
    grant,
    draft,
    request,
    policy: { id: decision.policyId, ruleId: decision.ruleId },
    now: server.clock.now(),
    idpId: server.idpId,
    scopeIds: (scope) => server.scopes.idOf(scope),
  });
  let outcome: InlineHookOutcome | undefined;
  try {
    outcome = await server.tokenHook?.(payload, decision);
  } catch (error) {
    outcome = { ok: false, failure: 'network', message: error instanceof Error ? error.message : 'hook call failed', attempts: 0, durationMs: 0 };
  }
  if (!outcome) return draft;
  const result = outcome.ok ? applyTokenResponse(draft, outcome.body) : tokenHookSkipped(draft, outcome.message);
  try {
    server.onTokenHook?.({ payload, outcome, result });
  } catch {
    // Reporting must never change what the client receives.
  }
  if (result.kind === 'error') throw new OAuthError('server_error', result.errorDescription);
  return result.token;
}

export async function readForm(c: ServerContext): Promise<URLSearchParams> {
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

export function requestInfo(c: ServerContext): RequestInfo {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  return { id: c.get('requestId') ?? randomBase62(25), url: c.req.url, ipAddress: forwarded || '127.0.0.1' };
}
