/** What a token request established, before any token exists: who, for which client, which scopes. */
import type { OAuthClient } from './client-auth.js';

export interface AuthorizationServerUser {
  id: string;
  passwordChanged?: string | null;
  profile: {
    login: string;
    firstName?: string | null;
    lastName?: string | null;
    email?: string | null;
    locale?: string | null;
    timeZone?: string | null;
    [attribute: string]: unknown;
  };
}

export interface UserDirectory {
  /** The user when the password is right and the user may sign in; undefined otherwise. */
  authenticate(username: string, password: string): Promise<AuthorizationServerUser | undefined>;
  getUser(id: string): Promise<AuthorizationServerUser | undefined>;
}

/** `grant_type` of the token request; the core ones are client_credentials, password and refresh_token. */
export type GrantType = string;

export interface Grant {
  grantType: GrantType;
  client: OAuthClient;
  scopes: string[];
  user?: AuthorizationServerUser;
  /** Seconds since the epoch of the original sign-in (password grant). */
  authTime?: number;
  /** The refresh token that will be issued with this response, if any. */
  refreshTokenId?: string;
  /** For refresh_token: the id of the token presented, the scopes and the grant type originally granted. */
  originalGrant?: { refreshTokenId: string; scope: string; grantType: string; dpopJkt?: string };
  /** How the user authenticated (ID token `amr`); `['pwd']` when not said. */
  amr?: string[];
  /** The authorization request's nonce, echoed in the ID token. */
  nonce?: string;
  /** The org session the sign-in belongs to (token hook `data.context.session.id`). */
  sessionId?: string;
  /** The authorization request's parameters (redirect_uri, state, response_type, ...), for the token hook. */
  protocolRequest?: Record<string, string>;
  /** Thumbprint of the DPoP key the tokens are bound to (access token `cnf.jkt`, `token_type: DPoP`). */
  dpopJkt?: string;
}

/** Details of the HTTP request, for the token hook's `data.context.request`. */
export interface RequestInfo {
  id: string;
  url: string;
  ipAddress: string;
}
