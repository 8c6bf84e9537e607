/**
 * `gatehook register`: points an Okta org (or the emulator) at deployed hooks. For each selected
 * type it creates or updates (matched by name) the inline hook, activates it, then does the same
 * for the event hook and asks the org to verify it. Exit 0 when everything is in place. With
 * `--stack-outputs` the hooks, their URLs and their secrets come from a `cdk deploy --outputs-file`.
 */
import type { InlineHookType } from '../../handlers/core/types.js';
import { compileCondition } from '../../emulator/event-filters/filter.js';
import { FAILURE_POLICY } from '../../emulator/hook-calls/failure-policy.js';
import { DEFAULT_EVENT_TYPES, DEFAULT_HOOK_NAME_PREFIX } from '../../deploy/defaults.js';
import { applyEventHook, applyInlineHook, describeOktaError, type HeaderAuth } from '../../deploy/org-hooks.js';
import { readStackOutputs, type StackHook } from '../../deploy/stack-outputs.js';
import { createOktaClient, type OktaClient } from '../../sdk/client.js';
import { parseCommandArgs } from './parse.js';
import { CliUsageError, type CliIo, type Command } from './types.js';

const INLINE_TYPES = Object.keys(FAILURE_POLICY) as InlineHookType[];
export type Target = InlineHookType | 'events';
const ALL_TARGETS: readonly Target[] = [...INLINE_TYPES, 'events'];

export { DEFAULT_EVENT_TYPES };

const USAGE = `Usage: gatehook register --org <url> --token <ssws> --base-url <url> [options]
       gatehook register --org <url> --token <ssws> --stack-outputs <file> [options]

Creates or updates (by name, "gatehook <type>") the inline hooks and the event hook of an Okta org
so that they call your deployed hooks at <base-url>/hooks/<type>, activates them and verifies the
event hook. Running it again updates the same hooks.

With --stack-outputs, the file \`cdk deploy --outputs-file <file>\` wrote names every hook the
GatehookHooks construct deployed: each is registered with its own Function URL and the current
value of its own secret, read from Secrets Manager with your AWS credentials.

Options:
  --org <url>            the Okta org, e.g. https://example.okta.com (default: $OKTA_ORG_URL)
  --token <ssws>         an API token (default: $OKTA_API_TOKEN)
  --base-url <url>       where the hooks are served, e.g. https://hooks.example.com
  --secret <value>       the value Okta sends in the auth header (default: $HOOK_SECRET)
  --stack-outputs <file> register the hooks of a deployed stack instead of --base-url and --secret
  --name-prefix <text>   Okta hook names are "<prefix> <hook>" (default: ${DEFAULT_HOOK_NAME_PREFIX})
  --header-name <name>   the auth header name (default: Authorization)
  --types <list>         comma-separated subset of: ${ALL_TARGETS.join(', ')} (default: all)
  --events <list>        event types for the event hook (default: ${DEFAULT_EVENT_TYPES.join(', ')})
  --event-filter <expr>  an Okta Expression Language filter applied to each of those event types, e.g.
                         "event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0"
  -h, --help             show this help`;

const OPTIONS = {
  org: { type: 'string' },
  token: { type: 'string' },
  'base-url': { type: 'string' },
  secret: { type: 'string' },
  'stack-outputs': { type: 'string' },
  'name-prefix': { type: 'string' },
  'header-name': { type: 'string' },
  types: { type: 'string' },
  events: { type: 'string' },
  'event-filter': { type: 'string' },
} as const;

/** What to register: where the hooks are served, how Okta authenticates to them, which ones. */
export interface HookRegistration {
  baseUrl: string;
  authScheme: HeaderAuth;
  targets: Target[];
  eventTypes: string[];
  /** Okta hook names are "<namePrefix> <target>"; default "gatehook". */
  namePrefix?: string;
  /** Filter expression for every subscribed event type (`events.filter`); none: every event. */
  eventFilter?: string;
}

type RegisterOptions = { orgUrl: string; token: string } & (
  | { source: 'base-url'; registration: HookRegistration }
  | { source: 'stack-outputs'; file: string; namePrefix: string; headerName: string; targets: Target[] | undefined; eventTypes: string[]; eventFilter: string | undefined }
);

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

function parseTargets(raw: string | undefined): Target[] | undefined {
  if (raw === undefined) return undefined;
  const targets = list(raw);
  for (const target of targets) {
    if (!ALL_TARGETS.includes(target as Target)) {
      throw new CliUsageError(`gatehook register: unknown type "${target}" in --types (expected ${ALL_TARGETS.join(', ')})`);
    }
  }
  if (targets.length === 0) throw new CliUsageError('gatehook register: --types names no hook');
  return [...new Set(targets)] as Target[];
}

