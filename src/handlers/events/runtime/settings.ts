import type { Logger } from '../../core/types.js';
import type { DeadLetterStore, IdempotencyStore } from './contracts.js';
import { silentLogger } from '../../../middleware/logger/json-logger.js';
import type { OktaClientOption } from '../../../runtime/okta.js';
import { LazyOkta } from './okta-source.js';
import { DEFAULT_STORE_RETRY, UnrecordedCompletions, type StoreRetry } from './store-retry.js';
import { DEFAULT_MAX_ATTEMPTS, type ProcessSettings } from './process.js';
import type { EventHookApp } from '../router.js';

/** What every worker (local or Lambda) is configured with. */
export interface EventProcessingOptions {
  app: EventHookApp;
  idempotency: IdempotencyStore;
  deadLetters: DeadLetterStore;
  okta?: OktaClientOption;
  log?: Logger;
  /** Attempts before an event is parked in the dead-letter table. Default 5. */
  maxAttempts?: number;
  /** Time budget of all handlers of one event. Default 30 s. */
  handlerTimeoutMs?: number;
  /** How long a claim protects an event being processed. Default: handler timeout + 30 s. */
  inProgressTtlMs?: number;
  /** How long a processed event's uuid is remembered. Default 7 days. */
  completedTtlMs?: number;
  /**
   * Retries of the store writes that follow a side effect (completion, claim release, lease release)
   * on store errors such as a full disk. Default 5 tries, 50 ms doubling (about 0.75 s in all).
   */
  storeRetry?: Partial<StoreRetry>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function resolveProcessSettings(options: EventProcessingOptions, signal?: AbortSignal): ProcessSettings {
  const handlerTimeoutMs = positive(options.handlerTimeoutMs, 30_000, 'handlerTimeoutMs');
  const maxAttempts = positive(options.maxAttempts, DEFAULT_MAX_ATTEMPTS, 'maxAttempts');
  return {
    app: options.app,
    idempotency: options.idempotency,
    deadLetters: options.deadLetters,
    okta: new LazyOkta(options.okta),
    log: options.log ?? silentLogger,
    maxAttempts,
    handlerTimeoutMs,
    inProgressTtlMs: positive(options.inProgressTtlMs, handlerTimeoutMs + 30_000, 'inProgressTtlMs'),
    completedTtlMs: positive(options.completedTtlMs, 7 * DAY_MS, 'completedTtlMs'),
    storeRetry: {
      attempts: positive(options.storeRetry?.attempts, DEFAULT_STORE_RETRY.attempts, 'storeRetry.attempts'),
      baseMs: positive(options.storeRetry?.baseMs, DEFAULT_STORE_RETRY.baseMs, 'storeRetry.baseMs'),
    },
    unrecorded: new UnrecordedCompletions(),
    ...(signal ? { signal } : {}),
  };
}

export function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
