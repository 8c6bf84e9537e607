import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Hono } from 'hono';
import type { InlineHookDefinition, InlineHookType, Logger } from '../../handlers/core/types.js';
import { SAMPLE_REQUESTS } from '../../handlers/samples.js';
import type { EventHookAuth } from '../../handlers/events/runtime/receiver.js';
import { DEMO_PASSWORD, type RunningEmulator } from '../../emulator/index.js';
import { allowedHostsFrom, withHostGuard } from '../../middleware/host-guard/index.js';
import { createJsonLogger } from '../../middleware/logger/json-logger.js';
import { OutcomeCounter } from '../../middleware/metrics/index.js';
import type { GatehookEnv } from '../../middleware/types.js';
import { createHookApp, type HookDefinitions } from '../../runtime/app.js';
import { readRuntimeConfig } from '../../runtime/config.js';
import { serveNode, type RunningServer } from '../../runtime/node.js';
import { oktaFromEnv } from '../../runtime/okta-credentials.js';
import type { OktaClientOption } from '../../runtime/okta.js';
import { fromEnv } from '../../secrets/env.js';
import { DEMO_LOGIN, DEFAULT_DATA_DIR, DEV_CLIENT_ID, describeOrg, orgOptionsFrom, startOrg, type ConsoleSettings, type OrgOptions } from './org.js';
import { parseCommandArgs, portFrom } from './parse.js';
import { DEFAULT_EVENT_TYPES, registerHooks, type Target } from './register.js';
import { CliUsageError, type CliIo, type Command } from './types.js';
import { waitForSignal } from './wait.js';

const DEFAULT_APP = 'examples/app.ts';

/** The local event hook pipeline an app may provide: receiver, worker, and their store. */
export interface DevEvents {
  receiver: Hono<GatehookEnv>;
  worker: { start(): void };
  /** Optional: re-queues dead-lettered events; the console shows a replay button when present. */
  replayDeadLetters?: (ids?: readonly string[]) => Promise<unknown>;
  close(): Promise<void>;
}

/** What a module served by `gatehook dev --app <file>` exports. */
export interface DevAppModule {
  hooks: HookDefinitions;
  /** Optional: a realistic request body per hook type, for the printed curl commands. */
  sampleRequests?: Partial<Record<InlineHookType, () => unknown>>;
  /** Optional: the event hook app, mounted at /hooks/events with a SQLite queue and an in-process worker. */
  createLocalEvents?: (options: { dbPath: string; auth: EventHookAuth; okta?: OktaClientOption; logger?: Logger }) => Promise<DevEvents>;
}

export interface DevOptions {
  port: number;
  host: string;
  appPath: string;
  /** Where the org and the event queue keep their SQLite files. */
  dataDir: string;
  /** --allow-host: Host names answered besides loopback ones (GATEHOOK_ALLOWED_HOSTS adds to them). */
  allowHost?: string;
}

/** Something `dev` starts next to the hook server and stops with it. */
interface DevService {
  name: string;
  url: string;
  close(): Promise<void>;
}

const isDefinition = (value: unknown): value is InlineHookDefinition =>
  typeof value === 'object' && value !== null && typeof (value as InlineHookDefinition).parse === 'function' && typeof (value as InlineHookDefinition).execute === 'function' && typeof (value as InlineHookDefinition).type === 'string';
/** A Hono app, from this copy of hono or another: anything with `fetch` and `route`. */
const isApp = (value: unknown): value is Hono<GatehookEnv> => typeof value === 'object' && value !== null && typeof (value as Hono).fetch === 'function' && typeof (value as Hono).route === 'function';

/** What `--app` may export, as `--help` and the README list it. */
export const APP_SHAPES = [
  '`hooks`: a record of hook definitions by type ({ token: tokenHook(...), ... })',
  '`default` or `hook`: one hook definition (tokenHook(...), registrationHook(...), ...)',
  '`default` or `app`: an app made with createHookApp (served as it is, with its own auth)',
];

/** A loaded `--app` module: hook definitions gatehook serves, or an app the user built. */
export type LoadedApp = { kind: 'hooks'; module: DevAppModule } | { kind: 'app'; app: Hono<GatehookEnv>; module: Partial<DevAppModule> };

