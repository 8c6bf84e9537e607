import type { HookCommand } from './types.js';
import type { ResponseDraft } from './draft.js';
import { ContractViolationError } from './errors.js';
import { assertJsonValue, isPlainObject, NOT_JSON, nonJsonError, tryCopyJson, type JsonCopy } from './json.js';

/** The command registration, password import and user import use to set the outcome of the flow. */
export const ACTION_UPDATE = 'com.okta.action.update';

/**
 * Validates every `com.okta.action.update` in the body: value exactly `{ [key]: one of allowed }`, and all of
 * them agreeing (two different outcomes in one answer is a handler bug Okta would resolve silently).
 * Returns the decided outcome, if any.
 */
export function checkActionCommands<V extends string>(commands: readonly HookCommand[], key: string, allowed: readonly V[]): V | undefined {
  let decided: V | undefined;
  commands.forEach((command, commandIndex) => {
    if (command.type !== ACTION_UPDATE) return;
    const value = command.value;
    const keys = isPlainObject(value) ? Object.keys(value) : [];
    if (!isPlainObject(value) || keys.length !== 1 || keys[0] !== key) {
      throw new ContractViolationError('action.update-shape', `${ACTION_UPDATE} value must be exactly { "${key}": ${allowed.map((a) => `"${a}"`).join(' | ')} }`, { commandIndex });
    }
    const outcome = value[key];
    if (!allowed.includes(outcome as V)) {
      throw new ContractViolationError('action.update-shape', `${key} must be ${allowed.join(' or ')}, got ${JSON.stringify(outcome)}`, { commandIndex });
    }
    if (decided !== undefined && decided !== outcome) {
      throw new ContractViolationError('action.update-conflict', `${key} is set to both ${decided} and ${String(outcome)}`, { commandIndex });
    }
    decided = outcome as V;
  });
  return decided;
}

/** Builder side: records the outcome once; repeating the same outcome is harmless, a different one throws. */
export function decideAction(draft: ResponseDraft, key: string, outcome: string): void {
  const index = draft.commands.findIndex((c) => c.type === ACTION_UPDATE);
  const existing = index === -1 ? undefined : (draft.commands[index]?.value as Record<string, unknown>)[key];
  if (existing === outcome) return;
  if (existing !== undefined) {
    throw new ContractViolationError('action.update-conflict', `${key} was already set to ${String(existing)}; cannot also set ${outcome}`, { commandIndex: index });
  }
  // A fresh object of two strings: plain JSON that nothing else references, as the draft requires.
  draft.addCommand(ACTION_UPDATE, { [key]: outcome } as unknown as JsonCopy);
}

/** `profile.update` and friends: one call, one command of `commandType` carrying the attributes. */
export class ProfileUpdater {
  readonly #draft: ResponseDraft;
  readonly #commandType: string;
  readonly #forbidden: readonly string[];

  constructor(draft: ResponseDraft, commandType: string, forbidden: readonly string[] = []) {
    this.#draft = draft;
    this.#commandType = commandType;
    this.#forbidden = forbidden;
  }

  /**
   * Checks a copy of the attributes by the rules of `checkProfileValue` and stores that copy, so what
   * the draft holds is what was checked, whatever the caller does with its object afterwards.
   */
  update(attributes: Record<string, unknown>): void {
    const commandIndex = this.#draft.commands.length;
    const copy = tryCopyJson(attributes);
    if (copy === NOT_JSON) {
      // The shape rules first, so a bad value gets the error it always got; else the JSON one.
      checkProfileValue(attributes, commandIndex, this.#commandType, this.#forbidden);
      throw nonJsonError(attributes, { commandIndex }, this.#commandType);
    }
    checkProfileValue(copy, commandIndex, this.#commandType, this.#forbidden);
    this.#draft.addCommand(this.#commandType, copy);
  }
}

/** Profile-update commands carry a flat object of attribute values. */
export function checkProfileValue(value: unknown, commandIndex: number, commandType: string, forbidden: readonly string[] = []): void {
  if (!isPlainObject(value)) {
    throw new ContractViolationError('profile.update-shape', `${commandType} value must be an object of attribute values`, { commandIndex });
  }
  for (const name of forbidden) {
    if (name in value) {
      throw new ContractViolationError('profile.forbidden-attribute', `${commandType} cannot set "${name}"`, { commandIndex, path: name });
    }
  }
  assertJsonValue(value, { commandIndex }, commandType);
}
