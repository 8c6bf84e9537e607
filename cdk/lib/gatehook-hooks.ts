import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Dashboard } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CDK_CONFIG, GatehookConfigError } from './errors.js';
import { EventPipeline } from './event-pipeline.js';
import { HookFunction, INLINE_HOOK_DEFAULTS } from './hook-function.js';
import { HookRegistration, type InlineHookTypeName, type RegisteredInlineHook } from './registration.js';
import { HookSecretRotation } from './rotation.js';
import { callMetricAlarms, callMetricsDashboard, type CallMetricAlarmsOptions } from './call-metrics.js';
import { hookSecret, oktaCredentialsSecret } from './secrets.js';
import { DEFAULT_EVENT_TYPES, DEFAULT_HOOK_NAME_PREFIX } from '../../src/deploy/defaults.js';
import { MANIFEST_FORMAT } from '../../src/deploy/manifest.js';

const INLINE_HOOK_TYPES: readonly InlineHookTypeName[] = ['token', 'registration', 'password-import', 'user-import', 'saml', 'telephony'];

export interface InlineHookSpec {
  /** Lower-case, dash-separated (`token`, `password-import`); names the function, secret and output. */
  readonly name: string;
  /** The TypeScript module exporting `handler`. */
  readonly entry: string;
  readonly type: 'inline';
  /** The Okta inline hook type this function serves; defaults to `name` when that is a type (`token`, `saml`, ...). */
  readonly hookType?: InlineHookTypeName;
  /** Whether the hook calls the Management API and so needs the org credentials secret. Default true. */
  readonly useOktaApi?: boolean;
  /** Use an existing secret (complete ARN) for this hook's Authorization value instead of generating one. */
  readonly hookSecretArn?: string;
  readonly provisionedConcurrency?: number;
  readonly memorySize?: number;
  readonly timeout?: Duration;
}

export interface EventHooksSpec {
  readonly receiverEntry: string;
  readonly workerEntry: string;
  readonly hookSecretArn?: string;
  /**
   * Default 8. Keep it above the worker's own attempt limit (gatehook default 5) so that events reach
   * the dead-letter table with their errors before SQS moves the whole message to its DLQ.
   */
  readonly maxReceiveCount?: number;
  /** Default 30 s; the queue's visibility timeout is six times this. */
  readonly workerTimeout?: Duration;
  /** Default 2, the lowest SQS allows: event handling usually calls the rate-limited org API. */
  readonly workerMaxConcurrency?: number;
  /** Default 10. */
  readonly batchSize?: number;
}

export interface GatehookHooksProps {
  readonly hooks: readonly InlineHookSpec[];
  readonly events?: EventHooksSpec;
  /** Complete ARN of an existing org credentials secret; otherwise a placeholder secret is created. */
  readonly oktaCredentialsSecretArn?: string;
  /** Written into the placeholder credentials secret (not a secret itself). */
  readonly oktaOrgUrl?: string;
  /** Every alarm notifies this topic. */
  readonly alarmTopic?: ITopic;
  /** Default one month. */
  readonly logRetention?: RetentionDays;
  /** Default arm64: cheaper per ms and at least as fast for this workload. */
  readonly architecture?: Architecture;
  /** Default for every HTTP-facing function (inline hooks and the event receiver). Default none. */
  readonly provisionedConcurrency?: number;
  /** Default 4 s for HTTP-facing functions. */
  readonly timeout?: Duration;
  /** Default 512 MB. */
  readonly memorySize?: number;
  /** Where package-lock.json and node_modules live; defaults to what aws-cdk-lib finds from the cwd. */
  readonly projectRoot?: string;
  readonly depsLockFilePath?: string;
  /** Merged over gatehook's esbuild defaults (ESM, minified, source maps, AWS SDK external). */
  readonly bundling?: BundlingOptions;
  /** For the event dead-letter table. Default RETAIN: it holds events that still need attention. */
  readonly deadLetterRemovalPolicy?: RemovalPolicy;
  /** Emit a stack output per hook URL and per generated hook secret ARN. Default true. */
  readonly outputs?: boolean;
  /**
   * Register the hooks in the org on every deploy (a custom resource): each inline hook with its Function
   * URL and secret, activated; the event hook with its event types (and filter), activated and verified;
   * all removed when the stack is deleted. The org credentials secret must hold real credentials.
   */
  readonly registration?: HookRegistrationOptions;
  /** Thresholds of the per-call alarms (fallback rate, refusals, contract violations); `false` for none. */
  readonly callAlarms?: CallMetricAlarmsOptions | false;
  /** A CloudWatch dashboard of the hooks' calls by outcome and duration. Default true. */
  readonly dashboard?: boolean;
  /** Rotate every hook secret on a schedule with no refused call. Needs `registration` (the Okta hooks are found by name). */
  readonly rotation?: { readonly schedule: Duration };
}

