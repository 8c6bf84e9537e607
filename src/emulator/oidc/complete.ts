/** The end of a successful authorization request: a one-time code for the app, sent in its response mode. */
import { audit, userActor, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps } from '../context.js';
import { mayUseClient, NOT_ASSIGNED } from '../authorization-server/app-user-profile.js';
import type { AuthorizeRequest } from './authorize-request.js';
import { findOidcClient } from './clients.js';
import type { LiveSession } from './org-session.js';
import { deliver } from './respond.js';
import { oidcState } from './state.js';

/** The System Log event Okta writes when a user signs in to an app (the console lists these). */
export const SIGN_IN_EVENT = 'user.authentication.sso';

export function completeAuthorization(c: EmulatorContext, deps: EmulatorDeps, request: AuthorizeRequest, live: LiveSession): Promise<Response> {
  // Okta refuses an unassigned user at /authorize already, back at the app's redirect URI.
  if (!mayUseClient(deps, request.clientId, live.user.id)) {
    return deliver(c, request.redirectUri, request.responseMode, { error: 'access_denied', error_description: NOT_ASSIGNED, state: request.state });
  }
  const code = oidcState(deps).issueCode({
    issuer: request.issuer,
    request,
    userId: live.user.id,
    sessionId: live.session.id,
    authTime: live.authTime,
    amr: live.session.amr,
  });
  const client = findOidcClient(deps, request.clientId);
  audit(c, deps, {
    eventType: SIGN_IN_EVENT,
    displayMessage: 'User single sign on to app',
    actor: userActor(live.user),
    target: [
      { id: client?.appId ?? request.clientId, type: 'AppInstance', alternateId: client?.name ?? request.clientId, displayName: client?.name ?? request.clientId, detailEntry: { signOnModeType: 'OPENID_CONNECT', issuer: request.issuer } },
      userTarget(live.user),
    ],
  });
  return deliver(c, request.redirectUri, request.responseMode, { code, state: request.state });
}
