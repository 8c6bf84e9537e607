/**
 * Evaluates a server's access policies for a grant as Okta does: the first ACTIVE policy (by
 * priority) whose clients include the client, then its first ACTIVE rule (by priority) whose grant
 * types, scopes and people all match. No match: `access_denied`, and no token.
 */
import type { EmulatorDeps } from '../context.js';
import type { Grant } from './grant.js';
import { OAuthError } from './oauth-error.js';
import type { PolicyDecision } from './server-context.js';
import { authzTables, type PolicyDoc, type RuleDoc } from './store.js';

const byPriority = <T extends { priority: number }>(items: T[]): T[] => [...items].sort((a, b) => a.priority - b.priority);

export function policiesOf(deps: Pick<EmulatorDeps, 'store'>, serverId: string): PolicyDoc[] {
  return byPriority(authzTables(deps.store).policies.all('server_id = ?', [serverId]));
}

export function rulesOf(deps: Pick<EmulatorDeps, 'store'>, policyId: string): RuleDoc[] {
  return byPriority(authzTables(deps.store).rules.all('policy_id = ?', [policyId]));
}

function userGroupIds(deps: Pick<EmulatorDeps, 'store'>, userId: string): Set<string> {
  return new Set(deps.store.groups.groupsOfUser(userId, undefined, 10_000).items.map((group) => group.id));
}

export function ruleMatches(deps: Pick<EmulatorDeps, 'store'>, rule: RuleDoc, grant: Grant): boolean {
  // A refresh is judged by the rule of the grant that issued the refresh token.
  const grantType = grant.originalGrant?.grantType ?? grant.grantType;
  if (!rule.grantTypes.includes(grantType)) return false;
  if (!rule.scopes.includes('*') && !grant.scopes.every((scope) => rule.scopes.includes(scope))) return false;
  if (!grant.user) return true;
  const { users, groups } = rule.people;
  const memberOf = userGroupIds(deps, grant.user.id);
  if (users.exclude.includes(grant.user.id) || groups.exclude.some((id) => memberOf.has(id))) return false;
  if (users.include.length === 0 && groups.include.length === 0) return true;
  return users.include.includes(grant.user.id) || groups.include.some((id) => id === 'EVERYONE' || memberOf.has(id));
}

export function decideAccess(deps: Pick<EmulatorDeps, 'store'>, serverId: string, grant: Grant): PolicyDecision {
  for (const policy of policiesOf(deps, serverId)) {
    if (policy.status !== 'ACTIVE') continue;
    if (!policy.clients.includes('ALL_CLIENTS') && !policy.clients.includes(grant.client.clientId)) continue;
    const rule = rulesOf(deps, policy.id).find((candidate) => candidate.status === 'ACTIVE' && ruleMatches(deps, candidate, grant));
    if (!rule) continue;
    const { token } = rule;
    return {
      policyId: policy.id,
      ruleId: rule.id,
      accessTokenLifetime: token.accessTokenLifetimeMinutes * 60,
      refreshTokenLifetime: token.refreshTokenLifetimeMinutes > 0 ? token.refreshTokenLifetimeMinutes * 60 : null,
      refreshTokenWindow: token.refreshTokenWindowMinutes * 60,
      ...(token.inlineHookId ? { inlineHookId: token.inlineHookId } : {}),
    };
  }
  throw new OAuthError('access_denied', 'Policy evaluation failed for this request, please check the policy configurations.');
}
