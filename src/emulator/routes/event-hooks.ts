import { audit } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { baseUrl, isObject, readJsonObject } from '../http.js';
import { newId } from '../ids.js';
import { readEventHookFilter } from '../event-filters/filter.js';
import type { EventHookDoc } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { renderEventHook } from '../views.js';
import { findHook, hookLifecycleRoutes, hookTarget, parseChannel, withCredential, type HookKind } from './hook-channel.js';

async function readEventHook(c: EmulatorContext) {
  const body = await readJsonObject(c);
  const issues = new ValidationIssues();
  issues.requireString(body.name, 'name');
  const events = body.events;
  let items: string[] = [];
  if (!isObject(events) || !Array.isArray(events.items) || events.items.length === 0) issues.add('events', 'At least one event type is required');
  else {
    if (events.type !== undefined && events.type !== 'EVENT_TYPE') issues.add('events.type', 'Only EVENT_TYPE subscriptions are supported');
    items = events.items.filter((item): item is string => typeof item === 'string' && /^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(item));
    if (items.length !== events.items.length) issues.add('events.items', 'Each item must be an event type such as user.lifecycle.create');
  }
  const filter = isObject(events) ? readEventHookFilter(events.filter, items, issues) : undefined;
  const parsed = parseChannel(body, issues);
  issues.throwIfAny();
  return { name: String(body.name), events: { type: 'EVENT_TYPE' as const, items, ...(filter ? { filter } : {}) }, parsed: parsed! };
}

export function eventHookRoutes(deps: EmulatorDeps): RouteDef[] {
  const hooks: HookKind<EventHookDoc> = {
    table: deps.store.eventHooks,
    collection: '/api/v1/eventHooks',
    param: 'eventHookId',
    kind: 'EventHook',
    scope: 'okta.eventHooks.manage',
    eventPrefix: 'event_hook',
    render: renderEventHook,
  };
  const { table } = hooks;
  return [
    {
      method: 'GET',
      path: '/api/v1/eventHooks',
      scope: 'okta.eventHooks.read',
      handler: (c) => {
        const base = baseUrl(c, deps);
        return c.json(table.all().map((hook) => renderEventHook(hook, base)));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/eventHooks',
      scope: hooks.scope,
      handler: async (c) => {
        const input = await readEventHook(c);
        const now = deps.clock.now().toISOString();
        const hook: EventHookDoc = {
          id: newId('eventHook'),
          status: 'ACTIVE',
          verificationStatus: 'UNVERIFIED',
          name: input.name,
          events: input.events,
          channel: input.parsed.channel,
          created: now,
          createdBy: c.get('principal').actor.id,
          lastUpdated: now,
        };
        table.insert(hook, { authValue: input.parsed.authValue });
        audit(c, deps, { eventType: 'event_hook.created', displayMessage: 'Event hook created', target: [hookTarget(hooks.kind, hook)] });
        return c.json(renderEventHook(hook, baseUrl(c, deps)));
      },
    },
    { method: 'GET', path: '/api/v1/eventHooks/{eventHookId}', scope: 'okta.eventHooks.read', handler: (c) => c.json(renderEventHook(findHook(c, hooks).hook, baseUrl(c, deps))) },
    {
      method: 'PUT',
      path: '/api/v1/eventHooks/{eventHookId}',
      scope: hooks.scope,
      handler: async (c) => {
        const { hook, secret } = findHook(c, hooks);
        const input = await readEventHook(c);
        const uriChanged = input.parsed.channel.config.uri !== hook.channel.config.uri;
        const updated: EventHookDoc = {
          ...hook,
          name: input.name,
          events: input.events,
          channel: input.parsed.channel,
          // A new endpoint has not proven it controls the URI yet.
          verificationStatus: uriChanged ? 'UNVERIFIED' : hook.verificationStatus,
          lastUpdated: deps.clock.now().toISOString(),
        };
        table.update(updated, { authValue: input.parsed.authValue ?? secret.authValue });
        audit(c, deps, { eventType: 'event_hook.updated', displayMessage: 'Event hook updated', target: [hookTarget(hooks.kind, updated)] });
        return c.json(renderEventHook(updated, baseUrl(c, deps)));
      },
    },
    ...hookLifecycleRoutes(deps, hooks),
    {
      method: 'POST',
      path: '/api/v1/eventHooks/{eventHookId}/lifecycle/verify',
      scope: hooks.scope,
      handler: async (c) => {
        const { hook, secret } = findHook(c, hooks);
        const verified = (await deps.hookCaller.verifyEventHook(withCredential(hook, secret))).ok;
        audit(c, deps, {
          eventType: 'event_hook.verified',
          displayMessage: 'Event hook verification',
          target: [hookTarget(hooks.kind, hook)],
          outcome: { result: verified ? 'SUCCESS' : 'FAILURE', reason: verified ? null : 'Verification failed' },
        });
        if (!verified) ValidationIssues.fail('verificationStatus', 'Verification failed: the endpoint did not return the challenge');
        const updated: EventHookDoc = { ...hook, verificationStatus: 'VERIFIED', lastUpdated: deps.clock.now().toISOString() };
        table.update(updated);
        return c.json(renderEventHook(updated, baseUrl(c, deps)));
      },
    },
  ];
}
