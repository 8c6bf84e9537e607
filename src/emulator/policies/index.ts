/** The org's policies, for other emulator areas (e.g. factor enrollment reading MFA_ENROLL). */
import type { EmulatorDeps } from '../context.js';
import { rulesOf } from './routes.js';
import { policyTables } from './store.js';
import type { PolicyDoc, PolicyRuleDoc, PolicyType } from './types.js';

export { profileEnrollment, type ProfileEnrollment } from './profile-enrollment.js';
export { policyRoutes } from './routes.js';
export type { PolicyDoc, PolicyRuleDoc, PolicyType } from './types.js';

/** The ACTIVE policies of a type in priority order (the system default last), each with its ACTIVE rules in order. */
export function activePolicies(deps: EmulatorDeps, type: PolicyType): { policy: PolicyDoc; rules: PolicyRuleDoc[] }[] {
  const tables = policyTables(deps.store.db);
  return tables.policies
    .all("json_extract(doc, '$.type') = ? AND json_extract(doc, '$.status') = 'ACTIVE'", [type])
    .sort((a, b) => a.priority - b.priority)
    .map((policy) => ({ policy, rules: rulesOf(tables, policy.id).filter((rule) => rule.status === 'ACTIVE') }));
}
