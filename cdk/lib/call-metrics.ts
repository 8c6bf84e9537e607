import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../src/middleware/metrics/namespace.js';

/** The outcomes gatehook's functions report per call (`src/middleware/metrics`), graphed in this order. */
const OUTCOMES = ['applied', 'no-op', 'denied', 'fallback', 'contract-violation', 'refused-auth', 'invalid-request', 'error'] as const;
const PERIOD = Duration.minutes(5);

const calls = (hookType: string, outcome?: string) =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: 'Calls',
    dimensionsMap: outcome ? { HookType: hookType, Outcome: outcome } : { HookType: hookType },
    statistic: 'Sum',
    period: PERIOD,
    ...(outcome ? { label: outcome } : {}),
  });

export interface CallMetricAlarmsOptions {
  /** Percent of calls answered with the fallback, over 5 minutes. Default 5. */
  readonly fallbackPercent?: number;
  /** Calls refused for authentication in 5 minutes (a wrong secret after a rotation, or someone probing). Default 10. */
  readonly refusedCalls?: number;
}

/**
 * Alarms on what Lambda's own metrics cannot see, read from the calls' EMF metrics: a hook falling back
 * (token, SAML and user import fail open, so nobody else notices), callers being refused, and any
 * contract violation (a bug in the handler: Okta would have rejected its answer).
 */
export function callMetricAlarms(scope: Construct, hookType: string, idPrefix: string, action: IAlarmAction | undefined, options: CallMetricAlarmsOptions = {}): Alarm[] {
  const alarm = (id: string, description: string, metric: Metric | MathExpression, threshold: number) => {
    const made = new Alarm(scope, `${idPrefix}${id}`, {
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (action) made.addAlarmAction(action);
    return made;
  };
  const fallbackPercent = options.fallbackPercent ?? 5;
  return [
    alarm(
      'FallbackRate',
      `gatehook ${hookType}: more than ${fallbackPercent}% of calls answered with the fallback in 5 minutes`,
      new MathExpression({ expression: '100 * FILL(fallback, 0) / total', usingMetrics: { fallback: calls(hookType, 'fallback'), total: calls(hookType) }, period: PERIOD, label: 'fallback %' }),
      fallbackPercent,
    ),
    alarm('Refusals', `gatehook ${hookType}: callers refused (wrong or missing secret) in 5 minutes`, calls(hookType, 'refused-auth'), options.refusedCalls ?? 10),
    alarm('ContractViolations', `gatehook ${hookType}: the handler built an answer Okta rejects`, calls(hookType, 'contract-violation'), 0),
  ];
}

/** One dashboard for the stack's hooks: calls by outcome and p99 duration per hook type. */
export function callMetricsDashboard(scope: Construct, id: string, hookTypes: readonly string[]): Dashboard {
  const dashboard = new Dashboard(scope, id);
  for (const hookType of hookTypes) {
    dashboard.addWidgets(
      new GraphWidget({ title: `${hookType}: calls by outcome`, left: OUTCOMES.map((outcome) => calls(hookType, outcome)), stacked: true, width: 12 }),
      new GraphWidget({
        title: `${hookType}: duration (p99 against Okta's 3 s)`,
        left: [new Metric({ namespace: METRICS_NAMESPACE, metricName: 'Duration', dimensionsMap: { HookType: hookType }, statistic: 'p99', period: Duration.minutes(1), label: 'p99' })],
        leftAnnotations: [{ value: 3000, label: 'Okta gives up' }],
        width: 12,
      }),
    );
  }
  return dashboard;
}
