/**
 * `createOktaClient` that also takes `auth: { type: 'privateKey', clientId, privateKey, scopes }`.
 * It lives apart from `client.ts` because it imports jose: a bundle pays for OAuth only when it
 * imports this module (or `privateKeyAuth` from `./private-key.js`).
 */
import { createOktaClient as createCoreClient, type OktaClient, type OktaClientOptions } from '../client.js';
import { privateKeyAuth } from './private-key.js';
import type { PrivateKeyAuthOptions } from './types.js';

export interface OktaClientWithKeyOptions extends Omit<OktaClientOptions, 'auth'> {
  auth: OktaClientOptions['auth'] | PrivateKeyAuthOptions;
}

/**
 * @example
 * import { createOktaClient } from 'gatehook/sdk/auth/private-key-client';
 * const client = createOktaClient({ orgUrl, auth: { type: 'privateKey', clientId, privateKey: pem, scopes: ['okta.users.read'] } });
 */
export function createOktaClient(options: OktaClientWithKeyOptions): OktaClient {
  const auth = options.auth;
  if ((auth as { type?: unknown } | undefined)?.type !== 'privateKey') return createCoreClient(options as OktaClientOptions);
  return createCoreClient({ ...options, auth: privateKeyAuth(auth as PrivateKeyAuthOptions) });
}
