import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GatehookConfigError } from '../runtime/errors.js';
import { cachedSource } from './cache.js';
import { parseHookSecret } from './format.js';
import { SecretSourceError, type SecretSource } from './types.js';

/**
 * How a secret is read. `signed-request` (the default): one SigV4-signed GetSecretValue call with the
 * credentials Lambda puts in the environment, no SDK loaded. `extension`: the AWS Parameters and
 * Secrets Lambda Extension on localhost (its own cache in front of Secrets Manager). Passing `client`
 * (an AWS SDK client: another credential source, a custom endpoint) uses the SDK instead.
 */
export type SecretsManagerVia = 'signed-request' | 'extension';

export interface SecretsManagerSourceOptions {
  /** Serve cached values this long before reading again (default 5 min). */
  ttlMs?: number;
  /** At most one forced refresh per this interval (default 10 s). */
  minRefreshMs?: number;
  /** A configured AWS SDK client; the SDK is then loaded (from node_modules, never bundled) to call it. */
  client?: SecretsManagerClient;
  /** Default: GATEHOOK_SECRETS_VIA, else `signed-request`. */
  via?: SecretsManagerVia;
  now?: () => number;
}

/** Reads one version stage of a secret's `SecretString`; throws an Error whose `name` is AWS's error type. */
type ReadSecret = (secretId: string, stage: string | undefined) => Promise<string>;
type Env = Record<string, string | undefined>;

class AwsError extends Error {
  readonly code: string | undefined;
  constructor(name: string, message: string, code?: string) {
    super(message);
    this.name = name;
    this.code = code;
  }
}

/** One JSON exchange over node:http(s), imported statically: an ESM bundle then needs no require(). */
function exchange(url: URL, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs = 2000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method, headers, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new AwsError('TimeoutError', `no answer from ${url.host} within ${timeoutMs} ms`, 'ETIMEDOUT')));
    req.on('error', reject);
    req.end(body);
  });
}

/** AWS's JSON error (`{ __type, message }`) as an AwsError named by its type. */
function awsError(status: number, text: string): AwsError {
  let parsed: { __type?: unknown; message?: unknown; Message?: unknown } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // Not JSON (a proxy, the extension's plain-text errors): the type may still be named in the text.
  }
  const type = typeof parsed.__type === 'string' ? parsed.__type.split('#').pop()! : /ResourceNotFoundException/.test(text) ? 'ResourceNotFoundException' : `HTTP${status}`;
  const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.Message === 'string' ? parsed.Message : `status ${status}`;
  return new AwsError(type, message.slice(0, 300), String(status));
}

function secretStringOf(status: number, text: string): string | undefined {
  if (status !== 200) throw awsError(status, text);
  const out = JSON.parse(text) as { SecretString?: unknown };
  return typeof out.SecretString === 'string' ? out.SecretString : undefined;
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** GetSecretValue signed with Signature Version 4 from the environment's credentials (what Lambda provides). */
export function signedRequestReader(env: Env = process.env, now: () => Date = () => new Date()): ReadSecret {
  return async (secretId, stage) => {
    const { AWS_ACCESS_KEY_ID: keyId, AWS_SECRET_ACCESS_KEY: secretKey, AWS_SESSION_TOKEN: token } = env;
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!keyId || !secretKey || !region) {
      throw new AwsError('CredentialsError', 'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION must be set (Lambda sets them; elsewhere pass `client`)', 'ERR_AWS_CREDENTIALS');
    }
    const url = new URL(env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? env.AWS_ENDPOINT_URL ?? `https://secretsmanager.${region}.amazonaws.com/`);
    const body = JSON.stringify({ SecretId: secretId, ...(stage ? { VersionStage: stage } : {}) });
    const amzDate = now().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      host: url.host,
      'x-amz-date': amzDate,
      ...(token ? { 'x-amz-security-token': token } : {}),
      'x-amz-target': 'secretsmanager.GetSecretValue',
    };
    const names = Object.keys(headers);
    const signedHeaders = names.join(';');
    const canonical = ['POST', url.pathname, '', ...names.map((n) => `${n}:${headers[n]}`), '', signedHeaders, sha256(body)].join('\n');
    const scope = `${day}/${region}/secretsmanager/aws4_request`;
    const key = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, day), region), 'secretsmanager'), 'aws4_request');
    const signature = createHmac('sha256', key).update(`AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonical)}`).digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${keyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    const { status, text } = await exchange(url, 'POST', headers, body);
    return secretStringOf(status, text) ?? missingString(secretId);
  };
}

