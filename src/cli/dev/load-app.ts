/**
 * Loads the module `gatehook dev --app` serves and finds what it exports. Every load evaluates the user's
 * files again, so a reload sees an edit in any file the module imports, and reports those files for the
 * watcher.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Hono } from 'hono';
import type { InlineHookType } from '../../handlers/core/types.js';
import type { EventHookApp } from '../../handlers/events/router.js';
import type { GatehookEnv } from '../../middleware/types.js';
import type { HookDefinitions } from '../../runtime/app.js';
import { isHonoApp, isHookDefinition } from '../../runtime/shapes.js';
import { CliUsageError } from '../commands/types.js';
import { gatehookRoot } from '../init/package-root.js';

/** What `--app` may export, as `--help` and the README list it. */
export const APP_SHAPES = [
  '`hooks`: a record of hook definitions by type ({ token: tokenHook(...), ... })',
  '`default` or `hook`: one hook definition (tokenHook(...), registrationHook(...), ...)',
  '`default` or `app`: an app made with createHookApp (served as it is, with its own auth)',
  'and optionally `events`: an event hook app (eventHook().onEvent(...)), served at /hooks/events',
  'and optionally `sampleRequests`: a request body per hook type, for the printed curl line',
];

/** What a loaded module serves: definitions gatehook wraps in an app, or an app the user built. */
export interface LoadedApp {
  served: { kind: 'hooks'; hooks: HookDefinitions } | { kind: 'app'; app: Hono<GatehookEnv> };
  events?: EventHookApp;
  sampleRequests: Partial<Record<InlineHookType, () => unknown>>;
  /** The user's own files the module graph read (not node_modules): what a reload watches. */
  files: string[];
}

const isEventHookApp = (value: unknown): value is EventHookApp =>
  typeof value === 'object' && value !== null && typeof (value as EventHookApp).onEvent === 'function' && typeof (value as EventHookApp).handlersFor === 'function';

let generation = 0;

const isUserFile = (path: string) => !path.split(/[\\/]/).includes('node_modules');

/** Node's own rule: the extension, else the nearest package.json's `type`. */
function isCommonJs(file: string): boolean {
  if (/\.c[jt]sx?$/.test(file)) return true;
  if (/\.m[jt]sx?$/.test(file)) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type !== 'module';
      } catch {
        return true;
      }
    }
    if (dirname(dir) === dir) return true;
  }
}

let cjsLoader: (() => void) | undefined;
/** CommonJS: one tsx hook for the process, and the user's entries dropped from require's cache before each load. */
async function requireFresh(file: string): Promise<{ mod: Record<string, unknown>; files: string[] }> {
  const { register } = await import('tsx/cjs/api');
  cjsLoader ??= register();
  const require = createRequire(import.meta.url);
  for (const key of Object.keys(require.cache)) if (isUserFile(key)) delete require.cache[key];
  const files = () => [...new Set([file, ...Object.keys(require.cache).filter(isUserFile)])];
  try {
    return { mod: require(file) as Record<string, unknown>, files: files() };
  } catch (error) {
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { files: files() });
  }
}

const reload = { generation: 0, files: new Set<string>(), hooked: false };

/**
 * ESM: every load gets a new generation, and a resolve hook tags the user's own files with it, so the whole
 * graph below the module is evaluated again while gatehook and node_modules stay shared. TypeScript goes
 * through tsx's loader, registered once.
 */
async function importFresh(file: string): Promise<{ mod: Record<string, unknown>; files: string[] }> {
  if (!reload.hooked) {
    const { register } = await import('tsx/esm/api');
    if (!import.meta.url.endsWith('.ts')) register();
    // gatehook's own modules are never reloaded, so the user's code and the CLI share one instance of each.
    const own = `${gatehookRoot()}/`;
    registerHooks({
      resolve(specifier, context, next) {
        const result = next(specifier, context);
        if (!result.url.startsWith('file:') || reload.generation === 0) return result;
        const url = new URL(result.url);
        const path = fileURLToPath(url);
        if (!isUserFile(path) || path.startsWith(own)) return result;
        reload.files.add(path);
        url.searchParams.set('gatehook-dev', String(reload.generation));
        return { ...result, url: url.href };
      },
    });
    reload.hooked = true;
  }
  reload.generation = ++generation;
  reload.files = new Set([file]);
  const files = reload.files;
  try {
    const mod = (await import(`${pathToFileURL(file).href}?gatehook-dev=${generation}`)) as Record<string, unknown>;
    return { mod, files: [...files] };
  } catch (error) {
    // The files read before the failure are still worth watching: fixing one of them retries the load.
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { files: [...files] });
  }
}

function served(mod: Record<string, unknown>, appPath: string): LoadedApp['served'] {
  if (mod.hooks && typeof mod.hooks === 'object' && !isHonoApp(mod.hooks)) {
    const hooks = mod.hooks as Record<string, unknown>;
    for (const [type, value] of Object.entries(hooks)) {
      if (value !== undefined && !isHookDefinition(value)) throw new CliUsageError(`gatehook dev: ${appPath}: hooks.${type} is not a hook definition (make it with ${type === 'token' ? 'tokenHook' : 'the hook type\'s builder'}(...))`);
    }
    return { kind: 'hooks', hooks: hooks as HookDefinitions };
  }
  for (const name of ['default', 'hook']) {
    const value = mod[name];
    if (isHookDefinition(value)) return { kind: 'hooks', hooks: { [value.type]: value } };
  }
  for (const name of ['default', 'app']) {
    const value = mod[name];
    if (isHonoApp(value)) return { kind: 'app', app: value };
  }
  if (isEventHookApp(mod.events)) return { kind: 'hooks', hooks: {} };
  throw new CliUsageError(`gatehook dev: ${appPath} exports none of what --app serves:\n${APP_SHAPES.map((shape) => `  - ${shape}`).join('\n')}`);
}

/** Imports the module (TypeScript or JavaScript) as a fresh graph and finds what it serves. */
export async function loadApp(appPath: string): Promise<LoadedApp> {
  const file = resolve(appPath);
  let loaded: Awaited<ReturnType<typeof importFresh>>;
  try {
    loaded = isCommonJs(file) ? await requireFresh(file) : await importFresh(file);
  } catch (err) {
    throw Object.assign(new CliUsageError(`gatehook dev: cannot load ${appPath}: ${(err as Error).message}`), { files: (err as { files?: string[] }).files ?? [file] });
  }
  const { mod } = loaded;
  try {
    const events = mod.events;
    if (events !== undefined && !isEventHookApp(events)) throw new CliUsageError(`gatehook dev: ${appPath}: \`events\` is not an event hook app (make it with eventHook().onEvent(...))`);
    return {
      served: served(mod, appPath),
      ...(events ? { events } : {}),
      sampleRequests: (typeof mod.sampleRequests === 'object' && mod.sampleRequests !== null ? mod.sampleRequests : {}) as LoadedApp['sampleRequests'],
      files: loaded.files,
    };
  } catch (error) {
    throw Object.assign(error as Error, { files: loaded.files });
  }
}
