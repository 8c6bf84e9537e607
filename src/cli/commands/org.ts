import type { OutcomeCount } from '../../middleware/metrics/index.js';
/**
 * Starting the local org for `gatehook emulator` and `gatehook dev`: where its data lives, which
 * credentials it accepts, and the lines that tell a developer how to use it. Every credential here
 * is a development default, used only when the environment does not set one, and always printed.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createJsonLogger, isLogLevel, type LogLevel } from '../../middleware/logger/json-logger.js';
import { DEMO_PASSWORD, demoClientCredentials, startEmulator, type RunningEmulator } from '../../emulator/index.js';
import type { OAuthClient } from '../../emulator/authorization-server/client-auth.js';
import { createConsole, type HookAuthHeader } from '../../console/index.js';
import { allowedHostsFrom } from '../../middleware/host-guard/index.js';
import { portFrom } from './parse.js';
import type { CliIo } from './types.js';

export const DEFAULT_ORG_PORT = 8788;
export const DEFAULT_DATA_DIR = '.data';
/** The API token the emulator accepts when OKTA_API_TOKEN is unset (development only, printed). */
export const DEV_API_TOKEN = '00dev-gatehook-api-token-insecure-dev-only';
/** The `/oauth2/default` client of the curl examples (client_secret_basic; development only, printed). */
export const DEV_CLIENT_ID = 'gatehook-dev-client';
export const DEV_CLIENT_SECRET = 'insecure-dev-only-client-secret';
/** A seeded, ACTIVE demo user with groups, for the password grant. */
export const DEMO_LOGIN = 'alice.nguyen@example.com';

export interface OrgOptions {
  port: number;
  host: string;
  /** SQLite file, or `:memory:`. */
  dataFile: string;
  apiToken: string;
  clientSecret: string;
  /** Names of the settings filled with dev defaults, to say so when printing them. */
  devDefaults: string[];
  /** Host names answered besides loopback ones (--allow-host, GATEHOOK_ALLOWED_HOSTS). */
  allowedHosts: string[];
}

/** The org settings from the environment: ORG_PORT, OKTA_API_TOKEN, ORG_CLIENT_SECRET, GATEHOOK_DATA_DIR. */
export function orgOptionsFrom(env: CliIo['env'], overrides: { port?: string; host?: string; dataFile?: string; allowHost?: string }): OrgOptions {
  const devDefaults: string[] = [];
  const orDefault = (name: string, value: string | undefined, fallback: string) => {
    if (value) return value;
    devDefaults.push(name);
    return fallback;
  };
  return {
    port: portFrom('emulator', overrides.port ?? env.ORG_PORT, DEFAULT_ORG_PORT),
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    dataFile: overrides.dataFile ?? join(env.GATEHOOK_DATA_DIR || DEFAULT_DATA_DIR, 'org.sqlite'),
    apiToken: orDefault('OKTA_API_TOKEN', env.OKTA_API_TOKEN, DEV_API_TOKEN),
    clientSecret: orDefault('ORG_CLIENT_SECRET', env.ORG_CLIENT_SECRET, DEV_CLIENT_SECRET),
    devDefaults,
    allowedHosts: allowedHostsFrom(env, overrides.allowHost),
  };
}

function logLevelOf(raw: string | undefined): LogLevel {
  const level = raw?.toLowerCase() ?? 'info';
  return isLogLevel(level) ? level : 'info';
}

export function devClient(secret: string): OAuthClient {
  return {
    clientId: DEV_CLIENT_ID,
    name: 'gatehook dev client',
    tokenEndpointAuthMethod: 'client_secret_basic',
    clientSecret: secret,
    grantTypes: ['client_credentials', 'password', 'refresh_token'],
  };
}

/** What the console at /_console needs from `dev` besides the org (all optional). */
export interface ConsoleSettings {
  hookAuth?: HookAuthHeader;
  hookBaseUrl?: string;
  replayDeadLetters?: () => Promise<unknown>;
  hookCalls?: () => readonly OutcomeCount[];
}

export const CONSOLE_PATH = '/_console';

export async function startOrg(options: OrgOptions, io: CliIo, consoleSettings: ConsoleSettings = {}): Promise<RunningEmulator> {
  if (options.dataFile !== ':memory:') await mkdir(dirname(options.dataFile), { recursive: true });
  return startEmulator({
    port: options.port,
    host: options.host,
    dataFile: options.dataFile,
    apiTokens: [options.apiToken],
    oauthClients: [devClient(options.clientSecret)],
    allowedHosts: options.allowedHosts,
    logger: createJsonLogger({ level: logLevelOf(io.env.LOG_LEVEL), write: io.err, base: { component: 'emulator' } }),
    configure: (emulator) => {
      emulator.app.route(CONSOLE_PATH, createConsole({ emulator, token: options.apiToken, basePath: CONSOLE_PATH, ...consoleSettings }));
    },
  });
}

/** What a developer needs to talk to the org, one line each. */
export function describeOrg(org: RunningEmulator, options: OrgOptions): string[] {
  const label = (name: string) => (options.devDefaults.includes(name) ? `${name} (dev default, printed because it is not a secret anywhere else)` : `${name} (from the environment)`);
  const demoApp = demoClientCredentials(org.emulator.deps);
  return [
    `org emulator: ${org.url}  (data: ${options.dataFile})`,
    `  ${label('OKTA_API_TOKEN')}: ${options.devDefaults.includes('OKTA_API_TOKEN') ? options.apiToken : '(set)'}`,
    `  console: ${org.url}${CONSOLE_PATH}/login  (sign in with OKTA_API_TOKEN; loopback only)`,
    `  demo users' password: ${DEMO_PASSWORD}  (e.g. ${DEMO_LOGIN})`,
    `  OAuth client of ${org.url}/oauth2/default: ${DEV_CLIENT_ID} / ${options.devDefaults.includes('ORG_CLIENT_SECRET') ? options.clientSecret : '$ORG_CLIENT_SECRET'}` +
      '  (client_secret_basic; client_credentials, password, refresh_token)',
    ...(demoApp ? [`  OAuth service app (private_key_jwt, ${org.url}/oauth2/v1/token): ${demoApp.clientId}`] : []),
  ];
}
