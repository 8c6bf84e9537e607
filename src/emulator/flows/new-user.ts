/** Creating a user from an org flow (self-service registration, import), with the events Okta logs. */
import { audit, userTarget } from '../audit.js';
import type { EmulatorContext, EmulatorDeps } from '../context.js';
import { newId } from '../ids.js';
import type { UserDoc, UserStatus } from '../store/types.js';
import { DEFAULT_USER_TYPE_ID } from '../users.js';

export interface NewUser {
  profile: UserDoc['profile'];
  status: Extract<UserStatus, 'ACTIVE' | 'STAGED' | 'PROVISIONED'>;
  passwordHash?: string;
}

export function insertUser(c: EmulatorContext, deps: EmulatorDeps, input: NewUser): UserDoc {
  const now = deps.clock.now().toISOString();
  const activated = input.status !== 'STAGED';
  const user: UserDoc = {
    id: newId('user'),
    status: input.status,
    created: now,
    activated: activated ? now : null,
    statusChanged: activated ? now : null,
    lastLogin: null,
    lastUpdated: now,
    passwordChanged: input.passwordHash ? now : null,
    type: { id: DEFAULT_USER_TYPE_ID },
    profile: input.profile,
    credentials: {
      provider: { type: 'OKTA', name: 'OKTA' },
      ...(input.passwordHash ? { password: {} } : {}),
      emails: [{ value: String(input.profile.email), status: 'VERIFIED', type: 'PRIMARY' }],
    },
  };
  deps.store.users.insert(user, { failedLogins: 0, ...(input.passwordHash ? { passwordHash: input.passwordHash } : {}) });
  audit(c, deps, { eventType: 'user.lifecycle.create', displayMessage: 'Create Okta user', target: [userTarget(user)] });
  if (activated) audit(c, deps, { eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user', target: [userTarget(user)] });
  return user;
}
