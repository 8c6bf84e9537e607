import type { JWK } from 'jose';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createOktaClient, type AuthOptions, type OktaClient } from '../sdk/client.js';
import { readSecretString } from '../secrets/secrets-manager.js';
import { GatehookConfigError } from './errors.js';

export interface OktaCredentials {
  orgUrl: string;
  auth: AuthOptions;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Reads the org credentials format shared with the CDK app: `{"orgUrl","apiToken"}` or
 * `{"orgUrl","clientId","privateKey","keyId"?,"scopes":[...]}`. Errors name fields, never values.
 */
export function parseOktaCredentials(text: string, origin: string): OktaCredentials {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new GatehookConfigError('ERR_OKTA_CREDENTIALS', `${origin} is not JSON`);
  }
  if (value === null || typeof value !== 'object') throw new GatehookConfigError('ERR_OKTA_CREDENTIALS', `${origin} is not a JSON object`);
  if (!isText(value.orgUrl)) throw new GatehookConfigError('ERR_OKTA_CREDENTIALS', `${origin} needs "orgUrl"`);
  if (isText(value.apiToken)) return { orgUrl: value.orgUrl, auth: { type: 'ssws', token: value.apiToken } };
  const scopes = value.scopes;
  if (isText(value.clientId) && (isText(value.privateKey) || typeof value.privateKey === 'object') && Array.isArray(scopes) && scopes.every(isText)) {
    return {
      orgUrl: value.orgUrl,
      auth: {
        type: 'privateKey',
        clientId: value.clientId,
        privateKey: value.privateKey as string | JWK,
        ...(isText(value.keyId) ? { keyId: value.keyId } : {}),
        scopes,
      },
    };
  }
  throw new GatehookConfigError('ERR_OKTA_CREDENTIALS', `${origin} needs "apiToken", or "clientId", "privateKey" and "scopes"`);
}

/**
 * An `okta` option for createHookApp/createLambdaHandler reading GATEHOOK_OKTA_SECRET_ID's secret on
 * first use. Kept out of lambda.ts so hooks that never call Okta do not bundle the client.
 *
 * @example
 * export const handler = createLambdaHandler(hook, { okta: oktaFromSecretsManager(process.env.GATEHOOK_OKTA_SECRET_ID!) });
 */
export function oktaFromSecretsManager(secretId: string, options: { client?: SecretsManagerClient } = {}): () => Promise<OktaClient> {
  if (!isText(secretId)) throw new GatehookConfigError('ERR_OKTA_SECRET_MISSING', 'GATEHOOK_OKTA_SECRET_ID is not set');
  return async () => {
    const credentials = parseOktaCredentials(await readSecretString(options.client, secretId), `secret ${secretId}`);
    if (credentials.auth.type === 'ssws') return createOktaClient({ orgUrl: credentials.orgUrl, auth: credentials.auth });
    // Only private-key credentials load the OAuth code and jose.
    const withKey = await import('../sdk/auth/private-key-client.js');
    return withKey.createOktaClient(credentials);
  };
}

/** The dev counterpart: OKTA_ORG_URL + OKTA_API_TOKEN from the environment, or undefined when unset. */
export function oktaFromEnv(env: Record<string, string | undefined> = process.env): (() => OktaClient) | undefined {
  const orgUrl = env.OKTA_ORG_URL;
  const token = env.OKTA_API_TOKEN;
  if (!orgUrl || !token) return undefined;
  return () => createOktaClient({ orgUrl, auth: { type: 'ssws', token } });
}
