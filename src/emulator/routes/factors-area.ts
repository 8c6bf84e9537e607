import { authenticatorRoutes } from '../authenticators/routes.js';
import type { EmulatorDeps, RouteDef } from '../context.js';

/** The factors area's routes: org authenticators, and user credential and recovery operations. */
export function factorsRoutes(deps: EmulatorDeps): RouteDef[] {
  return [...authenticatorRoutes(deps)];
}
