import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InlineHookDefinition, InlineHookType } from '../../handlers/core/types.js';
import { createJsonLogger } from '../../middleware/logger/json-logger.js';
import { createHookApp, type HookDefinitions } from '../../runtime/app.js';
import { readRuntimeConfig } from '../../runtime/config.js';
import { serveNode, type RunningServer } from '../../runtime/node.js';
import { fromEnv } from '../../secrets/env.js';
import { parseCommandArgs, portFrom } from './parse.js';
import { CliUsageError, type CliIo, type Command } from './types.js';

const DEFAULT_APP = 'examples/app.ts';

/** What a module served by `gatehook dev --app <file>` exports. */
export interface DevAppModule {
  hooks: HookDefinitions;
  /** Optional: a realistic request body per hook type, for the printed curl commands. */
  sampleRequests?: Partial<Record<InlineHookType, () => unknown>>;
}

export interface DevOptions {
  port: number;
  host: string;
  appPath: string;
}

/** Something `dev` starts next to the hook server and stops with it. */
interface DevService {
  name: string;
  url: string;
  close(): Promise<void>;
}

async function loadApp(appPath: string): Promise<DevAppModule> {
  const file = resolve(appPath);
  let mod: Partial<DevAppModule>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Partial<DevAppModule>;
  } catch (err) {
    throw new CliUsageError(`gatehook dev: cannot load ${appPath}: ${(err as Error).message}`);
  }
  if (!mod.hooks || typeof mod.hooks !== 'object') throw new CliUsageError(`gatehook dev: ${appPath} must export \`hooks\` (a record of hook definitions)`);
  return mod as DevAppModule;
}

/**
 * Starts the services that run beside the hooks in development. The org emulator (on $ORG_PORT,
 * default 8788) is started here once src/emulator exists; nothing else needs to change.
 */
async function startCompanionServices(_io: CliIo): Promise<DevService[]> {
  return [];
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

/** Serves the hooks and prints where and how to call them; resolves with the running server. */
export async function startDevServer(options: DevOptions, io: CliIo): Promise<{ server: RunningServer; services: DevService[] }> {
  const config = readRuntimeConfig('dev', io.env);
  const mod = await loadApp(options.appPath);
  const app = createHookApp({
    hooks: mod.hooks,
    auth: { header: { secrets: fromEnv(config.env) } },
    deadlineMs: config.deadlineMs,
    logger: createJsonLogger({ level: config.logLevel, write: io.err }),
    logBodies: true,
  });
  const server = await serveNode(app, { port: options.port, hostname: options.host });
  const services = await startCompanionServices(io);
  const samples = await writeSamples(mod);
  const secret = config.env.HOOK_SECRET!;
  const types = Object.entries(mod.hooks).filter(([, d]) => d !== undefined) as Array<[InlineHookType, InlineHookDefinition]>;

  io.out(`gatehook dev: listening on ${server.url}`);
  for (const [type] of types) io.out(`  POST ${server.url}/hooks/${type}`);
  io.out(`  GET  ${server.url}/healthz`);
  for (const service of services) io.out(`  ${service.name}: ${service.url}`);
  io.out('');
  if (config.devDefaults.includes('HOOK_SECRET')) {
    io.out(`HOOK_SECRET (dev default, never used outside \`gatehook dev\`): ${secret}`);
  } else {
    io.out('HOOK_SECRET: taken from the environment');
  }
  const [firstType] = types[0]!;
  const sample = samples.get(firstType);
  io.out('');
  io.out('Try it:');
  io.out(
    `  curl -i -X POST ${server.url}/hooks/${firstType} -H ${shellQuote(`Authorization: ${secret}`)} ` +
      `-H 'Content-Type: application/json' --data ${sample ? `@${sample}` : "'{}'"}`,
  );
  return { server, services };
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on).off('SIGTERM', on);
      resolveSignal(signal);
    };
    process.on('SIGINT', on).on('SIGTERM', on);
  });
}

export const devCommand: Command = {
  name: 'dev',
  summary: 'serve the example hooks locally (127.0.0.1:$PORT, default 8787)',
  usage: `Usage: gatehook dev [--port <n>] [--host <addr>] [--app <file>]

Serves every inline hook exported by the app module at POST /hooks/<type>, checks the
Authorization header against HOOK_SECRET (a fixed dev default is used and printed when unset),
and prints a ready curl command.

Options:
  -p, --port <n>     port to listen on (default $PORT or 8787; 0 picks a free one)
      --host <addr>  address to bind (default $HOST or 127.0.0.1)
      --app <file>   module exporting \`hooks\` (default ${DEFAULT_APP})
  -h, --help         show this help

Environment: HOOK_SECRET, HOOK_SECRET_PREVIOUS, PORT, HOST, GATEHOOK_DEADLINE_MS, LOG_LEVEL`,
  async run(args, io) {
    const { values } = parseCommandArgs('dev', args, {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      app: { type: 'string' },
    });
    if (values.help) {
      io.out(this.usage);
      return 0;
    }
    const config = readRuntimeConfig('dev', io.env);
    const { server, services } = await startDevServer(
      { port: portFrom('dev', values.port, config.port), host: values.host ?? config.host, appPath: values.app ?? DEFAULT_APP },
      io,
    );
    const signal = await waitForSignal();
    io.err(`gatehook dev: ${signal}, shutting down`);
    await Promise.all([server.close(), ...services.map((s) => s.close())]);
    return 0;
  },
};
