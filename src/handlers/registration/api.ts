import { decideAction, ProfileUpdater } from '../core/action.js';
import { CommonBuilder, type CommonApi } from '../core/common-api.js';
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

class RegistrationOutcome {
  readonly #draft: ResponseDraft;

  constructor(draft: ResponseDraft) {
    this.#draft = draft;
  }

  allow(): void {
    decideAction(this.#draft, 'registration', 'ALLOW');
  }

  deny(summary?: string, causes?: readonly ErrorCauseInput[]): void {
    decideAction(this.#draft, 'registration', 'DENY');
    if (summary !== undefined || (causes !== undefined && causes.length > 0)) this.#draft.setError(summary, causes);
  }
}

class RegistrationBuilder extends CommonBuilder implements RegistrationApi {
  readonly registration: RegistrationApi['registration'];
  readonly profile: RegistrationApi['profile'];

  constructor(event: RegistrationEvent, draft: ResponseDraft) {
    super(draft);
    this.registration = new RegistrationOutcome(draft);
    // The command follows the request type as it arrived; the handler cannot switch it afterwards.
    this.profile = new ProfileUpdater(draft, profileCommandFor(event.requestType), UNSETTABLE_ATTRIBUTES);
  }
}

export function createRegistrationApi(event: RegistrationEvent, draft: ResponseDraft): RegistrationApi {
  return new RegistrationBuilder(event, draft);
}
