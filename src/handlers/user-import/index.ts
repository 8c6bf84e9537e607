import type { InlineHookDefinition } from '../core/types.js';
import { defineInlineHook, type HookHandler } from '../core/define.js';
import { createUserImportApi, type UserImportApi } from './api.js';
import { toUserImportEvent, type UserImportEvent } from './event.js';
import { checkUserImportResponse } from './rules.js';
import { USER_IMPORT_EVENT_TYPE, userImportRequestSchema } from './schema.js';

export type UserImportHookHandler = HookHandler<UserImportEvent, UserImportApi>;

/**
 * Defines a user import inline hook (`com.okta.import.transform`), called once per imported user.
 *
 * @example
 * export const hook = userImportHook((event, api) => {
 *   api.appUserProfile.update({ department: String(event.appUser.profile.department ?? '').toUpperCase() });
 * });
 *
 * On failure the answer is `{}`: Okta keeps its own decision and the import continues.
 */
export function userImportHook(handler: UserImportHookHandler): InlineHookDefinition<UserImportEvent> {
  return defineInlineHook(
    {
      type: 'user-import',
      eventType: USER_IMPORT_EVENT_TYPE,
      schema: userImportRequestSchema,
      toEvent: toUserImportEvent,
      createApi: createUserImportApi,
      checkResponse: checkUserImportResponse,
      // Okta documents `{}` as "keep the default action" for this hook type.
      fallback: () => ({}),
    },
    handler,
  );
}

export type { UserImportEvent } from './event.js';
export type { UserImportApi } from './api.js';
export type { UserImportRequest, ImportResult } from './schema.js';
export { sampleRequest as sampleUserImportRequest } from './sample.js';
