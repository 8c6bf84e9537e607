/** A configuration problem found at start-up or at first use; `code` is stable, the message says what to set. */
export class GatehookConfigError extends Error {
  override name = 'GatehookConfigError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
