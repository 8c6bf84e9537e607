export { createAuthorizationServer, type AuthorizationServer, type AuthorizationServerOptions } from './server.js';
export type { TokenHookReport, AuthorizationServerContext, ServerRouteFactory, ServerEnv, GrantResolver, PolicyDecision } from './server-context.js';
export type { OAuthClient, ClientAuthMethod, ClientLookup } from './client-auth.js';
export type { AuthorizationServerUser, UserDirectory } from './grant.js';
export { OAuthError, type OAuthErrorCode } from './oauth-error.js';
export { buildTokenHookRequest } from './token-hook-request.js';
export { mintTokens } from './core-routes.js';
