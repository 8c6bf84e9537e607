/**
 * Secrets Manager rotation for a hook secret, with no moment at which Okta's calls are refused:
 *
 * - createSecret: a new value N is stored as AWSPENDING, in the form `{"current": N, "previous": C}`.
 *   Hook functions accept every value of AWSCURRENT and AWSPENDING, so from here on they take N and C.
 * - setSecret: first the hook itself is called with N until it accepts it (its secret cache re-reads on a
 *   miss within seconds), and only then is the Okta hook's header value changed to N through the
 *   Management API. Okta never sends a value the function does not yet accept.
 * - testSecret: the org calls the hook with N (inline hooks through the execute operation, the event
 *   hook through verification); a refusal fails the rotation while C still works.
 * - finishSecret: AWSCURRENT moves to the new version. C stays accepted (as `previous`) until the next
 *   rotation, which covers calls Okta had in flight and functions still holding the old cache.
 *
 * Each step is idempotent, as Secrets Manager may call a step again.
 */
import { randomBytes } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { InlineHookType } from '../../handlers/core/types.js';
import { SAMPLE_REQUESTS } from '../../handlers/samples.js';
import { oktaFromSecretsManager } from '../../runtime/okta-credentials.js';
import type { OktaClient } from '../../sdk/client.js';
import { eventHooksApi } from '../../sdk/eventHooks.js';
import { inlineHooksApi } from '../../sdk/inlineHooks.js';
import type { EventHook, InlineHook } from '../../sdk/models/index.js';
import { parseHookSecret } from '../../secrets/format.js';
import { describeOktaError, findEventHook, findInlineHook, type HookLog } from '../org-hooks.js';
import { SecretVersions } from '../secret-versions.js';

export interface RotationEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

/** Which Okta hook the rotated secret authenticates: an inline hook of a type, or the event hook. */
export interface RotationTarget {
  /** The hook's name in Okta (`gatehook token`). */
  hookName: string;
  kind: InlineHookType | 'events';
  orgCredentialsSecretId: string;
}

export interface RotationHandlerOptions {
  secretsClient?: SecretsManagerClient;
  log?: HookLog;
  /** How long setSecret waits for the hook to accept the new value. Default 60 s. */
  acceptTimeoutMs?: number;
  /** The pause between those attempts. Default 1 s. */
  acceptIntervalMs?: number;
  fetch?: typeof fetch;
}

export class RotationError extends Error {
  override readonly name = 'RotationError';
}

const SAMPLES = SAMPLE_REQUESTS;

const defaultLog: HookLog = (line) => console.log(JSON.stringify({ source: 'gatehook-rotation', message: line }));

/** 48 characters of [A-Za-z0-9]: header-safe, as the construct's generated secrets are. */
export function newHookSecretValue(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  // Rejection sampling keeps every character equally likely.
  while (out.length < 48) for (const byte of randomBytes(64)) if (byte < 248 && out.length < 48) out += alphabet[byte % 62];
  return out;
}

/** Reads the rotation target from the function's environment (set by the construct). */
export function rotationTargetFromEnv(env: Record<string, string | undefined> = process.env): RotationTarget {
  const hookName = env.GATEHOOK_HOOK_NAME;
  const kind = env.GATEHOOK_HOOK_KIND;
  const orgCredentialsSecretId = env.GATEHOOK_OKTA_SECRET_ID;
  if (!hookName || !kind || !orgCredentialsSecretId) {
    throw new RotationError('the rotation function needs GATEHOOK_HOOK_NAME, GATEHOOK_HOOK_KIND and GATEHOOK_OKTA_SECRET_ID');
  }
  if (kind !== 'events' && !(kind in SAMPLES)) throw new RotationError(`GATEHOOK_HOOK_KIND must be events or one of ${Object.keys(SAMPLES).join(', ')}`);
  return { hookName, kind: kind as RotationTarget['kind'], orgCredentialsSecretId };
}

function withoutReadOnly<T extends Record<string, unknown>>(hook: T): T {
  const { _links: _l, id: _i, created: _c, createdBy: _b, lastUpdated: _u, status: _s, verificationStatus: _v, ...rest } = hook;
  return rest as T;
}