let tsLoader: Promise<unknown> | undefined;
/**
 * Lets plain Node import the user's TypeScript: tsx's loader, registered once for the process, so the user's
 * modules and gatehook's own share one instance of every module. Not needed when gatehook itself runs from
 * TypeScript (a clone), where a loader is active already.
 */
function typeScriptLoader(): Promise<unknown> {
  if (import.meta.url.endsWith('.ts')) return Promise.resolve();
  tsLoader ??= import('tsx/esm/api').then(({ register }) => register());
  return tsLoader;
}

/** Imports the module (TypeScript through tsx) and finds what it serves. */
export async function loadApp(appPath: string): Promise<LoadedApp> {
  const file = resolve(appPath);
  let mod: Record<string, unknown>;
  try {
    if (/\.[cm]?tsx?$/.test(file)) await typeScriptLoader();
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new CliUsageError(`gatehook dev: cannot load ${appPath}: ${(err as Error).message}`);
  }
  const extras = mod as Partial<DevAppModule>;
  if (mod.hooks && typeof mod.hooks === 'object' && !isApp(mod.hooks)) return { kind: 'hooks', module: mod as unknown as DevAppModule };
  for (const name of ['default', 'hook']) {
    const value = mod[name];
    if (isDefinition(value)) return { kind: 'hooks', module: { ...extras, hooks: { [value.type]: value } } };
  }
  for (const name of ['default', 'app']) {
    const value = mod[name];
    if (isApp(value)) return { kind: 'app', app: value, module: extras };
  }
  throw new CliUsageError(`gatehook dev: ${appPath} exports none of what --app serves:\n${APP_SHAPES.map((shape) => `  - ${shape}`).join('\n')}`);
}

/** The hook types an app serves, read from its routes (`POST /hooks/<type>`). */
function appHookTypes(app: Hono<GatehookEnv>): string[] {
  const known = new Set(Object.keys(SAMPLES));
  const types = new Set<string>();
  for (const route of app.routes ?? []) {
    const match = /^\/hooks\/([a-z-]+)$/.exec(route.path);
    if (route.method === 'POST' && match && known.has(match[1]!)) types.add(match[1]!);
  }
  return [...types];
}

const SAMPLES = SAMPLE_REQUESTS;

