import { OktaApiError } from './errors.js';
import type { UserStatus } from './store/types.js';

/** Lifecycle operations under `/api/v1/users/{id}/lifecycle/{op}`. */
export type LifecycleOp =
  | 'activate'
  | 'reactivate'
  | 'deactivate'
  | 'suspend'
  | 'unsuspend'
  | 'unlock'
  | 'expire_password'
  | 'reset_password';

export interface Transition {
  from: readonly UserStatus[];
  to: (hasPassword: boolean) => UserStatus;
  /** Okta's answer when the user's status does not allow the operation. */
  refuse: () => OktaApiError;
  eventType: string;
  /** Name of the link in the user's `_links`. */
  linkName: string;
}

const ALL: readonly UserStatus[] = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'];
const notInThisStatus = (): OktaApiError => new OktaApiError('E0000038');

/**
 * Okta's user state machine. Each entry says which statuses allow the operation, where it leads,
 * and the error Okta answers otherwise. Users' `_links` are derived from this table too.
 */
export const TRANSITIONS: Record<LifecycleOp, Transition> = {
  activate: {
    from: ['STAGED', 'DEPROVISIONED'],
    to: (hasPassword) => (hasPassword ? 'ACTIVE' : 'PROVISIONED'),
    refuse: () => new OktaApiError('E0000016'),
    eventType: 'user.lifecycle.activate',
    linkName: 'activate',
  },
  reactivate: {
    from: ['PROVISIONED'],
    to: () => 'PROVISIONED',
    refuse: notInThisStatus,
    eventType: 'user.lifecycle.reactivate',
    linkName: 'reactivate',
  },
  deactivate: {
    from: ALL.filter((status) => status !== 'DEPROVISIONED'),
    to: () => 'DEPROVISIONED',
    refuse: notInThisStatus,
    eventType: 'user.lifecycle.deactivate',
    linkName: 'deactivate',
  },
  suspend: {
    from: ['ACTIVE'],
    to: () => 'SUSPENDED',
    refuse: () => new OktaApiError('E0000001', 'Cannot suspend a user that is not active', ['Cannot suspend a user that is not active']),
    eventType: 'user.lifecycle.suspend',
    linkName: 'suspend',
  },
  unsuspend: {
    from: ['SUSPENDED'],
    to: () => 'ACTIVE',
    refuse: () =>
      new OktaApiError('E0000001', 'Cannot unsuspend a user that is not suspended', ['Cannot unsuspend a user that is not suspended']),
    eventType: 'user.lifecycle.unsuspend',
    linkName: 'unsuspend',
  },
  unlock: {
    from: ['LOCKED_OUT'],
    to: () => 'ACTIVE',
    refuse: () => new OktaApiError('E0000032'),
    eventType: 'user.account.unlock',
    linkName: 'unlock',
  },
  expire_password: {
    from: ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT'],
    to: () => 'PASSWORD_EXPIRED',
    refuse: notInThisStatus,
    eventType: 'user.account.expire_password',
    linkName: 'expirePassword',
  },
  reset_password: {
    from: ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY'],
    to: () => 'RECOVERY',
    refuse: notInThisStatus,
    eventType: 'user.account.reset_password',
    linkName: 'resetPassword',
  },
};

export const LIFECYCLE_OPS = Object.keys(TRANSITIONS) as LifecycleOp[];

export function isLifecycleOp(value: string): value is LifecycleOp {
  return Object.hasOwn(TRANSITIONS, value);
}

export function allowedOps(status: UserStatus): LifecycleOp[] {
  return LIFECYCLE_OPS.filter((op) => TRANSITIONS[op].from.includes(status));
}
