import { tokenHook } from 'gatehook/handlers/token';
import { type OktaClient, OktaError } from 'gatehook/sdk';
import { factorsApi } from 'gatehook/sdk/factors';
import { usersApi } from 'gatehook/sdk/users';
import { oktaIfConfigured } from '../okta-client.js';

/** A stand-in for the HR system a real hook would ask (with ctx.signal) for the employee record. */
const EMPLOYEES: Record<string, { employeeId: string; tier: 'gold' | 'silver'; costCenter: string }> = {
  'mira.lindqvist@example.com': { employeeId: 'E-10442', tier: 'gold', costCenter: 'CC-204' },
  'ola.nordmann@example.com': { employeeId: 'E-10001', tier: 'silver', costCenter: 'CC-101' },
};

/** The user's group names and whether an MFA factor is active, read from the org within the hook's deadline. */
async function orgFacts(okta: OktaClient, userId: string, signal: AbortSignal): Promise<{ groupNames: string[]; mfaActive: boolean }> {
  const [groups, factors] = await Promise.all([
    usersApi(okta).listUserGroups(userId, { signal }).toArray(),
    factorsApi(okta).listFactors(userId, { signal }).toArray(),
  ]);
  return {
    groupNames: groups.map((group) => String(group.profile?.name ?? '')).filter(Boolean),
    mfaActive: factors.some((factor) => factor.status === 'ACTIVE'),
  };
}

/**
 * Adds the user's group names and MFA status (from the org, through ctx.okta), plus the employee's
 * tier and cost center, to the access token, and the employee id to the ID token. `groups` itself is
 * a reserved claim, hence `group_names`.
 */
export const tokenExample = tokenHook(async (event, api, ctx) => {
  const userId = event.user?.id;
  const okta = userId ? oktaIfConfigured(ctx) : undefined;
  if (okta && userId) {
    try {
      const facts = await orgFacts(okta, userId, ctx.signal);
      api.accessToken.addClaims({ group_names: facts.groupNames, mfa_active: facts.mfaActive });
    } catch (error) {
      // Without the org's answer the token still gets what the hook knows; Okta would mint it anyway.
      if (!(error instanceof OktaError)) throw error;
      ctx.log.warn('could not read groups and factors from the org', { code: error.code, userId });
    }
  }
  const login = String(event.user?.profile?.login ?? '');
  const employee = EMPLOYEES[login];
  if (employee) {
    api.accessToken.addClaims({ tier: employee.tier, cost_center: employee.costCenter });
    if (event.identity) api.idToken.addClaim('employee_id', employee.employeeId);
    api.debugContext({ enrichedFrom: 'example-directory' });
  } else {
    ctx.log.info('no employee record for this login');
  }
});
