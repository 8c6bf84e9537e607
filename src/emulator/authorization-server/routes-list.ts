/**
 * The endpoints every authorization server of the org answers, in order. To give every server more
 * endpoints (`/v1/authorize`, `/v1/userinfo`, ...), add a factory here: it receives the server's
 * routes with paths relative to `/oauth2/{id}` and reads the server with `c.get('authServer')`.
 */
import { coreRoutes } from './core-routes.js';
import type { ServerRouteFactory } from './server-context.js';

export const SERVER_ROUTES: readonly ServerRouteFactory[] = [coreRoutes];
