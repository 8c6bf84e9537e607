export { createAuthorizationServer, type AuthorizationServer, type AuthorizationServerOptions, type TokenHookReport } from './server.js';
export type { OAuthClient, ClientAuthMethod, ClientLookup } from './client-auth.js';
export type { AuthorizationServerUser, UserDirectory } from './grant.js';
export { OAuthError, type OAuthErrorCode } from './oauth-error.js';
export { buildTokenHookRequest } from './token-hook-request.js';
