import { randomBase62 } from '../ids.js';

/** Okta's id prefixes: `00p` for policies, `0pr` for their rules. */
export const newPolicyId = (): string => `00p${randomBase62(17)}`;
export const newRuleId = (): string => `0pr${randomBase62(17)}`;