/**
 * The AWS Parameters and Secrets Lambda Extension (`ParamsAndSecretsLayerVersion` in aws-cdk-lib): a
 * GET on localhost with the function's session token; it answers GetSecretValue's JSON.
 */
export function extensionReader(env: Env = process.env): ReadSecret {
  return async (secretId, stage) => {
    const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
    // 127.0.0.1 rather than localhost: no name lookup on a cold start (the extension listens on the loopback).
    const url = new URL(`http://127.0.0.1:${port}/secretsmanager/get`);
    url.searchParams.set('secretId', secretId);
    if (stage) url.searchParams.set('versionStage', stage);
    const { status, text } = await exchange(url, 'GET', { 'x-aws-parameters-secrets-token': env.AWS_SESSION_TOKEN ?? '' }, undefined);
    return secretStringOf(status, text) ?? missingString(secretId);
  };
}

// A variable, not a literal: bundlers leave the import alone, so the SDK is loaded from node_modules
// (the Lambda runtime ships it) only by callers who pass a client, and never enters a bundle.
const SDK = '@aws-sdk/client-secrets-manager';

function sdkReader(client: SecretsManagerClient): ReadSecret {
  return async (secretId, stage) => {
    const { GetSecretValueCommand } = (await import(SDK)) as typeof import('@aws-sdk/client-secrets-manager');
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId, ...(stage ? { VersionStage: stage } : {}) }));
    return typeof out.SecretString === 'string' ? out.SecretString : missingString(secretId);
  };
}

function missingString(secretId: string): never {
  throw new SecretSourceError('ERR_SECRET_FORMAT', `secret ${secretId} has no SecretString (binary secrets are not supported)`);
}

/** The reader for these options: the client's SDK, the extension, or a signed request. */
export function secretReader(options: { client?: SecretsManagerClient; via?: SecretsManagerVia } = {}, env: Env = process.env): ReadSecret {
  if (options.client) return sdkReader(options.client);
  const via = options.via ?? env.GATEHOOK_SECRETS_VIA ?? 'signed-request';
  if (via === 'extension') return extensionReader(env);
  if (via === 'signed-request') return signedRequestReader(env);
  throw new GatehookConfigError('ERR_CONFIG_INVALID', `GATEHOOK_SECRETS_VIA must be signed-request or extension, got "${via}"`);
}

/**
 * Reads a secret's `SecretString` (of a stage, AWSCURRENT by default). A failure names the secret id
 * and the underlying error's type, code and message (AWS's own text, never a secret value).
 */
export async function readSecretString(reader: SecretsManagerClient | ReadSecret | undefined, secretId: string, stage?: string): Promise<string> {
  const read = typeof reader === 'function' ? reader : secretReader({ client: reader });
  try {
    return await read(secretId, stage);
  } catch (err) {
    if (err instanceof SecretSourceError) throw err;
    const e = err as { name?: unknown; code?: unknown; message?: unknown } | null;
    const detail = [e?.name, e?.code, e?.message].filter((part) => typeof part === 'string' && part !== '').join(' ');
    throw new SecretSourceError('ERR_SECRET_FETCH_FAILED', `reading secret ${secretId} failed: ${detail || 'unknown error'}`, { cause: err });
  }
}

/**
 * The values of the AWSPENDING version while a rotation is under way, none otherwise. gatehook's rotation
 * function stores the new value there before it switches Okta to it, so accepting it is what keeps
 * calls flowing during the switch.
 */
async function pendingValues(read: ReadSecret, secretId: string): Promise<readonly string[]> {
  try {
    return parseHookSecret(await readSecretString(read, secretId, 'AWSPENDING'), `the pending version of secret ${secretId}`);
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
  const read = secretReader(options);
  return cachedSource(
    async () => {
      const [current, pending] = await Promise.all([
        readSecretString(read, secretId).then((text) => parseHookSecret(text, `secret ${secretId}`)),
        pendingValues(read, secretId),
      ]);
      return [...new Set([...current, ...pending])];
    },
    { ttlMs: options.ttlMs ?? 300_000, minRefreshMs: options.minRefreshMs ?? 10_000, now: options.now },
  );
}
