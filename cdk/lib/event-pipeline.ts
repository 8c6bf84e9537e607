import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterAlarm } from './alarms.js';
import { HookFunction } from './hook-function.js';
import type { HookFunctionProps } from './hook-function.js';

/** Settings shared with the inline hooks (architecture, logs, alarms, bundling). */
type SharedFunctionProps = Pick<
  HookFunctionProps,
  'architecture' | 'logRetention' | 'alarmAction' | 'projectRoot' | 'depsLockFilePath' | 'bundling'
>;

export interface EventPipelineProps extends SharedFunctionProps {
  readonly receiverEntry: string;
  readonly workerEntry: string;
  readonly hookSecret: ISecret;
  readonly oktaCredentials: ISecret;
  readonly receiverTimeout: Duration;
  readonly receiverMemorySize: number;
  readonly receiverProvisionedConcurrency?: number | undefined;
  readonly workerTimeout: Duration;
  readonly workerMemorySize: number;
  /** Deliveries of one message before SQS moves it to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Caps parallel workers so a burst of events cannot exhaust the org's API rate limit. */
  readonly workerMaxConcurrency: number;
  readonly batchSize: number;
  /** Of the dead-letter table; the idempotency table only holds short-lived records and is always destroyed. */
  readonly deadLetterRemovalPolicy: RemovalPolicy;
}

/**
 * Event hooks in two halves: the receiver verifies and enqueues so Okta gets its 200 fast; the worker
 * handles batches later, reports per-message failures so only those retry, and skips events it has
 * already handled (idempotency table keyed by event `uuid`). An event that keeps failing is parked with
 * its error in the dead-letter table by the worker itself; the SQS dead-letter queue is the backstop for
 * messages the worker could not process at all (crash, timeout, unreadable body).
 */
export class EventPipeline extends Construct {
  readonly receiver: HookFunction;
  readonly worker: HookFunction;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly idempotencyTable: TableV2;
  readonly deadLetterTable: TableV2;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: EventPipelineProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for SQS-triggered Lambdas: at least six times the function timeout, so a message
      // is not handed to a second worker while the first is still retrying it.
      visibilityTimeout: Duration.seconds(props.workerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });

    this.idempotencyTable = new TableV2(this, 'IdempotencyTable', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      billing: Billing.onDemand(),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deadLetterTable = new TableV2(this, 'DeadLetterTable', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      removalPolicy: props.deadLetterRemovalPolicy,
    });

    const shared: SharedFunctionProps = {
      architecture: props.architecture,
      logRetention: props.logRetention,
      alarmAction: props.alarmAction,
      projectRoot: props.projectRoot,
      depsLockFilePath: props.depsLockFilePath,
      bundling: props.bundling,
    };

    this.receiver = new HookFunction(this, 'Receiver', {
      ...shared,
      entry: props.receiverEntry,
      description: 'gatehook event hook receiver: verify, enqueue, answer 200',
      timeout: props.receiverTimeout,
      memorySize: props.receiverMemorySize,
      environment: {
        GATEHOOK_HOOK_SECRET_ID: props.hookSecret.secretArn,
        GATEHOOK_EVENTS_QUEUE_URL: this.queue.queueUrl,
      },
      secrets: [props.hookSecret],
      functionUrl: true,
      provisionedConcurrency: props.receiverProvisionedConcurrency,
      durationP99AlarmMs: 2500,
    });
    this.queue.grantSendMessages(this.receiver.function);

    this.worker = new HookFunction(this, 'Worker', {
      ...shared,
      entry: props.workerEntry,
      description: 'gatehook event hook worker: dedupe and handle queued events',
      timeout: props.workerTimeout,
      memorySize: props.workerMemorySize,
      environment: {
        GATEHOOK_OKTA_SECRET_ID: props.oktaCredentials.secretArn,
        GATEHOOK_EVENTS_IDEMPOTENCY_TABLE: this.idempotencyTable.tableName,
        GATEHOOK_EVENTS_DEAD_LETTER_TABLE: this.deadLetterTable.tableName,
        // For retry back-off: the worker changes the visibility timeout of a message it will retry.
        GATEHOOK_EVENTS_QUEUE_URL: this.queue.queueUrl,
      },
      secrets: [props.oktaCredentials],
      functionUrl: false,
      // A batch that runs this long is close to its timeout; warn before messages start timing out.
      durationP99AlarmMs: Math.round(props.workerTimeout.toMilliseconds() * 0.8),
    });
    this.idempotencyTable.grantReadWriteData(this.worker.function);
    // Parking only writes; listing and replaying dead letters is an operator's job with its own access.
    this.deadLetterTable.grantWriteData(this.worker.function);
    this.worker.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: props.workerMaxConcurrency,
      }),
    );

    this.deadLetterAlarm = deadLetterAlarm(this, this.deadLetterQueue, props.alarmAction);
  }
}
