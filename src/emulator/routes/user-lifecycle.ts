import { audit, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { baseUrl, booleanQuery } from '../http.js';
import { expireWithTempPassword } from '../credentials/routes.js';
import { randomBase62 } from '../ids.js';
import { LIFECYCLE_OPS, TRANSITIONS, type LifecycleOp } from '../lifecycle.js';
import type { JsonObject, UserDoc } from '../store/types.js';
import { hasPassword, userIdParam } from '../users.js';
import { renderUser } from '../views.js';

const DISPLAY: Record<LifecycleOp, string> = {
  activate: 'Activate Okta user',
  reactivate: 'Reactivate Okta user',
  deactivate: 'Deactivate Okta user',
  suspend: 'Suspend Okta user',
  unsuspend: 'Unsuspend Okta user',
  unlock: 'Unlock Okta user',
  expire_password: 'Expire password for Okta user',
  reset_password: 'Reset password for Okta user',
};

/** Moves the user along the state machine, or throws the error Okta gives for that status. */
export function applyTransition(c: EmulatorContext, deps: EmulatorDeps, user: UserDoc, op: LifecycleOp): UserDoc {
  const transition = TRANSITIONS[op];
  if (!transition.from.includes(user.status)) throw transition.refuse();
  const now = deps.clock.now().toISOString();
  const status = transition.to(hasPassword(user));
  const updated: UserDoc = {
    ...user,
    status,
    statusChanged: status === user.status ? user.statusChanged : now,
    lastUpdated: now,
    activated: op === 'activate' ? now : user.activated,
  };
  const secret = deps.store.users.getSecret(user.id) ?? { failedLogins: 0 };
  if (op === 'unlock' || op === 'unsuspend') secret.failedLogins = 0;
  deps.store.users.update(updated, secret);
  // Okta ends a user's sessions whenever they lose the right to sign in.
  if (status !== 'ACTIVE') deps.store.sessions.deleteForUser(user.id);
  audit(c, deps, { eventType: transition.eventType, displayMessage: DISPLAY[op], target: [userTarget(updated)] });
  return updated;
}

export function deactivateUser(c: EmulatorContext, deps: EmulatorDeps, user: UserDoc): UserDoc {
  return applyTransition(c, deps, user, 'deactivate');
}

function activationToken(c: EmulatorContext, deps: EmulatorDeps): JsonObject {
  const activationToken = randomBase62(20);
  return { activationUrl: `${baseUrl(c, deps)}/welcome/${activationToken}`, activationToken };
}

async function runLifecycle(c: EmulatorContext, deps: EmulatorDeps, op: LifecycleOp): Promise<Response> {
  const user = userIdParam(c, deps);
  const sendEmail = booleanQuery(c, 'sendEmail', op !== 'deactivate');
  if (op === 'expire_password' && booleanQuery(c, 'tempPassword', false)) return expireWithTempPassword(c, deps, user);
  const updated = applyTransition(c, deps, user, op);
  switch (op) {
    case 'activate':
    case 'reactivate':
      return c.json(sendEmail ? {} : activationToken(c, deps));
    case 'reset_password':
      return c.json(sendEmail ? {} : { resetPasswordUrl: `${baseUrl(c, deps)}/reset_password/${randomBase62(20)}` });
    case 'expire_password':
      return c.json(renderUser(updated, baseUrl(c, deps)));
    default:
      return c.json({});
  }
}

export function userLifecycleRoutes(deps: EmulatorDeps): RouteDef[] {
  return [
    ...LIFECYCLE_OPS.map(
      (op): RouteDef => ({
        method: 'POST',
        path: `/api/v1/users/{userId}/lifecycle/${op}`,
        scope: 'okta.users.manage',
        handler: (c) => runLifecycle(c, deps, op),
      }),
    ),
    {
      method: 'POST',
      path: '/api/v1/users/{userId}/lifecycle/reset_factors',
      scope: 'okta.users.manage',
      handler: (c) => {
        const user = userIdParam(c, deps);
        deps.store.factors.deleteForUser(user.id);
        audit(c, deps, { eventType: 'user.mfa.factor.reset_all', displayMessage: 'Reset all factors for user', target: [userTarget(user)] });
        return c.json({});
      },
    },
  ];
}
