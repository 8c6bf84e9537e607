import { createHash, timingSafeEqual } from 'node:crypto';
import type { EmulatorContext, EmulatorDeps, Principal } from '../context.js';
import { OktaApiError } from '../errors.js';
import type { LogActor } from '../store/types.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Compares against every configured token without an early exit, so timing reveals nothing. */
export function matchesApiToken(candidate: string, tokens: readonly Buffer[]): boolean {
  const candidateDigest = digest(candidate);
  let matched = false;
  for (const token of tokens) matched = timingSafeEqual(candidateDigest, token) || matched;
  return matched;
}

export function digestTokens(tokens: readonly string[]): Buffer[] {
  return tokens.filter((token) => token.length > 0).map(digest);
}

const API_TOKEN_ACTOR: LogActor = {
  id: '00uEmulatorApiToken1',
  type: 'User',
  alternateId: 'api-token@emulator.local',
  displayName: 'Emulator API token',
  detailEntry: null,
};

export const ANONYMOUS: Principal = {
  kind: 'anonymous',
  scopes: new Set(),
  actor: { id: 'unknown', type: 'User', alternateId: 'unknown', displayName: 'unknown', detailEntry: null },
};

function invalidBearer(resource: string): OktaApiError {
  return new OktaApiError('E0000011', '', [], {
    'WWW-Authenticate': `Bearer authorization_uri="${resource}/oauth2/v1/authorize", realm="${resource}", scope="", error="invalid_token", error_description="The access token is invalid.", resource="${resource}"`,
  });
}

/**
 * Resolves the caller from `Authorization`. As Okta does: no header is 403 E0000005 (Okta falls
 * back to a browser session), a bad `SSWS` or `Bearer` credential is 401 E0000011.
 */
export async function authenticate(c: EmulatorContext, deps: EmulatorDeps, apiTokens: readonly Buffer[]): Promise<Principal> {
  const header = c.req.header('authorization');
  if (!header) throw new OktaApiError('E0000005');
  const [scheme = '', credential = '', ...extra] = header.trim().split(/\s+/);
  const origin = new URL(c.req.url).origin;
  if (extra.length > 0 || credential === '') throw scheme.toLowerCase() === 'bearer' ? invalidBearer(origin) : new OktaApiError('E0000011');
  if (scheme === 'SSWS') {
    if (!matchesApiToken(credential, apiTokens)) throw new OktaApiError('E0000011');
    return { kind: 'ssws', scopes: new Set(), actor: API_TOKEN_ACTOR };
  }
  if (scheme.toLowerCase() === 'bearer') {
    const claims = await deps.issuer.verify(credential);
    const app = claims ? deps.store.apps.get(claims.clientId) : undefined;
    if (!claims || !app || app.status !== 'ACTIVE') throw invalidBearer(origin);
    return {
      kind: 'oauth',
      scopes: new Set(claims.scopes),
      actor: { id: app.id, type: 'PublicClientApp', alternateId: app.id, displayName: app.label, detailEntry: null },
    };
  }
  throw new OktaApiError('E0000011');
}

/** OAuth callers need the operation's scope; `okta.x.manage` also grants `okta.x.read`. API tokens act as the admin. */
export function requireScope(c: EmulatorContext, principal: Principal, scope: string | undefined): void {
  if (principal.kind !== 'oauth' || !scope) return;
  const manage = scope.replace(/\.read$/, '.manage');
  if (principal.scopes.has(scope) || principal.scopes.has(manage)) return;
  const origin = new URL(c.req.url).origin;
  throw new OktaApiError('E0000006', '', [], {
    'WWW-Authenticate': `Bearer authorization_uri="${origin}/oauth2/v1/authorize", realm="${origin}", scope="${scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${new URL(c.req.url).pathname}"`,
  });
}