export interface HookRegistrationOptions {
  /** Okta hook names are `<namePrefix> <hook name>`. Default `gatehook`; use one per stage when several stages share an org. */
  readonly namePrefix?: string;
  /** Default: the lifecycle, profile, session and group membership events `gatehook register` uses. */
  readonly eventTypes?: readonly string[];
  /** An Okta Expression Language filter for the event hook, e.g. `event.target.?[type eq 'UserGroup'].size() > 0`. */
  readonly eventFilter?: string;
}

const HOOK_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const EVENTS_NAME = 'events';

function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function validateHooks(props: GatehookHooksProps): void {
  if (props.hooks.length === 0 && !props.events) {
    throw new GatehookConfigError(CDK_CONFIG, 'GatehookHooks needs at least one inline hook or the events pipeline');
  }
  const seen = new Set<string>();
  for (const hook of props.hooks) {
    if (!HOOK_NAME.test(hook.name) || hook.name.length > 40) {
      throw new GatehookConfigError(CDK_CONFIG, 
        `hook name "${hook.name}" must be lower-case words joined by dashes (e.g. "password-import"), at most 40 characters`,
      );
    }
    if (hook.name === EVENTS_NAME) {
      throw new GatehookConfigError(CDK_CONFIG, `hook name "${EVENTS_NAME}" is reserved for the event hook pipeline`);
    }
    if (seen.has(hook.name)) throw new GatehookConfigError(CDK_CONFIG, `hook name "${hook.name}" is used twice`);
    seen.add(hook.name);
  }
  for (const hook of props.hooks) {
    const type = hook.hookType ?? hook.name;
    if (props.registration && !INLINE_HOOK_TYPES.includes(type as InlineHookTypeName)) {
      throw new GatehookConfigError(CDK_CONFIG, `hook "${hook.name}" needs hookType (one of ${INLINE_HOOK_TYPES.join(', ')}) to be registered`);
    }
  }
  if (props.rotation && !props.registration) {
    throw new GatehookConfigError(CDK_CONFIG, 'rotation needs registration: the rotation function finds the Okta hook by the name registration gives it');
  }
  if (props.rotation) {
    const days = props.rotation.schedule.toHours() / 24;
    if (days < 1 || days > 1000) throw new GatehookConfigError(CDK_CONFIG, `rotation.schedule must be from 1 to 1000 days (Secrets Manager's range), got ${days} days`);
  }
  const counts = [props.provisionedConcurrency, ...props.hooks.map((h) => h.provisionedConcurrency)];
  for (const count of counts) requireWholeNumber('provisionedConcurrency', count, 0, 10_000);
  // SQS's own limits, checked here so the error names gatehook's option rather than a CloudFormation field.
  requireWholeNumber('events.maxReceiveCount', props.events?.maxReceiveCount, 1, 1000);
  requireWholeNumber('events.batchSize', props.events?.batchSize, 1, 10_000);
  requireWholeNumber('events.workerMaxConcurrency', props.events?.workerMaxConcurrency, 2, 1000);
}