export function createRotationHandler(target: RotationTarget | (() => RotationTarget), options: RotationHandlerOptions = {}): (event: RotationEvent) => Promise<void> {
  const log = options.log ?? defaultLog;
  const doFetch = options.fetch ?? fetch;
  let secretsClient = options.secretsClient;
  const awsClient = async () => (secretsClient ??= new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient({}));
  const secrets = async () => new SecretVersions(await awsClient());
  const okta = async (t: RotationTarget) => oktaFromSecretsManager(t.orgCredentialsSecretId, { client: await awsClient() })();
  const resolveTarget = typeof target === 'function' ? target : () => target;

  async function pendingValue(store: SecretVersions, event: RotationEvent): Promise<string> {
    const pending = await store.read(event.SecretId, { versionId: event.ClientRequestToken, stage: 'AWSPENDING' });
    if (!pending) throw new RotationError(`secret ${event.SecretId} has no AWSPENDING version ${event.ClientRequestToken}`);
    return parseHookSecret(pending.value, `the pending version of ${event.SecretId}`)[0]!;
  }

  async function hookOf(client: OktaClient, t: RotationTarget): Promise<{ id: string; hook: InlineHook | EventHook; uri: string; key: string }> {
    const hook = t.kind === 'events' ? await findEventHook(client, t.hookName) : await findInlineHook(client, t.hookName);
    if (!hook?.id) throw new RotationError(`the org has no ${t.kind === 'events' ? 'event' : 'inline'} hook named "${t.hookName}"`);
    const config = (hook.channel as { config?: { uri?: string; authScheme?: { key?: string } } } | undefined)?.config;
    if (!config?.uri) throw new RotationError(`hook "${t.hookName}" has no channel URI`);
    return { id: hook.id, hook, uri: config.uri, key: config.authScheme?.key ?? 'Authorization' };
  }

  /** Calls the hook the way Okta would, with `value`; true once it is not refused as unauthenticated. */
  async function hookAccepts(t: RotationTarget, uri: string, key: string, value: string): Promise<boolean> {
    // The user agent lets the hook's logs tell these probes from Okta's own calls.
    const headers: Record<string, string> = { [key]: value, accept: 'application/json', 'user-agent': 'gatehook-rotation' };
    const init: RequestInit =
      t.kind === 'events'
        ? { method: 'GET', headers: { ...headers, 'x-okta-verification-challenge': `rotation-${Date.now()}` } }
        : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(SAMPLES[t.kind]()) };
    try {
      const res = await doFetch(uri, { ...init, signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      return res.status !== 401 && res.status !== 403;
    } catch {
      return false;
    }
  }

  const steps: Record<RotationEvent['Step'], (event: RotationEvent) => Promise<void>> = {
    async createSecret(event) {
      const store = await secrets();
      if (await store.read(event.SecretId, { versionId: event.ClientRequestToken, stage: 'AWSPENDING' })) return;
      const current = await store.read(event.SecretId, { stage: 'AWSCURRENT' });
      if (!current) throw new RotationError(`secret ${event.SecretId} has no AWSCURRENT version`);
      const [currentValue] = parseHookSecret(current.value, `secret ${event.SecretId}`);
      await store.putPending(event.SecretId, event.ClientRequestToken, JSON.stringify({ current: newHookSecretValue(), previous: currentValue }));
      log(`created the pending version of ${event.SecretId}`);
    },

    async setSecret(event) {
      const t = resolveTarget();
      const store = await secrets();
      const value = await pendingValue(store, event);
      const client = await okta(t);
      const { id, hook, uri, key } = await hookOf(client, t);
      const deadline = Date.now() + (options.acceptTimeoutMs ?? 60_000);
      while (!(await hookAccepts(t, uri, key, value))) {
        if (Date.now() > deadline) throw new RotationError(`hook "${t.hookName}" at ${uri} did not accept the new value in time; Okta still sends the old one`);
        await new Promise((resolve) => setTimeout(resolve, options.acceptIntervalMs ?? 1_000));
      }
      const body = withoutReadOnly(hook as Record<string, unknown>) as InlineHook & EventHook;
      const channel = body.channel as { config: { authScheme?: Record<string, unknown> } };
      channel.config.authScheme = { type: 'HEADER', key, value };
      try {
        if (t.kind === 'events') await eventHooksApi(client).updateEventHook(id, body);
        else await inlineHooksApi(client).updateInlineHook(id, body);
      } catch (error) {
        throw new RotationError(`updating hook "${t.hookName}" in the org failed: ${describeOktaError(error)}`, { cause: error });
      }
      log(`hook "${t.hookName}" now sends the new value`);
    },

    async testSecret() {
      const t = resolveTarget();
      const client = await okta(t);
      const { id } = await hookOf(client, t);
      try {
        if (t.kind === 'events') {
          const verified = await eventHooksApi(client).verifyEventHook(id);
          if (verified.verificationStatus !== 'VERIFIED') throw new RotationError(`the org could not verify event hook "${t.hookName}" with the new value`);
        } else {
          await inlineHooksApi(client).executeInlineHook(id, SAMPLES[t.kind]() as Record<string, unknown>);
        }
      } catch (error) {
        if (error instanceof RotationError) throw error;
        throw new RotationError(`the org's call to hook "${t.hookName}" with the new value failed: ${describeOktaError(error)}`, { cause: error });
      }
      log(`the org called hook "${t.hookName}" with the new value`);
    },

    async finishSecret(event) {
      const store = await secrets();
      const { versions } = await store.describe(event.SecretId);
      const current = Object.entries(versions).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
      if (current === event.ClientRequestToken) return;
      await store.promote(event.SecretId, event.ClientRequestToken, current);
      log(`the new version of ${event.SecretId} is AWSCURRENT`);
    },
  };

  return async (event) => {
    const store = await secrets();
    const { rotationEnabled, versions } = await store.describe(event.SecretId);
    if (!rotationEnabled) throw new RotationError(`rotation is not enabled for ${event.SecretId}`);
    const stages = versions[event.ClientRequestToken];
    if (!stages) throw new RotationError(`secret ${event.SecretId} has no version ${event.ClientRequestToken} to rotate`);
    if (stages.includes('AWSCURRENT')) return;
    if (!stages.includes('AWSPENDING')) throw new RotationError(`version ${event.ClientRequestToken} of ${event.SecretId} is not AWSPENDING`);
    const step = steps[event.Step];
    if (!step) throw new RotationError(`unknown rotation step ${String(event.Step)}`);
    await step(event);
  };
}
