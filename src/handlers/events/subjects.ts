/**
 * Typed access to who and what an event is about. Okta puts the subjects in `target[]` (and, for
 * sessions and sign-ins, in `actor`), identified by their `type`; these helpers find them so a
 * handler does not scan the array itself.
 */
import { EventShapeError } from './errors.js';
import type { EventTypeName } from './event-types.js';
import type { LogActor, LogEvent, LogTarget } from './schema.js';

/** A LogEvent whose `eventType` is known to be `T`. */
export type LogEventOf<T extends string> = LogEvent & { eventType: T };

const USER_TYPES = ['User'];
const GROUP_TYPES = ['UserGroup', 'Group'];
const APP_TYPES = ['AppInstance'];

function findTarget(event: LogEvent, types: readonly string[]): LogTarget | undefined {
  return event.target?.find((t) => types.includes(t.type));
}

/** The user the event acts on (`target[]` entry of type `User`). */
export function targetUser(event: LogEvent): LogTarget | undefined {
  return findTarget(event, USER_TYPES);
}

/** The group in group events, e.g. the group a user joined in `group.user_membership.add`. */
export function targetGroup(event: LogEvent): LogTarget | undefined {
  return findTarget(event, GROUP_TYPES);
}

/** The application instance in app events, e.g. `application.user_membership.add`. */
export function targetApp(event: LogEvent): LogTarget | undefined {
  return findTarget(event, APP_TYPES);
}

/** The user who acted; for session and sign-in events this is the user the session belongs to. */
export function actorUser(event: LogEvent): LogActor | undefined {
  return event.actor?.type === 'User' ? event.actor : undefined;
}

type UserLifecycle = Extract<EventTypeName, `user.lifecycle.${string}` | `user.account.${string}` | `user.mfa.${string}`>;
type GroupMembership = Extract<EventTypeName, `group.user_membership.${string}`>;
type GroupLifecycle = Extract<EventTypeName, `group.lifecycle.${string}` | 'group.profile.update'>;
type AppMembership = Extract<EventTypeName, `application.user_membership.${string}`>;
type SessionEvent = Extract<EventTypeName, `user.session.${string}` | `user.authentication.${string}`>;

/** The subjects each common event type promises. Other types get every subject as optional. */
export type SubjectsOf<T extends string> = T extends UserLifecycle
  ? { user: LogTarget }
  : T extends GroupMembership
    ? { user: LogTarget; group: LogTarget }
    : T extends GroupLifecycle
      ? { group: LogTarget }
      : T extends AppMembership
        ? { user: LogTarget; app: LogTarget }
        : T extends SessionEvent
          ? { user: LogActor }
          : { user?: LogTarget | LogActor; group?: LogTarget; app?: LogTarget };

type SubjectName = 'user' | 'group' | 'app';

function requiredSubjects(eventType: string): { names: SubjectName[]; userFromActor: boolean } {
  if (/^user\.(lifecycle|account|mfa)\./.test(eventType)) return { names: ['user'], userFromActor: false };
  if (eventType.startsWith('group.user_membership.')) return { names: ['user', 'group'], userFromActor: false };
  if (eventType.startsWith('group.lifecycle.') || eventType === 'group.profile.update') {
    return { names: ['group'], userFromActor: false };
  }
  if (eventType.startsWith('application.user_membership.')) return { names: ['user', 'app'], userFromActor: false };
  if (/^user\.(session|authentication)\./.test(eventType)) return { names: ['user'], userFromActor: true };
  return { names: [], userFromActor: false };
}

/**
 * The subjects of a common event, typed by its event type. Throws `EventShapeError` (not retried)
 * when a subject the type promises is missing.
 *
 * @example
 * app.onEvent('group.user_membership.add', async (event, ctx) => {
 *   const { user, group } = subjectsOf(event);
 *   ctx.log.info('joined', { user: user.alternateId, group: group.displayName });
 * });
 */
export function subjectsOf<T extends string>(event: LogEventOf<T>): SubjectsOf<T> {
  const { names, userFromActor } = requiredSubjects(event.eventType);
  const found: Record<SubjectName, LogTarget | LogActor | undefined> = {
    user: userFromActor ? actorUser(event) : targetUser(event),
    group: targetGroup(event),
    app: targetApp(event),
  };
  const missing = names.filter((name) => found[name] === undefined);
  if (missing.length > 0) {
    throw new EventShapeError(`${event.eventType} event ${event.uuid} has no ${missing.join(' or ')} subject`);
  }
  const subjects: Partial<Record<SubjectName, LogTarget | LogActor>> = {};
  for (const name of ['user', 'group', 'app'] as const) {
    const value = found[name];
    if (value !== undefined) subjects[name] = value;
  }
  return subjects as SubjectsOf<T>;
}