function requireWholeNumber(option: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw new GatehookConfigError(CDK_CONFIG, `${option} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/**
 * Deploys gatehook hooks: one Lambda per inline hook behind its own Function URL, and optionally the
 * event hook pipeline (receiver URL -> SQS with dead-letter queue -> worker with idempotency table).
 * Each function reads only its own secrets, logs to its own group with retention, and has alarms.
 *
 * @example
 * new GatehookHooks(stack, 'Hooks', {
 *   hooks: [{ name: 'token', entry: 'examples/src/lambda/token.ts', type: 'inline' }],
 *   events: { receiverEntry: 'examples/src/lambda/events-receiver.ts', workerEntry: 'examples/src/lambda/events-worker.ts' },
 * });
 */
export class GatehookHooks extends Construct {
  /** Inline hook functions by hook name. */
  readonly functions = new Map<string, HookFunction>();
  /** Hook shared-secret secrets by hook name (`events` for the event hook). */
  readonly hookSecrets = new Map<string, ISecret>();
  /** The Okta inline hook type of each inline hook, by hook name. */
  readonly hookTypes = new Map<string, string>();
  /** HTTPS endpoint to register in Okta, by hook name (`events` for the event hook). */
  readonly urls = new Map<string, string>();
  readonly oktaCredentials: ISecret | undefined;
  readonly events: EventPipeline | undefined;
  /** The calls dashboard (unless `dashboard: false`). */
  readonly dashboard: Dashboard | undefined;
  /** The org registration resource, when `registration` is set. */
  readonly registration: HookRegistration | undefined;

  constructor(scope: Construct, id: string, props: GatehookHooksProps) {
    super(scope, id);
    validateHooks(props);

    const needsOktaApi = Boolean(props.events) || Boolean(props.registration) || props.hooks.some((hook) => hook.useOktaApi !== false);
    this.oktaCredentials = needsOktaApi
      ? oktaCredentialsSecret(this, 'OktaCredentials', {
          existingArn: props.oktaCredentialsSecretArn,
          orgUrl: props.oktaOrgUrl,
        })
      : undefined;

    const shared = {
      architecture: props.architecture ?? Architecture.ARM_64,
      logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
      alarmAction: props.alarmTopic ? new SnsAction(props.alarmTopic) : undefined,
      projectRoot: props.projectRoot,
      depsLockFilePath: props.depsLockFilePath,
      bundling: props.bundling,
    };

    for (const hook of props.hooks) {
      const base = pascalCase(hook.name);
      const secret = hookSecret(this, `${base}HookSecret`, hook.name, hook.hookSecretArn);
      const okta = hook.useOktaApi !== false ? this.oktaCredentials : undefined;
      const fn = new HookFunction(this, `${base}Hook`, {
        ...shared,
        entry: hook.entry,
        description: `gatehook ${hook.name} inline hook`,
        timeout: hook.timeout ?? props.timeout ?? INLINE_HOOK_DEFAULTS.timeout,
        memorySize: hook.memorySize ?? props.memorySize ?? INLINE_HOOK_DEFAULTS.memorySize,
        environment: {
          GATEHOOK_HOOK_SECRET_ID: secret.secretArn,
          ...(okta ? { GATEHOOK_OKTA_SECRET_ID: okta.secretArn } : {}),
        },
        secrets: okta ? [secret, okta] : [secret],
        functionUrl: true,
        provisionedConcurrency: hook.provisionedConcurrency ?? props.provisionedConcurrency,
        durationP99AlarmMs: INLINE_HOOK_DEFAULTS.durationP99AlarmMs,
      });
      this.functions.set(hook.name, fn);
      this.hookSecrets.set(hook.name, secret);
      this.hookTypes.set(hook.name, hook.hookType ?? hook.name);
      if (fn.url) this.urls.set(hook.name, fn.url.url);
    }

    if (props.events && this.oktaCredentials) {
      const secret = hookSecret(this, 'EventsHookSecret', EVENTS_NAME, props.events.hookSecretArn);
      this.events = new EventPipeline(this, 'Events', {
        ...shared,
        receiverEntry: props.events.receiverEntry,
        workerEntry: props.events.workerEntry,
        hookSecret: secret,
        oktaCredentials: this.oktaCredentials,
        receiverTimeout: props.timeout ?? INLINE_HOOK_DEFAULTS.timeout,
        receiverMemorySize: props.memorySize ?? INLINE_HOOK_DEFAULTS.memorySize,
        receiverProvisionedConcurrency: props.provisionedConcurrency,
        workerTimeout: props.events.workerTimeout ?? Duration.seconds(30),
        workerMemorySize: props.memorySize ?? INLINE_HOOK_DEFAULTS.memorySize,
        maxReceiveCount: props.events.maxReceiveCount ?? 8,
        workerMaxConcurrency: props.events.workerMaxConcurrency ?? 2,
        batchSize: props.events.batchSize ?? 10,
        deadLetterRemovalPolicy: props.deadLetterRemovalPolicy ?? RemovalPolicy.RETAIN,
      });
      this.hookSecrets.set(EVENTS_NAME, secret);
      if (this.events.receiver.url) this.urls.set(EVENTS_NAME, this.events.receiver.url.url);
    }

    const hookTypes = [...new Set(this.hookTypes.values())];
    if (props.callAlarms !== false) {
      for (const type of hookTypes) callMetricAlarms(this, type, pascalCase(type), shared.alarmAction, props.callAlarms || {});
    }
    if (props.dashboard !== false && hookTypes.length > 0) this.dashboard = callMetricsDashboard(this, 'Dashboard', hookTypes);

    if (props.registration && this.oktaCredentials) this.registration = this.register(props, props.registration, this.oktaCredentials, shared);

    if (props.outputs !== false) this.addOutputs();
  }

  private register(
    props: GatehookHooksProps,
    options: HookRegistrationOptions,
    orgCredentials: ISecret,
    shared: { architecture: Architecture; logRetention: RetentionDays; projectRoot?: string | undefined; depsLockFilePath?: string | undefined; bundling?: BundlingOptions | undefined },
  ): HookRegistration {
    const namePrefix = options.namePrefix ?? DEFAULT_HOOK_NAME_PREFIX;
    const inlineHooks: RegisteredInlineHook[] = props.hooks.map((hook) => ({
      name: hook.name,
      type: (hook.hookType ?? hook.name) as InlineHookTypeName,
      url: this.urls.get(hook.name)!,
      secret: this.hookSecrets.get(hook.name)!,
    }));
    const eventsUrl = this.urls.get(EVENTS_NAME);
    const eventsSecret = this.hookSecrets.get(EVENTS_NAME);
    const registration = new HookRegistration(this, 'Registration', {
      ...shared,
      orgCredentials,
      namePrefix,
      inlineHooks,
      eventHook: eventsUrl && eventsSecret ? { url: eventsUrl, secret: eventsSecret, eventTypes: options.eventTypes ?? DEFAULT_EVENT_TYPES, filter: options.eventFilter } : undefined,
    });
    if (props.rotation) {
      for (const [name, secret] of this.hookSecrets) {
        const hook = props.hooks.find((h) => h.name === name);
        const rotation = new HookSecretRotation(this, `${pascalCase(name)}SecretRotation`, {
          ...shared,
          secret,
          oktaHookName: `${namePrefix} ${name}`,
          kind: name === EVENTS_NAME ? 'events' : (hook?.hookType ?? name),
          orgCredentials,
          schedule: props.rotation.schedule,
        });
        // The first rotation must not start before the hook is registered.
        rotation.node.addDependency(registration);
      }
    }
    return registration;
  }

  private addOutputs(): void {
    // One machine-readable output for `gatehook register --stack-outputs`: every hook, its type, URL and secret ARN.
    const manifest = [...this.urls].map(([name, url]) => ({
      name,
      type: name === EVENTS_NAME ? 'events' : (this.hookTypes.get(name) ?? name),
      url,
      secretArn: this.hookSecrets.get(name)!.secretArn,
    }));
    new CfnOutput(this, 'Manifest', {
      value: Stack.of(this).toJsonString({ format: MANIFEST_FORMAT, hooks: manifest }),
      description: 'gatehook: the hooks of this stack, for gatehook register --stack-outputs',
    });
    for (const [name, url] of this.urls) {
      new CfnOutput(this, `${pascalCase(name)}Url`, { value: url, description: `Okta ${name} hook URL` });
    }
    for (const [name, secret] of this.hookSecrets) {
      new CfnOutput(this, `${pascalCase(name)}HookSecretArn`, {
        value: secret.secretArn,
        description: `Secret holding the Authorization value to register for the ${name} hook`,
      });
    }
  }
}
