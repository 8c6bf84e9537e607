/**
 * A standalone authorization server named "default" (no org behind it), as a Hono app with absolute
 * paths under /oauth2/default: the same endpoints as the emulator's servers, with an in-memory
 * key and refresh tokens, every scope name accepted and one allow-all rule. Before minting, the
 * token inline hook (when configured) sees the claims and may patch them.
 */
import { Hono } from 'hono';
import type { JWK } from 'jose';
import { systemClock, type Clock } from '../clock.js';
import type { InlineHookOutcome } from '../hook-calls/call-inline-hook.js';
import { randomBase62 } from '../ids.js';
import type { ClientLookup } from './client-auth.js';
import { coreRoutes } from './core-routes.js';
import type { UserDirectory } from './grant.js';
import { coreGrants, OIDC_SCOPES } from './grants.js';
import { AssertionReplayCache } from './private-key-jwt.js';
import { RefreshTokenStore } from './refresh-tokens.js';
import type { AuthorizationServerContext, ServerEnv, ServerRouteFactory, TokenHookReport } from './server-context.js';
import { generateSigningKey } from './signing-key.js';

export type { TokenHookReport } from './server-context.js';

export interface AuthorizationServerOptions {
  /** The org URL, e.g. `http://127.0.0.1:8788`; the issuer is `${baseUrl}/oauth2/default`. */
  baseUrl: string;
  clients: ClientLookup;
  users: UserDirectory;
  /** Calls the token inline hook; resolves undefined when there is none, and the token is minted as drafted. */
  tokenHook?: (payload: Record<string, unknown>) => Promise<InlineHookOutcome | undefined>;
  /** Told about every token hook call, for the System Log. */
  onTokenHook?: (report: TokenHookReport) => void;
  clock?: Clock;
  /** Default `api://default`. */
  audience?: string;
  /** Seconds; defaults 3600 / 3600 / 90 days. */
  lifetimes?: Partial<{ accessToken: number; idToken: number; refreshToken: number }>;
  /** More endpoints on the server (the same factories the emulator's servers take). */
  routes?: ServerRouteFactory[];
}

export interface AuthorizationServer {
  app: Hono<ServerEnv>;
  issuer: string;
  tokenEndpoint: string;
  jwks(): { keys: JWK[] };
}

const SERVER_PATH = '/oauth2/default';
const SCOPE_ID = /^[\w.:/-]{1,255}$/;

export async function createAuthorizationServer(options: AuthorizationServerOptions): Promise<AuthorizationServer> {
  const orgUrl = options.baseUrl.replace(/\/+$/, '');
  const issuer = `${orgUrl}${SERVER_PATH}`;
  const key = await generateSigningKey();
  const scopeIds = new Map<string, string>();
  const policy = { policyId: `00p${randomBase62(17)}`, ruleId: `0pr${randomBase62(17)}` };
  const jwks = () => ({ keys: [key.publicJwk] });
  const server: AuthorizationServerContext = {
    id: 'default',
    issuer,
    tokenEndpoint: `${issuer}/v1/token`,
    audience: options.audience ?? 'api://default',
    idpId: `00o${randomBase62(17)}`,
    orgUrl,
    clock: options.clock ?? systemClock,
    clients: options.clients,
    users: options.users,
    replay: new AssertionReplayCache(),
    signer: async () => key,
    jwks: async () => jwks(),
    refreshTokens: new RefreshTokenStore(),
    scopes: {
      has: (name) => SCOPE_ID.test(name),
      idOf: (name) => {
        if (!scopeIds.has(name)) scopeIds.set(name, `scp${randomBase62(17)}`);
        return scopeIds.get(name) as string;
      },
      defaults: () => [],
      published: () => [...OIDC_SCOPES],
    },
    idTokenLifetime: options.lifetimes?.idToken ?? 3600,
    decide: async () => ({
      ...policy,
      accessTokenLifetime: options.lifetimes?.accessToken ?? 3600,
      refreshTokenLifetime: options.lifetimes?.refreshToken ?? 90 * 86_400,
      refreshTokenWindow: null,
    }),
    claims: async () => ({ access: {}, id: {} }),
    ...(options.tokenHook ? { tokenHook: options.tokenHook } : {}),
    ...(options.onTokenHook ? { onTokenHook: options.onTokenHook } : {}),
    grants: coreGrants(),
  };
  const routes = new Hono<ServerEnv>();
  routes.use('*', async (c, next) => {
    c.set('authServer', server);
    await next();
  });
  for (const add of [coreRoutes, ...(options.routes ?? [])]) add(routes);
  const app = new Hono<ServerEnv>();
  app.route(SERVER_PATH, routes);
  return { app, issuer, tokenEndpoint: server.tokenEndpoint, jwks };
}
