import { organizationRoutes } from '../authenticators/organization.js';
import { authenticatorRoutes } from '../authenticators/routes.js';
import type { EmulatorDeps, RouteDef } from '../context.js';
import { credentialRoutes } from '../credentials/routes.js';

/** The factors area's routes: the org's pipeline and authenticators, and user credential and recovery operations. */
export function factorsRoutes(deps: EmulatorDeps): RouteDef[] {
  return [...organizationRoutes(deps), ...authenticatorRoutes(deps), ...credentialRoutes(deps)];
}
