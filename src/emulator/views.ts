import { isObject, link } from './http.js';
import { TRANSITIONS, allowedOps } from './lifecycle.js';
import type { AppDoc, EventHookDoc, FactorDoc, GroupDoc, InlineHookDoc, JsonObject, SessionDoc, UserDoc } from './store/types.js';

/** Resource JSON as Okta sends it: the stored document plus `_links` for what can be done next. */

export function renderUser(user: UserDoc, base: string): JsonObject {
  const self = `${base}/api/v1/users/${user.id}`;
  const links: JsonObject = { self: link(self) };
  for (const op of allowedOps(user.status)) links[TRANSITIONS[op].linkName] = link(`${self}/lifecycle/${op}`, 'POST');
  links.type = link(`${base}/api/v1/meta/types/user/${user.type.id}`);
  return { ...user, transitioningToStatus: null, _links: links };
}

export function renderGroup(group: GroupDoc, base: string): JsonObject {
  const self = `${base}/api/v1/groups/${group.id}`;
  return { ...group, _links: { self: link(self), users: link(`${self}/users`), apps: link(`${self}/apps`) } };
}

export function renderFactor(factor: FactorDoc, base: string, embedded?: JsonObject): JsonObject {
  const { userId, ...rest } = factor;
  const self = `${base}/api/v1/users/${userId}/factors/${factor.id}`;
  const links: JsonObject = { self: link(self, factor.status === 'ACTIVE' ? 'GET' : undefined), user: link(`${base}/api/v1/users/${userId}`) };
  // A pending push activation is polled (the device completes it); other pending factors are activated with a code.
  if (factor.status === 'PENDING_ACTIVATION') {
    links[factor.factorType === 'push' ? 'poll' : 'activate'] = link(`${self}/lifecycle/activate${factor.factorType === 'push' ? '/poll' : ''}`, 'POST');
  } else links.verify = link(`${self}/verify`, 'POST');
  if (factor.status === 'PENDING_ACTIVATION' && ['sms', 'call', 'email'].includes(factor.factorType)) {
    links.resend = [{ name: factor.factorType, ...link(`${self}/resend`, 'POST') }];
  }
  if (factor.factorType === 'question') links.questions = link(`${base}/api/v1/users/${userId}/factors/questions`, 'GET');
  return { ...rest, ...(embedded ? { _embedded: embedded } : {}), _links: links };
}

export function renderSession(session: SessionDoc, base: string): JsonObject {
  const self = `${base}/api/v1/sessions/${session.id}`;
  return {
    ...session,
    _links: {
      self: link(self, 'GET'),
      refresh: link(`${self}/lifecycle/refresh`, 'POST'),
      user: { name: session.login, href: `${base}/api/v1/users/${session.userId}`, hints: { allow: ['GET'] } },
    },
  };
}

/** Hooks never echo the write-only `authScheme.value`. */
function withoutAuthValue<T extends InlineHookDoc | EventHookDoc>(hook: T): T {
  const { authScheme, ...config } = hook.channel.config;
  const safeAuth = authScheme ? { type: authScheme.type, key: authScheme.key } : undefined;
  return { ...hook, channel: { ...hook.channel, config: { ...config, ...(safeAuth ? { authScheme: safeAuth } : {}) } } };
}

export function renderInlineHook(hook: InlineHookDoc, base: string): JsonObject {
  const self = `${base}/api/v1/inlineHooks/${hook.id}`;
  const toggle = hook.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    ...withoutAuthValue(hook),
    _links: { self: link(self, 'GET'), [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST'), execute: link(`${self}/execute`, 'POST') },
  };
}

export function renderEventHook(hook: EventHookDoc, base: string): JsonObject {
  const self = `${base}/api/v1/eventHooks/${hook.id}`;
  const toggle = hook.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    ...withoutAuthValue(hook),
    _links: { self: link(self, 'GET'), [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST'), verify: link(`${self}/lifecycle/verify`, 'POST') },
  };
}

export function renderApp(app: AppDoc, base: string): JsonObject {
  const self = `${base}/api/v1/apps/${app.id}`;
  const toggle = app.status === 'ACTIVE' ? 'deactivate' : 'activate';
  const appLinks = Object.keys(isObject(app.visibility.appLinks) ? app.visibility.appLinks : {}).map((name) => ({
    name,
    href: `${base}/home/${app.name}/${app.id}/${name.replace(/_link$/, '')}`,
    type: 'text/html',
  }));
  return {
    ...app,
    _links: {
      self: link(self),
      [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST'),
      users: link(`${self}/users`),
      groups: link(`${self}/groups`),
      appLinks,
      logo: [{ name: 'medium', href: `${base}/assets/img/logos/default.png`, type: 'image/png' }],
      ...(app.signOnMode === 'SAML_2_0' ? { metadata: { href: `${self}/sso/saml/metadata`, type: 'application/xml' } } : {}),
    },
  };
}
