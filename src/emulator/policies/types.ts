import type { JsonObject } from '../store/types.js';

/** The policy types the emulator models: the ones hooks meet in a real org. */
export const POLICY_TYPES = ['OKTA_SIGN_ON', 'PASSWORD', 'MFA_ENROLL', 'ACCESS_POLICY', 'PROFILE_ENROLLMENT'] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

/** The rule `type` Okta gives the rules of each policy type. */
export const RULE_TYPE: Record<PolicyType, string> = {
  OKTA_SIGN_ON: 'SIGN_ON',
  PASSWORD: 'PASSWORD',
  MFA_ENROLL: 'MFA_ENROLL',
  ACCESS_POLICY: 'ACCESS_POLICY',
  PROFILE_ENROLLMENT: 'PROFILE_ENROLLMENT',
};

export type Status = 'ACTIVE' | 'INACTIVE';

export interface PolicyDoc {
  id: string;
  type: PolicyType;
  status: Status;
  name: string;
  description: string | null;
  priority: number;
  system: boolean;
  conditions: JsonObject | null;
  settings?: JsonObject;
  created: string;
  lastUpdated: string;
}

export interface PolicyRuleDoc {
  id: string;
  policyId: string;
  type: string;
  status: Status;
  name: string;
  priority: number;
  system: boolean;
  conditions: JsonObject | null;
  actions: JsonObject;
  created: string;
  lastUpdated: string;
}
