/**
 * `/api/v1/policies`: the org's policies of the types hooks meet, their rules and lifecycles.
 * Priorities stay a dense 1..n per type (per policy for rules) with the system default last, as
 * Okta keeps them; a policy or rule created or moved to a taken priority pushes the others down.
 */
import { audit } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError, notFound } from '../errors.js';
import { baseUrl, booleanQuery, noContent, readJsonObject } from '../http.js';
import type { LogTarget } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { ensureDefaultPolicies } from './defaults.js';
import { newPolicyId, newRuleId } from './ids.js';
import { isPolicyType, readPolicy, readRule } from './read-body.js';
import { renderPolicy, renderRule } from './render.js';
import { policyTables, type PolicyTables } from './store.js';
import { RULE_TYPE, type PolicyDoc, type PolicyRuleDoc, type PolicyType, type Status } from './types.js';

const READ = 'okta.policies.read';
const MANAGE = 'okta.policies.manage';

/** Rules every new policy of these types starts with (Okta adds them; they can't be deleted). */
const CATCH_ALL: Partial<Record<PolicyType, PolicyRuleDoc['actions']>> = {
  ACCESS_POLICY: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', type: 'ASSURANCE', reauthenticateIn: 'PT12H', constraints: [] } } },
  PROFILE_ENROLLMENT: {
    profileEnrollment: {
      access: 'ALLOW',
      preRegistrationInlineHooks: null,
      profileAttributes: [{ name: 'email', label: 'Email', required: true }],
      targetGroupIds: null,
      unknownUserAction: 'DENY',
      activationRequirements: { emailVerification: true },
    },
  },
};

function policyTarget(policy: PolicyDoc): LogTarget {
  return { id: policy.id, type: 'PolicyEntity', alternateId: 'unknown', displayName: policy.name, detailEntry: { policyType: policy.type } };
}

function ruleTarget(rule: PolicyRuleDoc): LogTarget {
  return { id: rule.id, type: 'PolicyRule', alternateId: 'unknown', displayName: rule.name };
}

/** Puts `moved` at `priority` among `siblings` (system entries stay last) and renumbers 1..n; returns the changed docs. */
function reorder<T extends { id: string; priority: number; system: boolean }>(siblings: T[], moved: T, priority: number | undefined): T[] {
  const others = siblings.filter((item) => item.id !== moved.id).sort((a, b) => a.priority - b.priority);
  const custom = others.filter((item) => !item.system);
  const system = others.filter((item) => item.system);
  if (moved.system) system.push(moved);
  else {
    const index = Math.min(Math.max((priority ?? custom.length + 1) - 1, 0), custom.length);
    custom.splice(index, 0, moved);
  }
  return [...custom, ...system].map((item, index) => ({ ...item, priority: index + 1 }));
}

function policyOr404(c: EmulatorContext, tables: PolicyTables): PolicyDoc {
  const id = c.req.param('policyId') ?? '';
  const policy = tables.policies.get(id);
  if (!policy) throw notFound('Policy', id);
  return policy;
}

function ruleOr404(c: EmulatorContext, tables: PolicyTables, policy: PolicyDoc): PolicyRuleDoc {
  const id = c.req.param('ruleId') ?? '';
  const rule = tables.rules.get(id);
  if (!rule || rule.policyId !== policy.id) throw notFound('PolicyRule', id);
  return rule;
}

function policiesOfType(tables: PolicyTables, type: PolicyType): PolicyDoc[] {
  return tables.policies.all("json_extract(doc, '$.type') = ?", [type]).sort((a, b) => a.priority - b.priority);
}

export function rulesOf(tables: PolicyTables, policyId: string): PolicyRuleDoc[] {
  return tables.rules.all('policy_id = ?', [policyId]).sort((a, b) => a.priority - b.priority);
}

function savePolicies(tables: PolicyTables, docs: PolicyDoc[], created?: PolicyDoc): void {
  for (const doc of docs) {
    if (doc.id === created?.id) tables.policies.insert(doc);
    else tables.policies.update(doc);
  }
}

function saveRules(tables: PolicyTables, docs: PolicyRuleDoc[], created?: PolicyRuleDoc): void {
  for (const doc of docs) {
    if (doc.id === created?.id) tables.rules.insert(doc);
    else tables.rules.update(doc);
  }
}

function nameTaken<T extends { id: string; name: string }>(siblings: T[], name: string, exceptId: string): boolean {
  return siblings.some((item) => item.id !== exceptId && item.name.toLowerCase() === name.toLowerCase());
}

/** Okta refuses to delete (or switch off) what the org itself relies on. */
function refuseSystem(what: string): never {
  throw new OktaApiError('E0000006', '', [`Cannot ${what}: it is a system default`]);
}

