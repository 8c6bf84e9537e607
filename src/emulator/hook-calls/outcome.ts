/**
 * The one result of every call Okta makes to a hook endpoint (inline hook, event hook
 * verification, event delivery), so flows, routes and the System Log read a single shape.
 */
import type { ExchangeFailure } from './http-attempt.js';

export type HookCallFailure =
  | ExchangeFailure
  | 'invalid-json'
  /** The OAUTH channel could not obtain its bearer token; the hook itself was not called. */
  | 'channel-token'
  /** An event hook's verification answer did not echo the challenge. */
  | 'challenge-mismatch';

export type HookCallOutcome =
  | {
      ok: true;
      status: number;
      /** The parsed JSON body of an inline hook's answer; undefined for a 204 and for event hooks. */
      body?: unknown;
      attempts: number;
      durationMs: number;
    }
  | {
      ok: false;
      status?: number;
      failure: HookCallFailure;
      /** Human-readable detail for the System Log; never contains secrets. */
      message: string;
      attempts: number;
      durationMs: number;
    };
