/**
 * Builds the `com.okta.oauth2.tokens.transform` request Okta sends before minting, from the real
 * grant and the draft claims (HOOKS-PROTOCOL section 2). Claims stamped at signing time (iat, exp,
 * at_hash) are not part of it, as in Okta's own requests.
 */
import { newOpaqueToken, randomBase62 } from '../ids.js';
import type { TokenDraft } from '../hook-calls/apply-token.js';
import type { Grant, RequestInfo } from './grant.js';

export interface TokenHookRequestInput {
  issuer: string;
  orgUrl: string;
  grant: Grant;
  draft: TokenDraft;
  request: RequestInfo;
  policy: { id: string; ruleId: string };
  now: Date;
  idpId: string;
  /** Stable ids for the scopes this server knows. */
  scopeIds: (scope: string) => string;
}

export function buildTokenHookRequest(input: TokenHookRequestInput): Record<string, unknown> {
  const { grant, draft, issuer } = input;
  const protocolRequest = {
    ...grant.protocolRequest,
    scope: grant.scopes.join(' '),
    client_id: grant.client.clientId,
    grant_type: grant.grantType,
  };
  const data: Record<string, unknown> = {
    context: {
      request: {
        id: input.request.id,
        method: 'POST',
        url: { value: input.request.url },
        ipAddress: input.request.ipAddress,
      },
      protocol: {
        type: 'OAUTH2.0',
        request: protocolRequest,
        ...(grant.originalGrant
          ? {
              OriginalGrant: {
                authorization: { ...protocolRequest, scope: grant.originalGrant.scope, grant_type: grant.originalGrant.grantType },
                refresh_token: { jti: grant.originalGrant.refreshTokenId },
              },
            }
          : {}),
        issuer: { uri: issuer },
        client: {
          id: grant.client.clientId,
          name: grant.client.name ?? grant.client.clientId,
          type: grant.client.tokenEndpointAuthMethod === 'none' ? 'PUBLIC' : 'CONFIDENTIAL',
        },
      },
      ...userContext(input),
      policy: { id: input.policy.id, rule: { id: input.policy.ruleId } },
    },
    access: {
      claims: draft.accessClaims,
      token: { lifetime: { expiration: draft.accessLifetime } },
      scopes: Object.fromEntries(grant.scopes.map((scope) => [scope, { id: input.scopeIds(scope), action: 'GRANT' }])),
    },
  };
  if (draft.idClaims) data.identity = { claims: draft.idClaims, token: { lifetime: { expiration: draft.idLifetime } } };
  if (grant.refreshTokenId) data.refresh_token = { jti: grant.refreshTokenId };
  return {
    source: `${issuer}/v1/token`,
    eventId: randomBase62(22),
    eventTime: input.now.toISOString(),
    eventTypeVersion: '1.0',
    cloudEventVersion: '0.1',
    contentType: 'application/json',
    eventType: 'com.okta.oauth2.tokens.transform',
    data,
  };
}

function userContext(input: TokenHookRequestInput): Record<string, unknown> {
  const { user, authTime } = input.grant;
  if (!user) return {};
  const signedInAt = new Date((authTime ?? Math.floor(input.now.getTime() / 1000)) * 1000).toISOString();
  return {
    session: {
      id: input.grant.sessionId ?? `102${newOpaqueToken(16)}`,
      userId: user.id,
      login: user.profile.login,
      createdAt: signedInAt,
      expiresAt: new Date(input.now.getTime() + 2 * 3600_000).toISOString(),
      status: 'ACTIVE',
      lastPasswordVerification: signedInAt,
      amr: ['PASSWORD'],
      idp: { id: input.idpId, type: 'OKTA' },
      mfaActive: false,
    },
    user: {
      id: user.id,
      passwordChanged: user.passwordChanged ?? null,
      profile: {
        login: user.profile.login,
        firstName: user.profile.firstName ?? null,
        lastName: user.profile.lastName ?? null,
        locale: user.profile.locale ?? 'en_US',
        timeZone: user.profile.timeZone ?? 'America/Los_Angeles',
      },
      _links: {
        groups: { href: `${input.orgUrl}/api/v1/users/${user.id}/groups` },
        factors: { href: `${input.orgUrl}/api/v1/users/${user.id}/factors` },
      },
    },
  };
}
