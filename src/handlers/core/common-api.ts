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

/**
 * The base of every type's builder. Builders are classes so a request allocates one small object per
 * builder rather than a closure per method. The draft sits in a private field (each subclass keeps its
 * own reference the same way): the handler gets the builder, and must never reach the draft, or it could
 * write what the builder checks (see ResponseDraft).
 */
export class CommonBuilder implements CommonApi {
  readonly #draft: ResponseDraft;

  constructor(draft: ResponseDraft) {
    this.#draft = draft;
  }

  error(summary?: string, causes?: readonly ErrorCauseInput[]): void {
    this.#draft.setError(summary, causes);
  }

  debugContext(fields: Record<string, unknown>): void {
    this.#draft.mergeDebugContext(fields);
  }
}
