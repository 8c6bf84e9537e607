import { createHash, timingSafeEqual } from 'node:crypto';
import type { EmulatorContext, EmulatorDeps, Principal } from '../context.js';
import { OktaApiError } from '../errors.js';
import type { LogActor } from '../store/types.js';
import { OAuthError } from '../authorization-server/oauth-error.js';
import { DPOP_ALGORITHMS } from '../dpop/proof.js';
import { checkResourceBinding } from '../dpop/resource-request.js';
import { storedReplayGuard } from '../oauth/client-assertion.js';

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

/** A DPoP binding that does not hold: 401 with Okta's DPoP challenge (RFC 9449 section 7.1). */
function invalidDpop(c: EmulatorContext, error: OAuthError): OktaApiError {
  const url = new URL(c.req.url);
  const code = error.code === 'invalid_dpop_proof' ? 'invalid_dpop_proof' : 'invalid_token';
  return new OktaApiError('E0000011', '', [error.message], {
    'WWW-Authenticate': `DPoP algs="${DPOP_ALGORITHMS.join(' ')}", authorization_uri="${url.origin}/oauth2/v1/authorize", realm="${url.origin}", error="${code}", error_description="${error.message.replace(/"/g, "'")}", resource="${url.pathname}"`,
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
  const oauthScheme = scheme.toLowerCase();
  if (oauthScheme === 'bearer' || oauthScheme === 'dpop') {
    const claims = await deps.issuer.verify(credential);
    const app = claims ? deps.store.apps.get(claims.clientId) : undefined;
    if (!claims || !app || app.status !== 'ACTIVE') throw invalidBearer(origin);
    try {
      await checkResourceBinding({
        scheme: oauthScheme,
        accessToken: credential,
        boundTo: claims.jkt,
        header: c.req.header('dpop'),
        method: c.req.method,
        url: c.req.url,
        now: deps.clock.now(),
        replay: storedReplayGuard(deps),
      });
    } catch (error) {
      if (error instanceof OAuthError) throw invalidDpop(c, error);
      throw error;
    }
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
