/**
 * The org's authorization servers over HTTP: every stored server answers under `/oauth2/{id}`
 * with the endpoints of SERVER_ROUTES, built for the request from the store (so a policy, claim or
 * key change applies to the next token). Clients are the ones given to the emulator plus the
 * org's active OAuth apps; users are the org's; the token hook is the one the matching rule names.
 */
import { Hono } from 'hono';
import type { EmulatorContext, EmulatorDeps } from '../context.js';
import { audit } from '../audit.js';
import { OktaApiError } from '../errors.js';
import type { TokenHookResult } from '../hook-calls/apply-token.js';
import type { ResponseProcessing } from '../hook-calls/system-log.js';
import { callGivenInlineHook, type HookCall } from '../flows/hook-runner.js';
import { randomBase62 } from '../ids.js';
import { withCredential } from '../routes/hook-channel.js';
import { decideAccess } from './access-policy.js';
import { assertAssigned } from './app-user-profile.js';
import { serverClaims } from './server-claims.js';
import type { ClientLookup } from './client-auth.js';
import type { UserDirectory } from './grant.js';
import { keyRing } from './key-ring.js';
import { storedRefreshTokens } from './stored-refresh-tokens.js';
import type { AuthorizationServerContext, ServerEnv, ServerRouteFactory } from './server-context.js';
import { authzTables, type AuthServerDoc } from './store.js';
import { storedReplayGuard } from '../oauth/client-assertion.js';
import { SERVER_GRANTS, SERVER_ROUTES } from './routes-list.js';

export const TOKEN_HOOK_TYPE = 'com.okta.oauth2.tokens.transform';
const ORG_IDP_KEY = 'authz.orgIdpId';

export interface OrgServerOptions {
  clients: ClientLookup;
  users: UserDirectory;
}

/** The org's identity provider id (`idp` claim), stable across restarts. */
function orgIdpId(deps: EmulatorDeps): string {
  let id = deps.store.meta.get(ORG_IDP_KEY);
  if (!id) {
    id = `00o${randomBase62(17)}`;
    deps.store.meta.set(ORG_IDP_KEY, id);
  }
  return id;
}

export function issuerOf(orgUrl: string, serverId: string): string {
  return `${orgUrl.replace(/\/+$/, '')}/oauth2/${serverId}`;
}

/** What the token hook's answer did, for `inline_hook.response.processed`. */
function processing(result: TokenHookResult): ResponseProcessing {
  const debug = result.debugContext ? { debugContext: result.debugContext } : {};
  if (result.kind === 'patched') return { applied: true, ...debug };
  if (result.kind === 'error') return { applied: true, reason: `no token is minted: ${result.errorDescription}`, ...debug };
  return { applied: false, reason: `the original token is minted: ${result.reason}`, ...debug };
}

export function serverContext(deps: EmulatorDeps, server: AuthServerDoc, orgUrl: string, options: OrgServerOptions): AuthorizationServerContext {
  const tables = authzTables(deps.store);
  const issuer = issuerOf(orgUrl, server.id);
  const ring = keyRing(deps);
  const scopes = () => tables.scopes.all('server_id = ?', [server.id]);
  const calls = new WeakMap<object, HookCall>();
  return {
    id: server.id,
    issuer,
    tokenEndpoint: `${issuer}/v1/token`,
    audience: server.audiences.length === 1 ? (server.audiences[0] as string) : server.audiences,
    idpId: orgIdpId(deps),
    orgUrl: orgUrl.replace(/\/+$/, ''),
    clock: deps.clock,
    clients: options.clients,
    users: options.users,
    replay: storedReplayGuard(deps),
    signer: () => ring.signer(server.id),
    jwks: () => ring.jwks(server.id),
    refreshTokens: storedRefreshTokens(deps, server.id),
    scopes: {
      has: (name) => scopes().some((scope) => scope.name === name),
      idOf: (name) => scopes().find((scope) => scope.name === name)?.id ?? name,
      defaults: () => scopes().filter((scope) => scope.default).map((scope) => scope.name),
      published: () => scopes().filter((scope) => scope.metadataPublish === 'ALL_CLIENTS').map((scope) => scope.name),
    },
    idTokenLifetime: 3600,
    decide: async (grant) => {
      assertAssigned(deps, grant);
      return decideAccess(deps, server.id, grant);
    },
    claims: async (grant) => serverClaims(deps, server.id, grant),
    tokenHook: async (payload, decision) => {
      if (!decision.inlineHookId) return undefined;
      const hook = deps.store.inlineHooks.get(decision.inlineHookId);
      // A rule naming a hook that was deactivated mints tokens as if it named none.
      if (!hook || hook.status !== 'ACTIVE' || hook.type !== TOKEN_HOOK_TYPE) return undefined;
      const request = (payload.data as { context: { request: { id: string } } }).context.request;
      const withSecret = withCredential(hook, deps.store.inlineHooks.getSecret(hook.id) ?? {});
      const call = await callGivenInlineHook(deps, withSecret, 'token', request.id, payload);
      calls.set(payload, call);
      return call.outcome;
    },
    onTokenHook: (report) => calls.get(report.payload)?.processed(processing(report.result)),
    onTokensMinted: (c, grant, minted) => {
      const actor = { id: grant.client.clientId, type: 'PublicClientApp', alternateId: grant.client.clientId, displayName: grant.client.name ?? grant.client.clientId, detailEntry: null };
      const target = [{ id: server.id, type: 'AuthorizationServer', alternateId: issuer, displayName: server.name, detailEntry: null }];
      const kinds: [boolean, string, string][] = [
        [true, 'access_token', 'OAuth2 access token is granted'],
        [minted.idToken, 'id_token', 'OAuth2 id token is granted'],
        [minted.refreshToken, 'refresh_token', 'OAuth2 refresh token is granted'],
      ];
      // audit reads only what every emulator request carries (request id, principal, headers).
      const request = c as unknown as EmulatorContext;
      for (const [issued, kind, displayMessage] of kinds) {
        if (issued) audit(request, deps, { eventType: `app.oauth2.as.token.grant.${kind}`, displayMessage, actor, target });
      }
    },
    grants: SERVER_GRANTS,
    org: deps,
  };
}

/** The routes of every server, resolved per request; an unknown or inactive server is Okta's 404. */
export function orgServerRoutes(deps: EmulatorDeps, options: OrgServerOptions, factories: readonly ServerRouteFactory[] = SERVER_ROUTES): Hono<ServerEnv> {
  const routes = new Hono<ServerEnv>();
  routes.use('*', async (c, next) => {
    const id = c.req.param('authServerId') ?? '';
    const server = authzTables(deps.store).servers.get(id);
    if (!server || server.status !== 'ACTIVE') {
      throw new OktaApiError('E0000007', `Resource not found: ${id} (AuthorizationServer)`);
    }
    c.set('authServer', serverContext(deps, server, deps.settings.baseUrl ?? new URL(c.req.url).origin, options));
    await next();
  });
  for (const add of factories) add(routes);
  return routes;
}
