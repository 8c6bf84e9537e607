import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { InlineHookType } from '../../handlers/core/types.js';
import { SAMPLE_REQUESTS } from '../../handlers/samples.js';
import type { RunningEmulator } from '../../emulator/index.js';
import { DEMO_PASSWORD } from '../../emulator/index.js';
import { allowedHostsFrom, withHostGuard } from '../../middleware/host-guard/index.js';
import { createJsonLogger } from '../../middleware/logger/json-logger.js';
import { OutcomeCounter } from '../../middleware/metrics/index.js';
import type { GatehookEnv } from '../../middleware/types.js';
import { createHookApp } from '../../runtime/app.js';
import { readRuntimeConfig } from '../../runtime/config.js';
import { serveNode, type RunningServer } from '../../runtime/node.js';
import { oktaFromEnv } from '../../runtime/okta-credentials.js';
import { fromEnv } from '../../secrets/env.js';
import { APP_SHAPES, loadApp, type LoadedApp } from '../dev/load-app.js';
import { startLocalEvents, type LocalEvents } from '../dev/local-events.js';
import { displayName, watchFiles, type FileWatcher } from '../dev/watch-files.js';
import { DEMO_LOGIN, DEFAULT_DATA_DIR, DEV_CLIENT_ID, describeOrg, orgOptionsFrom, startOrg, type ConsoleSettings, type OrgOptions } from './org.js';
import { parseCommandArgs, portFrom } from './parse.js';
import { DEFAULT_EVENT_TYPES, registerHooks, type Target } from './register.js';
import type { CliIo, Command } from './types.js';
import { waitForSignal } from './wait.js';

export { APP_SHAPES, loadApp, type LoadedApp };

/** The repository's own example project; a project made by `gatehook init` passes its `--app`. */
const DEFAULT_APP = 'examples/src/app.ts';

export interface DevOptions {
  port: number;
  host: string;
  appPath: string;
  /** Where the org and the event queue keep their SQLite files. */
  dataDir: string;
  /** The emulator's port (default $ORG_PORT or 8788). */
  orgPort?: number;
  /** Reload the hooks when their files change (default true). */
  watch?: boolean;
  /** --allow-host: Host names answered besides loopback ones (GATEHOOK_ALLOWED_HOSTS adds to them). */
  allowHost?: string;
}

/** Something `dev` starts next to the hook server and stops with it. */
interface DevService {
  name: string;
  close(): Promise<void>;
}

/** The hook types an app serves, read from its routes (`POST /hooks/<type>`). */
function appHookTypes(app: Hono<GatehookEnv>): string[] {
  const known = new Set(Object.keys(SAMPLE_REQUESTS));
  const types = new Set<string>();
  for (const route of app.routes ?? []) {
    const match = /^\/hooks\/([a-z-]+)$/.exec(route.path);
    if (route.method === 'POST' && match && known.has(match[1]!)) types.add(match[1]!);
  }
  return [...types];
}