/** The built-in sample of a type, for apps that bring none of their own. */
async function writeSample(type: InlineHookType): Promise<string> {
  const dir = join(tmpdir(), 'gatehook-dev');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${type}-request.json`);
  await writeFile(file, `${JSON.stringify(SAMPLES[type](), null, 2)}\n`);
  return file;
}

/** Writes each hook's sample request to a temp file so the printed curl commands work as pasted. */
async function writeSamples(mod: DevAppModule): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const dir = join(tmpdir(), 'gatehook-dev');
  await mkdir(dir, { recursive: true });
  for (const [type, make] of Object.entries(mod.sampleRequests ?? {})) {
    if (typeof make !== 'function') continue;
    const file = join(dir, `${type}-request.json`);
    await writeFile(file, `${JSON.stringify(make(), null, 2)}\n`);
    files.set(type, file);
  }
  return files;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The org the example hooks call back into: the emulator (started here, on $ORG_PORT), unless
 * OKTA_ORG_URL names another org, in which case nothing is started or registered.
 */
async function startCompanionOrg(
  env: CliIo['env'],
  options: DevOptions,
  io: CliIo,
  consoleSettings: ConsoleSettings,
): Promise<{ org?: RunningEmulator; orgOptions?: OrgOptions; env: CliIo['env'] }> {
  if (env.OKTA_ORG_URL) return { env };
  const orgOptions = orgOptionsFrom(env, { dataFile: join(options.dataDir, 'org.sqlite'), ...(options.allowHost !== undefined ? { allowHost: options.allowHost } : {}) });
  const org = await startOrg(orgOptions, io, consoleSettings);
  // The example app's client is configured exactly as in production, from OKTA_ORG_URL and OKTA_API_TOKEN.
  return { org, orgOptions, env: { ...env, OKTA_ORG_URL: org.url, OKTA_API_TOKEN: orgOptions.apiToken } };
}

/** One server for both: each app keeps its own middleware (and logs each request once). */
function withEventReceiver(hooks: Hono<GatehookEnv>, receiver: Hono<GatehookEnv>): Hono<GatehookEnv> {
  const root = new Hono<GatehookEnv>();
  root.all('/hooks/events', (c) => receiver.fetch(c.req.raw, c.env));
  root.all('*', (c) => hooks.fetch(c.req.raw, c.env));
  return root;
}

function curlSteps(orgUrl: string, orgOptions: OrgOptions): string[] {
  const secret = orgOptions.devDefaults.includes('ORG_CLIENT_SECRET') ? orgOptions.clientSecret : '$ORG_CLIENT_SECRET';
  const token = orgOptions.devDefaults.includes('OKTA_API_TOKEN') ? orgOptions.apiToken : '$OKTA_API_TOKEN';
  return [
    '1. A token enriched by the token hook (group_names, mfa_active in the access token):',
    `  curl -s -u ${DEV_CLIENT_ID}:${secret} ${orgUrl}/oauth2/default/v1/token -d grant_type=password -d username=${DEMO_LOGIN} -d password=${DEMO_PASSWORD} -d scope=openid`,
    '2. A registration the registration hook denies (not a company domain):',
    `  curl -s ${orgUrl}/api/v1/_emulator/registration -H 'Content-Type: application/json' -d '{"userProfile":{"email":"mallory@gmail.com","firstName":"Mallory","lastName":"Doe"}}'`,
    '3. Deactivate a user; the event hook worker clears their sessions (watch the log):',
    `  curl -s -X POST ${orgUrl}/api/v1/users/bruno.martins@example.com/lifecycle/deactivate -H ${shellQuote(`Authorization: SSWS ${token}`)}`,
  ];
}

/** Serves the hooks (and the org and event pipeline) and prints where and how to call them. */
export async function startDevServer(options: DevOptions, io: CliIo): Promise<{ server: RunningServer; services: DevService[]; calls: OutcomeCounter }> {
  const config = readRuntimeConfig('dev', io.env);
  const loaded = await loadApp(options.appPath);
  const mod: DevAppModule = loaded.kind === 'hooks' ? loaded.module : { ...loaded.module, hooks: {} };
  const logger = createJsonLogger({ level: config.logLevel, write: io.err });
  const services: DevService[] = [];
  const stopAll = async () => {
    for (const service of services) await service.close();
  };
  try {
    const calls = new OutcomeCounter();
    // The console is mounted before the org serves; the event pipeline it can replay starts later.
    const late: { events?: DevEvents } = {};
    const consoleSettings: ConsoleSettings = {
      hookAuth: { header: 'Authorization', value: config.env.HOOK_SECRET! },
      ...(options.port !== 0 ? { hookBaseUrl: `http://${options.host}:${options.port}` } : {}),
      replayDeadLetters: async () => late.events?.replayDeadLetters?.(),
      hookCalls: () => calls.snapshot(),
    };
    const { org, orgOptions, env } = await startCompanionOrg(config.env, options, io, consoleSettings);
    if (org) services.push({ name: 'org emulator', url: org.url, close: () => org.close() });
    const okta = oktaFromEnv(env);
    const secrets = fromEnv(env);
    const app = loaded.kind === 'app' ? loaded.app : createHookApp({
      hooks: mod.hooks,
      auth: { header: { secrets } },
      deadlineMs: config.deadlineMs,
      logger,
      ...(okta ? { okta } : {}),
      logBodies: true,
      metrics: calls.sink,
    });
    let events: DevEvents | undefined;
    if (mod.createLocalEvents) {
      await mkdir(options.dataDir, { recursive: true });
      events = await mod.createLocalEvents({ dbPath: join(options.dataDir, 'events.db'), auth: { header: { secrets } }, ...(okta ? { okta } : {}), logger });
      events.worker.start();
      late.events = events;
      const running = events;
      services.push({ name: 'event worker', url: join(options.dataDir, 'events.db'), close: () => running.close() });
    }
    const served = withHostGuard(events ? withEventReceiver(app, events.receiver) : app, { allowedHosts: allowedHostsFrom(config.env, options.allowHost) });
    const server = await serveNode(served, { port: options.port, hostname: options.host });
    const samples = await writeSamples(mod);
    const secret = config.env.HOOK_SECRET!;
    const types = (loaded.kind === 'app' ? appHookTypes(loaded.app) : Object.entries(mod.hooks).filter(([, d]) => d !== undefined).map(([type]) => type)) as InlineHookType[];
    const isExample = resolve(options.appPath) === resolve(DEFAULT_APP);

    if (org && okta) {
      const targets: Target[] = [...types, ...(events ? ['events' as const] : [])];
      const quiet: CliIo = { ...io, out: () => {} };
      const failures = await registerHooks(
        okta(),
        { baseUrl: server.url, authScheme: { type: 'HEADER', key: 'Authorization', value: secret }, targets, eventTypes: [...DEFAULT_EVENT_TYPES] },
        quiet,
      );
      if (failures > 0) io.err(`gatehook dev: ${failures} hook(s) could not be registered in the emulator`);
    }

    io.out(`gatehook dev: listening on ${server.url}`);
    for (const type of types) io.out(`  POST ${server.url}/hooks/${type}`);
    if (loaded.kind === 'app') io.out(`  (the app from ${options.appPath}, served as it is, with its own auth)`);
    if (events) io.out(`  POST ${server.url}/hooks/events  (event hook; queue and worker in ${join(options.dataDir, 'events.db')})`);
    io.out(`  GET  ${server.url}/healthz`);
    io.out('');
    if (org && orgOptions) {
      for (const line of describeOrg(org, orgOptions)) io.out(line);
      io.out(`  hooks registered in the emulator: ${[...types, ...(events ? ['events'] : [])].join(', ') || 'none'}`);
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
      const sample = samples.get(firstType) ?? (await writeSample(firstType));
      // A secret from the environment is never printed: the curl line names the variable instead.
      const shown = config.devDefaults.includes('HOOK_SECRET') ? shellQuote(`Authorization: ${secret}`) : '"Authorization: $HOOK_SECRET"';
      io.out('');
      io.out('Try it:');
      io.out(`  curl -i -X POST ${server.url}/hooks/${firstType} -H ${shown} -H 'Content-Type: application/json' --data @${sample}`);
    }
    if (org && orgOptions && isExample) for (const line of curlSteps(org.url, orgOptions)) io.out(line);
    return { server, services, calls };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export const devCommand: Command = {
  name: 'dev',
  summary: 'serve the example hooks locally (127.0.0.1:$PORT, default 8787) with the org emulator',
  usage: `Usage: gatehook dev [--port <n>] [--host <addr>] [--app <file>] [--data-dir <dir>]

Serves every inline hook exported by the app module at POST /hooks/<type> (and its event hook at
/hooks/events), checks the Authorization header against HOOK_SECRET (a fixed dev default is used and
printed when unset), starts the org emulator on $ORG_PORT (default 8788) and registers the hooks in
it, so the org calls them the way Okta does. Prints ready curl commands.

Options:
  -p, --port <n>        port to listen on (default $PORT or 8787; 0 picks a free one)
      --host <addr>     address to bind (default $HOST or 127.0.0.1)
      --app <file>      the module to serve (default ${DEFAULT_APP}); TypeScript is loaded as it is
      --data-dir <dir>  SQLite files of the org and the event queue (default $GATEHOOK_DATA_DIR or ${DEFAULT_DATA_DIR})
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
      host: { type: 'string' },
      app: { type: 'string' },
      'data-dir': { type: 'string' },
      'allow-host': { type: 'string' },
    });
    if (values.help) {
      io.out(this.usage);
      return 0;
    }
    const config = readRuntimeConfig('dev', io.env);
    const { server, services, calls } = await startDevServer(
      {
        port: portFrom('dev', values.port, config.port),
        host: values.host ?? config.host,
        appPath: values.app ?? DEFAULT_APP,
        dataDir: values['data-dir'] ?? (io.env.GATEHOOK_DATA_DIR || DEFAULT_DATA_DIR),
        ...(values['allow-host'] !== undefined ? { allowHost: values['allow-host'] } : {}),
      },
      io,
    );
    const signal = await waitForSignal();
    io.err(`gatehook dev: ${signal}, shutting down`);
    // The same outcomes the Lambda functions report to CloudWatch, counted for this session.
    const summary = calls.summary();
    io.err(summary.length > 0 ? `gatehook dev: hook calls this session: ${summary.join('; ')}` : 'gatehook dev: no hook calls this session');
    // The org first, so its last event deliveries still reach the receiver; the hook server last.
    for (const service of services) await service.close();
    await server.close();
    return 0;
  },
};
