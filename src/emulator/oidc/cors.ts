/**
 * CORS on the endpoints a single-page app calls from JavaScript: discovery, keys, token, userinfo,
 * introspect and revoke (never authorize or logout, which are navigations). An origin is allowed
 * when an active OIDC app of the org registered a login or logout redirect URI on it: the SPA that
 * may receive a code there is the one that has to redeem it. Any other origin gets no CORS headers,
 * so the browser keeps the answer from it.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { EmulatorDeps } from '../context.js';
import type { AuthorizationServerContext, ServerEnv } from '../authorization-server/server-context.js';

const CORS_PATHS = /\/(\.well-known\/(openid-configuration|oauth-authorization-server)|v1\/(token|keys|userinfo|introspect|revoke))$/;

const originOf = (uri: unknown): string | undefined => {
  if (typeof uri !== 'string') return undefined;
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
};

/** The origins of every redirect URI of the org's active OIDC apps. */
export function appOrigins(deps: Pick<EmulatorDeps, 'store'>): Set<string> {
  const origins = new Set<string>();
  for (const app of deps.store.apps.all("json_extract(doc, '$.signOnMode') = 'OPENID_CONNECT' AND json_extract(doc, '$.status') = 'ACTIVE'")) {
    const settings = app.settings?.oauthClient;
    for (const list of [settings?.redirect_uris, settings?.post_logout_redirect_uris]) {
      if (!Array.isArray(list)) continue;
      for (const uri of list) {
        const origin = originOf(uri);
        if (origin && origin !== 'null') origins.add(origin);
      }
    }
  }
  return origins;
}

export function oidcCors(): MiddlewareHandler<ServerEnv> {
  const handler = cors({
    origin: (origin, c) => {
      const deps = (c.get('authServer') as AuthorizationServerContext | undefined)?.org;
      return deps && appOrigins(deps).has(origin) ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Accept', 'DPoP', 'X-Okta-User-Agent-Extended'],
    maxAge: 600,
  });
  return async (c, next) => {
    if (!CORS_PATHS.test(new URL(c.req.url).pathname)) return next();
    return handler(c, next);
  };
}
