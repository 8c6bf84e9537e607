import { CommonBuilder, type CommonApi } from '../core/common-api.js';
import type { ResponseDraft } from '../core/draft.js';
import { NOT_JSON, nonJsonError, tryCopyJson } from '../core/json.js';
import { checkTelephonyEntry, TELEPHONY_ACTION, type TelephonyStatus } from './rules.js';

export interface DeliveryReport {
  /** Your SMS/voice provider's name, shown in Okta's System Log. */
  provider: string;
  /** The provider's id for this message. */
  transactionId: string;
  /** Free text for the System Log, e.g. `Duration=300ms`. */
  transactionMetadata?: string;
}

export interface TelephonyApi extends CommonApi {
  readonly telephony: {
    /** The provider accepted and sent the message (status SUCCESSFUL). */
    sent(report: DeliveryReport): void;
    /** The provider queued it (status PENDING). */
    pending(report: DeliveryReport): void;
    /** The provider failed to send it (status FAILED). To have Okta use its own providers instead, call `api.error`. */
    failed(report: DeliveryReport): void;
  };
}

class DeliveryReporter {
  readonly #draft: ResponseDraft;

  constructor(draft: ResponseDraft) {
    this.#draft = draft;
  }

  sent(report: DeliveryReport): void {
    this.#report('SUCCESSFUL', report);
  }

  pending(report: DeliveryReport): void {
    this.#report('PENDING', report);
  }

  failed(report: DeliveryReport): void {
    this.#report('FAILED', report);
  }

  /** Checks a copy of the entry and stores that copy: what the draft holds is what was checked. */
  #report(status: TelephonyStatus, details: DeliveryReport): void {
    const entry = { status, ...details };
    const site = this.#draft.nextOpSite(TELEPHONY_ACTION);
    const copy = tryCopyJson(entry);
    if (copy === NOT_JSON) {
      checkTelephonyEntry(entry, site.commandIndex, site.opIndex);
      throw nonJsonError(entry, site, `commands[${site.commandIndex}].value[${site.opIndex}]`);
    }
    checkTelephonyEntry(copy, site.commandIndex, site.opIndex);
    this.#draft.appendOp(TELEPHONY_ACTION, copy);
  }
}

class TelephonyBuilder extends CommonBuilder implements TelephonyApi {
  readonly telephony: TelephonyApi['telephony'];

  constructor(draft: ResponseDraft) {
    super(draft);
    this.telephony = new DeliveryReporter(draft);
  }
}

export function createTelephonyApi(_event: unknown, draft: ResponseDraft): TelephonyApi {
  return new TelephonyBuilder(draft);
}
