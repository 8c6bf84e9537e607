/**
 * What every authorization server of the org answers. To give every server more endpoints
 * (`/v1/authorize`, `/v1/userinfo`, ...), add a factory to SERVER_ROUTES: it receives the server's
 * routes with paths relative to `/oauth2/{id}` and reads the server with `c.get('authServer')`.
 * To accept another `grant_type` at `/v1/token` (e.g. `authorization_code`), add its resolver to
 * SERVER_GRANTS; the token endpoint then applies the server's policy, claims and token hook to it.
 */
import { authorizationCodeGrant, oidcRoutes } from '../oidc/endpoints.js';
import { coreRoutes } from './core-routes.js';
import { coreGrants } from './grants.js';
import type { GrantResolver, ServerRouteFactory } from './server-context.js';

// oidcRoutes comes first: its discovery document (core fields plus the OIDC endpoints) answers.
export const SERVER_ROUTES: readonly ServerRouteFactory[] = [oidcRoutes, coreRoutes];

export const SERVER_GRANTS: ReadonlyMap<string, GrantResolver> = new Map([...coreGrants(), ['authorization_code', authorizationCodeGrant]]);
