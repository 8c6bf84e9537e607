/**
 * Reads and checks an `/v1/authorize` request in the order Okta does: the client and its redirect
 * URI first (failures there can only be shown on an error page, since the redirect target is not
 * trusted), then everything else, whose failures go back to the app at its redirect URI.
 */
import { OAuthError } from '../authorization-server/oauth-error.js';
import type { OAuthClient } from '../authorization-server/client-auth.js';
import type { OidcClient } from './clients.js';

export type ResponseMode = 'query' | 'fragment' | 'form_post';
export type Prompt = 'none' | 'login' | 'consent';

export interface AuthorizeRequest {
  issuer: string;
  clientId: string;
  redirectUri: string;
  responseType: 'code';
  responseMode: ResponseMode;
  scopes: string[];
  state: string;
  nonce?: string;
  prompt?: Prompt;
  maxAge?: number;
  loginHint?: string;
  codeChallenge?: string;
  /** A one-time session token from the Authentication API, instead of the sign-in page. */
  sessionToken?: string;
}

/** Shown on the org's error page: the redirect URI cannot be trusted with it. */
export class AuthorizePageError extends Error {
  readonly code: string;

  constructor(code: string, description: string) {
    super(description);
    this.code = code;
  }
}

/** Sent to the app's redirect URI, in the response mode asked for where it is valid. */
export class AuthorizeRedirectError extends Error {
  readonly code: string;
  readonly redirectUri: string;
  readonly responseMode: ResponseMode;
  readonly state: string | undefined;

  constructor(code: string, description: string, redirectUri: string, responseMode: ResponseMode, state: string | undefined) {
    super(description);
    this.code = code;
    this.redirectUri = redirectUri;
    this.responseMode = responseMode;
    this.state = state;
  }
}

const RESPONSE_TYPES_SUPPORTED = ['code'] as const;
export const RESPONSE_MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post'];
const PROMPTS: readonly Prompt[] = ['none', 'login', 'consent'];
/** RFC 7636 section 4.2: 43 to 128 characters of the unreserved set (S256 output is always 43). */
const CODE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;

export interface AuthorizeContext {
  issuer: string;
  findClient(clientId: string): OidcClient | undefined;
  /** The server's scope check (throws OAuthError invalid_scope). */
  checkScopes(requested: readonly string[], client: OAuthClient): string[];
}

export function readAuthorizeRequest(query: URLSearchParams, context: AuthorizeContext): AuthorizeRequest {
  for (const name of new Set(query.keys())) {
    if (query.getAll(name).length > 1) throw new AuthorizePageError('invalid_request', `The '${name}' parameter is repeated.`);
  }
  const clientId = query.get('client_id');
  if (!clientId) throw new AuthorizePageError('invalid_request', "The 'client_id' parameter is required.");
  const client = context.findClient(clientId);
  if (!client) throw new AuthorizePageError('invalid_client', "Invalid value for 'client_id' parameter.");
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri) throw new AuthorizePageError('invalid_request', "The 'redirect_uri' parameter is required.");
  if (!client.redirectUris.includes(redirectUri)) {
    throw new AuthorizePageError('invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.");
  }

  const state = query.get('state') ?? undefined;
  const modeParam = query.get('response_mode');
  const validMode = RESPONSE_MODES.includes(modeParam as ResponseMode);
  const responseMode: ResponseMode = validMode ? (modeParam as ResponseMode) : 'query';
  const fail = (code: string, description: string): never => {
    throw new AuthorizeRedirectError(code, description, redirectUri, responseMode, state);
  };
  if (query.has('request') || query.has('request_uri')) fail('request_not_supported', 'Request objects are not supported by this authorization server.');
  if (modeParam !== null && !validMode) fail('unsupported_response_mode', `The response mode '${modeParam}' is not supported. Supported response modes: [${RESPONSE_MODES.join(', ')}].`);

  const responseType = query.get('response_type');
  if (!responseType) fail('invalid_request', "The 'response_type' parameter is required.");
  if (!RESPONSE_TYPES_SUPPORTED.includes(responseType as 'code')) {
    fail('unsupported_response_type', `The response type is not supported by the authorization server. Configured response types: [${RESPONSE_TYPES_SUPPORTED.join(', ')}].`);
  }
  if (!client.responseTypes.includes('code')) {
    fail('unsupported_response_type', `The client is not authorized to use the provided response type. Configured response types: [${client.responseTypes.join(', ')}].`);
  }
  if (!client.grantTypes.includes('authorization_code')) {
    fail('unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: [${client.grantTypes.join(', ')}].`);
  }
  if (!state) fail('invalid_request', "The 'state' parameter is required.");

  const rawScope = query.get('scope');
  if (!rawScope?.trim()) fail('invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
  let scopes: string[] = [];
  try {
    scopes = context.checkScopes([...new Set((rawScope ?? '').split(' ').filter(Boolean))], client);
  } catch (error) {
    if (error instanceof OAuthError) fail(error.code, error.message);
    throw error;
  }

  const prompt = query.get('prompt') ?? undefined;
  if (prompt !== undefined && !PROMPTS.includes(prompt as Prompt)) fail('invalid_request', `The 'prompt' parameter must be one of [${PROMPTS.join(', ')}].`);
  const maxAgeParam = query.get('max_age');
  if (maxAgeParam !== null && !/^\d{1,9}$/.test(maxAgeParam)) fail('invalid_request', "The 'max_age' parameter must be a non-negative integer.");

  const challenge = query.get('code_challenge') ?? undefined;
  const method = query.get('code_challenge_method') ?? undefined;
  if (challenge === undefined && method !== undefined) fail('invalid_request', "The 'code_challenge_method' parameter requires a 'code_challenge'.");
  if (challenge !== undefined) {
    // RFC 7636 defaults a missing method to plain, which Okta does not accept.
    if (method !== 'S256') fail('invalid_request', "The 'code_challenge_method' must be 'S256'. The 'plain' method is not supported.");
    if (!CODE_CHALLENGE.test(challenge)) fail('invalid_request', "The 'code_challenge' must be 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].");
  } else if (client.pkceRequired) {
    fail(
      'invalid_request',
      client.tokenEndpointAuthMethod === 'none'
        ? "PKCE code challenge is required when the token endpoint authentication method is 'NONE'."
        : 'PKCE code challenge is required by the client app settings.',
    );
  }

  const nonce = query.get('nonce') ?? undefined;
  const loginHint = query.get('login_hint') ?? undefined;
  const sessionToken = query.get('sessionToken') ?? undefined;
  return {
    issuer: context.issuer,
    clientId,
    redirectUri,
    responseType: 'code',
    responseMode,
    scopes,
    state: state as string,
    ...(nonce ? { nonce } : {}),
    ...(prompt ? { prompt: prompt as Prompt } : {}),
    ...(maxAgeParam !== null ? { maxAge: Number(maxAgeParam) } : {}),
    ...(loginHint ? { loginHint } : {}),
    ...(challenge ? { codeChallenge: challenge } : {}),
    ...(sessionToken ? { sessionToken } : {}),
  };
}

/** The request's parameters as the token hook shows them in `data.context.protocol.request`. */
export function protocolRequestOf(request: AuthorizeRequest): Record<string, string> {
  return {
    scope: request.scopes.join(' '),
    state: request.state,
    redirect_uri: request.redirectUri,
    response_mode: request.responseMode,
    response_type: request.responseType,
    client_id: request.clientId,
  };
}
