import type { InlineHookDefinition } from '../core/types.js';
import { ACTION_UPDATE } from '../core/action.js';
import { defineInlineHook, type HookHandler } from '../core/define.js';
import { createPasswordImportApi, type PasswordImportApi } from './api.js';
import { toPasswordImportEvent, type PasswordImportEvent } from './event.js';
import { checkPasswordImportResponse } from './rules.js';
import { PASSWORD_IMPORT_EVENT_TYPE, passwordImportRequestSchema } from './schema.js';

export type PasswordImportHookHandler = HookHandler<PasswordImportEvent, PasswordImportApi>;

/**
 * Defines a password import inline hook (`com.okta.user.credential.password.import`).
 *
 * @example
 * export const hook = passwordImportHook(async (event, api, ctx) => {
 *   const ok = await legacyStore.check(event.username, event.password, { signal: ctx.signal });
 *   if (ok) api.credential.verified(); else api.credential.unverified();
 * });
 *
 * On failure the answer is UNVERIFIED: the sign-in fails closed and Okta asks again next time.
 */
export function passwordImportHook(handler: PasswordImportHookHandler): InlineHookDefinition<PasswordImportEvent> {
  return defineInlineHook(
    {
      type: 'password-import',
      eventType: PASSWORD_IMPORT_EVENT_TYPE,
      schema: passwordImportRequestSchema,
      toEvent: toPasswordImportEvent,
      createApi: createPasswordImportApi,
      checkResponse: checkPasswordImportResponse,
      fallback: () => ({ commands: [{ type: ACTION_UPDATE, value: { credential: 'UNVERIFIED' } }] }),
    },
    handler,
  );
}

export type { PasswordImportEvent } from './event.js';
export type { PasswordImportApi } from './api.js';
export type { PasswordImportRequest, CredentialOutcome } from './schema.js';
export { sampleRequest as samplePasswordImportRequest } from './sample.js';
