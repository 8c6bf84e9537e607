/**
 * The SDK's core in one import: the client factory, its errors and the shared types. Resource
 * areas stay in their own modules (`./users.js`, `./factors.js`, ... or `./all.js` for every area).
 */
export { createOktaClient } from './client.js';
export type { OktaClient, OktaClientOptions } from './client.js';
export type { ApiRequest, ApiResponse, CallOptions, RateLimit, RetryOptions } from './transport.js';
export type { AuthOptions, Authenticator, AuthRequest, PrivateKeyAuthOptions, SswsAuthOptions } from './auth/types.js';
export type { Collection, Page } from './paging.js';
export {
  OktaAbortError, OktaApiError, OktaAuthError, OktaConfigError, OktaError, OktaNetworkError, OktaRateLimitError,
  OktaResponseError, OktaTimeoutError,
} from './errors.js';
export type { OktaErrorCause } from './errors.js';
export { SDK_VERSION } from './version.js';
