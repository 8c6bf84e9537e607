import type { ErrorCauseInput, ResponseDraft } from './draft.js';

/** Builder calls every inline hook type offers. */
export interface CommonApi {
  /**
   * Answers with Okta's `error` object. Repeated calls add causes; a cause may be just its summary text.
   * What Okta does with it depends on the hook type (deny, fail the token request, use its own SMS provider...).
   */
  error(summary?: string, causes?: readonly ErrorCauseInput[]): void;
  /** Adds members to `debugContext`, which Okta writes to the System Log (`inline_hook.response.processed`). */
  debugContext(fields: Record<string, unknown>): void;
}

export function commonApi(draft: ResponseDraft): CommonApi {
  return {
    error: (summary, causes) => draft.setError(summary, causes),
    debugContext: (fields) => draft.mergeDebugContext(fields),
  };
}
