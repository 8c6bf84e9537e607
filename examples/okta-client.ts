import type { HookContext } from '../src/handlers/core/types.js';
import { GatehookConfigError } from '../src/runtime/errors.js';
import type { OktaClient } from '../src/sdk/client.js';

/**
 * The embedded client when the app was given one, else undefined: the examples still run (and say
 * so in the log) where no org credentials are configured, e.g. a Lambda without GATEHOOK_OKTA_SECRET_ID.
 */
export function oktaIfConfigured(ctx: Pick<HookContext, 'okta' | 'log'>): OktaClient | undefined {
  try {
    return ctx.okta;
  } catch (error) {
    if (!(error instanceof GatehookConfigError)) throw error;
    ctx.log.warn('no Okta client configured; skipping the org lookup', { code: error.code });
    return undefined;
  }
}
