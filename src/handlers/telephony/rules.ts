import type { HookResponseBody } from '../core/types.js';
import { ContractViolationError } from '../core/errors.js';
import { isPlainObject } from '../core/json.js';
import { checkCommandTypes } from '../core/response.js';

export const TELEPHONY_ACTION = 'com.okta.telephony.action';
export const TELEPHONY_STATUSES = ['SUCCESSFUL', 'PENDING', 'FAILED'] as const;
export type TelephonyStatus = (typeof TELEPHONY_STATUSES)[number];
const TEXT_MEMBERS = ['provider', 'transactionId', 'transactionMetadata'] as const;

/** One entry of the action's value array; shared by the builder and the final check. */
export function checkTelephonyEntry(entry: unknown, commandIndex: number, index: number): void {
  const site = { commandIndex, opIndex: index };
  if (!isPlainObject(entry)) throw new ContractViolationError('telephony.entry-shape', 'each entry must be an object { status, provider, transactionId, transactionMetadata }', site);
  if (!TELEPHONY_STATUSES.includes(entry.status as TelephonyStatus)) {
    throw new ContractViolationError('telephony.status', `status must be ${TELEPHONY_STATUSES.join(', ')}; got ${JSON.stringify(entry.status)}`, site);
  }
  for (const member of TEXT_MEMBERS) {
    if (entry[member] !== undefined && typeof entry[member] !== 'string') {
      throw new ContractViolationError('telephony.entry-shape', `${member} must be a string`, { ...site, path: member });
    }
  }
}

/** Final check: Okta needs either a delivery status or an error; anything else counts as malformed. */
export function checkTelephonyResponse(body: HookResponseBody): void {
  const commands = body.commands ?? [];
  checkCommandTypes(commands, [TELEPHONY_ACTION], 'telephony hook');
  commands.forEach((command, commandIndex) => {
    if (!Array.isArray(command.value) || command.value.length === 0) {
      throw new ContractViolationError('telephony.value-array', `${TELEPHONY_ACTION} value must be a non-empty array of status entries`, { commandIndex });
    }
    command.value.forEach((entry, i) => checkTelephonyEntry(entry, commandIndex, i));
  });
  if (commands.length === 0 && body.error === undefined) throw noOutcome();
}

export function noOutcome(): ContractViolationError {
  return new ContractViolationError('telephony.no-outcome', 'a telephony hook must report sent/pending/failed or an error; otherwise Okta treats the answer as malformed');
}
