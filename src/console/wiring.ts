/**
 * Which rule of which access policy of which authorization server calls which token hook, read
 * through the org's own API (so the console shows what a client of the Management API would see),
 * plus the token hooks no rule names: those never fire.
 */
import type { OrgApi } from './org.js';

interface Named {
  id: string;
  name: string;
  status: string;
  priority?: number;
}
interface ServerDto extends Named {
  issuer: string;
  audiences: string[];
}
interface RuleDto extends Named {
  conditions?: { grantTypes?: { include?: string[] }; scopes?: { include?: string[] } };
  actions?: { token?: { accessTokenLifetimeMinutes?: number; inlineHook?: { id?: string } } };
}
interface HookDto extends Named {
  type: string;
  channel?: { type?: string; config?: { uri?: string } };
}

export interface WiringHook {
  id: string;
  name: string;
  status: string;
  uri: string;
}

export interface WiringRule {
  id: string;
  name: string;
  status: string;
  priority: number;
  grantTypes: string[];
  scopes: string[];
  accessTokenLifetimeMinutes?: number;
  /** The hook the rule names; `missing` when the id names no hook of the org. */
  hook?: WiringHook | { id: string; missing: true };
}

export interface WiringView {
  servers: { id: string; name: string; status: string; issuer: string; audiences: string[]; policies: { id: string; name: string; status: string; priority: number; rules: WiringRule[] }[] }[];
  /** Token hooks that no rule names. */
  unwired: WiringHook[];
  error?: string;
}

const TOKEN_HOOK_TYPE = 'com.okta.oauth2.tokens.transform';

export async function loadWiring(org: OrgApi): Promise<WiringView> {
  const errors: string[] = [];
  const listed = async <T>(path: string): Promise<T[]> => {
    const answer = await org.list<T>(path);
    if (answer.error) errors.push(answer.error);
    return answer.items;
  };
  const [servers, hooks] = await Promise.all([listed<ServerDto>('/api/v1/authorizationServers'), listed<HookDto>(`/api/v1/inlineHooks?type=${TOKEN_HOOK_TYPE}`)]);
  const hookById = new Map(hooks.map((hook) => [hook.id, { id: hook.id, name: hook.name, status: hook.status, uri: hook.channel?.config?.uri ?? '' }]));
  const named = new Set<string>();
  const view: WiringView = {
    servers: await Promise.all(
      servers.map(async (server) => {
        const policies = await listed<Named>(`/api/v1/authorizationServers/${server.id}/policies`);
        return {
          id: server.id,
          name: server.name,
          status: server.status,
          issuer: server.issuer,
          audiences: server.audiences,
          policies: await Promise.all(
            policies.map(async (policy) => {
              const rules = await listed<RuleDto>(`/api/v1/authorizationServers/${server.id}/policies/${policy.id}/rules`);
              return {
                id: policy.id,
                name: policy.name,
                status: policy.status,
                priority: policy.priority ?? 0,
                rules: rules.map((rule): WiringRule => {
                  const hookId = rule.actions?.token?.inlineHook?.id;
                  if (hookId) named.add(hookId);
                  const lifetime = rule.actions?.token?.accessTokenLifetimeMinutes;
                  return {
                    id: rule.id,
                    name: rule.name,
                    status: rule.status,
                    priority: rule.priority ?? 0,
                    grantTypes: rule.conditions?.grantTypes?.include ?? [],
                    scopes: rule.conditions?.scopes?.include ?? [],
                    ...(lifetime !== undefined ? { accessTokenLifetimeMinutes: lifetime } : {}),
                    ...(hookId ? { hook: hookById.get(hookId) ?? { id: hookId, missing: true as const } } : {}),
                  };
                }),
              };
            }),
          ),
        };
      }),
    ),
    unwired: [],
  };
  view.unwired = [...hookById.values()].filter((hook) => !named.has(hook.id));
  if (errors.length > 0) view.error = errors[0];
  return view;
}
