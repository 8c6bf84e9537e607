/** A construct was configured in a way that cannot deploy; `code` is stable for callers and tests. */
export class GatehookConfigError extends Error {
  readonly code = 'ERR_GATEHOOK_CDK_CONFIG';
  override name = 'GatehookConfigError';
}
