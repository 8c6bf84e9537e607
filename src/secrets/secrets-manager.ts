import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GatehookConfigError } from '../runtime/errors.js';
import { cachedSource } from './cache.js';
import { parseHookSecret } from './format.js';
import { SecretSourceError, type SecretSource } from './types.js';

export interface SecretsManagerSourceOptions {
  /** Serve cached values this long before reading again (default 5 min). */
  ttlMs?: number;
  /** At most one forced refresh per this interval (default 10 s). */
  minRefreshMs?: number;
  /** A configured client (region, endpoint, credentials); a default client is created lazily otherwise. */
  client?: SecretsManagerClient;
  now?: () => number;
}

type SecretsManagerSdk = typeof import('@aws-sdk/client-secrets-manager');
let sdk: Promise<SecretsManagerSdk> | undefined;

/**
 * The SDK is imported on first use, not with this module: loading it (with node:http2 and https)
 * took about 50 ms of a cold start, and a Lambda that imports createLambdaHandler but takes its
 * secret from the environment never calls Secrets Manager. A failed import is not kept, so a later
 * call tries again.
 */
function loadSdk(): Promise<SecretsManagerSdk> {
  sdk ??= import('@aws-sdk/client-secrets-manager').catch((err: unknown) => {
    sdk = undefined;
    throw err;
  });
  return sdk;
}

/** Reads a secret's `SecretString` (of a stage, AWSCURRENT by default); the error names the secret id, never its value. */
export async function readSecretString(client: SecretsManagerClient, secretId: string, stage?: string): Promise<string> {
  const { GetSecretValueCommand } = await loadSdk();
  let out;
  try {
    out = await client.send(new GetSecretValueCommand({ SecretId: secretId, ...(stage ? { VersionStage: stage } : {}) }));
  } catch (err) {
    const name = err instanceof Error ? err.name : 'unknown error';
    throw new SecretSourceError('ERR_SECRET_FETCH_FAILED', `reading secret ${secretId} failed: ${name}`, { cause: err });
  }
  if (typeof out.SecretString !== 'string') {
    throw new SecretSourceError('ERR_SECRET_FORMAT', `secret ${secretId} has no SecretString (binary secrets are not supported)`);
  }
  return out.SecretString;
}

/**
 * The values of the AWSPENDING version while a rotation is under way, none otherwise. gatehook's rotation
 * function stores the new value there before it switches Okta to it, so accepting it is what keeps
 * calls flowing during the switch.
 */
async function pendingValues(client: SecretsManagerClient, secretId: string): Promise<readonly string[]> {
  try {
    return parseHookSecret(await readSecretString(client, secretId, 'AWSPENDING'), `the pending version of secret ${secretId}`);
  } catch (err) {
    if (err instanceof SecretSourceError && err.cause instanceof Error && err.cause.name === 'ResourceNotFoundException') return [];
    throw err;
  }
}

/**
 * Hook secrets from AWS Secrets Manager, cached for `ttlMs` and re-read on a miss (rate-limited), so
 * a rotation takes effect without a redeploy. The SecretString is plain or `{"current","previous"}`;
 * during a rotation the AWSPENDING version's values are accepted as well.
 *
 * @example
 * const secrets = fromSecretsManager(process.env.GATEHOOK_HOOK_SECRET_ID!, { ttlMs: 300_000 });
 */
export function fromSecretsManager(secretId: string, options: SecretsManagerSourceOptions = {}): SecretSource {
  if (!secretId?.trim()) {
    throw new GatehookConfigError('ERR_HOOK_SECRET_MISSING', 'fromSecretsManager needs a secret id or ARN (GATEHOOK_HOOK_SECRET_ID)');
  }
  let client = options.client;
  // Started now so the import overlaps the rest of start-up (the Lambda init phase) instead of
  // adding to the first request; the loader awaits it, so a failure surfaces there.
  loadSdk().catch(() => undefined);
  return cachedSource(
    async () => {
      client ??= new (await loadSdk()).SecretsManagerClient({});
      const [current, pending] = await Promise.all([
        readSecretString(client, secretId).then((text) => parseHookSecret(text, `secret ${secretId}`)),
        pendingValues(client, secretId),
      ]);
      return [...new Set([...current, ...pending])];
    },
    { ttlMs: options.ttlMs ?? 300_000, minRefreshMs: options.minRefreshMs ?? 10_000, now: options.now },
  );
}
