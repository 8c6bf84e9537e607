import { checkProfileValue, decideAction } from '../core/action.js';
import { commonApi, type CommonApi } from '../core/common-api.js';
import type { ErrorCauseInput, ResponseDraft } from '../core/draft.js';
import type { RegistrationEvent } from './event.js';
import { profileCommandFor, UNSETTABLE_ATTRIBUTES } from './rules.js';

export interface RegistrationApi extends CommonApi {
  readonly registration: {
    /** Lets the registration (or profile update) proceed; also Okta's default. */
    allow(): void;
    /**
     * Denies it. With a summary or causes, also sends Okta's `error`, whose texts the Sign-In Widget shows
     * (a cause's `location` such as `data.userProfile.email` places it next to that field).
     */
    deny(summary?: string, causes?: readonly ErrorCauseInput[]): void;
  };
  readonly profile: {
    /**
     * Sets profile attributes. Emits `com.okta.user.profile.update` for self-service registration and
     * `com.okta.user.progressive.profile.update` for progressive profiling. One call, one command.
     */
    update(attributes: Record<string, unknown>): void;
  };
}

export function createRegistrationApi(event: RegistrationEvent, draft: ResponseDraft): RegistrationApi {
  const profileCommand = profileCommandFor(event.requestType);
  return {
    ...commonApi(draft),
    registration: {
      allow: () => decideAction(draft, 'registration', 'ALLOW'),
      deny: (summary, causes) => {
        decideAction(draft, 'registration', 'DENY');
        if (summary !== undefined || (causes !== undefined && causes.length > 0)) draft.setError(summary, causes);
      },
    },
    profile: {
      update: (attributes) => {
        checkProfileValue(attributes, draft.commands.length, profileCommand, UNSETTABLE_ATTRIBUTES);
        draft.addCommand(profileCommand, structuredClone(attributes));
      },
    },
  };
}
