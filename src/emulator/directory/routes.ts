/**
 * The directory area's operations: app assignments, group rules and owners, linked objects,
 * trusted origins, network zones and admin roles. Listed before the groups and users routes, so
 * literal paths such as `/api/v1/groups/rules` win over `/api/v1/groups/{groupId}`.
 */
import type { EmulatorDeps, RouteDef } from '../context.js';
import { appAssignmentRoutes } from './app-assignment-routes.js';
import { groupRuleRoutes } from './group-rule-routes.js';
import { applyRulesOnUserEvents } from './group-rules.js';

export function directoryRoutes(deps: EmulatorDeps): RouteDef[] {
  applyRulesOnUserEvents(deps);
  return [...appAssignmentRoutes(deps), ...groupRuleRoutes(deps)];
}
