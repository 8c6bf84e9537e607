import { GatehookConfigError } from 'gatehook';
import type { HookContext } from 'gatehook';
import type { OktaClient } from 'gatehook/sdk';

/**
 * The embedded client when the app was given one, else undefined: the hooks still run (and say so in the
 * log) where no org credentials are configured, e.g. a Lambda deployed without GATEHOOK_OKTA_SECRET_ID.
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
