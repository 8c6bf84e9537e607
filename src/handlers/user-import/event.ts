import { baseEvent, type BaseEvent } from '../core/envelope.js';
import type { UserImportRequest } from './schema.js';

type Context = UserImportRequest['data']['context'];

export interface UserImportEvent extends BaseEvent<UserImportRequest> {
  /** Okta's planned outcome after matching: `CREATE_USER` or `LINK_USER`. */
  readonly result: string;
  /** The imported app user's attributes. */
  readonly appUser: { readonly profile: Readonly<Record<string, unknown>> };
  /** The Okta user Okta would create or update; `id` only when matched to an existing user. */
  readonly user: { readonly id: string | undefined; readonly profile: Readonly<Record<string, unknown>> };
  readonly application: Context['application'];
  readonly job: Context['job'];
  /** Attribute names that conflicted during matching. */
  readonly conflicts: readonly string[];
  readonly matches: readonly unknown[];
  /** Matching rules in effect, e.g. `EMAIL`. */
  readonly matchPolicy: readonly string[];
}

export function toUserImportEvent(raw: UserImportRequest): UserImportEvent {
  const { context, appUser, user, action } = raw.data;
  return {
    ...baseEvent(raw),
    result: action?.result ?? 'CREATE_USER',
    appUser: { profile: appUser.profile },
    user: { id: user.id, profile: user.profile },
    application: context.application,
    job: context.job,
    conflicts: context.conflicts ?? [],
    matches: context.matches ?? [],
    matchPolicy: context.policy ?? [],
  };
}
