/**
 * The app user profile `appuser.<attr>` claims read, and the assignment a user needs before a
 * client that is one of the org's apps may get tokens for them (Okta refuses unassigned users with
 * `access_denied`). Clients given to the emulator directly are no app, so they have no assignments.
 */
import type { EmulatorDeps } from '../context.js';
import { appAssignments, appOfClient } from '../directory/app-assignments.js';
import type { Grant } from './grant.js';
import { OAuthError } from './oauth-error.js';

export function appUserProfile(deps: Pick<EmulatorDeps, 'store'>, clientId: string, userId: string): Record<string, unknown> {
  const app = appOfClient(deps, clientId);
  const user = app ? deps.store.users.get(userId) : undefined;
  if (!app || !user) return {};
  return appAssignments(deps).appUser(app.id, user)?.profile ?? {};
}

export const NOT_ASSIGNED = 'User is not assigned to the client application.';

/** False when the client is one of the org's apps and the user is not assigned to it. */
export function mayUseClient(deps: Pick<EmulatorDeps, 'store'>, clientId: string, userId: string): boolean {
  const app = appOfClient(deps, clientId);
  return !app || appAssignments(deps).isAssigned(app.id, userId);
}

/** Throws Okta's refusal when the grant is for a user the client's app is not assigned to. */
export function assertAssigned(deps: Pick<EmulatorDeps, 'store'>, grant: Grant): void {
  if (grant.user && !mayUseClient(deps, grant.client.clientId, grant.user.id)) throw new OAuthError('access_denied', NOT_ASSIGNED);
}
