/**
 * A token inline hook fires only where an access policy rule of an authorization server names it.
 * After registering the token hook, gatehook (`register`, `dev`, the stack's registration) names it in the "Default Policy Rule" of
 * the `default` server (what an admin does in Security > API > default > Access Policies), unless
 * that rule already names another hook, which it leaves alone.
 */
import { authorizationServersApi } from '../sdk/authorizationServers.js';
import type { OktaClient } from '../sdk/client.js';
import { OktaApiError } from '../sdk/errors.js';
import type { HookLog } from './org-hooks.js';

export const DEFAULT_RULE_NAME = 'Default Policy Rule';

export async function attachTokenHookToDefaultRule(client: OktaClient, hookId: string, log: HookLog, warn: HookLog = log): Promise<void> {
  const api = authorizationServersApi(client);
  try {
    for await (const policy of api.listAuthorizationServerPolicies('default')) {
      if (!policy.id) continue;
      for await (const rule of api.listAuthorizationServerPolicyRules('default', policy.id)) {
        if (rule.name !== DEFAULT_RULE_NAME || !rule.id) continue;
        const current = rule.actions?.token?.inlineHook?.id;
        if (current === hookId) return;
        if (current) {
          warn(`the "${DEFAULT_RULE_NAME}" of the default authorization server calls inline hook ${current}; left unchanged`);
          return;
        }
        const token = { ...rule.actions?.token, inlineHook: { id: hookId } };
        await api.updateAuthorizationServerPolicyRule('default', policy.id, rule.id, { ...rule, actions: { ...rule.actions, token } });
        log(`the "${DEFAULT_RULE_NAME}" of policy "${policy.name}" (default authorization server) now calls the token hook`);
        return;
      }
    }
    warn(`no "${DEFAULT_RULE_NAME}" on the default authorization server: name the token hook in an access policy rule for it to fire`);
  } catch (error) {
    if (!(error instanceof OktaApiError)) throw error;
    warn(`could not name the token hook in the default authorization server's rule (${error.status} ${error.errorSummary}): name it in an access policy rule for it to fire`);
  }
}