function parseRegisterArgs(args: string[], io: CliIo): RegisterOptions | 'help' {
  const { values } = parseCommandArgs('register', args, OPTIONS);
  if (values.help) return 'help';
  const orgUrl = parseUrl('org', values.org ?? io.env.OKTA_ORG_URL);
  const token = values.token ?? io.env.OKTA_API_TOKEN;
  if (!token) throw new CliUsageError('gatehook register: --token (or OKTA_API_TOKEN) is required');
  const eventTypes = values.events === undefined ? [...DEFAULT_EVENT_TYPES] : list(values.events);
  if (eventTypes.length === 0) throw new CliUsageError('gatehook register: --events names no event type');
  const namePrefix = values['name-prefix'] ?? DEFAULT_HOOK_NAME_PREFIX;
  if (!namePrefix.trim()) throw new CliUsageError('gatehook register: --name-prefix is empty');
  const headerName = values['header-name'] ?? 'Authorization';
  const targets = parseTargets(values.types);
  const eventFilter = values['event-filter'];
  if (eventFilter !== undefined) {
    try {
      compileCondition(eventFilter);
    } catch (error) {
      throw new CliUsageError(`gatehook register: --event-filter: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (values['stack-outputs'] !== undefined) {
    if (values['base-url'] !== undefined || values.secret !== undefined) {
      throw new CliUsageError('gatehook register: --stack-outputs takes each hook\'s URL and secret from the stack; drop --base-url and --secret');
    }
    return { orgUrl, token, source: 'stack-outputs', file: values['stack-outputs'], namePrefix, headerName, targets, eventTypes, eventFilter };
  }
  const baseUrl = parseUrl('base-url', values['base-url']);
  const secret = values.secret ?? io.env.HOOK_SECRET;
  // Okta calls hooks with whatever we register; registering them without a secret would leave them open.
  if (!secret) throw new CliUsageError('gatehook register: --secret (or HOOK_SECRET) is required');
  return {
    orgUrl,
    token,
    source: 'base-url',
    registration: { baseUrl, authScheme: { type: 'HEADER', key: headerName, value: secret }, targets: targets ?? [...ALL_TARGETS], eventTypes, namePrefix, ...(eventFilter !== undefined ? { eventFilter } : {}) },
  };
}

const hookName = (prefix: string | undefined, target: string) => `${prefix ?? DEFAULT_HOOK_NAME_PREFIX} ${target}`;

/** Registers one hook; resolves false (after saying why) when the org could not put it in place. */
async function registerOne(client: OktaClient, io: CliIo, hook: { target: Target | string; type: Target; url: string; auth: HeaderAuth; name: string }, eventTypes: string[], eventFilter?: string): Promise<boolean> {
  try {
    if (hook.type === 'events') {
      const result = await applyEventHook(client, { name: hook.name, url: hook.url, auth: hook.auth, eventTypes, filter: eventFilter }, io.out);
      if (result.problem) io.err(result.problem);
      return result.verified;
    }
    await applyInlineHook(client, { name: hook.name, type: hook.type, url: hook.url, auth: hook.auth }, io.out, io.err);
    return true;
  } catch (error) {
    io.err(`${hook.name}: ${describeOktaError(error)}`);
    return false;
  }
}

async function registerFromOutputs(client: OktaClient, options: Extract<RegisterOptions, { source: 'stack-outputs' }>, io: CliIo): Promise<{ failures: number; count: number }> {
  let hooks: StackHook[];
  try {
    hooks = await readStackOutputs(options.file);
  } catch (error) {
    throw new CliUsageError(`gatehook register: ${(error as Error).message}`);
  }
  const selected = options.targets ? hooks.filter((hook) => options.targets!.includes(hook.type)) : hooks;
  if (selected.length === 0) throw new CliUsageError(`gatehook register: ${options.file} names no hook${options.targets ? ' of the --types given' : ''}`);
  let failures = 0;
  for (const hook of selected) {
    let value: string;
    try {
      value = await hook.secret();
    } catch (error) {
      failures += 1;
      io.err(`${hookName(options.namePrefix, hook.name)}: ${(error as Error).message}`);
      continue;
    }
    const ok = await registerOne(client, io, { target: hook.name, type: hook.type, url: hook.url, name: hookName(options.namePrefix, hook.name), auth: { type: 'HEADER', key: options.headerName, value } }, options.eventTypes, options.eventFilter);
    if (!ok) failures += 1;
  }
  return { failures, count: selected.length };
}

export async function runRegister(args: string[], io: CliIo): Promise<number> {
  const options = parseRegisterArgs(args, io);
  if (options === 'help') {
    io.out(USAGE);
    return 0;
  }
  const client = createOktaClient({ orgUrl: options.orgUrl, auth: { type: 'ssws', token: options.token } });
  const { failures, count } =
    options.source === 'stack-outputs'
      ? await registerFromOutputs(client, options, io)
      : { failures: await registerHooks(client, options.registration, io), count: options.registration.targets.length };
  io.out(failures === 0 ? `done: ${count} hook(s) registered at ${options.orgUrl}` : `finished with ${failures} failure(s)`);
  return failures === 0 ? 0 : 1;
}

/**
 * Creates or updates (by name) each selected hook in the org behind `client`, activates it and
 * verifies the event hook; resolves with the number of hooks that could not be put in place.
 */
export async function registerHooks(client: OktaClient, options: HookRegistration, io: CliIo): Promise<number> {
  let failures = 0;
  for (const target of options.targets) {
    const ok = await registerOne(
      client,
      io,
      { target, type: target, url: `${options.baseUrl}/hooks/${target}`, auth: options.authScheme, name: hookName(options.namePrefix, target) },
      options.eventTypes,
      options.eventFilter,
    );
    if (!ok) failures += 1;
  }
  return failures;
}

export const registerCommand: Command = {
  name: 'register',
  summary: 'create or update the inline hooks and the event hook in an Okta org',
  usage: USAGE,
  run: runRegister,
};
