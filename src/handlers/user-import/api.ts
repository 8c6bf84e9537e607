import { decideAction, ProfileUpdater as ProfileUpdateBuilder } from '../core/action.js';
import { CommonBuilder, type CommonApi } from '../core/common-api.js';
import type { ResponseDraft } from '../core/draft.js';
import { ContractViolationError } from '../core/errors.js';
import type { JsonCopy } from '../core/json.js';
import { APP_USER_PROFILE_UPDATE, checkUserUpdateValue, USER_PROFILE_UPDATE, USER_UPDATE } from './rules.js';

interface ProfileUpdater {
  /** Sets attributes; one call, one command. */
  update(attributes: Record<string, unknown>): void;
}

export interface UserImportApi extends CommonApi {
  readonly importUser: {
    /** Create a new Okta user for this app user. */
    create(): void;
    /** Link this app user to an existing Okta user (emits the result and the user id commands). */
    link(userId: string): void;
  };
  /** The Okta user's attributes (`com.okta.user.profile.update`). */
  readonly profile: ProfileUpdater;
  /** The app user's attributes (`com.okta.appUser.profile.update`); these flow to Okta through the mappings. */
  readonly appUserProfile: ProfileUpdater;
}

class ImportOutcome {
  readonly #draft: ResponseDraft;

  constructor(draft: ResponseDraft) {
    this.#draft = draft;
  }

  create(): void {
    decideAction(this.#draft, 'result', 'CREATE_USER');
  }

  link(userId: string): void {
    const draft = this.#draft;
    // Check before recording anything, so a bad id leaves no half-written LINK_USER behind.
    checkUserUpdateValue({ id: userId }, draft.commands.length + 1);
    const existing = draft.commands.findIndex((c) => c.type === USER_UPDATE);
    const linkedTo = (draft.commands[existing]?.value as { id?: string } | undefined)?.id;
    if (linkedTo !== undefined && linkedTo !== userId) {
      throw new ContractViolationError('action.update-conflict', `already linking to user ${linkedTo}; cannot also link to ${userId}`, { commandIndex: existing });
    }
    decideAction(draft, 'result', 'LINK_USER');
    // A fresh object around the string just checked: plain JSON that nothing else references.
    if (linkedTo === undefined) draft.addCommand(USER_UPDATE, { id: userId } as unknown as JsonCopy);
  }
}

class UserImportBuilder extends CommonBuilder implements UserImportApi {
  readonly importUser: UserImportApi['importUser'];
  readonly profile: ProfileUpdater;
  readonly appUserProfile: ProfileUpdater;

  constructor(draft: ResponseDraft) {
    super(draft);
    this.importUser = new ImportOutcome(draft);
    this.profile = new ProfileUpdateBuilder(draft, USER_PROFILE_UPDATE);
    this.appUserProfile = new ProfileUpdateBuilder(draft, APP_USER_PROFILE_UPDATE);
  }
}

export function createUserImportApi(_event: unknown, draft: ResponseDraft): UserImportApi {
  return new UserImportBuilder(draft);
}
