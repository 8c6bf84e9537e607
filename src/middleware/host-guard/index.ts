/**
 * Refuses requests whose Host header is not an allowed name. A page on `evil.example` that rebinds its
 * name to 127.0.0.1 reaches a local server with `Host: evil.example`, and the dev defaults (hook secret,
 * demo password, client secret) are public, so without this check such a page could drive the local
 * org and hooks from the developer's browser. Loopback names are always allowed; other names only when
 * configured (`--allow-host`, `GATEHOOK_ALLOWED_HOSTS`), for people who serve the emulator on purpose.
 */
import { Hono, type Env as HonoEnv, type MiddlewareHandler } from 'hono';
import { GatehookConfigError } from '../../runtime/errors.js';
import { OktaErrorCode, oktaError, toResponse } from '../errors/index.js';

/** The environment variable read by `allowedHostsFrom`: names separated by commas or spaces. */
export const ALLOWED_HOSTS_VARIABLE = 'GATEHOOK_ALLOWED_HOSTS';

/** Names that always mean this machine. A browser never resolves them through DNS, so they cannot be rebound. */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

export interface HostGuardOptions {
  /**
   * Extra Host names accepted besides the loopback ones, without port (`emulator.internal`,
   * `10.0.0.5`, `[fd00::5]`); `*` accepts any Host and turns the guard off.
   */
  allowedHosts?: readonly string[];
}

/** The Host header's name without its port, lower-cased: `127.0.0.1:8788` -> `127.0.0.1`, `[::1]:80` -> `[::1]`. */
export function hostName(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  return lower.replace(/:\d*$/, '');
}

export function isLoopbackHostName(name: string): boolean {
  return LOOPBACK_HOST_NAMES.includes(hostName(name));
}

/**
 * Parses a list of allowed names (`a.example, 10.0.0.5 [fd00::5]`). Throws `GatehookConfigError` naming the
 * entry for anything that is not a bare name, so a typo cannot silently widen or narrow the list.
 */
export function parseAllowedHosts(text: string | undefined): string[] {
  const entries = (text ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
  return entries.map((entry) => {
    if (entry === '*') return entry;
    const name = hostName(entry);
    const valid = name.startsWith('[') ? /^\[[0-9a-f:.]+\]$/.test(name) : /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name);
    if (!valid || /[/@?#]/.test(entry)) {
      throw new GatehookConfigError('ERR_CONFIG_INVALID', `allowed host "${entry}" is not a host name (write it without scheme or path, e.g. emulator.internal or [fd00::5])`);
    }
    return name;
  });
}

/** The allowed names from `--allow-host` (when given) and `GATEHOOK_ALLOWED_HOSTS`, together. */
export function allowedHostsFrom(env: Record<string, string | undefined>, flag?: string): string[] {
  return [...new Set([...parseAllowedHosts(env[ALLOWED_HOSTS_VARIABLE]), ...parseAllowedHosts(flag)])];
}

/** Checks a Host header against the loopback names and `allowedHosts`; a missing Host is refused. */
export function hostAllowed(host: string | undefined, allowedHosts: readonly string[] = []): boolean {
  if (allowedHosts.includes('*')) return true;
  if (host === undefined || host.trim() === '') return false;
  const name = hostName(host);
  return LOOPBACK_HOST_NAMES.includes(name) || allowedHosts.includes(name);
}

/**
 * Middleware answering 403 (Okta's error shape, E0000006) to a request whose Host is not allowed.
 * Put it first, before anything that reads the request.
 */
export function hostGuard<E extends HonoEnv = HonoEnv>(options: HostGuardOptions = {}): MiddlewareHandler<E> {
  const allowed = (options.allowedHosts ?? []).map((name) => (name === '*' ? name : hostName(name)));
  return async (c, next) => {
    const host = c.req.header('host');
    if (hostAllowed(host, allowed)) return next();
    const shown = host === undefined ? '(none)' : JSON.stringify(host.slice(0, 100));
    return toResponse(oktaError(403, {
      errorCode: OktaErrorCode.forbidden,
      errorSummary:
        `Host ${shown} is not allowed: this local server answers loopback names only (${LOOPBACK_HOST_NAMES.join(', ')}), ` +
        `which keeps pages that rebind their DNS name to 127.0.0.1 out. To serve it under another name on purpose, ` +
        `add the name with --allow-host or ${ALLOWED_HOSTS_VARIABLE}.`,
      headers: { 'cache-control': 'no-store' },
    }));
  };
}

/**
 * The app behind a Host guard, for an app whose own middleware is already in place (Hono runs
 * middleware in the order it was added, so a guard added last would come too late). The request and
 * the server's env (socket, for loopback checks further in) are passed on unchanged.
 */
export function withHostGuard<E extends HonoEnv>(app: Hono<E>, options: HostGuardOptions = {}): Hono<E> {
  const guarded = new Hono<E>();
  guarded.use(hostGuard<E>(options));
  guarded.all('*', (c) => app.fetch(c.req.raw, c.env));
  return guarded;
}
