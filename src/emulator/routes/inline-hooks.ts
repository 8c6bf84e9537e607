import { audit } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError } from '../errors.js';
import { baseUrl, readJsonObject } from '../http.js';
import { newId } from '../ids.js';
import type { InlineHookDoc } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { renderInlineHook } from '../views.js';
import { findHook, hookLifecycleRoutes, hookTarget, parseChannel, withCredential, type HookKind } from './hook-channel.js';

export const INLINE_HOOK_TYPES = [
  'com.okta.oauth2.tokens.transform',
  'com.okta.import.transform',
  'com.okta.saml.tokens.transform',
  'com.okta.user.pre-registration',
  'com.okta.user.credential.password.import',
  'com.okta.telephony.provider',
];

async function readInlineHook(c: EmulatorContext, existing?: InlineHookDoc) {
  const body = await readJsonObject(c);
  const issues = new ValidationIssues();
  issues.requireString(body.name, 'name');
  // The type is fixed at creation.
  const type = existing?.type ?? body.type;
  if (typeof type !== 'string' || !INLINE_HOOK_TYPES.includes(type)) issues.add('type', `Must be one of ${INLINE_HOOK_TYPES.join(', ')}`);
  const parsed = parseChannel(body, issues, { oauth: true });
  issues.throwIfAny();
  return { name: String(body.name), type: String(type), version: typeof body.version === 'string' ? body.version : '1.0.0', parsed: parsed! };
}

export function inlineHookRoutes(deps: EmulatorDeps): RouteDef[] {
  const hooks: HookKind<InlineHookDoc> = {
    table: deps.store.inlineHooks,
    collection: '/api/v1/inlineHooks',
    param: 'inlineHookId',
    kind: 'InlineHook',
    scope: 'okta.inlineHooks.manage',
    eventPrefix: 'inline_hook',
    render: renderInlineHook,
  };
  const { table } = hooks;
  return [
    {
      method: 'GET',
      path: '/api/v1/inlineHooks',
      scope: 'okta.inlineHooks.read',
      handler: (c) => {
        const type = c.req.query('type');
        const found = type ? table.all("json_extract(doc, '$.type') = ?", [type]) : table.all();
        const base = baseUrl(c, deps);
        return c.json(found.map((hook) => renderInlineHook(hook, base)));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/inlineHooks',
      scope: hooks.scope,
      handler: async (c) => {
        const input = await readInlineHook(c);
        const now = deps.clock.now().toISOString();
        const hook: InlineHookDoc = { id: newId('inlineHook'), status: 'ACTIVE', name: input.name, type: input.type, version: input.version, channel: input.parsed.channel, created: now, lastUpdated: now };
        table.insert(hook, { authValue: input.parsed.authValue });
        audit(c, deps, { eventType: 'inline_hook.created', displayMessage: 'Inline hook created', target: [hookTarget(hooks.kind, hook)] });
        return c.json(renderInlineHook(hook, baseUrl(c, deps)));
      },
    },
    { method: 'GET', path: '/api/v1/inlineHooks/{inlineHookId}', scope: 'okta.inlineHooks.read', handler: (c) => c.json(renderInlineHook(findHook(c, hooks).hook, baseUrl(c, deps))) },
    {
      method: 'PUT',
      path: '/api/v1/inlineHooks/{inlineHookId}',
      scope: hooks.scope,
      handler: async (c) => {
        const { hook, secret } = findHook(c, hooks);
        const input = await readInlineHook(c, hook);
        const updated: InlineHookDoc = { ...hook, name: input.name, version: input.version, channel: input.parsed.channel, lastUpdated: deps.clock.now().toISOString() };
        // The credential is write-only: a client that GETs, edits and PUTs back keeps the stored one.
        table.update(updated, { authValue: input.parsed.authValue ?? secret.authValue });
        audit(c, deps, { eventType: 'inline_hook.updated', displayMessage: 'Inline hook updated', target: [hookTarget(hooks.kind, updated)] });
        return c.json(renderInlineHook(updated, baseUrl(c, deps)));
      },
    },
    ...hookLifecycleRoutes(deps, hooks),
    {
      method: 'POST',
      path: '/api/v1/inlineHooks/{inlineHookId}/execute',
      scope: hooks.scope,
      handler: async (c) => {
        const { hook, secret } = findHook(c, hooks);
        const payload = await readJsonObject(c);
        const result = await deps.hookCaller.executeInlineHook(withCredential(hook, secret), payload);
        audit(c, deps, {
          eventType: 'inline_hook.executed',
          displayMessage: 'Inline hook executed',
          target: [hookTarget(hooks.kind, hook)],
          outcome: { result: result.ok ? 'SUCCESS' : 'FAILURE', reason: result.ok ? null : result.message },
        });
        if (result.ok) return c.json(result.body ?? {});
        if (result.failure === 'timeout') throw new OktaApiError('E0000137', '', [result.message]);
        if (result.failure === 'network' || result.failure === 'channel-token') throw new OktaApiError('E0000134', '', [result.message]);
        throw new OktaApiError('E0000135', '', [result.message]);
      },
    },
  ];
}
