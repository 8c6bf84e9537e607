import { isLogLevel, type LogLevel } from '../middleware/logger/json-logger.js';
import { DEFAULT_BUDGET_MS } from '../middleware/deadline/index.js';
import { GatehookConfigError } from './errors.js';

export type Env = Record<string, string | undefined>;
export type RuntimeMode = 'dev' | 'node' | 'lambda';

/** The fixed dev secret: only `gatehook dev` ever uses it, and it says so in its value. */
export const DEV_HOOK_SECRET = 'Basic Z2F0ZWhvb2stZGV2Omluc2VjdXJlLWRldi1vbmx5';

export interface RuntimeConfig {
  mode: RuntimeMode;
  port: number;
  host: string;
  deadlineMs: number;
  logLevel: LogLevel;
  /** Lambda: Secrets Manager id of the hook secret. */
  hookSecretId?: string;
  /** Lambda: Secrets Manager id of the org API credentials. */
  oktaSecretId?: string;
  /** The env a dev server actually runs with (dev defaults filled in). */
  env: Env;
  /** Names of the variables that were filled with dev defaults, to print at start-up. */
  devDefaults: string[];
}

function intFrom(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new GatehookConfigError('ERR_CONFIG_INVALID', `${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Reads and validates the environment for one runtime mode. Only `dev` fills in defaults
 * (HOOK_SECRET and OKTA_ORG_URL), and lists them so they can be printed; `node` needs HOOK_SECRET;
 * `lambda` never reads a secret value from the environment (see createLambdaHandler).
 */
export function readRuntimeConfig(mode: RuntimeMode, source: Env = process.env): RuntimeConfig {
  const env: Env = { ...source };
  const devDefaults: string[] = [];
  if (mode === 'dev') {
    if (!env.HOOK_SECRET) {
      env.HOOK_SECRET = DEV_HOOK_SECRET;
      devDefaults.push('HOOK_SECRET');
    }
  }
  if (mode === 'node' && !env.HOOK_SECRET) {
    throw new GatehookConfigError('ERR_HOOK_SECRET_MISSING', 'HOOK_SECRET is not set: set it to the exact Authorization header value configured on the hook in Okta');
  }
  const logLevel = env.LOG_LEVEL?.toLowerCase() ?? (mode === 'dev' ? 'debug' : 'info');
  if (!isLogLevel(logLevel)) throw new GatehookConfigError('ERR_CONFIG_INVALID', `LOG_LEVEL must be debug, info, warn, error or silent, got "${env.LOG_LEVEL}"`);
  return {
    mode,
    port: intFrom(env, 'PORT', 8787, 0, 65535),
    host: env.HOST || '127.0.0.1',
    deadlineMs: intFrom(env, 'GATEHOOK_DEADLINE_MS', DEFAULT_BUDGET_MS, 1, 2999),
    logLevel,
    hookSecretId: env.GATEHOOK_HOOK_SECRET_ID || undefined,
    oktaSecretId: env.GATEHOOK_OKTA_SECRET_ID || undefined,
    env,
    devDefaults,
  };
}
