/**
 * The OAuth client part of an OPENID_CONNECT app: `settings.oauthClient` (application type,
 * redirect URIs, grant and response types, keys) and `credentials.oauthClient` (client id, token
 * endpoint authentication method, generated secret, PKCE), checked the way Okta checks a create.
 */
import { randomBytes } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import { isObject } from '../http.js';
import type { AppDoc, AppOAuthCredentials, JsonObject } from '../store/types.js';
import type { ValidationIssues } from '../validation.js';
import { isClientAuthMethod } from '../oidc/clients.js';

const APPLICATION_TYPES = ['web', 'native', 'browser', 'service'] as const;
type ApplicationType = (typeof APPLICATION_TYPES)[number];

const GRANT_TYPES = ['authorization_code', 'implicit', 'password', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange', 'urn:ietf:params:oauth:grant-type:saml2-bearer', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'interaction_code'];

/** What an app type gets when the request leaves grant types or the method out. */
const DEFAULTS: Record<ApplicationType, { grants: string[]; responses: string[]; method: string }> = {
  web: { grants: ['authorization_code'], responses: ['code'], method: 'client_secret_basic' },
  native: { grants: ['authorization_code'], responses: ['code'], method: 'none' },
  browser: { grants: ['authorization_code'], responses: ['code'], method: 'none' },
  service: { grants: ['client_credentials'], responses: ['token'], method: 'client_secret_basic' },
};

export interface OidcClientParts {
  settings: NonNullable<AppDoc['settings']['oauthClient']>;
  credentials: AppOAuthCredentials;
}

/** A client secret in the alphabet and length Okta generates (64 URL-safe characters). */
export function newClientSecret(): string {
  return randomBytes(48).toString('base64url');
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;

async function publicKeys(value: unknown, issues: ValidationIssues): Promise<JsonObject[]> {
  const keys = isObject(value) && Array.isArray(value.keys) ? value.keys : undefined;
  if (!keys || keys.length === 0) {
    issues.add('settings.oauthClient.jwks', 'private_key_jwt clients need at least one public key');
    return [];
  }
  const accepted: JsonObject[] = [];
  for (const key of keys) {
    // Private key material is refused outright: Okta stores public keys only.
    if (!isObject(key) || 'd' in key) {
      issues.add('settings.oauthClient.jwks.keys', 'Each key must be a public JWK');
      continue;
    }
    try {
      await importJWK(key as JWK, typeof key.alg === 'string' ? key.alg : key.kty === 'EC' ? 'ES256' : 'RS256');
      accepted.push(key);
    } catch {
      issues.add('settings.oauthClient.jwks.keys', 'Not a usable JWK');
    }
  }
  return accepted;
}

/**
 * Reads the OAuth client of a create or update. `existing` keeps the client id and a generated
 * secret across updates that do not send one.
 */
export async function readOidcClient(
  body: JsonObject,
  appId: string,
  issues: ValidationIssues,
  existing?: AppOAuthCredentials,
): Promise<OidcClientParts> {
  const given = isObject(body.settings) && isObject(body.settings.oauthClient) ? body.settings.oauthClient : {};
  const givenCredentials = isObject(body.credentials) && isObject(body.credentials.oauthClient) ? body.credentials.oauthClient : {};
  const type = (given.application_type ?? 'web') as ApplicationType;
  if (!APPLICATION_TYPES.includes(type)) issues.add('settings.oauthClient.application_type', `Must be one of ${APPLICATION_TYPES.join(', ')}`);
  const defaults = DEFAULTS[type] ?? DEFAULTS.web;

  const grantTypes = given.grant_types === undefined ? defaults.grants : strings(given.grant_types);
  if (!grantTypes || grantTypes.length === 0) issues.add('settings.oauthClient.grant_types', 'At least one grant type is required');
  for (const grant of grantTypes ?? []) if (!GRANT_TYPES.includes(grant)) issues.add('settings.oauthClient.grant_types', `Unknown grant type: ${grant}`);
  if (type === 'service' && grantTypes?.some((grant) => grant !== 'client_credentials')) {
    issues.add('settings.oauthClient.grant_types', 'Service applications may only use the client_credentials grant type');
  }
  if (type !== 'service' && grantTypes?.includes('client_credentials') && type !== 'web') {
    issues.add('settings.oauthClient.grant_types', 'client_credentials is allowed for service and web applications only');
  }
  const responseTypes = given.response_types === undefined ? defaults.responses : strings(given.response_types);
  if (!responseTypes) issues.add('settings.oauthClient.response_types', 'Must be a list of response types');

  const redirectUris = given.redirect_uris === undefined ? [] : strings(given.redirect_uris);
  if (!redirectUris) issues.add('settings.oauthClient.redirect_uris', 'Must be a list of URIs');
  const redirecting = grantTypes?.some((grant) => grant === 'authorization_code' || grant === 'implicit');
  if (redirecting && redirectUris?.length === 0) {
    issues.add('settings.oauthClient.redirect_uris', 'At least one redirect URI is required for the authorization_code and implicit grants');
  }
  for (const uri of redirectUris ?? []) if (!URL.canParse(uri)) issues.add('settings.oauthClient.redirect_uris', `Not a valid URI: ${uri}`);
  const postLogout = given.post_logout_redirect_uris === undefined ? undefined : strings(given.post_logout_redirect_uris);
  if (given.post_logout_redirect_uris !== undefined && !postLogout) issues.add('settings.oauthClient.post_logout_redirect_uris', 'Must be a list of URIs');

  const method = givenCredentials.token_endpoint_auth_method ?? existing?.token_endpoint_auth_method ?? defaults.method;
  if (!isClientAuthMethod(method)) {
    issues.add('credentials.oauthClient.token_endpoint_auth_method', 'Must be one of client_secret_basic, client_secret_post, private_key_jwt, none');
  } else if (type === 'browser' && method !== 'none') {
    issues.add('credentials.oauthClient.token_endpoint_auth_method', 'Browser (SPA) applications must use none (PKCE)');
  } else if (type === 'service' && method === 'none') {
    issues.add('credentials.oauthClient.token_endpoint_auth_method', 'Service applications must authenticate at the token endpoint');
  }
  const jwks = method === 'private_key_jwt' ? await publicKeys(given.jwks, issues) : undefined;

  const givenSecret = typeof givenCredentials.client_secret === 'string' && givenCredentials.client_secret !== '' ? givenCredentials.client_secret : undefined;
  if (givenSecret !== undefined && givenSecret.length < 14) issues.add('credentials.oauthClient.client_secret', 'Client secret must be at least 14 characters');
  const usesSecret = method === 'client_secret_basic' || method === 'client_secret_post';
  const secret = usesSecret ? (givenSecret ?? existing?.client_secret ?? newClientSecret()) : undefined;
  const pkceRequired = method === 'none' ? true : givenCredentials.pkce_required === true;

  if (given.dpop_bound_access_tokens !== undefined && typeof given.dpop_bound_access_tokens !== 'boolean') {
    issues.add('settings.oauthClient.dpop_bound_access_tokens', 'Must be true or false');
  }
  const passthrough: JsonObject = {};
  for (const field of ['client_uri', 'logo_uri', 'initiate_login_uri', 'policy_uri', 'tos_uri', 'consent_method', 'issuer_mode', 'wildcard_redirect', 'idp_initiated_login', 'refresh_token', 'dpop_bound_access_tokens']) {
    if (given[field] !== undefined) passthrough[field] = given[field];
  }
  return {
    settings: {
      client_uri: null,
      logo_uri: null,
      consent_method: 'REQUIRED',
      issuer_mode: 'DYNAMIC',
      ...passthrough,
      redirect_uris: redirectUris ?? [],
      ...(postLogout ? { post_logout_redirect_uris: postLogout } : {}),
      response_types: responseTypes ?? [],
      grant_types: grantTypes ?? [],
      application_type: type,
      ...(jwks ? { jwks: { keys: jwks } } : {}),
    },
    credentials: {
      // Okta uses the app id as the OAuth client_id unless the request names one.
      client_id: existing?.client_id ?? (typeof givenCredentials.client_id === 'string' && givenCredentials.client_id !== '' ? givenCredentials.client_id : appId),
      token_endpoint_auth_method: String(method),
      autoKeyRotation: givenCredentials.autoKeyRotation !== false,
      ...(secret ? { client_secret: secret } : {}),
      pkce_required: pkceRequired,
    },
  };
}
