import { baseEvent, type BaseEvent } from '../core/envelope.js';
import type { PasswordImportRequest } from './schema.js';

export interface PasswordImportEvent extends BaseEvent<PasswordImportRequest> {
  /** The login the user typed. */
  readonly username: string;
  /** The plaintext password to check against the legacy store. Never log it. */
  readonly password: string;
  /** What Okta does on an empty answer (`data.action.credential`), normally UNVERIFIED. */
  readonly defaultOutcome: string;
}

export function toPasswordImportEvent(raw: PasswordImportRequest): PasswordImportEvent {
  const { username, password } = raw.data.context.credential;
  return { ...baseEvent(raw), username, password, defaultOutcome: raw.data.action?.credential ?? 'UNVERIFIED' };
}
