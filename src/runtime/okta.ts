import type { OktaClient } from '../sdk/client.js';
import { GatehookConfigError } from './errors.js';

const NOT_CONFIGURED = 'ERR_OKTA_CLIENT_NOT_CONFIGURED';

/**
 * Whether a resolved result holds for the life of the process: a client does, and so does "no client
 * configured" (configuration does not change while running). A failure to create one is retried.
 */
export function isLastingOktaResult(result: OktaClient | GatehookConfigError): boolean {
  return !(result instanceof Error) || result.code === NOT_CONFIGURED;
}

export type OktaClientOption = OktaClient | (() => OktaClient | Promise<OktaClient>);

/** Resolves the configured client once; later calls reuse the result (or the failure, re-tried on the next call). */
export function oktaResolver(option: OktaClientOption | undefined): () => Promise<OktaClient | GatehookConfigError> {
  if (option === undefined) {
    const missing = new GatehookConfigError(
      NOT_CONFIGURED,
      'ctx.okta was used but no Okta client is configured: pass `okta` to createHookApp ' +
        '(e.g. okta: () => createOktaClient({ orgUrl, token }), or on Lambda okta: oktaFromSecretsManager(process.env.GATEHOOK_OKTA_SECRET_ID))',
    );
    return async () => missing;
  }
  if (typeof option !== 'function') return async () => option;
  let pending: Promise<OktaClient> | undefined;
  return async () => {
    pending ??= Promise.resolve().then(option);
    try {
      return await pending;
    } catch (err) {
      pending = undefined;
      return new GatehookConfigError('ERR_OKTA_CLIENT_UNAVAILABLE', 'creating the Okta client failed', { cause: err });
    }
  };
}