function lifecycle(deps: EmulatorDeps, tables: PolicyTables, scope: 'policy' | 'rule', status: Status): RouteDef {
  const verb = status === 'ACTIVE' ? 'activate' : 'deactivate';
  return {
    method: 'POST',
    path: scope === 'policy' ? `/api/v1/policies/{policyId}/lifecycle/${verb}` : `/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/${verb}`,
    scope: MANAGE,
    handler: (c) => {
      const policy = policyOr404(c, tables);
      const now = deps.clock.now().toISOString();
      if (scope === 'policy') {
        if (policy.system && status === 'INACTIVE') refuseSystem('deactivate the default policy');
        if (policy.status !== status) tables.policies.update({ ...policy, status, lastUpdated: now });
        audit(c, deps, { eventType: `policy.lifecycle.${verb}`, displayMessage: `${status === 'ACTIVE' ? 'Activate' : 'Deactivate'} policy`, target: [policyTarget(policy)] });
      } else {
        const rule = ruleOr404(c, tables, policy);
        if (rule.system && status === 'INACTIVE') refuseSystem('deactivate the default rule');
        if (rule.status !== status) tables.rules.update({ ...rule, status, lastUpdated: now });
        audit(c, deps, { eventType: `policy.rule.${verb}`, displayMessage: `${status === 'ACTIVE' ? 'Activate' : 'Deactivate'} policy rule`, target: [policyTarget(policy), ruleTarget(rule)] });
      }
      return noContent(c);
    },
  };
}

