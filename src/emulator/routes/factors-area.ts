import { authenticatorRoutes } from '../authenticators/routes.js';
import type { EmulatorDeps, RouteDef } from '../context.js';
import { credentialRoutes } from '../credentials/routes.js';

/** The factors area's routes: org authenticators, and user credential and recovery operations. */
export function factorsRoutes(deps: EmulatorDeps): RouteDef[] {
  return [...authenticatorRoutes(deps), ...credentialRoutes(deps)];
}
