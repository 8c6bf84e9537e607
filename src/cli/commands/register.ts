/**
 * `gatehook register`: points an Okta org (or the emulator) at deployed hooks. For each selected
 * type it creates or updates (matched by name) the inline hook, activates it, then does the same
 * for the event hook and asks the org to verify it. Exit 0 when everything is in place.
 */
import type { InlineHookType } from '../../handlers/core/types.js';
import { compileCondition } from '../../emulator/event-filters/filter.js';
import { FAILURE_POLICY } from '../../emulator/hook-calls/failure-policy.js';
import { createOktaClient, type OktaClient } from '../../sdk/client.js';
import { OktaApiError, OktaError } from '../../sdk/errors.js';
import { eventHooksApi } from '../../sdk/eventHooks.js';
import { inlineHooksApi } from '../../sdk/inlineHooks.js';
import type { EventHook, InlineHook } from '../../sdk/models/index.js';
import { attachRegistrationHookToDefaultPolicy } from './attach-registration-hook.js';
import { parseCommandArgs } from './parse.js';
import { CliUsageError, type CliIo, type Command } from './types.js';

const INLINE_TYPES = Object.keys(FAILURE_POLICY) as InlineHookType[];
export type Target = InlineHookType | 'events';
const ALL_TARGETS: readonly Target[] = [...INLINE_TYPES, 'events'];

export const DEFAULT_EVENT_TYPES = [
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.deactivate',
  'user.account.update_profile',
  'user.session.start',
  'group.user_membership.add',
  'group.user_membership.remove',
] as const;

const USAGE = `Usage: gatehook register --org <url> --token <ssws> --base-url <url> [options]

Creates or updates (by name, "gatehook <type>") the inline hooks and the event hook of an Okta org
so that they call your deployed hooks at <base-url>/hooks/<type>, activates them and verifies the
event hook. Running it again updates the same hooks.

Options:
  --org <url>           the Okta org, e.g. https://example.okta.com (default: $OKTA_ORG_URL)
  --token <ssws>        an API token (default: $OKTA_API_TOKEN)
  --base-url <url>      where the hooks are served, e.g. https://abc.execute-api.eu-west-1.amazonaws.com
  --secret <value>      the value Okta sends in the auth header (default: $HOOK_SECRET)
  --header-name <name>  the auth header name (default: Authorization)
  --types <list>        comma-separated subset of: ${ALL_TARGETS.join(', ')} (default: all)
  --events <list>       event types for the event hook (default: ${DEFAULT_EVENT_TYPES.join(', ')})
  --event-filter <expr> an Okta Expression Language filter applied to each of those event types, e.g.
                        "event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0"
  -h, --help            show this help`;

const OPTIONS = {
  org: { type: 'string' },
  token: { type: 'string' },
  'base-url': { type: 'string' },
  secret: { type: 'string' },
  'header-name': { type: 'string' },
  types: { type: 'string' },
  events: { type: 'string' },
  'event-filter': { type: 'string' },
} as const;

/** What to register: where the hooks are served, how Okta authenticates to them, which ones. */
export interface HookRegistration {
  baseUrl: string;
  authScheme: { type: 'HEADER'; key: string; value: string };
  targets: Target[];
  eventTypes: string[];
  /** Filter expression for every subscribed event type (`events.filter`); none: every event. */
  eventFilter?: string;
}

interface RegisterOptions extends HookRegistration {
  orgUrl: string;
  token: string;
}

function list(raw: string): string[] {
  return raw.split(',').map((item) => item.trim()).filter(Boolean);
}

function parseUrl(name: string, raw: string | undefined): string {
  if (!raw) throw new CliUsageError(`gatehook register: --${name} is required`);
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    return url.href.replace(/\/+$/, '');
  } catch {
    throw new CliUsageError(`gatehook register: --${name} is not an http(s) URL: "${raw}"`);
  }
}

