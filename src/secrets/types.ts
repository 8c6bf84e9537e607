export interface SecretGetOptions {
  /**
   * Ask the source to re-read its backing store (e.g. after a presented secret matched none of the
   * cached values, which happens right after a rotation). Sources may rate-limit this.
   */
  forceRefresh?: boolean;
}

/** Where the accepted hook secrets come from. Several values are accepted at once during rotation. */
export interface SecretSource {
  /** The accepted values, current first; never empty (a source with nothing to offer throws). */
  get(options?: SecretGetOptions): Promise<readonly string[]>;
  /**
   * The values `get()` would answer right now without any I/O, or undefined when it would have to
   * load them. Optional: it lets a verifier check a request without awaiting, which matters at
   * tens of thousands of requests per second.
   */
  peek?(): readonly string[] | undefined;
}

/** Raised when a source cannot produce values; the message never contains a secret. */
export class SecretSourceError extends Error {
  override name = 'SecretSourceError';
  readonly code: 'ERR_SECRET_FETCH_FAILED' | 'ERR_SECRET_FORMAT';

  constructor(code: SecretSourceError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
