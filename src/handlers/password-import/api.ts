import { decideAction } from '../core/action.js';
import { commonApi, type CommonApi } from '../core/common-api.js';
import type { ResponseDraft } from '../core/draft.js';

export interface PasswordImportApi extends CommonApi {
  readonly credential: {
    /** The password matched: Okta stores its hash and signs the user in. */
    verified(): void;
    /** The password did not match: the sign-in fails and the hook runs again next time. */
    unverified(): void;
  };
}

export function createPasswordImportApi(_event: unknown, draft: ResponseDraft): PasswordImportApi {
  return {
    ...commonApi(draft),
    credential: {
      verified: () => decideAction(draft, 'credential', 'VERIFIED'),
      unverified: () => decideAction(draft, 'credential', 'UNVERIFIED'),
    },
  };
}
