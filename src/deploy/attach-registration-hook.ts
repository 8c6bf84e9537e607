/**
 * A registration inline hook fires only where a profile enrollment policy names it. After
 * registering the registration hook, gatehook (`register`, `dev`, the stack's registration) names it in the rule of the org's default
 * profile enrollment policy (what an admin does in Security > User Profile Policies), unless that
 * rule already names another hook, which it leaves alone.
 */
import type { OktaClient } from '../sdk/client.js';
import { OktaApiError } from '../sdk/errors.js';
import { policiesApi } from '../sdk/policies.js';
import type { HookLog } from './org-hooks.js';

export async function attachRegistrationHookToDefaultPolicy(client: OktaClient, hookId: string, log: HookLog, warn: HookLog = log): Promise<void> {
  const api = policiesApi(client);
  try {
    for await (const policy of api.listPolicies({ type: 'PROFILE_ENROLLMENT' })) {
      if (!policy.system || !policy.id) continue;
      for await (const rule of api.listPolicyRules(policy.id)) {
        if (!rule.id) continue;
        const enrollment = (rule.actions as { profileEnrollment?: Record<string, unknown> } | undefined)?.profileEnrollment ?? {};
        const hooks = Array.isArray(enrollment.preRegistrationInlineHooks) ? (enrollment.preRegistrationInlineHooks as { inlineHookId?: string }[]) : [];
        const current = hooks[0]?.inlineHookId;
        if (current === hookId) return;
        if (current) {
          warn(`the default profile enrollment policy calls registration hook ${current}; left unchanged`);
          return;
        }
        const profileEnrollment = { ...enrollment, preRegistrationInlineHooks: [{ inlineHookId: hookId }] };
        await api.updatePolicyRule(policy.id, rule.id, { ...rule, actions: { ...rule.actions, profileEnrollment } });
        log(`the default profile enrollment policy "${policy.name}" now calls the registration hook`);
        return;
      }
    }
    warn('no default profile enrollment policy: name the registration hook in one for it to fire');
  } catch (error) {
    if (!(error instanceof OktaApiError)) throw error;
    warn(`could not name the registration hook in the default profile enrollment policy (${error.status} ${error.errorSummary}): name it there for it to fire`);
  }
}
