/**
 * Authenticates the client at the token endpoint: client_secret_basic, client_secret_post,
 * private_key_jwt (assertion verified against the client's registered JWKS) or none (public
 * clients). The method used must be the one the client is registered with; anything else fails
 * closed with invalid_client.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { JWK } from 'jose';
import { OAuthError } from './oauth-error.js';
import { assertionClientId, JWT_BEARER, verifyClientAssertion, type ReplayGuard } from './private-key-jwt.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

export interface OAuthClient {
  clientId: string;
  name?: string;
  tokenEndpointAuthMethod: ClientAuthMethod;
  clientSecret?: string;
  /** Public keys for private_key_jwt. */
  jwks?: { keys: JWK[] };
  /** Grants this client may use, e.g. `['client_credentials']`. */
  grantTypes: readonly string[];
  /** When set, the only scopes this client may request. */
  scopes?: readonly string[];
  /** Token requests must carry a DPoP proof (RFC 9449); Okta's `dpop_bound_access_tokens`. */
  dpopBoundAccessTokens?: boolean;
}

export type ClientLookup = (clientId: string) => OAuthClient | undefined | Promise<OAuthClient | undefined>;

export interface ClientAuthInput {
  form: URLSearchParams;
  authorization: string | undefined;
  /** The token endpoint URL, the audience a client assertion must name. */
  tokenEndpoint: string;
  now: Date;
  lookup: ClientLookup;
  /** Assertion ids already seen, so an assertion is usable once. */
  seenAssertionIds: ReplayGuard;
}

export async function authenticateClient(input: ClientAuthInput): Promise<OAuthClient> {
  const { form } = input;
  const basic = parseBasic(input.authorization);
  if (basic) return checkSecret(input, 'client_secret_basic', basic.clientId, basic.secret, form.get('client_id'));
  const assertionType = form.get('client_assertion_type');
  if (assertionType !== null || form.has('client_assertion')) return checkAssertion(input, assertionType);
  const clientId = form.get('client_id');
  if (!clientId) throw new OAuthError('invalid_client', 'No client credentials found.');
  const secret = form.get('client_secret');
  if (secret !== null) return checkSecret(input, 'client_secret_post', clientId, secret, clientId);
  const client = await registered(input, clientId);
  if (client.tokenEndpointAuthMethod !== 'none') throw new OAuthError('invalid_client', 'Client authentication failed.');
  return client;
}

function parseBasic(header: string | undefined): { clientId: string; secret: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'The Basic authorization header is malformed.');
  try {
    // RFC 6749 section 2.3.1: both parts are form-urlencoded before being joined.
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_client', 'The Basic authorization header is malformed.');
  }
}

async function registered(input: ClientAuthInput, clientId: string) {
  const client = await input.lookup(clientId);
  if (!client) throw new OAuthError('invalid_client', 'The client_id provided is invalid.');
  return client;
}

async function checkSecret(
  input: ClientAuthInput,
  method: 'client_secret_basic' | 'client_secret_post',
  clientId: string,
  secret: string,
  bodyClientId: string | null,
): Promise<OAuthClient> {
  if (bodyClientId !== null && bodyClientId !== clientId) {
    throw new OAuthError('invalid_client', 'The client_id in the body does not match the authenticated client.');
  }
  const client = await registered(input, clientId);
  if (client.tokenEndpointAuthMethod !== method || !client.clientSecret || !sameSecret(secret, client.clientSecret)) {
    throw new OAuthError('invalid_client', 'Client authentication failed.');
  }
  return client;
}

/** Constant-time comparison that does not leak the length either. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function checkAssertion(input: ClientAuthInput, assertionType: string | null): Promise<OAuthClient> {
  const assertion = input.form.get('client_assertion');
  if (assertionType !== JWT_BEARER || !assertion) {
    throw new OAuthError('invalid_client', `client_assertion_type must be ${JWT_BEARER} with a client_assertion.`);
  }
  const client = await registered(input, assertionClientId(assertion));
  const bodyClientId = input.form.get('client_id');
  if (bodyClientId !== null && bodyClientId !== client.clientId) {
    throw new OAuthError('invalid_client', 'The client_id in the body does not match the client_assertion.');
  }
  if (client.tokenEndpointAuthMethod !== 'private_key_jwt') throw new OAuthError('invalid_client', 'Client authentication failed.');
  await verifyClientAssertion({ assertion, clientId: client.clientId, jwks: client.jwks, audience: input.tokenEndpoint, now: input.now, replay: input.seenAssertionIds });
  return client;
}