export function policyRoutes(deps: EmulatorDeps): RouteDef[] {
  const tables = policyTables(deps.store.db);
  ensureDefaultPolicies(deps);
  const render = (c: EmulatorContext, policy: PolicyDoc) => {
    const base = baseUrl(c, deps);
    const expand = c.req.query('expand') === 'rules';
    return renderPolicy(policy, base, expand ? rulesOf(tables, policy.id).map((rule) => renderRule(rule, base)) : undefined);
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/policies',
      scope: READ,
      handler: (c) => {
        const type = c.req.query('type');
        if (!type) ValidationIssues.fail('type', 'The field cannot be left blank');
        if (!isPolicyType(type)) ValidationIssues.fail('type', `Invalid policy type: ${type}`);
        const status = c.req.query('status');
        if (status !== undefined && status !== 'ACTIVE' && status !== 'INACTIVE') ValidationIssues.fail('status', 'must be ACTIVE or INACTIVE');
        const policies = policiesOfType(tables, type).filter((policy) => !status || policy.status === status);
        return c.json(policies.map((policy) => render(c, policy)));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/policies',
      scope: MANAGE,
      handler: async (c) => {
        const activate = booleanQuery(c, 'activate', true);
        const input = readPolicy(await readJsonObject(c));
        const siblings = policiesOfType(tables, input.type);
        if (nameTaken(siblings, input.name, '')) ValidationIssues.fail('name', 'An object with this field already exists in the current organization');
        const now = deps.clock.now().toISOString();
        const policy: PolicyDoc = {
          id: newPolicyId(),
          type: input.type,
          status: activate ? (input.status ?? 'ACTIVE') : 'INACTIVE',
          name: input.name,
          description: input.description,
          priority: 0,
          system: false,
          conditions: input.conditions,
          ...(input.settings ? { settings: input.settings } : {}),
          created: now,
          lastUpdated: now,
        };
        const ordered = reorder(siblings, policy, input.priority);
        savePolicies(tables, ordered, policy);
        const catchAll = CATCH_ALL[input.type];
        if (catchAll) {
          tables.rules.insert({
            id: newRuleId(), policyId: policy.id, type: RULE_TYPE[input.type], status: 'ACTIVE', name: 'Catch-all Rule', priority: 1, system: true,
            conditions: null, actions: structuredClone(catchAll), created: now, lastUpdated: now,
          });
        }
        const created = ordered.find((item) => item.id === policy.id) ?? policy;
        audit(c, deps, { eventType: 'policy.lifecycle.create', displayMessage: 'Create policy', target: [policyTarget(created)] });
        return c.json(render(c, created));
      },
    },
    { method: 'GET', path: '/api/v1/policies/{policyId}', scope: READ, handler: (c) => c.json(render(c, policyOr404(c, tables))) },
    {
      method: 'PUT',
      path: '/api/v1/policies/{policyId}',
      scope: MANAGE,
      handler: async (c) => {
        const policy = policyOr404(c, tables);
        const input = readPolicy(await readJsonObject(c), policy.type);
        const siblings = policiesOfType(tables, policy.type);
        if (nameTaken(siblings, input.name, policy.id)) ValidationIssues.fail('name', 'An object with this field already exists in the current organization');
        if (policy.system && input.status === 'INACTIVE') refuseSystem('deactivate the default policy');
        const updated: PolicyDoc = {
          ...policy,
          name: input.name,
          description: input.description,
          status: input.status ?? policy.status,
          conditions: input.conditions,
          ...(input.settings ? { settings: input.settings } : {}),
          lastUpdated: deps.clock.now().toISOString(),
        };
        const ordered = reorder(siblings, updated, input.priority ?? policy.priority);
        savePolicies(tables, ordered);
        const saved = ordered.find((item) => item.id === policy.id) ?? updated;
        audit(c, deps, { eventType: 'policy.lifecycle.update', displayMessage: 'Update policy', target: [policyTarget(saved)] });
        return c.json(render(c, saved));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/policies/{policyId}',
      scope: MANAGE,
      handler: (c) => {
        const policy = policyOr404(c, tables);
        if (policy.system) refuseSystem('delete the default policy');
        for (const rule of rulesOf(tables, policy.id)) tables.rules.delete(rule.id);
        tables.policies.delete(policy.id);
        savePolicies(tables, policiesOfType(tables, policy.type).map((item, index) => ({ ...item, priority: index + 1 })));
        audit(c, deps, { eventType: 'policy.lifecycle.delete', displayMessage: 'Delete policy', target: [policyTarget(policy)] });
        return noContent(c);
      },
    },
    lifecycle(deps, tables, 'policy', 'ACTIVE'),
    lifecycle(deps, tables, 'policy', 'INACTIVE'),
    {
      method: 'GET',
      path: '/api/v1/policies/{policyId}/rules',
      scope: READ,
      handler: (c) => {
        const policy = policyOr404(c, tables);
        const base = baseUrl(c, deps);
        return c.json(rulesOf(tables, policy.id).map((rule) => renderRule(rule, base)));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/policies/{policyId}/rules',
      scope: MANAGE,
      handler: async (c) => {
        const policy = policyOr404(c, tables);
        const activate = booleanQuery(c, 'activate', true);
        const ruleType = RULE_TYPE[policy.type];
        const input = readRule(deps, await readJsonObject(c), policy.type, ruleType);
        const siblings = rulesOf(tables, policy.id);
        if (nameTaken(siblings, input.name, '')) ValidationIssues.fail('name', 'An object with this field already exists in the current organization');
        const now = deps.clock.now().toISOString();
        const rule: PolicyRuleDoc = {
          id: newRuleId(), policyId: policy.id, type: ruleType, status: activate ? (input.status ?? 'ACTIVE') : 'INACTIVE', name: input.name,
          priority: 0, system: false, conditions: input.conditions, actions: input.actions, created: now, lastUpdated: now,
        };
        const ordered = reorder(siblings, rule, input.priority);
        saveRules(tables, ordered, rule);
        const created = ordered.find((item) => item.id === rule.id) ?? rule;
        audit(c, deps, { eventType: 'policy.rule.add', displayMessage: 'Add policy rule', target: [policyTarget(policy), ruleTarget(created)] });
        return c.json(renderRule(created, baseUrl(c, deps)));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/policies/{policyId}/rules/{ruleId}',
      scope: READ,
      handler: (c) => c.json(renderRule(ruleOr404(c, tables, policyOr404(c, tables)), baseUrl(c, deps))),
    },
    {
      method: 'PUT',
      path: '/api/v1/policies/{policyId}/rules/{ruleId}',
      scope: MANAGE,
      handler: async (c) => {
        const policy = policyOr404(c, tables);
        const rule = ruleOr404(c, tables, policy);
        const input = readRule(deps, await readJsonObject(c), policy.type, rule.type);
        const siblings = rulesOf(tables, policy.id);
        if (nameTaken(siblings, input.name, rule.id)) ValidationIssues.fail('name', 'An object with this field already exists in the current organization');
        if (rule.system && input.status === 'INACTIVE') refuseSystem('deactivate the default rule');
        const updated: PolicyRuleDoc = {
          ...rule,
          // The default rule keeps its name; what it does can change.
          name: rule.system ? rule.name : input.name,
          status: input.status ?? rule.status,
          conditions: input.conditions,
          actions: input.actions,
          lastUpdated: deps.clock.now().toISOString(),
        };
        const ordered = reorder(siblings, updated, input.priority ?? rule.priority);
        saveRules(tables, ordered);
        const saved = ordered.find((item) => item.id === rule.id) ?? updated;
        audit(c, deps, { eventType: 'policy.rule.update', displayMessage: 'Update policy rule', target: [policyTarget(policy), ruleTarget(saved)] });
        return c.json(renderRule(saved, baseUrl(c, deps)));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/policies/{policyId}/rules/{ruleId}',
      scope: MANAGE,
      handler: (c) => {
        const policy = policyOr404(c, tables);
        const rule = ruleOr404(c, tables, policy);
        if (rule.system) refuseSystem('delete the default rule');
        tables.rules.delete(rule.id);
        saveRules(tables, rulesOf(tables, policy.id).map((item, index) => ({ ...item, priority: index + 1 })));
        audit(c, deps, { eventType: 'policy.rule.delete', displayMessage: 'Delete policy rule', target: [policyTarget(policy), ruleTarget(rule)] });
        return noContent(c);
      },
    },
    lifecycle(deps, tables, 'rule', 'ACTIVE'),
    lifecycle(deps, tables, 'rule', 'INACTIVE'),
  ];
}
