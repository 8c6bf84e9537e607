import { decideAction } from '../core/action.js';
import { CommonBuilder, type CommonApi } from '../core/common-api.js';
import type { ResponseDraft } from '../core/draft.js';

export interface PasswordImportApi extends CommonApi {
  readonly credential: {
    /** The password matched: Okta stores its hash and signs the user in. */
    verified(): void;
    /** The password did not match: the sign-in fails and the hook runs again next time. */
    unverified(): void;
  };
}

class CredentialOutcome {
  readonly #draft: ResponseDraft;

  constructor(draft: ResponseDraft) {
    this.#draft = draft;
  }

  verified(): void {
    decideAction(this.#draft, 'credential', 'VERIFIED');
  }

  unverified(): void {
    decideAction(this.#draft, 'credential', 'UNVERIFIED');
  }
}

class PasswordImportBuilder extends CommonBuilder implements PasswordImportApi {
  readonly credential: PasswordImportApi['credential'];

  constructor(draft: ResponseDraft) {
    super(draft);
    this.credential = new CredentialOutcome(draft);
  }
}

export function createPasswordImportApi(_event: unknown, draft: ResponseDraft): PasswordImportApi {
  return new PasswordImportBuilder(draft);
}
