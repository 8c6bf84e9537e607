import type { HookResponseBody } from '../core/types.js';
import { ACTION_UPDATE, checkActionCommands, checkProfileValue } from '../core/action.js';
import { ContractViolationError } from '../core/errors.js';
import { isPlainObject } from '../core/json.js';
import { checkCommandTypes } from '../core/response.js';
import { IMPORT_RESULTS } from './schema.js';

export const APP_USER_PROFILE_UPDATE = 'com.okta.appUser.profile.update';
export const USER_PROFILE_UPDATE = 'com.okta.user.profile.update';
export const USER_UPDATE = 'com.okta.user.update';

/** Final check of a user import hook response. */
export function checkUserImportResponse(body: HookResponseBody): void {
  const commands = body.commands ?? [];
  checkCommandTypes(commands, [ACTION_UPDATE, APP_USER_PROFILE_UPDATE, USER_PROFILE_UPDATE, USER_UPDATE], 'user import');
  const result = checkActionCommands(commands, 'result', IMPORT_RESULTS);
  let linkTarget = -1;
  commands.forEach((command, commandIndex) => {
    if (command.type === APP_USER_PROFILE_UPDATE || command.type === USER_PROFILE_UPDATE) {
      checkProfileValue(command.value, commandIndex, command.type);
    } else if (command.type === USER_UPDATE) {
      checkUserUpdateValue(command.value, commandIndex);
      linkTarget = commandIndex;
    }
  });
  if (result === 'LINK_USER' && linkTarget === -1) {
    const commandIndex = commands.findIndex((c) => c.type === ACTION_UPDATE);
    throw new ContractViolationError('user-import.link-without-user', `LINK_USER needs a ${USER_UPDATE} command naming the Okta user id to link to`, { commandIndex });
  }
  if (linkTarget !== -1 && result !== 'LINK_USER') {
    throw new ContractViolationError('user-import.user-update-without-link', `${USER_UPDATE} only takes effect together with result LINK_USER`, { commandIndex: linkTarget });
  }
}

export function checkUserUpdateValue(value: unknown, commandIndex: number): void {
  const keys = isPlainObject(value) ? Object.keys(value) : [];
  if (!isPlainObject(value) || keys.length !== 1 || typeof value.id !== 'string' || value.id.trim() === '') {
    throw new ContractViolationError('user-import.user-update-shape', `${USER_UPDATE} value must be exactly { "id": "<Okta user id>" }`, { commandIndex });
  }
}
