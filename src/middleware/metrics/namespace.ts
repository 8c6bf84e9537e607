/** CloudWatch's namespace for gatehook's call metrics; the Lambda sink writes it, the construct's alarms and dashboard read it. */
export const METRICS_NAMESPACE = 'Gatehook';
