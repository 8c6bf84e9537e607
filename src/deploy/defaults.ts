/** The event types an event hook subscribes to when none are named (`gatehook register`, the CDK registration). */
export const DEFAULT_EVENT_TYPES = [
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.deactivate',
  'user.account.update_profile',
  'user.session.start',
  'group.user_membership.add',
  'group.user_membership.remove',
] as const;

/** Okta hook names are `<prefix> <hook name>`. */
export const DEFAULT_HOOK_NAME_PREFIX = 'gatehook';
