import type { HookResponseBody } from '../core/types.js';
import { ACTION_UPDATE, checkActionCommands, checkProfileValue } from '../core/action.js';
import { ContractViolationError } from '../core/errors.js';
import { checkCommandTypes } from '../core/response.js';
import type { RegistrationEvent } from './event.js';
import { PROGRESSIVE_PROFILE, type RegistrationRequestType } from './schema.js';

export const SSR_PROFILE_UPDATE = 'com.okta.user.profile.update';
export const PROGRESSIVE_PROFILE_UPDATE = 'com.okta.user.progressive.profile.update';
export const REGISTRATION_OUTCOMES = ['ALLOW', 'DENY'] as const;

/** Okta never lets a registration hook set these. */
export const UNSETTABLE_ATTRIBUTES = ['password'] as const;

export function profileCommandFor(requestType: RegistrationRequestType): string {
  return requestType === PROGRESSIVE_PROFILE ? PROGRESSIVE_PROFILE_UPDATE : SSR_PROFILE_UPDATE;
}

/** Final check of a registration hook response. */
export function checkRegistrationResponse(body: HookResponseBody, event: RegistrationEvent): void {
  const commands = body.commands ?? [];
  const profileCommand = profileCommandFor(event.requestType);
  commands.forEach((command, commandIndex) => {
    const wrongVariant = command.type === SSR_PROFILE_UPDATE || command.type === PROGRESSIVE_PROFILE_UPDATE ? command.type !== profileCommand : false;
    if (wrongVariant) {
      throw new ContractViolationError('registration.command-mismatch', `"${command.type}" is not valid for requestType "${event.requestType}"; use "${profileCommand}"`, { commandIndex });
    }
  });
  checkCommandTypes(commands, [ACTION_UPDATE, profileCommand], `registration (${event.requestType})`);
  checkActionCommands(commands, 'registration', REGISTRATION_OUTCOMES);
  commands.forEach((command, commandIndex) => {
    if (command.type === profileCommand) checkProfileValue(command.value, commandIndex, command.type, UNSETTABLE_ATTRIBUTES);
  });
}
