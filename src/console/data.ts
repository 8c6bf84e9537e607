/** Reads what the pages show, through the org's own API (and the store for sessions, which the API cannot list per user). */
import type { EventHookDoc, FactorDoc, GroupDoc, InlineHookDoc, LogEvent, Store, UserDoc } from '../emulator/index.js';
import { errorSummary, type OrgApi } from './org.js';
import type { Redactor } from './redact.js';
import { fromLogEvent, type TimelineItem } from './timeline.js';
import type { HookView, UserView } from './views/org.js';

type RenderedUser = UserDoc & { _links?: Record<string, unknown> };

async function toUserView(org: OrgApi, store: Pick<Store, 'sessions'>, user: RenderedUser): Promise<UserView> {
  const [factors, groups] = await Promise.all([
    org.list<FactorDoc>(`/api/v1/users/${user.id}/factors`),
    org.list<GroupDoc>(`/api/v1/users/${user.id}/groups`),
  ]);
  const now = new Date().toISOString();
  const sessions = store.sessions.all('user_id = ? AND expires_at > ?', [user.id, now]).length;
  const name = [user.profile.firstName, user.profile.lastName].filter((part) => typeof part === 'string' && part !== '').join(' ');
  return {
    id: user.id,
    login: user.profile.login,
    name: name || user.profile.login,
    status: user.status,
    factors: factors.items.map((factor) => `${factor.factorType}${factor.status === 'ACTIVE' ? '' : ' (pending)'}`),
    groups: groups.items.map((group) => group.profile.name),
    sessions,
    allowed: new Set(Object.keys(user._links ?? {})),
  };
}

export async function loadUsers(org: OrgApi, store: Pick<Store, 'sessions'>): Promise<{ users: UserView[]; error?: string }> {
  // The list API leaves DEPROVISIONED users out unless asked for them; the console shows everyone.
  const [listed, deprovisioned] = await Promise.all([
    org.list<RenderedUser>('/api/v1/users?limit=200'),
    org.list<RenderedUser>(`/api/v1/users?limit=200&filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`),
  ]);
  const users = await Promise.all([...listed.items, ...deprovisioned.items].map((user) => toUserView(org, store, user)));
  const error = listed.error ?? deprovisioned.error;
  return error ? { users, error } : { users };
}

/** One user's row data; undefined once the user is gone (deleted). */
export async function loadUser(org: OrgApi, store: Pick<Store, 'sessions'>, id: string): Promise<UserView | undefined> {
  const answer = await org.call('GET', `/api/v1/users/${encodeURIComponent(id)}`);
  return answer.ok ? toUserView(org, store, answer.body as RenderedUser) : undefined;
}

export async function loadHooks(org: OrgApi): Promise<HookView[]> {
  const [inline, event] = await Promise.all([
    org.list<InlineHookDoc>('/api/v1/inlineHooks'),
    org.list<EventHookDoc>('/api/v1/eventHooks'),
  ]);
  const channel = (hook: InlineHookDoc | EventHookDoc) => ({
    uri: hook.channel.config.uri,
    ...(hook.channel.config.authScheme?.key ? { authHeader: hook.channel.config.authScheme.key } : {}),
  });
  return [
    ...inline.items.map((hook): HookView => ({ id: hook.id, kind: 'inline', name: hook.name, type: hook.type, status: hook.status, ...channel(hook) })),
    ...event.items.map(
      (hook): HookView => ({
        id: hook.id,
        kind: 'event',
        name: hook.name,
        type: 'event',
        status: hook.status,
        verification: hook.verificationStatus,
        events: hook.events.items,
        ...(hook.events.filter ? { filters: hook.events.filter.eventFilterMap.map((entry) => ({ event: entry.event, expression: entry.condition.expression })) } : {}),
        ...channel(hook),
      }),
    ),
  ];
}

export interface LogQuery {
  eventType?: string;
  targetId?: string;
  since?: string;
  limit: number;
}

/** Okta's filter syntax takes quoted strings; values with quotes or backslashes are refused rather than escaped. */
const SAFE_VALUE = /^[^"\\]*$/;

export async function loadLog(org: OrgApi, query: LogQuery, redact: Redactor): Promise<{ items: TimelineItem[]; error?: string }> {
  const clauses: string[] = [];
  for (const [field, value] of [['eventType', query.eventType], ['target.id', query.targetId]] as const) {
    if (!value) continue;
    if (!SAFE_VALUE.test(value)) return { items: [], error: `${field}: quotes and backslashes are not allowed` };
    clauses.push(`${field} eq "${value}"`);
  }
  const params = new URLSearchParams({ sortOrder: 'DESCENDING', limit: String(query.limit) });
  if (clauses.length) params.set('filter', clauses.join(' and '));
  if (query.since) params.set('since', query.since);
  const answer = await org.call('GET', `/api/v1/logs?${params}`);
  if (!answer.ok || !Array.isArray(answer.body)) return { items: [], error: errorSummary(answer) };
  return { items: (answer.body as LogEvent[]).map((event) => fromLogEvent(event, redact)) };
}
