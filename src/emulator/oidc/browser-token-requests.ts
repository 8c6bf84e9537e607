/**
 * Okta's rule for token requests made by a browser (they carry an `Origin` header): only the
 * authorization code flow with PKCE (and refreshing its tokens) may be redeemed from JavaScript;
 * a code without `code_verifier`, client credentials and the password grant answer
 * `invalid_client` "Browser requests to the token endpoint must use Proof Key for Code Exchange."
 */
import type { MiddlewareHandler } from 'hono';
import type { ServerEnv } from '../authorization-server/server-context.js';
import { OAuthError } from '../authorization-server/oauth-error.js';

const BROWSER_PKCE = 'Browser requests to the token endpoint must use Proof Key for Code Exchange.';

export function browserTokenRequests(): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST' || c.req.header('origin') === undefined) return next();
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    // Anything else is refused by the token endpoint itself, with its own error.
    if (!type.startsWith('application/x-www-form-urlencoded')) return next();
    const form = new URLSearchParams(await c.req.text());
    const grantType = form.get('grant_type');
    const refused = grantType === 'client_credentials' || grantType === 'password' || (grantType === 'authorization_code' && !form.has('code_verifier'));
    if (!refused) return next();
    const error = new OAuthError('invalid_client', BROWSER_PKCE);
    return c.json(error.toJSON(), error.status);
  };
}