/** The sample request of a hook type (the app's own, else the built-in one), in a file curl can send. */
async function sampleFile(type: InlineHookType, loaded: LoadedApp): Promise<string> {
  const dir = join(tmpdir(), 'gatehook-dev');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${type}-request.json`);
  const own = loaded.sampleRequests[type];
  await writeFile(file, `${JSON.stringify(typeof own === 'function' ? own() : SAMPLE_REQUESTS[type](), null, 2)}\n`);
  return file;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The org the hooks call back into: the emulator (started here, on --org-port or $ORG_PORT), unless
 * OKTA_ORG_URL names another org, in which case nothing is started or registered.
 */
async function startCompanionOrg(
  env: CliIo['env'],
  options: DevOptions,
  io: CliIo,
  consoleSettings: ConsoleSettings,
): Promise<{ org?: RunningEmulator; orgOptions?: OrgOptions; env: CliIo['env'] }> {
  if (env.OKTA_ORG_URL) return { env };
  const orgOptions = orgOptionsFrom(env, {
    dataFile: join(options.dataDir, 'org.sqlite'),
    ...(options.orgPort !== undefined ? { port: String(options.orgPort) } : {}),
    ...(options.allowHost !== undefined ? { allowHost: options.allowHost } : {}),
  });
  const org = await startOrg(orgOptions, io, consoleSettings);
  // The hooks' client is configured exactly as in production, from OKTA_ORG_URL and OKTA_API_TOKEN.
  return { org, orgOptions, env: { ...env, OKTA_ORG_URL: org.url, OKTA_API_TOKEN: orgOptions.apiToken } };
}

/** The hook types a load serves, in the order its module lists them. */
function servedTypes(loaded: LoadedApp): InlineHookType[] {
  const { served } = loaded;
  if (served.kind === 'app') return appHookTypes(served.app) as InlineHookType[];
  return Object.entries(served.hooks).filter(([, definition]) => definition !== undefined).map(([type]) => type as InlineHookType);
}

/** What to try against the org, for the hooks this app serves: each line makes the org call one of them. */
function orgSteps(orgUrl: string, orgOptions: OrgOptions, load: LoadedApp): string[] {
  const secret = orgOptions.devDefaults.includes('ORG_CLIENT_SECRET') ? orgOptions.clientSecret : '$ORG_CLIENT_SECRET';
  const token = orgOptions.devDefaults.includes('OKTA_API_TOKEN') ? orgOptions.apiToken : '$OKTA_API_TOKEN';
  const types = new Set<string>(servedTypes(load));
  const steps: string[][] = [];
  if (types.has('token')) {
    steps.push([
      'A token from the org; your token hook patches it before it is minted:',
      `  curl -s -u ${DEV_CLIENT_ID}:${secret} ${orgUrl}/oauth2/default/v1/token -d grant_type=password -d username=${DEMO_LOGIN} -d password=${DEMO_PASSWORD} -d scope=openid`,
    ]);
  }
  if (types.has('registration')) {
    steps.push([
      'A self-service registration; your registration hook allows or denies it:',
      `  curl -s ${orgUrl}/api/v1/_emulator/registration -H 'Content-Type: application/json' -d '{"userProfile":{"email":"mallory@gmail.com","firstName":"Mallory","lastName":"Doe"}}'`,
    ]);
  }
  if (load.events) {
    steps.push([
      'Deactivate a user; your event hook receives user.lifecycle.deactivate (watch the log):',
      `  curl -s -X POST ${orgUrl}/api/v1/users/bruno.martins@example.com/lifecycle/deactivate -H ${shellQuote(`Authorization: SSWS ${token}`)}`,
    ]);
  }
  return steps.flatMap(([title, command], index) => [`${index + 1}. ${title}`, command!]);
}

/** Serves the hooks (and the org and event pipeline), prints where and how to call them, and reloads on edits. */
export async function startDevServer(options: DevOptions, io: CliIo): Promise<{ server: RunningServer; services: DevService[]; calls: OutcomeCounter }> {
  const config = readRuntimeConfig('dev', io.env);
  let loaded = await loadApp(options.appPath);
  const logger = createJsonLogger({ level: config.logLevel, write: io.err });
  const services: DevService[] = [];
  const stopAll = async () => {
    for (const service of services) await service.close();
  };
  try {
    const calls = new OutcomeCounter();
    // The console is mounted before the org serves; the event pipeline it can replay starts later.
    const late: { events?: LocalEvents } = {};
    const consoleSettings: ConsoleSettings = {
      hookAuth: { header: 'Authorization', value: config.env.HOOK_SECRET! },
      ...(options.port !== 0 ? { hookBaseUrl: `http://${options.host}:${options.port}` } : {}),
      replayDeadLetters: async () => late.events?.replayDeadLetters(),
      hookCalls: () => calls.snapshot(),
    };
    const { org, orgOptions, env } = await startCompanionOrg(config.env, options, io, consoleSettings);
    if (org) services.push({ name: 'org emulator', close: () => org.close() });
    const okta = oktaFromEnv(env);
    const secrets = fromEnv(env);
    const appOf = (load: LoadedApp): Hono<GatehookEnv> | undefined => {
      if (load.served.kind === 'app') return load.served.app;
      if (servedTypes(load).length === 0) return undefined;
      return createHookApp({
        hooks: load.served.hooks,
        auth: { header: { secrets } },
        deadlineMs: config.deadlineMs,
        logger,
        ...(okta ? { okta } : {}),
        logBodies: true,
        metrics: calls.sink,
      });
    };
    let hooksApp = appOf(loaded);
    // The receiver and its queue live for the whole session; a reload swaps the handlers behind them.
    let events: LocalEvents | undefined;
    const ensureEvents = async (load: LoadedApp) => {
      if (!load.events) return;
      if (!events) {
        const dbPath = join(options.dataDir, 'events.db');
        events = await startLocalEvents({ dbPath, auth: { header: { secrets } }, ...(okta ? { okta } : {}), logger });
        late.events = events;
        const running = events;
        services.push({ name: 'event worker', close: () => running.close() });
      }
      await events.serve(load.events);
    };
    await ensureEvents(loaded);

    const root = new Hono<GatehookEnv>();
    root.all('/hooks/events', (c) => (events && loaded.events ? events.receiver.fetch(c.req.raw, c.env) : hooksApp ? hooksApp.fetch(c.req.raw, c.env) : c.notFound()));
    root.all('*', (c) => (hooksApp ? hooksApp.fetch(c.req.raw, c.env) : c.json({ status: 'ok' }, c.req.path === '/healthz' ? 200 : 404)));
    const server = await serveNode(withHostGuard(root, { allowedHosts: allowedHostsFrom(config.env, options.allowHost) }), { port: options.port, hostname: options.host });
    services.push({ name: 'hook server', close: () => server.close() });
    const secret = config.env.HOOK_SECRET!;

    const register = async (load: LoadedApp) => {
      if (!org || !okta) return;
      const targets: Target[] = [...servedTypes(load), ...(load.events ? ['events' as const] : [])];
      const quiet: CliIo = { ...io, out: () => {} };
      const failures = await registerHooks(
        okta(),
        { baseUrl: server.url, authScheme: { type: 'HEADER', key: 'Authorization', value: secret }, targets, eventTypes: [...DEFAULT_EVENT_TYPES] },
        quiet,
      );
      if (failures > 0) io.err(`gatehook dev: ${failures} hook(s) could not be registered in the emulator`);
    };
    await register(loaded);
    const types = servedTypes(loaded);

    io.out(`gatehook dev: listening on ${server.url}`);
    for (const type of types) io.out(`  POST ${server.url}/hooks/${type}`);
    if (loaded.served.kind === 'app') io.out(`  (the app from ${options.appPath}, served as it is, with its own auth)`);
    if (loaded.events) io.out(`  POST ${server.url}/hooks/events  (event hook; queue and worker in ${join(options.dataDir, 'events.db')})`);
    io.out(`  GET  ${server.url}/healthz`);
    io.out('');
    if (org && orgOptions) {
      for (const line of describeOrg(org, orgOptions)) io.out(line);
      io.out(`  hooks registered in the emulator: ${[...types, ...(loaded.events ? ['events'] : [])].join(', ') || 'none'}`);
    } else {
      io.out(`org: ${env.OKTA_ORG_URL} (from OKTA_ORG_URL; hooks not registered, use \`gatehook register\`)`);
    }
    io.out('');
    if (config.devDefaults.includes('HOOK_SECRET')) {
      io.out(`HOOK_SECRET (dev default, never used outside \`gatehook dev\`): ${secret}`);
    } else {
      io.out('HOOK_SECRET: taken from the environment');
    }
    const firstType = types[0];
    if (firstType) {
      const sample = await sampleFile(firstType, loaded);
      // A secret from the environment is never printed: the curl line names the variable instead.
      const shown = config.devDefaults.includes('HOOK_SECRET') ? shellQuote(`Authorization: ${secret}`) : '"Authorization: $HOOK_SECRET"';
      io.out('');
      io.out('Try it:');
      io.out(`  curl -i -X POST ${server.url}/hooks/${firstType} -H ${shown} -H 'Content-Type: application/json' --data @${sample}`);
    }
    if (org && orgOptions) for (const line of orgSteps(org.url, orgOptions, loaded)) io.out(line);

    if (options.watch !== false) {
      let reloading: Promise<void> = Promise.resolve();
      const reload = async (changed: string) => {
        const started = performance.now();
        let next: LoadedApp;
        try {
          next = await loadApp(options.appPath);
        } catch (error) {
          watcher.update([...new Set([...loaded.files, ...((error as { files?: string[] }).files ?? [])])]);
          io.err(`gatehook dev: ${displayName(changed)} changed, but ${options.appPath} failed to load; still serving the last good hooks.\n  ${(error as Error).message.replaceAll('\n', '\n  ')}`);
          return;
        }
        const previous = { loaded, hooksApp };
        try {
          const nextApp = appOf(next);
          loaded = next;
          hooksApp = nextApp;
          await ensureEvents(next);
          await register(next);
        } catch (error) {
          io.err(`gatehook dev: reload of ${options.appPath} failed: ${(error as Error).message}; still serving the last good hooks`);
          ({ loaded, hooksApp } = previous);
          return;
        }
        watcher.update(next.files);
        const served = [...servedTypes(next), ...(next.events ? ['events'] : [])].join(', ') || 'nothing';
        io.out(`gatehook dev: ${displayName(changed)} changed; reloaded ${options.appPath} in ${Math.round(performance.now() - started)} ms (serving ${served})`);
      };
      const watcher: FileWatcher = watchFiles((changed) => {
        reloading = reloading.then(() => reload(changed));
      });
      watcher.update(loaded.files);
      services.push({ name: 'file watcher', close: async () => watcher.close() });
      io.out('');
      io.out(`Watching ${loaded.files.length} file(s) of ${options.appPath}; edits reload the hooks (the org and its data keep running).`);
    }
    return { server, services, calls };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export const devCommand: Command = {
  name: 'dev',
  summary: 'serve your hooks locally (127.0.0.1:$PORT, default 8787) with the org emulator, reloading on edits',
  usage: `Usage: gatehook dev [--app <file>] [--port <n>] [--org-port <n>] [--host <addr>] [--data-dir <dir>] [--no-watch]

Serves every inline hook the app module exports at POST /hooks/<type> (and its event hook at
/hooks/events), checks the Authorization header against HOOK_SECRET (a fixed dev default is used and
printed when unset), starts the org emulator on --org-port and registers the hooks in it, so the org
calls them the way Okta does. Prints a ready curl command. When a file the module imports changes,
the hooks are reloaded; the emulator, its data and the event queue keep running, and a file that
fails to load leaves the last good hooks serving.

Options:
      --app <file>      the module to serve (default ${DEFAULT_APP}); TypeScript is loaded as it is
  -p, --port <n>        port of the hooks (default $PORT or 8787; 0 picks a free one)
      --org-port <n>    port of the org emulator (default $ORG_PORT or 8788; 0 picks a free one)
      --host <addr>     address to bind (default $HOST or 127.0.0.1)
      --data-dir <dir>  SQLite files of the org and the event queue (default $GATEHOOK_DATA_DIR or ${DEFAULT_DATA_DIR})
      --no-watch        do not reload on file changes
      --allow-host <names>  Host names the hook server and org answer besides 127.0.0.1, localhost and [::1]
                        (comma-separated; also $GATEHOOK_ALLOWED_HOSTS); other Host headers get 403
  -h, --help            show this help

What --app may export:
${APP_SHAPES.map((shape) => `  - ${shape}`).join('\n')}

Environment: HOOK_SECRET, HOOK_SECRET_PREVIOUS, PORT, HOST, ORG_PORT, OKTA_ORG_URL (another org:
no emulator is started), OKTA_API_TOKEN, ORG_CLIENT_SECRET, GATEHOOK_DATA_DIR, GATEHOOK_DEADLINE_MS, GATEHOOK_ALLOWED_HOSTS, LOG_LEVEL`,
  async run(args, io) {
    const { values } = parseCommandArgs('dev', args, {
      port: { type: 'string', short: 'p' },
      'org-port': { type: 'string' },
      host: { type: 'string' },
      app: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-watch': { type: 'boolean' },
      'allow-host': { type: 'string' },
    });
    if (values.help) {
      io.out(this.usage);
      return 0;
    }
    const config = readRuntimeConfig('dev', io.env);
    const orgPort = values['org-port'];
    const { services, calls } = await startDevServer(
      {
        port: portFrom('dev', values.port, config.port),
        host: values.host ?? config.host,
        appPath: values.app ?? DEFAULT_APP,
        dataDir: values['data-dir'] ?? (io.env.GATEHOOK_DATA_DIR || DEFAULT_DATA_DIR),
        ...(orgPort !== undefined ? { orgPort: portFrom('dev', orgPort, 0, '--org-port') } : {}),
        watch: values['no-watch'] !== true,
        ...(values['allow-host'] !== undefined ? { allowHost: values['allow-host'] } : {}),
      },
      io,
    );
    const signal = await waitForSignal();
    io.err(`gatehook dev: ${signal}, shutting down`);
    // The same outcomes the Lambda functions report to CloudWatch, counted for this session.
    const summary = calls.summary();
    io.err(summary.length > 0 ? `gatehook dev: hook calls this session: ${summary.join('; ')}` : 'gatehook dev: no hook calls this session');
    // The org first, so its last event deliveries still reach the receiver; then the worker and the hook server.
    for (const service of services) await service.close();
    return 0;
  },
};
