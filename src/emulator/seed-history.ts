/**
 * The demo org's history in its System Log: the events Okta would have logged while the seeded
 * groups, users (each brought to its status), apps and the apps' group assignments were made, so a client reading or polling
 * the log from before the org started sees what is in the org instead of an empty log.
 */
import { APP_EVENTS, appTarget } from './apps/app-events.js';
import { groupTarget, userActor, userTarget } from './audit.js';
import type { Clock } from './clock.js';
import { logEvent, type EventParts } from './hook-calls/system-log.js';
import type { AppDoc, GroupDoc, LogEvent, UserDoc, UserStatus } from './store/types.js';

export interface SeededOrg {
  groups: readonly GroupDoc[];
  users: readonly { user: UserDoc; groups: readonly GroupDoc[] }[];
  apps: readonly AppDoc[];
  assignments: readonly { app: AppDoc; group: GroupDoc }[];
}

type Step = Pick<EventParts, 'eventType' | 'displayMessage'> & Partial<Pick<EventParts, 'actor' | 'severity'>>;

/** How a new user reached each status after its creation, as the events Okta logs on the way. */
const PATH_TO_STATUS: Record<UserStatus, Step[]> = {
  STAGED: [],
  PROVISIONED: [{ eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user' }],
  ACTIVE: [{ eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user' }],
  RECOVERY: [
    { eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user' },
    { eventType: 'user.account.reset_password', displayMessage: 'Reset password for Okta user' },
  ],
  PASSWORD_EXPIRED: [
    { eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user' },
    { eventType: 'user.account.expire_password', displayMessage: 'Expire password for Okta user' },
  ],
  LOCKED_OUT: [{ eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user' }],
  SUSPENDED: [
    { eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user' },
    { eventType: 'user.lifecycle.suspend', displayMessage: 'Suspend Okta user' },
  ],
  DEPROVISIONED: [
    { eventType: 'user.lifecycle.activate', displayMessage: 'Activate Okta user' },
    { eventType: 'user.lifecycle.deactivate', displayMessage: 'Deactivate Okta user' },
  ],
};

/** The events, oldest first, all published at the clock's now (the moment the org was made). */
export function seedHistory(org: SeededOrg, clock: Clock): LogEvent[] {
  const events: LogEvent[] = [];
  const transactionId = crypto.randomUUID();
  const log = (step: Step, target: EventParts['target']) =>
    events.push(
      logEvent(
        { clock, transactionId },
        { severity: 'INFO', outcome: { result: 'SUCCESS', reason: null }, debugData: {}, ...step, target },
      ),
    );
  for (const group of org.groups) log({ eventType: 'group.lifecycle.create', displayMessage: 'Create okta group' }, [groupTarget(group)]);
  for (const { user, groups } of org.users) {
    const target = [userTarget(user)];
    log({ eventType: 'user.lifecycle.create', displayMessage: 'Create Okta user' }, target);
    for (const step of PATH_TO_STATUS[user.status]) log(step, target);
    for (const group of groups) log({ eventType: 'group.user_membership.add', displayMessage: 'Add user to group membership' }, [...target, groupTarget(group)]);
    // The user's own failed sign-ins lock the account; Okta logs the lock with the user as actor.
    if (user.status === 'LOCKED_OUT') {
      log({ eventType: 'user.account.lock', displayMessage: 'Max sign in attempts exceeded', actor: userActor(user) }, target);
    }
  }
  for (const app of org.apps) {
    log(APP_EVENTS.create, [appTarget(app)]);
    if (app.status === 'ACTIVE') log(APP_EVENTS.activate, [appTarget(app)]);
  }
  for (const { app, group } of org.assignments) {
    log({ eventType: 'group.application_assignment.add', displayMessage: 'Add assigned application to group' }, [groupTarget(group), appTarget(app)]);
  }
  return events;
}
