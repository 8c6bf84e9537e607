/**
 * Reads what `cdk deploy --outputs-file` wrote for a GatehookHooks stack: each construct emits one output,
 * the manifest, naming every hook with its type, Function URL and secret ARN. A hook's secret value is
 * read from Secrets Manager only when it is registered, with the caller's AWS credentials.
 */
import { readFile } from 'node:fs/promises';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { InlineHookType } from '../handlers/core/types.js';
import { FAILURE_POLICY } from '../emulator/hook-calls/failure-policy.js';
import { parseHookSecret } from '../secrets/format.js';
import { MANIFEST_FORMAT } from './manifest.js';
import { SecretVersions } from './secret-versions.js';


export interface ManifestHook {
  name: string;
  type: InlineHookType | 'events';
  url: string;
  secretArn: string;
}

export interface StackHook extends ManifestHook {
  /** The value Okta must send: the `current` of the secret's AWSCURRENT version. */
  secret(): Promise<string>;
}

const TYPES = new Set<string>([...Object.keys(FAILURE_POLICY), 'events']);

function manifestHooks(value: string, where: string): ManifestHook[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  const manifest = parsed as { format?: unknown; hooks?: unknown };
  if (manifest?.format !== MANIFEST_FORMAT) return undefined;
  if (!Array.isArray(manifest.hooks)) throw new Error(`${where} is a gatehook manifest without a "hooks" list`);
  return manifest.hooks.map((hook: Record<string, unknown>, index) => {
    for (const key of ['name', 'type', 'url', 'secretArn']) {
      if (typeof hook?.[key] !== 'string' || hook[key] === '') throw new Error(`${where}: hook ${index} has no "${key}"`);
    }
    if (!TYPES.has(hook.type as string)) throw new Error(`${where}: hook "${String(hook.name)}" has an unknown type "${String(hook.type)}"`);
    return { name: hook.name, type: hook.type, url: hook.url, secretArn: hook.secretArn } as ManifestHook;
  });
}

const regionOf = (arn: string) => arn.split(':')[3] || undefined;

export async function readStackOutputs(file: string, options: { client?: (region: string | undefined) => SecretsManagerClient } = {}): Promise<StackHook[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let outputs: unknown;
  try {
    outputs = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON (write it with cdk deploy --outputs-file ${file})`);
  }
  if (typeof outputs !== 'object' || outputs === null) throw new Error(`${file} is not an object of stacks`);
  const hooks: ManifestHook[] = [];
  for (const [stack, values] of Object.entries(outputs as Record<string, unknown>)) {
    if (typeof values !== 'object' || values === null) continue;
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      if (typeof value === 'string') hooks.push(...(manifestHooks(value, `${file}: ${stack}.${key}`) ?? []));
    }
  }
  if (hooks.length === 0) throw new Error(`${file} has no gatehook manifest output: was the stack deployed with GatehookHooks (outputs on)?`);
  const clients = new Map<string, SecretsManagerClient>();
  const clientFor = async (region: string | undefined) => {
    const key = region ?? '';
    if (!clients.has(key)) {
      const made = options.client ? options.client(region) : new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient(region ? { region } : {});
      clients.set(key, made);
    }
    return clients.get(key)!;
  };
  return hooks.map((hook) => ({
    ...hook,
    async secret() {
      const version = await new SecretVersions(await clientFor(regionOf(hook.secretArn))).read(hook.secretArn, { stage: 'AWSCURRENT' });
      if (!version) throw new Error(`secret ${hook.secretArn} was not found, or has no AWSCURRENT value (ResourceNotFoundException)`);
      return parseHookSecret(version.value, `secret ${hook.secretArn}`)[0]!;
    },
  }));
}
