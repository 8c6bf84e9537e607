/**
 * The CloudFormation custom resource (behind aws-cdk-lib's Provider framework) that makes the org's hooks
 * match the stack: on Create and Update every inline hook is created or updated with its Function URL and
 * the current value of its secret, and activated; the event hook likewise, then verified; hooks the stack
 * no longer has are removed; on Delete all of them are. Secret values are read from Secrets Manager inside
 * the function and never reach the template, the response `Data` or a log line.
 */
import { createHash } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { oktaFromSecretsManager } from '../../runtime/okta-credentials.js';
import type { OktaClient } from '../../sdk/client.js';
import { parseHookSecret } from '../../secrets/format.js';
import { applyHookPlan, describeOktaError, removeHooks, type HookLog, type HookPlan } from '../org-hooks.js';
import { SecretVersions } from '../secret-versions.js';
import { readRegistrationProperties, type RegistrationProperties } from './properties.js';

/** The part of a CloudFormation custom resource event the Provider framework hands its onEvent function. */
export interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  RequestId?: string;
  LogicalResourceId?: string;
  PhysicalResourceId?: string;
  ResourceProperties: Record<string, unknown>;
  OldResourceProperties?: Record<string, unknown>;
}

export interface CustomResourceResult {
  PhysicalResourceId: string;
  Data?: Record<string, string>;
}

export interface RegistrationHandlerOptions {
  /** A configured Secrets Manager client; a default one (the function's role and region) otherwise. */
  secretsClient?: SecretsManagerClient;
  /** Where log lines go; one JSON object per line on stdout by default. */
  log?: HookLog;
}

const defaultLog: HookLog = (line) => console.log(JSON.stringify({ source: 'gatehook-registration', message: line }));

/** The physical id names the org and the hook names, so changing either replaces the resource (and CloudFormation deletes the old hooks). */
const physicalId = (props: RegistrationProperties) =>
  `gatehook-hooks:${props.namePrefix}:${createHash('sha256').update(props.orgCredentialsSecretId).digest('hex').slice(0, 12)}`;

const oktaName = (props: RegistrationProperties, name: string) => `${props.namePrefix} ${name}`;

/** The value Okta must send now: the `current` of the secret's AWSCURRENT version. */
async function currentHookSecret(secrets: SecretVersions, secretId: string): Promise<string> {
  const version = await secrets.read(secretId, { stage: 'AWSCURRENT' });
  if (!version) throw new Error(`hook secret ${secretId} has no AWSCURRENT version`);
  const [current] = parseHookSecret(version.value, `secret ${secretId}`);
  return current!;
}

async function planFor(props: RegistrationProperties, secrets: SecretVersions): Promise<HookPlan> {
  const auth = async (secretId: string) => ({ type: 'HEADER' as const, key: props.authHeader, value: await currentHookSecret(secrets, secretId) });
  const inlineHooks = [];
  for (const hook of props.inlineHooks) {
    inlineHooks.push({ name: oktaName(props, hook.name), type: hook.type, url: hook.url, auth: await auth(hook.secretId) });
  }
  const event = props.eventHook;
  return {
    inlineHooks,
    eventHook: event && { name: oktaName(props, event.name), url: event.url, auth: await auth(event.secretId), eventTypes: event.eventTypes, filter: event.filter },
  };
}

function namesOf(props: RegistrationProperties): { inlineHooks: string[]; eventHook?: string } {
  return {
    inlineHooks: props.inlineHooks.map((hook) => oktaName(props, hook.name)),
    ...(props.eventHook ? { eventHook: oktaName(props, props.eventHook.name) } : {}),
  };
}

export function createRegistrationHandler(options: RegistrationHandlerOptions = {}): (event: CustomResourceEvent) => Promise<CustomResourceResult> {
  const log = options.log ?? defaultLog;
  let secretsClient = options.secretsClient;
  const secretsFor = async () => {
    secretsClient ??= new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient({});
    return secretsClient;
  };

  const oktaFor = async (props: RegistrationProperties): Promise<OktaClient> =>
    oktaFromSecretsManager(props.orgCredentialsSecretId, { client: await secretsFor() })();

  return async (event) => {
    const props = readRegistrationProperties(event.ResourceProperties, 'ResourceProperties');
    const id = physicalId(props);
    if (event.RequestType === 'Delete') {
      // A stack whose org is unreachable must still be deletable: say what was left behind and succeed.
      try {
        await removeHooks(await oktaFor(props), namesOf(props), log);
      } catch (error) {
        log(`could not remove the hooks from the org (${describe(error)}); remove ${[...namesOf(props).inlineHooks, namesOf(props).eventHook].filter(Boolean).join(', ')} by hand`);
      }
      return { PhysicalResourceId: event.PhysicalResourceId ?? id };
    }

    const secrets = new SecretVersions(await secretsFor());
    const client = await oktaFor(props);
    const applied = await applyHookPlan(client, await planFor(props, secrets), log).catch((error: unknown) => {
      throw new Error(`registering the hooks failed: ${describe(error)}`);
    });
    if (!applied.eventHookVerified) {
      throw new Error(`the org could not verify event hook "${oktaName(props, props.eventHook!.name)}": is the receiver deployed and its secret the one registered?`);
    }

    // Hooks the previous properties had and these do not (same physical id: a changed id makes CloudFormation delete the old resource itself).
    if (event.RequestType === 'Update' && event.OldResourceProperties) {
      const old = readRegistrationProperties(event.OldResourceProperties, 'OldResourceProperties');
      if (physicalId(old) === id) {
        const keep = namesOf(props);
        const before = namesOf(old);
        await removeHooks(
          client,
          { inlineHooks: before.inlineHooks.filter((name) => !keep.inlineHooks.includes(name)), eventHook: before.eventHook && before.eventHook !== keep.eventHook ? before.eventHook : undefined },
          log,
        );
      }
    }

    const data: Record<string, string> = {};
    for (const [name, hookId] of Object.entries(applied.inlineHookIds)) data[`InlineHookId.${name.slice(props.namePrefix.length + 1)}`] = hookId;
    if (applied.eventHookId) data.EventHookId = applied.eventHookId;
    return { PhysicalResourceId: id, Data: data };
  };
}

function describe(error: unknown): string {
  try {
    return describeOktaError(error);
  } catch {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}
