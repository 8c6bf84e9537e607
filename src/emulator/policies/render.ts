import { link } from '../http.js';
import type { JsonObject } from '../store/types.js';
import type { PolicyDoc, PolicyRuleDoc } from './types.js';

/** A policy as Okta renders it: the document, `_links` for its rules and its lifecycle. */
export function renderPolicy(policy: PolicyDoc, base: string, rules?: JsonObject[]): JsonObject {
  const self = `${base}/api/v1/policies/${policy.id}`;
  const toggle = policy.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    ...policy,
    ...(rules ? { _embedded: { rules } } : {}),
    _links: {
      self: { href: self, hints: { allow: policy.system ? ['GET', 'PUT'] : ['GET', 'PUT', 'DELETE'] } },
      rules: { href: `${self}/rules`, hints: { allow: ['GET', 'POST'] } },
      ...(policy.system ? {} : { [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST') }),
    },
  };
}

export function renderRule(rule: PolicyRuleDoc, base: string): JsonObject {
  const { policyId, ...rest } = rule;
  const self = `${base}/api/v1/policies/${policyId}/rules/${rule.id}`;
  const toggle = rule.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    ...rest,
    _links: {
      self: { href: self, hints: { allow: rule.system ? ['GET', 'PUT'] : ['GET', 'PUT', 'DELETE'] } },
      policy: link(`${base}/api/v1/policies/${policyId}`),
      ...(rule.system ? {} : { [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST') }),
    },
  };
}
