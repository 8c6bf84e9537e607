import { baseEvent, type BaseEvent, type ContextUser } from '../core/envelope.js';
import { PROGRESSIVE_PROFILE, SELF_SERVICE_REGISTRATION, type RegistrationRequest } from './schema.js';

interface RegistrationEventBase extends BaseEvent<RegistrationRequest> {
  /** Okta's default outcome (`data.action`); always ALLOW in practice. */
  readonly defaultAction: string;
}

/** Self-service registration: a new user filled in the sign-up form. */
export interface SelfServiceRegistrationEvent extends RegistrationEventBase {
  readonly requestType: typeof SELF_SERVICE_REGISTRATION;
  /** The form attributes (never the password). */
  readonly userProfile: Readonly<Record<string, unknown>>;
  readonly userProfileUpdate: undefined;
  readonly user: undefined;
}

/** Progressive profiling: an existing user is asked for more attributes at sign-in. */
export interface ProgressiveProfileEvent extends RegistrationEventBase {
  readonly requestType: typeof PROGRESSIVE_PROFILE;
  readonly userProfile: undefined;
  /** Only the attributes being added or changed. */
  readonly userProfileUpdate: Readonly<Record<string, unknown>>;
  /** The existing user (`data.context.user`). */
  readonly user: ContextUser;
}

export type RegistrationEvent = SelfServiceRegistrationEvent | ProgressiveProfileEvent;

export function toRegistrationEvent(raw: RegistrationRequest): RegistrationEvent {
  const base = { ...baseEvent(raw), defaultAction: raw.data.action ?? 'ALLOW' };
  if (raw.requestType === PROGRESSIVE_PROFILE) {
    // The schema check guarantees both members for progressive requests.
    return { ...base, requestType: PROGRESSIVE_PROFILE, userProfile: undefined, userProfileUpdate: raw.data.userProfileUpdate ?? {}, user: raw.data.context.user as ContextUser };
  }
  return { ...base, requestType: SELF_SERVICE_REGISTRATION, userProfile: raw.data.userProfile ?? raw.data.user?.profile ?? {}, userProfileUpdate: undefined, user: undefined };
}
