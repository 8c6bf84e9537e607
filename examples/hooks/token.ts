import { tokenHook } from '../../src/handlers/token/index.js';

/** A stand-in for the HR system a real hook would ask (with ctx.signal) for the employee record. */
const EMPLOYEES: Record<string, { employeeId: string; tier: 'gold' | 'silver'; costCenter: string }> = {
  'mira.lindqvist@example.com': { employeeId: 'E-10442', tier: 'gold', costCenter: 'CC-204' },
  'ola.nordmann@example.com': { employeeId: 'E-10001', tier: 'silver', costCenter: 'CC-101' },
};

/** Adds the employee's tier and cost center to the access token, and the employee id to the ID token. */
export const tokenExample = tokenHook(async (event, api, ctx) => {
  const login = String(event.user?.profile?.login ?? '');
  const employee = EMPLOYEES[login];
  if (!employee) {
    ctx.log.info('no employee record; token left unchanged');
    return;
  }
  api.accessToken.addClaims({ tier: employee.tier, cost_center: employee.costCenter });
  if (event.identity) api.idToken.addClaim('employee_id', employee.employeeId);
  api.debugContext({ enrichedFrom: 'example-directory' });
});
