/**
 * The directory area's operations: app assignments, group rules and owners, linked objects,
 * trusted origins, network zones and admin roles. Listed before the groups and users routes, so
 * literal paths such as `/api/v1/groups/rules` win over `/api/v1/groups/{groupId}`.
 */
import type { EmulatorDeps, RouteDef } from '../context.js';
import { appAssignmentRoutes } from './app-assignment-routes.js';
import { adminRoleRoutes } from './admin-roles.js';
import { groupRuleRoutes } from './group-rule-routes.js';
import { applyRulesOnUserEvents } from './group-rules.js';
import { linkedObjectRoutes } from './linked-objects.js';
import { networkZoneRoutes } from './network-zones.js';
import { trustedOriginRoutes } from './trusted-origins.js';

export function directoryRoutes(deps: EmulatorDeps): RouteDef[] {
  applyRulesOnUserEvents(deps);
  return [
    ...appAssignmentRoutes(deps),
    ...groupRuleRoutes(deps),
    ...linkedObjectRoutes(deps),
    ...trustedOriginRoutes(deps),
    ...networkZoneRoutes(deps),
    ...adminRoleRoutes(deps),
  ];
}
