/**
 * Applies a user import inline hook response: profile updates for the app user and the Okta user,
 * CREATE_USER or LINK_USER (which needs `com.okta.user.update {id}`). Any failure, including an
 * `error` object, lets the import go on with the original profiles and creates the user.
 */
import { isRecord, readResponse, ResponseRejected } from './response-shape.js';

export type UserImportAction = 'CREATE_USER' | 'LINK_USER';

export interface UserImportDraft {
  /** `data.action.result` of the request. */
  action: UserImportAction;
  appUserProfile: Record<string, unknown>;
  userProfile: Record<string, unknown>;
}

export interface UserImportHookResult {
  action: UserImportAction;
  /** The Okta user to link to (LINK_USER only). */
  linkUserId?: string;
  appUserProfile: Record<string, unknown>;
  userProfile: Record<string, unknown>;
  /** Set when the response was not used; recorded as a failure event in the System Log. */
  failure?: string;
  debugContext?: Record<string, unknown>;
}

export function applyUserImportResponse(draft: UserImportDraft, body: unknown): UserImportHookResult {
  const read = readResponse(body);
  if (!read.ok) return userImportHookFailed(draft, read.reason);
  const { commands, error, debugContext } = read.response;
  if (error) return userImportHookFailed(draft, `the hook returned an error: ${error.errorSummary ?? 'no summary'}`, debugContext);
  const result: UserImportHookResult = {
    action: draft.action,
    appUserProfile: { ...draft.appUserProfile },
    userProfile: { ...draft.userProfile },
    ...(debugContext ? { debugContext } : {}),
  };
  try {
    for (const command of commands) applyCommand(result, command.type, command.value);
    if (result.action === 'LINK_USER' && !result.linkUserId) {
      throw new ResponseRejected('LINK_USER needs a com.okta.user.update command with the user id');
    }
  } catch (rejection) {
    if (rejection instanceof ResponseRejected) return userImportHookFailed(draft, rejection.message, debugContext);
    throw rejection;
  }
  if (result.action === 'CREATE_USER') delete result.linkUserId;
  return result;
}

/** The failure-policy result: the import continues and the user is created unchanged. */
export function userImportHookFailed(
  draft: UserImportDraft,
  reason: string,
  debugContext?: Record<string, unknown>,
): UserImportHookResult {
  return {
    action: 'CREATE_USER',
    appUserProfile: { ...draft.appUserProfile },
    userProfile: { ...draft.userProfile },
    failure: reason,
    ...(debugContext ? { debugContext } : {}),
  };
}

function applyCommand(result: UserImportHookResult, type: string, value: unknown): void {
  switch (type) {
    case 'com.okta.appUser.profile.update':
      Object.assign(result.appUserProfile, profileValue(type, value));
      return;
    case 'com.okta.user.profile.update':
      Object.assign(result.userProfile, profileValue(type, value));
      return;
    case 'com.okta.action.update': {
      const action = isRecord(value) ? value.result : undefined;
      if (action !== 'CREATE_USER' && action !== 'LINK_USER') {
        throw new ResponseRejected('com.okta.action.update needs {"result": "CREATE_USER" | "LINK_USER"}');
      }
      result.action = action;
      return;
    }
    case 'com.okta.user.update': {
      const id = isRecord(value) ? value.id : undefined;
      if (typeof id !== 'string' || id === '') throw new ResponseRejected('com.okta.user.update needs {"id": "<user id>"}');
      result.linkUserId = id;
      return;
    }
    default:
      throw new ResponseRejected(`command "${type}" is not valid for user import`);
  }
}

function profileValue(type: string, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new ResponseRejected(`${type} value must be an object of attributes`);
  return value;
}
