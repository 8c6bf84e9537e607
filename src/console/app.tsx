/**
 * The local web console: the org's users and hooks, a live timeline of every call between them,
 * and a playground to fire any inline hook by hand. A Hono sub-app the emulator's server mounts
 * at `/_console`; development only (nothing under src/runtime or src/handlers imports it).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { InlineHookType } from '../handlers/core/types.js';
import { consoleScript, consoleStyle } from './assets.js';
import { defaultCallHook } from './call-hook.js';
import { loadHooks, loadLog, loadUser, loadUsers } from './data.js';
import { loopbackOnly, requireCsrf, requireSession, sameOrigin, SessionStore, type ConsoleEnv } from './guard.js';
import { HOOK_TYPES, hookTypeInfo, hookTypeOfOktaType } from './hook-types.js';
import type { ConsoleOptions, HookAuthHeader } from './options.js';
import { errorSummary, OrgApi } from './org.js';
import { checkRequest, sendRequest } from './playground.js';
import { createRedactor } from './redact.js';
import { TimelineHub, type TimelineItem } from './timeline.js';
import { Layout, LoginPage, type Section } from './views/layout.js';
import { HookItem, HooksPanel, USER_ACTIONS, UserRow, UsersTable } from './views/org.js';
import { IssuesView, PlaygroundPanel, ResultView } from './views/playground.js';
import { LogPanel, OutboxPanel, type OutboxView } from './views/records.js';
import { TimelineEntry, TimelinePanel } from './views/timeline.js';
import { CallsPanel } from './views/calls.js';
import { WiringPanel } from './views/wiring.js';
import { loadSignIns } from './sign-ins.js';
import { SignInsPanel } from './views/sign-ins.js';
import { PushPanel } from './views/push.js';
import type { PendingPush } from '../emulator/factors/push-routes.js';
import { loadWiring } from './wiring.js';

type Ctx = Context<ConsoleEnv>;

const html = async (node: unknown): Promise<string> => String(await node);
const documentOf = async (node: unknown): Promise<string> => `<!doctype html>${await html(node)}`;

const wantsJson = (c: Ctx): boolean => (c.req.header('accept') ?? '').includes('application/json');

/** Answers an action: JSON for the script (with a fragment to swap in), a redirect for a plain form post. */
function actionAnswer(c: Ctx, back: string, answer: { ok: boolean; message: string; html?: string; replace?: string }): Response {
  if (wantsJson(c)) return c.json(answer, answer.ok ? 200 : 422);
  return c.redirect(back, 303);
}

