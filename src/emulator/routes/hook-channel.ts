import { audit } from '../audit.js';
import type { EmulatorContext, EmulatorDeps, RouteDef } from '../context.js';
import { notFound } from '../errors.js';
import { baseUrl, isObject, noContent } from '../http.js';
import type { DocTable } from '../store/doc-table.js';
import type { EventHookDoc, HookChannel, HookSecret, InlineHookDoc, JsonObject, LogTarget } from '../store/types.js';
import { ValidationIssues } from '../validation.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface ParsedChannel {
  channel: HookChannel;
  /** The write-only credential, when the body carried one. */
  authValue?: string;
}

/**
 * Validates a hook `channel`. Okta requires HTTPS; the emulator also accepts plain HTTP on
 * loopback so hooks served by `npm run dev` can be registered.
 */
export function parseChannel(body: JsonObject, issues: ValidationIssues, { oauth = false } = {}): ParsedChannel | undefined {
  const channel = body.channel;
  if (!isObject(channel) || !isObject(channel.config)) {
    issues.add('channel', 'The field cannot be left blank');
    return undefined;
  }
  const config = channel.config;
  if (oauth && channel.type === 'OAUTH') return parseOAuthChannel(channel, config, issues);
  if (channel.type !== undefined && channel.type !== 'HTTP') issues.add('channel.type', oauth ? 'Must be HTTP or OAUTH' : 'Only HTTP channels are supported');
  let uri = '';
  if (issues.requireString(config.uri, 'channel.config.uri')) {
    try {
      const url = new URL(config.uri);
      uri = url.href;
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
        issues.add('channel.config.uri', 'The URI must use HTTPS (plain HTTP is accepted for loopback only)');
      }
    } catch {
      issues.add('channel.config.uri', 'Not a valid URI');
    }
  }
  const headers: { key: string; value: string }[] = [];
  if (config.headers !== undefined && config.headers !== null) {
    if (!Array.isArray(config.headers)) issues.add('channel.config.headers', 'must be an array');
    else {
      for (const header of config.headers) {
        if (isObject(header) && typeof header.key === 'string' && typeof header.value === 'string') headers.push({ key: header.key, value: header.value });
        else issues.add('channel.config.headers', 'each header needs a string key and value');
      }
    }
  }
  let authScheme: HookChannel['config']['authScheme'];
  let authValue: string | undefined;
  if (isObject(config.authScheme)) {
    const { type = 'HEADER', key, value } = config.authScheme;
    if (type !== 'HEADER') issues.add('channel.config.authScheme.type', 'Only HEADER is supported');
    if (issues.requireString(key, 'channel.config.authScheme.key')) authScheme = { type: 'HEADER', key: key as string };
    if (typeof value === 'string' && value !== '') authValue = value;
  }
  return {
    channel: {
      type: 'HTTP',
      version: typeof channel.version === 'string' ? channel.version : '1.0.0',
      config: { uri, headers, ...(authScheme ? { authScheme } : {}), ...(typeof config.method === 'string' ? { method: config.method } : {}) },
    },
    ...(authValue !== undefined ? { authValue } : {}),
  };
}

function checkedUri(value: unknown, field: string, issues: ValidationIssues): string {
  if (!issues.requireString(value, field)) return '';
  try {
    const url = new URL(value as string);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      issues.add(field, 'The URI must use HTTPS (plain HTTP is accepted for loopback only)');
    }
    return url.href;
  } catch {
    issues.add(field, 'Not a valid URI');
    return '';
  }
}

/** An OAUTH channel: Okta gets a bearer token (client_secret_post, or private_key_jwt signed with a hook key) before each call. */
function parseOAuthChannel(channel: JsonObject, config: JsonObject, issues: ValidationIssues): ParsedChannel {
  const uri = checkedUri(config.uri, 'channel.config.uri', issues);
  const tokenUrl = checkedUri(config.tokenUrl, 'channel.config.tokenUrl', issues);
  issues.requireString(config.clientId, 'channel.config.clientId');
  const authType = config.authType;
  if (authType !== 'client_secret_post' && authType !== 'private_key_jwt') issues.add('channel.config.authType', 'Must be client_secret_post or private_key_jwt');
  if (authType === 'private_key_jwt') issues.requireString(config.hookKeyId, 'channel.config.hookKeyId');
  const secret = typeof config.clientSecret === 'string' && config.clientSecret !== '' ? config.clientSecret : undefined;
  return {
    channel: {
      type: 'OAUTH',
      version: typeof channel.version === 'string' ? channel.version : '1.0.0',
      config: {
        uri,
        tokenUrl,
        clientId: String(config.clientId ?? ''),
        authType: authType === 'private_key_jwt' ? 'private_key_jwt' : 'client_secret_post',
        ...(authType === 'private_key_jwt' ? { hookKeyId: String(config.hookKeyId) } : {}),
        ...(typeof config.scope === 'string' && config.scope !== '' ? { scope: config.scope } : {}),
        ...(typeof config.method === 'string' ? { method: config.method } : {}),
      },
    },
    ...(authType === 'client_secret_post' && secret !== undefined ? { authValue: secret } : {}),
  };
}

