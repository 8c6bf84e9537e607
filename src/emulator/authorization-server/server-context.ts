/**
 * One authorization server as its endpoints see it, and the seam other modules use to add
 * endpoints to every server: a route factory receives the routes of a server (paths relative to
 * `/oauth2/{id}`) and reads the server of the request with `c.get('authServer')`.
 */
import type { Context, Hono } from 'hono';
import type { JWK } from 'jose';
import type { Clock } from '../clock.js';
import type { EmulatorDeps, EmulatorEnv } from '../context.js';
import type { InlineHookOutcome } from '../hook-calls/call-inline-hook.js';
import type { TokenHookResult } from '../hook-calls/apply-token.js';
import type { ClientLookup, OAuthClient } from './client-auth.js';
import type { Grant, UserDirectory } from './grant.js';
import type { ReplayGuard } from './private-key-jwt.js';
import type { RefreshTokenRepository } from './refresh-tokens.js';
import type { SigningKey } from './signing-key.js';

/** What the server's access policy decided for a grant: the rule that matched and what it sets. */
export interface PolicyDecision {
  policyId: string;
  ruleId: string;
  /** Seconds. */
  accessTokenLifetime: number;
  /** Seconds; null for a refresh token that does not expire. */
  refreshTokenLifetime: number | null;
  /** Seconds a refresh token may go unused before it lapses; null for no idle limit. */
  refreshTokenWindow: number | null;
  /** The token inline hook the rule names, when it names an active one. */
  inlineHookId?: string;
}

export interface TokenHookReport {
  payload: Record<string, unknown>;
  outcome: InlineHookOutcome;
  result: TokenHookResult;
}

/** The scopes a server knows (the default server and the standalone one know the OIDC scopes). */
export interface ScopeCatalog {
  /** Whether the server has a scope of this name. */
  has(name: string): boolean;
  /** The scope's id, for `data.access.scopes` of the token hook request. */
  idOf(name: string): string;
  /** Scopes granted when a client_credentials request names none. */
  defaults(): string[];
  /** Published in discovery. */
  published(): string[];
}

/** The custom claims of the server for a grant, evaluated before the token hook sees the draft. */
export interface ServerClaims {
  access: Record<string, unknown>;
  id: Record<string, unknown>;
}

export interface GrantInput {
  form: URLSearchParams;
  client: OAuthClient;
  server: AuthorizationServerContext;
}

/** Turns a token request of one grant type into a Grant (or throws an OAuthError). */
export type GrantResolver = (input: GrantInput) => Promise<Grant>;

export interface AuthorizationServerContext {
  /** `default` or the server's id. */
  id: string;
  issuer: string;
  tokenEndpoint: string;
  audience: string | string[];
  /** The identity provider id Okta puts in `idp` (the org itself for Okta-mastered users). */
  idpId: string;
  /** The org URL, for links in hook requests. */
  orgUrl: string;
  clock: Clock;
  clients: ClientLookup;
  users: UserDirectory;
  replay: ReplayGuard;
  /** The key that signs new tokens. */
  signer(): Promise<SigningKey>;
  /** The keys published at `/v1/keys`. */
  jwks(): Promise<{ keys: JWK[] }>;
  refreshTokens: RefreshTokenRepository;
  scopes: ScopeCatalog;
  /** Lifetime of ID tokens in seconds (Okta: one hour, not configurable). */
  idTokenLifetime: number;
  /** The rule that lets this grant through; throws an OAuthError when none does. */
  decide(grant: Grant): Promise<PolicyDecision>;
  claims(grant: Grant): Promise<ServerClaims>;
  /** Calls the token hook the decision names; undefined when there is none (the token is minted as drafted). */
  tokenHook?(payload: Record<string, unknown>, decision: PolicyDecision): Promise<InlineHookOutcome | undefined>;
  /** Told about every token hook call, for the System Log. */
  onTokenHook?(report: TokenHookReport): void;
  /** Told about every token response, for the System Log (`app.oauth2.as.token.grant.*`). */
  onTokensMinted?(c: Context<ServerEnv>, grant: Grant, minted: { accessToken: string; idToken: boolean; refreshToken: boolean }): void;
  /** Grant types the token endpoint accepts, by `grant_type`. */
  grants: ReadonlyMap<string, GrantResolver>;
  /** The org the server belongs to (the emulator's servers); a standalone server has none. */
  org?: EmulatorDeps;
}

export interface ServerEnv {
  Variables: EmulatorEnv['Variables'] & { authServer: AuthorizationServerContext };
}

/** Adds endpoints to every authorization server; paths are relative to the server (`/v1/token`). */
export type ServerRouteFactory = (routes: Hono<ServerEnv>) => void;
