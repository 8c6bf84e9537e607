/** A configuration problem found at start-up or at first use; `code` is stable, the message says what to set. */
export class GatehookConfigError extends Error {
  override name = 'GatehookConfigError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A handler threw something that is not an Error (`throw 'nope'`); wrapped so it gets the fallback like any failure. */
export class HookHandlerError extends Error {
  override name = 'HookHandlerError';
  readonly code = 'ERR_HOOK_HANDLER_THREW';

  constructor(thrown: unknown) {
    super(`the hook handler threw a non-Error value (${thrown === null ? 'null' : typeof thrown})`);
  }
}
