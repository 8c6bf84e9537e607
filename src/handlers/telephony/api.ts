import { commonApi, type CommonApi } from '../core/common-api.js';
import type { ResponseDraft } from '../core/draft.js';
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

export function createTelephonyApi(_event: unknown, draft: ResponseDraft): TelephonyApi {
  const report = (status: TelephonyStatus) => (details: DeliveryReport) => {
    const entry = { status, ...details };
    const site = draft.nextOpSite(TELEPHONY_ACTION);
    checkTelephonyEntry(entry, site.commandIndex, site.opIndex);
    draft.appendOp(TELEPHONY_ACTION, entry);
  };
  return { ...commonApi(draft), telephony: { sent: report('SUCCESSFUL'), pending: report('PENDING'), failed: report('FAILED') } };
}