export function hookOr404<D extends InlineHookDoc | EventHookDoc>(
  c: EmulatorContext,
  table: DocTable<D, HookSecret>,
  param: string,
  kind: string,
): { hook: D; secret: HookSecret } {
  const id = c.req.param(param) ?? '';
  const hook = table.get(id);
  if (!hook) throw notFound(kind, id);
  return { hook, secret: table.getSecret(id) ?? {} };
}

/** The hook as the caller seam sees it: with the stored credential put back. */
export function withCredential<D extends InlineHookDoc | EventHookDoc>(hook: D, secret: HookSecret): D {
  if (hook.channel.type === 'OAUTH') {
    if (secret.authValue === undefined) return hook;
    return { ...hook, channel: { ...hook.channel, config: { ...hook.channel.config, clientSecret: secret.authValue } } };
  }
  const authScheme = hook.channel.config.authScheme;
  if (!authScheme || secret.authValue === undefined) return hook;
  return { ...hook, channel: { ...hook.channel, config: { ...hook.channel.config, authScheme: { ...authScheme, value: secret.authValue } } } };
}

export interface HookKind<D extends InlineHookDoc | EventHookDoc> {
  table: DocTable<D, HookSecret>;
  /** `/api/v1/inlineHooks` */
  collection: string;
  param: string;
  /** Okta's resource name in errors and log targets. */
  kind: string;
  scope: string;
  /** System Log event type prefix, e.g. `inline_hook`. */
  eventPrefix: string;
  render: (hook: D, base: string) => JsonObject;
}

export function findHook<D extends InlineHookDoc | EventHookDoc>(c: EmulatorContext, hooks: HookKind<D>): { hook: D; secret: HookSecret } {
  return hookOr404(c, hooks.table, hooks.param, hooks.kind);
}

export function hookTarget(kind: string, hook: InlineHookDoc | EventHookDoc): LogTarget {
  return { id: hook.id, type: kind, alternateId: hook.channel.config.uri, displayName: hook.name, detailEntry: null };
}

/** Activate, deactivate and delete (only when INACTIVE, as Okta requires), shared by both hook kinds. */
export function hookLifecycleRoutes<D extends InlineHookDoc | EventHookDoc>(deps: EmulatorDeps, hooks: HookKind<D>): RouteDef[] {
  const item = `${hooks.collection}/{${hooks.param}}`;
  const toggle = (status: D['status'], action: 'activate' | 'deactivate'): RouteDef => ({
    method: 'POST',
    path: `${item}/lifecycle/${action}`,
    scope: hooks.scope,
    handler: (c) => {
      const updated = { ...findHook(c, hooks).hook, status, lastUpdated: deps.clock.now().toISOString() };
      hooks.table.update(updated);
      audit(c, deps, { eventType: `${hooks.eventPrefix}.${action}d`, displayMessage: `${hooks.kind} ${action}d`, target: [hookTarget(hooks.kind, updated)] });
      return c.json(hooks.render(updated, baseUrl(c, deps)));
    },
  });
  return [
    toggle('ACTIVE', 'activate'),
    toggle('INACTIVE', 'deactivate'),
    {
      method: 'DELETE',
      path: item,
      scope: hooks.scope,
      handler: (c) => {
        const { hook } = findHook(c, hooks);
        if (hook.status !== 'INACTIVE') ValidationIssues.fail('status', 'Only hooks with status INACTIVE can be deleted; deactivate it first');
        hooks.table.delete(hook.id);
        audit(c, deps, { eventType: `${hooks.eventPrefix}.deleted`, displayMessage: `${hooks.kind} deleted`, target: [hookTarget(hooks.kind, hook)] });
        return noContent(c);
      },
    },
  ];
}
