/** Errors of the event hook pipeline, each with a stable `code` callers can branch on. */

export class EventHookError extends Error {
  readonly code: string = 'ERR_EVENT_HOOK';
  /** False when trying again cannot help: the event goes straight to the dead-letter table. */
  readonly retryable: boolean = true;
}

export class InvalidDeliveryError extends EventHookError {
  override readonly code = 'ERR_EVENT_HOOK_INVALID_DELIVERY';
  readonly issues: { location: string; message: string }[];
  constructor(issues: { location: string; message: string }[]) {
    super(`invalid event hook delivery: ${issues.map((i) => `${i.location}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

/** The event lacks a part its type promises (e.g. no User target on `user.lifecycle.deactivate`). */
export class EventShapeError extends EventHookError {
  override readonly code = 'ERR_EVENT_HOOK_EVENT_SHAPE';
  override readonly retryable = false;
}

export class HandlerTimeoutError extends EventHookError {
  override readonly code = 'ERR_EVENT_HOOK_HANDLER_TIMEOUT';
}

/** A single event is larger than one queue message may be. */
export class MessageTooLargeError extends EventHookError {
  override readonly code = 'ERR_EVENT_HOOK_MESSAGE_TOO_LARGE';
  override readonly retryable = false;
}

/** The local queue's disk is too full to take a batch and still let the worker drain it. */
export class DiskSpaceError extends EventHookError {
  override readonly code = 'ERR_EVENT_HOOK_DISK_SHORT';
}

export class QueueSendError extends EventHookError {
  override readonly code = 'ERR_EVENT_HOOK_QUEUE_SEND';
}

/** Marks a handler failure as permanent, so the event is dead-lettered without further attempts. */
export class PermanentEventError extends EventHookError {
  override readonly code = 'ERR_EVENT_HOOK_PERMANENT';
  override readonly retryable = false;
}

export function isRetryable(error: unknown): boolean {
  return !(error instanceof EventHookError) || error.retryable;
}

export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { code: 'ERR_NON_ERROR_THROWN', message: String(error) };
}
