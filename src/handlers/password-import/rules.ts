import type { HookResponseBody } from '../core/types.js';
import { ACTION_UPDATE, checkActionCommands } from '../core/action.js';
import { checkCommandTypes } from '../core/response.js';
import { CREDENTIAL_OUTCOMES } from './schema.js';

/** Final check of a password import hook response. */
export function checkPasswordImportResponse(body: HookResponseBody): void {
  const commands = body.commands ?? [];
  checkCommandTypes(commands, [ACTION_UPDATE], 'password import');
  checkActionCommands(commands, 'credential', CREDENTIAL_OUTCOMES);
}
