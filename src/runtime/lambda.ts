import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import type { Logger } from '../handlers/core/types.js';
import { createJsonLogger } from '../middleware/logger/json-logger.js';
import type { GatehookEnv } from '../middleware/types.js';
import { fromSecretsManager } from '../secrets/secrets-manager.js';
import { createHookApp, type HookAuth } from './app.js';
import { readRuntimeConfig, type Env } from './config.js';
import { GatehookConfigError } from './errors.js';
import { isHonoApp, isHookDefinition, type AnyDefinition } from './shapes.js';
import { emfSink, type MetricsSink } from '../middleware/metrics/index.js';
import type { OktaClientOption } from './okta.js';

export interface LambdaHandlerOptions {
  /** Default: the shared secret in Secrets Manager named by GATEHOOK_HOOK_SECRET_ID. */
  auth?: HookAuth;
  deadlineMs?: number;
  logger?: Logger;
  okta?: OktaClientOption;
  /** Hook secret cache lifetime (default 5 min); a miss re-reads at most every 10 s. */
  secretTtlMs?: number;
  /** A configured Secrets Manager client (tests, custom endpoint); default client otherwise. */
  secretsClient?: SecretsManagerClient;
  env?: Env;
  /**
   * Where each call's outcome and duration go. Default: CloudWatch Embedded Metric Format lines on stdout
   * (namespace `Gatehook`, which the construct's alarms and dashboard read); `false` for none.
   * `GATEHOOK_METRICS=off` in the environment turns the default off too.
   */
  metrics?: MetricsSink | false;
}

function metricsOption(option: MetricsSink | false | undefined, env: Env): { metrics?: MetricsSink } {
  if (option === false) return {};
  if (option) return { metrics: option };
  return env.GATEHOOK_METRICS === 'off' ? {} : { metrics: emfSink() };
}

function defaultAuth(env: Env, options: LambdaHandlerOptions): HookAuth {
  const config = readRuntimeConfig('lambda', env);
  if (!config.hookSecretId) {
    throw new GatehookConfigError(
      'ERR_HOOK_SECRET_MISSING',
      'GATEHOOK_HOOK_SECRET_ID is not set: set it to the Secrets Manager id or ARN of the hook secret (or pass `auth`)',
    );
  }
  return { header: { secrets: fromSecretsManager(config.hookSecretId, { ttlMs: options.secretTtlMs, client: options.secretsClient }) } };
}

/**
 * A Lambda handler (API Gateway v1/v2, function URL, ALB) for one hook definition or a whole app.
 * A definition is served at `POST /` and `POST /hooks/<type>`; configuration is read once at init,
 * so a missing secret id fails the cold start instead of answering requests.
 *
 * @example
 * // examples/src/lambda/token.ts
 * export const handler = createLambdaHandler(tokenHook(async (event, api) => { ... }));
 */
export function createLambdaHandler(target: AnyDefinition | Hono<GatehookEnv>, options: LambdaHandlerOptions = {}) {
  // Duck-typed, not `instanceof`: the user's app may come from their own copy of hono.
  if (isHonoApp(target)) return handle(target);
  if (!isHookDefinition(target)) throw new GatehookConfigError('ERR_NO_HOOKS', 'createLambdaHandler: pass a hook definition or a Hono app');
  const env = options.env ?? process.env;
  const config = readRuntimeConfig('lambda', env);
  const app = createHookApp({
    hooks: { [target.type]: target },
    auth: options.auth ?? defaultAuth(env, options),
    deadlineMs: options.deadlineMs ?? config.deadlineMs,
    logger:
      options.logger ??
      createJsonLogger({ level: config.logLevel, base: env.AWS_LAMBDA_FUNCTION_NAME ? { function: env.AWS_LAMBDA_FUNCTION_NAME } : {} }),
    okta: options.okta,
    serveAtRoot: true,
    ...metricsOption(options.metrics, env),
  });
  return handle(app);
}
