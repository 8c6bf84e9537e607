import { audit, userActor, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { baseUrl, noContent, readJsonObject, stringField } from '../http.js';
import { newSessionDoc } from '../session-doc.js';
import type { SessionDoc } from '../store/types.js';
import { userIdParam } from '../users.js';
import { ValidationIssues } from '../validation.js';
import { renderSession } from '../views.js';

/** A live session; expired ones are removed on sight and reported as not found, as Okta does. */
function liveSession(c: EmulatorContext, deps: EmulatorDeps): SessionDoc {
  const id = c.req.param('sessionId') ?? '';
  const session = deps.store.sessions.get(id);
  if (session && session.expiresAt <= deps.clock.now().toISOString()) deps.store.sessions.delete(id);
  else if (session) return session;
  throw notFound('Session', id);
}

function sessionEvent(c: EmulatorContext, deps: EmulatorDeps, session: SessionDoc, eventType: string, displayMessage: string): void {
  const user = deps.store.users.get(session.userId);
  if (!user) return;
  audit(c, deps, { eventType, displayMessage, actor: userActor(user), target: [userTarget(user)] });
}

export function sessionRoutes(deps: EmulatorDeps): RouteDef[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/sessions',
      anonymous: true,
      handler: async (c) => {
        const body = await readJsonObject(c);
        const token = stringField(body, 'sessionToken');
        if (!token) ValidationIssues.fail('sessionToken', 'The field cannot be left blank');
        const now = deps.clock.now();
        const userId = deps.store.sessions.consumeToken(token, now.toISOString());
        const user = userId ? deps.store.users.get(userId) : undefined;
        if (!user || user.status !== 'ACTIVE') throw new OktaApiError('E0000004', '', ['Invalid session token']);
        const session = newSessionDoc(deps, user, { amr: ['pwd'], lastPasswordVerification: user.lastLogin });
        deps.store.sessions.insert(session);
        sessionEvent(c, deps, session, 'user.session.start', 'User login to Okta');
        return c.json(renderSession(session, baseUrl(c, deps)));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/sessions/{sessionId}',
      scope: 'okta.sessions.read',
      handler: (c) => c.json(renderSession(liveSession(c, deps), baseUrl(c, deps))),
    },
    {
      method: 'POST',
      path: '/api/v1/sessions/{sessionId}/lifecycle/refresh',
      scope: 'okta.sessions.manage',
      handler: (c) => {
        const session = liveSession(c, deps);
        const refreshed = { ...session, expiresAt: new Date(deps.clock.now().getTime() + deps.settings.sessionLifetimeMs).toISOString() };
        deps.store.sessions.update(refreshed);
        return c.json(renderSession(refreshed, baseUrl(c, deps)));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/sessions/{sessionId}',
      scope: 'okta.sessions.manage',
      handler: (c) => {
        const session = liveSession(c, deps);
        deps.store.sessions.delete(session.id);
        sessionEvent(c, deps, session, 'user.session.end', 'User logout from Okta');
        return noContent(c);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/users/{userId}/sessions',
      scope: 'okta.users.manage',
      handler: (c) => {
        const user = userIdParam(c, deps);
        deps.store.sessions.deleteForUser(user.id);
        audit(c, deps, { eventType: 'user.session.clear', displayMessage: 'Clear user sessions', target: [userTarget(user)] });
        return noContent(c);
      },
    },
  ];
}