function parseRegisterArgs(args: string[], io: CliIo): RegisterOptions | 'help' {
  const { values } = parseCommandArgs('register', args, OPTIONS);
  if (values.help) return 'help';
  const orgUrl = parseUrl('org', values.org ?? io.env.OKTA_ORG_URL);
  const baseUrl = parseUrl('base-url', values['base-url']);
  const token = values.token ?? io.env.OKTA_API_TOKEN;
  if (!token) throw new CliUsageError('gatehook register: --token (or OKTA_API_TOKEN) is required');
  const secret = values.secret ?? io.env.HOOK_SECRET;
  // Okta calls hooks with whatever we register; registering them without a secret would leave them open.
  if (!secret) throw new CliUsageError('gatehook register: --secret (or HOOK_SECRET) is required');
  const targets = values.types === undefined ? [...ALL_TARGETS] : list(values.types);
  for (const target of targets) {
    if (!ALL_TARGETS.includes(target as Target)) {
      throw new CliUsageError(`gatehook register: unknown type "${target}" in --types (expected ${ALL_TARGETS.join(', ')})`);
    }
  }
  if (targets.length === 0) throw new CliUsageError('gatehook register: --types names no hook');
  const eventTypes = values.events === undefined ? [...DEFAULT_EVENT_TYPES] : list(values.events);
  if (eventTypes.length === 0) throw new CliUsageError('gatehook register: --events names no event type');
  const eventFilter = values['event-filter'];
  if (eventFilter !== undefined) {
    try {
      compileCondition(eventFilter);
    } catch (error) {
      throw new CliUsageError(`gatehook register: --event-filter: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    orgUrl,
    token,
    baseUrl,
    authScheme: { type: 'HEADER', key: values['header-name'] ?? 'Authorization', value: secret },
    targets: [...new Set(targets)] as Target[],
    eventTypes,
    ...(eventFilter !== undefined ? { eventFilter } : {}),
  };
}

const hookName = (target: Target) => `gatehook ${target}`;

async function findByName<T extends { name?: string }>(items: AsyncIterable<T>, name: string): Promise<T | undefined> {
  for await (const item of items) if (item.name === name) return item;
  return undefined;
}

async function registerInlineHook(client: OktaClient, options: HookRegistration, type: InlineHookType, io: CliIo): Promise<void> {
  const api = inlineHooksApi(client);
  const oktaType = FAILURE_POLICY[type].eventType;
  const uri = `${options.baseUrl}/hooks/${type}`;
  const body: InlineHook = {
    name: hookName(type),
    type: oktaType,
    version: '1.0.0',
    channel: { type: 'HTTP', version: '1.0.0', config: { uri, method: 'POST', headers: [], authScheme: options.authScheme } },
  };
  const existing = await findByName(api.listInlineHooks({ type: oktaType }), hookName(type));
  const saved = existing?.id ? await api.updateInlineHook(existing.id, body) : await api.createInlineHook(body);
  const id = String(saved.id ?? existing?.id);
  io.out(`${existing ? 'updated' : 'created'} inline hook "${hookName(type)}" (${id}) -> ${uri}`);
  if (saved.status !== 'ACTIVE') {
    await api.activateInlineHook(id);
    io.out(`activated inline hook "${hookName(type)}"`);
  }
  if (type === 'registration') await attachRegistrationHookToDefaultPolicy(client, id, io);
}

/** Returns false when the org could not verify the event hook. */
async function registerEventHook(client: OktaClient, options: HookRegistration, io: CliIo): Promise<boolean> {
  const api = eventHooksApi(client);
  const uri = `${options.baseUrl}/hooks/events`;
  const body: EventHook = {
    name: hookName('events'),
    events: {
      type: 'EVENT_TYPE',
      items: options.eventTypes,
      ...(options.eventFilter !== undefined
        ? { filter: { type: 'EXPRESSION_LANGUAGE', eventFilterMap: options.eventTypes.map((event) => ({ event, condition: { version: null, expression: options.eventFilter } })) } }
        : {}),
    },
    channel: { type: 'HTTP', version: '1.0.0', config: { uri, headers: [], authScheme: options.authScheme } },
  };
  const existing = await findByName(api.listEventHooks(), hookName('events'));
  const saved = existing?.id ? await api.updateEventHook(existing.id, body) : await api.createEventHook(body);
  const id = String(saved.id ?? existing?.id);
  io.out(`${existing ? 'updated' : 'created'} event hook "${hookName('events')}" (${id}) -> ${uri}`);
  if (saved.status !== 'ACTIVE') {
    await api.activateEventHook(id);
    io.out(`activated event hook "${hookName('events')}"`);
  }
  try {
    const verified = await api.verifyEventHook(id);
    if (verified.verificationStatus === 'VERIFIED') {
      io.out(`verified event hook "${hookName('events')}"`);
      return true;
    }
    io.err(`event hook "${hookName('events')}" is ${String(verified.verificationStatus)} after verification`);
  } catch (error) {
    io.err(`event hook "${hookName('events')}" could not be verified: ${describe(error)}`);
  }
  return false;
}

function describe(error: unknown): string {
  if (error instanceof OktaApiError) {
    const causes = error.errorCauses.map((cause) => cause.errorSummary).filter(Boolean);
    return `${error.status} ${error.errorCode ?? ''} ${error.errorSummary}${causes.length ? ` (${causes.join('; ')})` : ''}`.replace(/\s+/g, ' ');
  }
  if (error instanceof OktaError) return error.message;
  throw error;
}

export async function runRegister(args: string[], io: CliIo): Promise<number> {
  const options = parseRegisterArgs(args, io);
  if (options === 'help') {
    io.out(USAGE);
    return 0;
  }
  const client = createOktaClient({ orgUrl: options.orgUrl, auth: { type: 'ssws', token: options.token } });
  const failures = await registerHooks(client, options, io);
  io.out(failures === 0 ? `done: ${options.targets.length} hook(s) registered at ${options.orgUrl}` : `finished with ${failures} failure(s)`);
  return failures === 0 ? 0 : 1;
}

/**
 * Creates or updates (by name) each selected hook in the org behind `client`, activates it and
 * verifies the event hook; resolves with the number of hooks that could not be put in place.
 */
export async function registerHooks(client: OktaClient, options: HookRegistration, io: CliIo): Promise<number> {
  let failures = 0;
  for (const target of options.targets) {
    try {
      if (target === 'events') {
        if (!(await registerEventHook(client, options, io))) failures += 1;
      } else {
        await registerInlineHook(client, options, target, io);
      }
    } catch (error) {
      failures += 1;
      io.err(`${hookName(target)}: ${describe(error)}`);
    }
  }
  return failures;
}

export const registerCommand: Command = {
  name: 'register',
  summary: 'create or update the inline hooks and the event hook in an Okta org',
  usage: USAGE,
  run: runRegister,
};
