import type { EmulatorDeps, RouteDef } from '../context.js';
import { appRoutes } from './apps.js';
import { authnRoutes } from './authn.js';
import { authorizationServerRoutes } from './authorization-servers.js';
import { eventHookRoutes } from './event-hooks.js';
import { factorRoutes } from './factors.js';
import { factorsRoutes } from './factors-area.js';
import { groupRoutes } from './groups.js';
import { hookKeyRoutes } from './hook-keys.js';
import { inlineHookRoutes } from './inline-hooks.js';
import { logRoutes } from './logs.js';
import { policyRoutes } from '../policies/routes.js';
import { directorySchemaRoutes } from '../schemas/routes.js';
import { sessionRoutes } from './sessions.js';
import { userLifecycleRoutes } from './user-lifecycle.js';
import { userRoutes } from './users.js';
import { directoryRoutes } from '../directory/routes.js';
import { registrationRoutes } from '../flows/registration.js';
import { samlRoutes } from '../flows/saml.js';
import { userImportRoutes } from '../flows/user-import.js';
import { signInRoutes } from '../oidc/sign-in.js';

/** Every operation the emulator implements. Literal segments come before parameters where they could clash. */
export function allRoutes(deps: EmulatorDeps): RouteDef[] {
  return [
    ...directoryRoutes(deps),
    ...factorsRoutes(deps),
    ...factorRoutes(deps),
    ...userLifecycleRoutes(deps),
    ...userRoutes(deps),
    ...groupRoutes(deps),
    ...sessionRoutes(deps),
    ...authnRoutes(deps),
    ...logRoutes(deps),
    ...inlineHookRoutes(deps),
    ...eventHookRoutes(deps),
    ...hookKeyRoutes(deps),
    ...appRoutes(deps),
    ...authorizationServerRoutes(deps),
    ...policyRoutes(deps),
    ...directorySchemaRoutes(deps),
    // Emulator-only flows that call inline hooks (paths under /api/v1/_emulator/).
    ...registrationRoutes(deps),
    ...userImportRoutes(deps),
    ...samlRoutes(deps),
    // The hosted sign-in page of /v1/authorize (HTML, outside /api).
    ...signInRoutes(deps),
  ];
}
