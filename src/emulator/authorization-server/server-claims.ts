/**
 * The custom claims of a server for one grant: each ACTIVE claim whose scope condition the grant
 * meets (no scopes listed: any), RESOURCE claims in the access token and IDENTITY claims in the ID
 * token (only those marked `alwaysIncludeInToken`; the others are for /userinfo, as in Okta).
 * A value that evaluates to nothing leaves the claim out.
 */
import type { EmulatorDeps } from '../context.js';
import { appUserProfile } from './app-user-profile.js';
import { compileExpression, compileGroupFilter, type ClaimSubject } from './claim-values.js';
import type { Grant } from './grant.js';
import type { ServerClaims } from './server-context.js';
import { authzTables, type ClaimDoc } from './store.js';

export function claimSubject(deps: Pick<EmulatorDeps, 'store'>, grant: Grant): ClaimSubject {
  const { user, client } = grant;
  if (!user) return { appUser: {}, clientId: client.clientId, groupNames: [] };
  const stored = deps.store.users.get(user.id);
  return {
    user: { id: user.id, profile: stored?.profile ?? user.profile },
    appUser: appUserProfile(deps, client.clientId, user.id),
    clientId: client.clientId,
    groupNames: deps.store.groups.groupsOfUser(user.id, undefined, 10_000).items.map((group) => group.profile.name),
  };
}

export function claimValue(claim: ClaimDoc, subject: ClaimSubject): unknown {
  if (claim.valueType === 'GROUPS') {
    if (!subject.user) return undefined;
    const matches = compileGroupFilter(claim.groupFilterType ?? 'STARTS_WITH', claim.value);
    return subject.groupNames.filter(matches);
  }
  if (claim.valueType === 'EXPRESSION') return compileExpression(claim.value)(subject);
  return undefined;
}

/** Whether the claim applies to a token carrying `scopes`. */
export function claimApplies(claim: ClaimDoc, scopes: readonly string[]): boolean {
  return claim.status === 'ACTIVE' && (claim.scopes.length === 0 || claim.scopes.some((scope) => scopes.includes(scope)));
}

export function serverClaims(deps: Pick<EmulatorDeps, 'store'>, serverId: string, grant: Grant): ServerClaims {
  const claims = authzTables(deps.store).claims.all('server_id = ?', [serverId]).filter((claim) => claimApplies(claim, grant.scopes));
  const result: ServerClaims = { access: {}, id: {} };
  if (claims.length === 0) return result;
  const subject = claimSubject(deps, grant);
  for (const claim of claims) {
    if (claim.claimType === 'IDENTITY' && !claim.alwaysIncludeInToken) continue;
    const value = claimValue(claim, subject);
    if (value === undefined || value === null) continue;
    (claim.claimType === 'RESOURCE' ? result.access : result.id)[claim.name] = value;
  }
  return result;
}
