/**
 * How an OPENID_CONNECT app authenticates at a token endpoint, read from its app object: the
 * registered `token_endpoint_auth_method` and, for the client-secret methods, the secret. An app
 * whose method the authorization server does not know fails closed as `private_key_jwt` without keys.
 */
import type { ClientAuthMethod, OAuthClient } from '../authorization-server/client-auth.js';
import type { AppDoc } from '../store/types.js';

export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];

export function isClientAuthMethod(value: unknown): value is ClientAuthMethod {
  return CLIENT_AUTH_METHODS.includes(value as ClientAuthMethod);
}

export function appClientAuthentication(app: AppDoc): Pick<OAuthClient, 'tokenEndpointAuthMethod' | 'clientSecret'> {
  const credentials = app.credentials.oauthClient;
  const method = credentials?.token_endpoint_auth_method;
  if (!isClientAuthMethod(method)) return { tokenEndpointAuthMethod: 'private_key_jwt' };
  const secret = method.startsWith('client_secret') ? credentials?.client_secret : undefined;
  return { tokenEndpointAuthMethod: method, ...(secret ? { clientSecret: secret } : {}) };
}