async function formField(c: Ctx, name: string): Promise<string> {
  const form = await c.req.parseBody();
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

export function createConsole(options: ConsoleOptions): Hono<ConsoleEnv> {
  if (typeof options.token !== 'string' || options.token === '') throw new TypeError('createConsole: token (the development API token) is required');
  const base = (options.basePath ?? '/_console').replace(/\/+$/, '');
  const { store } = options.emulator;
  const org = new OrgApi(options.emulator.app, options.token);
  const redact = createRedactor([options.token, options.hookAuth?.value]);
  const hub = new TimelineHub(store, redact);
  const sessions = new SessionStore(options.token, base || '/');
  const callHook = options.callHook ?? defaultCallHook;

  const app = new Hono<ConsoleEnv>();
  app.use('*', loopbackOnly());

  app.get('/assets/console.css', async (c) => c.body(await consoleStyle(), 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/assets/console.js', async (c) => c.body(await consoleScript(), 200, { 'content-type': 'text/javascript; charset=utf-8' }));

  // The token in a URL would stay in the browser's history: only the form's POST body carries it.
  const tokenInUrl = async (c: Ctx) => c.html(await documentOf(<LoginPage base={base} tokenInUrl />), 400);
  app.get('/login', async (c) => (new URL(c.req.url).searchParams.has('token') ? tokenInUrl(c) : c.html(await documentOf(<LoginPage base={base} />))));
  app.post('/login', async (c) => {
    const token = await formField(c, 'token');
    if (!sameOrigin(c) || !sessions.tokenMatches(token)) return c.html(await documentOf(<LoginPage base={base} failed />), 401);
    sessions.open(c);
    return c.redirect(base || '/', 303);
  });

  app.use('*', requireSession(sessions, `${base}/login`, tokenInUrl));
  app.use('*', requireCsrf());

  app.post('/logout', (c) => {
    sessions.close(c);
    return c.redirect(`${base}/login`, 303);
  });

  const page = async (c: Ctx, title: string, active: Section, body: unknown) =>
    c.html(
      await documentOf(
        <Layout base={base} csrf={c.get('session').csrf} title={title} active={active}>
          {body as never}
        </Layout>,
      ),
    );

  app.get('/', async (c) => {
    const csrf = c.get('session').csrf;
    const [users, hooks, log] = await Promise.all([loadUsers(org, store), loadHooks(org), loadLog(org, { limit: 50 }, redact)]);
    const items = mergeNewestFirst(log.items, hub.recent().filter((item) => item.kind === 'playground'));
    return page(
      c,
      'Org & hooks',
      'org',
      <>
        <div class="column">
          <UsersTable users={users.users} base={base} csrf={csrf} error={users.error} />
          <HooksPanel hooks={hooks} base={base} csrf={csrf} canReplay={options.replayDeadLetters !== undefined} />
        </div>
        <TimelinePanel items={items} />
      </>,
    );
  });

  app.post('/users/:id/:action', async (c) => {
    const id = c.req.param('id');
    const action = USER_ACTIONS.find((candidate) => candidate.action === c.req.param('action'));
    if (!action) return c.json({ ok: false, message: 'Unknown action' }, 404);
    const path = `/api/v1/users/${encodeURIComponent(id)}`;
    const answer = action.action === 'delete' ? await org.call('DELETE', path) : await org.call('POST', `${path}/lifecycle/${action.action}`);
    const user = await loadUser(org, store, id);
    const row = user ? await html(<UserRow user={user} base={base} csrf={c.get('session').csrf} />) : '';
    const message = answer.ok ? `${action.label}: done${user ? `, now ${user.status}` : ', user deleted'}` : `${action.label} refused: ${errorSummary(answer)}`;
    return actionAnswer(c, base, { ok: answer.ok, message, html: row, replace: `user-${id}` });
  });

  app.post('/hooks/event/:id/verify', async (c) => {
    const id = c.req.param('id');
    const answer = await org.call('POST', `/api/v1/eventHooks/${encodeURIComponent(id)}/lifecycle/verify`);
    const hook = (await loadHooks(org)).find((candidate) => candidate.id === id);
    const item = hook ? await html(<HookItem hook={hook} base={base} csrf={c.get('session').csrf} />) : '';
    const message = answer.ok ? 'Event hook verified' : `Verification failed: ${errorSummary(answer)}`;
    return actionAnswer(c, base, { ok: answer.ok, message, html: item, replace: `hook-${id}` });
  });

  app.post('/dead-letters/replay', async (c) => {
    if (!options.replayDeadLetters) return c.json({ ok: false, message: 'Replay is not configured for this org' }, 404);
    try {
      const result = await options.replayDeadLetters();
      return actionAnswer(c, base, { ok: true, message: `Replay started: ${JSON.stringify(redact(result ?? 'done'))}` });
    } catch (error) {
      return actionAnswer(c, base, { ok: false, message: `Replay failed: ${String(redact(error instanceof Error ? error.message : String(error)))}` });
    }
  });

  app.get('/stream', (c) =>
    streamSSE(c, async (stream) => {
      const unsubscribe = hub.subscribe((item) => {
        void stream.writeSSE({ event: 'item', id: item.id, data: html(<TimelineEntry item={item} />) }).catch(() => unsubscribe());
      });
      stream.onAbort(unsubscribe);
      await stream.writeSSE({ event: 'ready', data: 'live' });
      // Comments keep proxies and the browser from timing the idle stream out.
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(15_000);
        await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    }),
  );

  const registeredInlineHooks = () => store.inlineHooks.all();
  const defaultUrl = (type: InlineHookType): string => {
    const registered = registeredInlineHooks().find((hook) => hookTypeOfOktaType(hook.type)?.type === type);
    if (registered) return registered.channel.config.uri;
    return `${(options.hookBaseUrl ?? 'http://127.0.0.1:8787').replace(/\/+$/, '')}/hooks/${type}`;
  };
  const sampleText = (type: InlineHookType): string => JSON.stringify(hookTypeInfo(type)?.sample() ?? {}, null, 2);

  app.get('/playground', (c) => {
    const selected = hookTypeInfo(c.req.query('type')) ?? HOOK_TYPES[0]!;
    const registered = registeredInlineHooks().map((hook) => ({ id: hook.id, name: hook.name, type: hookTypeOfOktaType(hook.type)?.type ?? hook.type }));
    return page(
      c,
      'Playground',
      'playground',
      <>
        <PlaygroundPanel
          base={base}
          csrf={c.get('session').csrf}
          selected={selected}
          sample={sampleText(selected.type)}
          defaultUrl={defaultUrl(selected.type)}
          registered={registered}
          hasDefaultAuth={options.hookAuth !== undefined}
        />
        <TimelinePanel items={hub.recent().filter((item) => item.kind === 'playground')} />
      </>,
    );
  });

  app.get('/playground/sample', (c) => {
    const info = hookTypeInfo(c.req.query('type'));
    if (!info) return c.json({ error: 'unknown hook type' }, 400);
    return c.json({ body: sampleText(info.type), url: defaultUrl(info.type) });
  });

  app.post('/playground/validate', async (c) => {
    const form = await c.req.parseBody();
    const checked = checkRequest(String(form.type ?? ''), String(form.body ?? ''));
    const issues = checked.ok ? [] : checked.issues;
    return c.json({ ok: checked.ok, message: checked.ok ? 'Valid' : `${issues.length} issue(s)`, html: await html(<IssuesView issues={issues} />) });
  });

  app.post('/playground/send', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string): string => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const checked = checkRequest(field('type'), field('body'));
    if (!checked.ok) return c.json({ ok: false, message: 'Fix the request first', html: await html(<IssuesView issues={checked.issues} />) });
    const target = resolveTarget(field, checked.type);
    if ('error' in target) return c.json({ ok: false, message: target.error, html: await html(<p class="error">{target.error}</p>) });
    const result = await sendRequest(callHook, checked, target.url, target.auth);
    const response = result.call.ok ? redact(hookTypeInfo(checked.type)?.definition.redact(result.call.body) ?? result.call.body) : undefined;
    hub.publish(playgroundItem(checked.type, target.url, result, response, redact(hookTypeInfo(checked.type)?.definition.redact(checked.request))));
    const message = result.verdict ? result.verdict.summary : result.call.ok ? 'Answered' : `Call failed: ${result.call.message}`;
    return c.json({ ok: result.call.ok, message, html: await html(<ResultView result={result} response={response} />) });
  });

  /** Where the playground sends: a registered hook (its stored URL and credential) or the typed URL and auth. */
  function resolveTarget(field: (name: string) => string, type: InlineHookType): { url: string; auth?: HookAuthHeader } | { error: string } {
    const chosen = field('target');
    if (chosen.startsWith('hook:')) {
      const id = chosen.slice('hook:'.length);
      const hook = store.inlineHooks.get(id);
      if (!hook) return { error: `No inline hook ${id}` };
      if (hookTypeOfOktaType(hook.type)?.type !== type) return { error: `Hook “${hook.name}” is a ${hook.type} hook, not ${type}` };
      const value = store.inlineHooks.getSecret(id)?.authValue;
      const key = hook.channel.config.authScheme?.key;
      return { url: hook.channel.config.uri, ...(key && value !== undefined ? { auth: { header: key, value } } : {}) };
    }
    let url: URL;
    try {
      url = new URL(field('url'));
    } catch {
      return { error: 'The hook URL is not a valid URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'The hook URL must be http or https' };
    const header = field('header').trim() || 'Authorization';
    const secret = field('secret');
    switch (field('auth')) {
      case 'default':
        return options.hookAuth ? { url: url.href, auth: options.hookAuth } : { error: 'No default hook secret is configured' };
      case 'secret':
        return secret ? { url: url.href, auth: { header, value: secret } } : { error: 'Enter the shared secret' };
      case 'bearer':
        return secret ? { url: url.href, auth: { header: 'Authorization', value: `Bearer ${secret}` } } : { error: 'Enter the bearer token' };
      default:
        return { url: url.href };
    }
  }

  app.get('/log', async (c) => {
    const filters = { eventType: c.req.query('eventType') ?? '', targetId: c.req.query('targetId') ?? '', since: c.req.query('since') ?? '' };
    const log = await loadLog(org, { ...filters, limit: 200 }, redact);
    return page(c, 'System Log', 'log', <LogPanel base={base} filters={filters} items={log.items} error={log.error} />);
  });

  app.get('/outbox', async (c) => {
    const outbox = await org.list<OutboxView>('/api/v1/_emulator/outbox');
    // Codes are what the outbox is for: they are shown, everything else still goes through redaction.
    const messages = outbox.items.map((m) => ({ ...m, to: String(redact(m.to)) })).reverse();
    return page(c, 'Outbox', 'outbox', <OutboxPanel messages={messages} error={outbox.error} />);
  });

  app.get('/wiring', async (c) => page(c, 'Token wiring', 'wiring', <WiringPanel wiring={await loadWiring(org)} />));

  app.get('/calls', (c) => page(c, 'Hook calls', 'calls', <CallsPanel calls={options.hookCalls?.()} />));

  app.get('/sign-ins', async (c) => {
    const signIns = await loadSignIns(org, 100, redact);
    const issuer = `${new URL(c.req.url).origin}/oauth2/default`;
    return page(c, 'Sign-ins', 'sign-ins', <SignInsPanel items={signIns.items} error={signIns.error} issuer={issuer} />);
  });

  app.get('/push', async (c) => {
    const pending = await org.list<PendingPush>('/api/v1/_emulator/push');
    const items = pending.items.map((item) => ({ ...item, login: String(redact(item.login)) }));
    return page(c, 'Push', 'push', <PushPanel items={items} error={pending.error} base={base} csrf={c.get('session').csrf} />);
  });

  app.post('/push/:userId/:factorId/:action', async (c) => {
    const action = c.req.param('action');
    if (action !== 'approve' && action !== 'reject') return c.json({ ok: false, message: 'Unknown action' }, 404);
    const transactionId = await formField(c, 'transactionId');
    const path = `/api/v1/_emulator/users/${encodeURIComponent(c.req.param('userId'))}/factors/${encodeURIComponent(c.req.param('factorId'))}/push`;
    const answer = await org.call('POST', path, { action, ...(transactionId ? { transactionId } : {}) });
    const message = answer.ok ? `Push ${action === 'approve' ? 'approved' : 'rejected'}` : `The phone could not answer: ${errorSummary(answer)}`;
    return actionAnswer(c, `${base}/push`, { ok: answer.ok, message });
  });

  return app;
}

function mergeNewestFirst(...lists: TimelineItem[][]): TimelineItem[] {
  return lists.flat().sort((a, b) => b.published.localeCompare(a.published));
}

function playgroundItem(
  type: InlineHookType,
  url: string,
  result: Awaited<ReturnType<typeof sendRequest>>,
  response: unknown,
  request: unknown,
): TimelineItem {
  const { call, verdict } = result;
  const outcome = !call.ok ? 'error' : !verdict ? 'info' : !verdict.honoured ? 'fallback' : /denied|fails|error/.test(verdict.summary) ? 'denied' : 'applied';
  return {
    id: crypto.randomUUID(),
    published: new Date().toISOString(),
    eventType: `playground.${type}`,
    kind: 'playground',
    title: `Playground call to ${url}`,
    outcome,
    ...(verdict ? { reason: verdict.summary } : !call.ok ? { reason: call.message } : {}),
    durationMs: call.durationMs,
    attempts: call.attempts,
    ...(call.status !== undefined ? { status: call.status } : {}),
    detail: { request, response: response ?? null },
  };
}
