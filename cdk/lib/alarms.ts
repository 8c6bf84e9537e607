import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IAlarmAction, IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

const PERIOD = Duration.minutes(1);

interface AlarmSpec {
  id: string;
  description: string;
  metric: IMetric;
  threshold: number;
  comparison: ComparisonOperator;
  /** Consecutive periods that must breach; default 1. */
  periods?: number;
}

function createAlarm(scope: Construct, spec: AlarmSpec, action?: IAlarmAction): Alarm {
  const alarm = new Alarm(scope, spec.id, {
    alarmDescription: spec.description,
    metric: spec.metric,
    threshold: spec.threshold,
    comparisonOperator: spec.comparison,
    evaluationPeriods: spec.periods ?? 1,
    // No traffic is not a failure: hooks can be idle for hours.
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  if (action) alarm.addAlarmAction(action);
  return alarm;
}

/**
 * Errors and throttles fire on the first occurrence because each one is a user-visible Okta flow that
 * failed or fell back. p99 duration warns before the 3 s Okta budget is actually exceeded.
 */
export function functionAlarms(
  scope: Construct,
  fn: IFunction,
  options: { durationP99Ms: number; action?: IAlarmAction | undefined },
): Alarm[] {
  const specs: AlarmSpec[] = [
    {
      id: 'ErrorsAlarm',
      description: 'The function reported errors (uncaught exception, crash or timeout).',
      metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      threshold: 0,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    },
    {
      id: 'ThrottlesAlarm',
      description: 'Invocations were throttled: Okta received no answer for them.',
      metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
      threshold: 0,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    },
    {
      id: 'DurationP99Alarm',
      description: `p99 duration is above ${options.durationP99Ms} ms, close to the time Okta waits.`,
      // Sustained over three minutes, so one slow cold start in a quiet minute does not page anyone.
      metric: fn.metricDuration({ period: PERIOD, statistic: 'p99' }),
      threshold: options.durationP99Ms,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      periods: 3,
    },
  ];
  return specs.map((spec) => createAlarm(scope, spec, options.action));
}

/** Anything in a dead-letter queue is an event that was delivered to us and never handled. */
export function deadLetterAlarm(scope: Construct, queue: IQueue, action?: IAlarmAction): Alarm {
  return createAlarm(
    scope,
    {
      id: 'DeadLetterDepthAlarm',
      description: 'Event hook deliveries reached the dead-letter queue after all retries.',
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      threshold: 0,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    },
    action,
  );
}
