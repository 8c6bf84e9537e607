import { Duration } from 'aws-cdk-lib';
import type { Alarm, IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType, InvokeMode, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Alias, Architecture, FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { functionAlarms } from './alarms.js';
import { hookBundling } from './bundling.js';

export interface HookFunctionProps {
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly architecture: Architecture;
  readonly logRetention: RetentionDays;
  /** Non-secret configuration only: secret ids, queue URLs, table names. */
  readonly environment: Record<string, string>;
  /** Secrets this function may read; it gets `GetSecretValue` on exactly these ARNs and nothing else. */
  readonly secrets: readonly ISecret[];
  /** Give the function an HTTPS endpoint Okta can call. */
  readonly functionUrl: boolean;
  /** Keeps this many instances initialised behind a `live` alias (which then carries the URL). */
  readonly provisionedConcurrency?: number | undefined;
  readonly durationP99AlarmMs: number;
  readonly alarmAction?: IAlarmAction | undefined;
  readonly projectRoot?: string | undefined;
  readonly depsLockFilePath?: string | undefined;
  readonly bundling?: BundlingOptions | undefined;
}

/**
 * One gatehook Lambda with everything it owns: a role that can write only to its own log group and read
 * only its own secrets, the log group (explicit, so retention is managed and nothing lingers with
 * infinite retention), an optional warm alias, an optional Function URL and its alarms.
 */
export class HookFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;
  readonly alias: Alias | undefined;
  readonly url: FunctionUrl | undefined;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: HookFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    // An explicit role instead of AWSLambdaBasicExecutionRole, whose logs:* statements cover every group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `gatehook ${id}: own log group and own secrets only`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: props.architecture,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: hookBundling(props.bundling),
      ...(props.projectRoot ? { projectRoot: props.projectRoot } : {}),
      ...(props.depsLockFilePath ? { depsLockFilePath: props.depsLockFilePath } : {}),
    });
    for (const secret of props.secrets) secret.grantRead(this.function);

    const provisioned = props.provisionedConcurrency ?? 0;
    this.alias =
      provisioned > 0
        ? this.function.addAlias('live', { provisionedConcurrentExecutions: provisioned })
        : undefined;

    // Function URL rather than API Gateway: Okta calls one HTTPS endpoint per hook and authenticates
    // itself inside the request (shared secret header or signed JWT) which the function verifies, so
    // IAM auth, routing, throttling plans and API Gateway's extra per-request cost and latency buy
    // nothing. The 3 s Okta budget is far below any gateway or Lambda limit.
    this.url = props.functionUrl
      ? (this.alias ?? this.function).addFunctionUrl({
          authType: FunctionUrlAuthType.NONE,
          invokeMode: InvokeMode.BUFFERED,
        })
      : undefined;

    this.alarms = functionAlarms(this, this.function, {
      durationP99Ms: props.durationP99AlarmMs,
      action: props.alarmAction,
    });
  }
}

export const INLINE_HOOK_DEFAULTS = {
  // Okta waits 3 s; the hook's own deadline answers before that. 4 s leaves room for that answer to be
  // written and logged, while a stuck invocation still stops soon after Okta has given up on it.
  timeout: Duration.seconds(4),
  // Lambda CPU scales with memory: 512 MB roughly halves cold-start init compared with 128 MB.
  memorySize: 512,
  durationP99AlarmMs: 2500,
} as const;
