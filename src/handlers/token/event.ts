import { baseEvent, type BaseEvent, type ContextUser, type OktaSession } from '../core/envelope.js';
import type { OriginalGrant, TokenData, TokenRequest } from './schema.js';

type Protocol = NonNullable<TokenRequest['data']['context']['protocol']>;

/** One token being minted, as the hook sees it. */
export interface TokenView {
  readonly claims: Readonly<Record<string, unknown>>;
  /** Lifetime in seconds (`token.lifetime.expiration`). */
  readonly lifetime: number | undefined;
}

export interface AccessTokenView extends TokenView {
  /** Granted scopes by name. */
  readonly scopes: Readonly<Record<string, { id?: string | undefined; action?: string | undefined }>>;
}

export interface TokenEvent extends BaseEvent<TokenRequest> {
  readonly protocol: Protocol | undefined;
  readonly grantType: string | undefined;
  readonly clientId: string | undefined;
  /** Absent for client-credentials requests, which have no end user. */
  readonly user: ContextUser | undefined;
  readonly session: OktaSession | undefined;
  readonly policy: TokenRequest['data']['context']['policy'];
  readonly access: AccessTokenView | undefined;
  /** Present only when an ID token is being minted; patch it only then. */
  readonly identity: TokenView | undefined;
  readonly refreshToken: { jti?: string | undefined } | undefined;
  /** For refresh-token requests: the original authorization (OAS `OriginalGrant`). */
  readonly originalGrant: OriginalGrant | undefined;
}

function view(data: TokenData): TokenView {
  return { claims: data.claims ?? {}, lifetime: data.token?.lifetime?.expiration };
}

export function toTokenEvent(raw: TokenRequest): TokenEvent {
  const { context, access, identity } = raw.data;
  const protocol = context.protocol;
  return {
    ...baseEvent(raw),
    protocol,
    grantType: protocol?.request?.grant_type,
    clientId: protocol?.client?.id ?? protocol?.request?.client_id,
    user: context.user,
    session: context.session,
    policy: context.policy,
    access: access === undefined ? undefined : { ...view(access), scopes: access.scopes ?? {} },
    identity: identity === undefined ? undefined : view(identity),
    refreshToken: raw.data.refresh_token,
    originalGrant: protocol?.OriginalGrant ?? protocol?.originalGrant,
  };
}
