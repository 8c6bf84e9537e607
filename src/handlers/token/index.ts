import type { InlineHookDefinition } from '../core/types.js';
import { defineInlineHook, type HookHandler } from '../core/define.js';
import { createTokenApi, type TokenApi } from './api.js';
import { toTokenEvent, type TokenEvent } from './event.js';
import { checkTokenResponse } from './rules.js';
import { TOKEN_EVENT_TYPE, tokenRequestSchema } from './schema.js';

export type TokenHookHandler = HookHandler<TokenEvent, TokenApi>;

/**
 * Defines a token inline hook (`com.okta.oauth2.tokens.transform`).
 *
 * @example
 * export const hook = tokenHook(async (event, api) => {
 *   api.accessToken.addClaim('tenant', 'acme');
 *   if (event.identity) api.idToken.addClaim('employee_id', '4711');
 * });
 *
 * On timeout or failure Okta mints the tokens unchanged, so the fallback is an empty 204.
 */
export function tokenHook(handler: TokenHookHandler): InlineHookDefinition<TokenEvent> {
  return defineInlineHook(
    {
      type: 'token',
      eventType: TOKEN_EVENT_TYPE,
      schema: tokenRequestSchema,
      toEvent: toTokenEvent,
      createApi: createTokenApi,
      checkResponse: checkTokenResponse,
      builderChecksRules: true,
      fallback: () => null,
    },
    handler,
  );
}

export type { TokenEvent, TokenView, AccessTokenView } from './event.js';
export type { TokenApi, TokenPatchApi, ClaimPath } from './api.js';
export type { TokenRequest } from './schema.js';
export { RESERVED_CLAIMS, MIN_LIFETIME_SECONDS, MAX_LIFETIME_SECONDS } from './rules.js';
export { sampleRequest as sampleTokenRequest } from './sample.js';
