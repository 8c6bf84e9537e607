/**
 * What the org remembers between the steps of a sign-in, per emulator: pending authorization
 * requests (transactions), issued authorization codes and revoked access tokens. All of it is
 * short-lived (minutes), so it is kept in memory; a restart ends pending sign-ins, as a lost
 * browser tab would. Org sessions (`sid`) live in the store with the API's sessions.
 */
import type { EmulatorDeps } from '../context.js';
import { newOpaqueToken } from '../ids.js';
import type { AuthorizeRequest } from './authorize-request.js';

/** Okta: an authorization code can be used once, within 300 seconds. */
export const CODE_LIFETIME_MS = 300_000;
/** How long the sign-in page waits for the user. */
export const TRANSACTION_LIFETIME_MS = 15 * 60_000;

export interface SignInTransaction {
  id: string;
  request: AuthorizeRequest;
  expiresAtMs: number;
  /** The browser (device cookie) that started it: the pages answer no other (login CSRF). */
  browserId: string;
  /** Echoed by every form of the transaction's pages. */
  csrf: string;
  /** Set once the password is right and a factor is still due. */
  userId?: string;
  /** The factor whose code was sent or is expected. */
  factorId?: string;
  /** The push challenge the page waits for, when the factor is an Okta Verify push. */
  pushTransactionId?: string;
  /** The password was right but has expired: the user must choose a new one first. */
  passwordExpired?: boolean;
  /** Wrong codes so far; the transaction ends at MAX_CODE_FAILURES. */
  codeFailures: number;
}

/** Wrong factor codes one sign-in may take before it has to start again. */
export const MAX_CODE_FAILURES = 5;

export interface CodeRecord {
  issuer: string;
  request: AuthorizeRequest;
  userId: string;
  sessionId: string;
  authTime: number;
  amr: string[];
  expiresAtMs: number;
}

/** Expiring entries by random key; expired ones are dropped whenever the map is touched. */
class ExpiringMap<T extends { expiresAtMs: number }> {
  readonly #entries = new Map<string, T>();
  readonly #nowMs: () => number;

  constructor(nowMs: () => number) {
    this.#nowMs = nowMs;
  }

  put(key: string, value: T): void {
    this.#sweep();
    this.#entries.set(key, value);
  }

  get(key: string): T | undefined {
    this.#sweep();
    return this.#entries.get(key);
  }

  /** Removes and returns; a second take of the same key gets nothing (single use). */
  take(key: string): T | undefined {
    const value = this.get(key);
    this.#entries.delete(key);
    return value;
  }

  #sweep(): void {
    const now = this.#nowMs();
    for (const [key, value] of this.#entries) if (value.expiresAtMs <= now) this.#entries.delete(key);
  }
}

export class OidcState {
  readonly transactions: ExpiringMap<SignInTransaction>;
  readonly codes: ExpiringMap<CodeRecord>;
  /** Revoked access tokens by jti, until they would have expired anyway. */
  readonly #revoked = new Map<string, number>();
  readonly deps: Pick<EmulatorDeps, 'clock'>;

  constructor(deps: Pick<EmulatorDeps, 'clock'>) {
    this.deps = deps;
    const now = () => deps.clock.now().getTime();
    this.transactions = new ExpiringMap(now);
    this.codes = new ExpiringMap(now);
  }

  startTransaction(request: AuthorizeRequest, browserId: string): SignInTransaction {
    const transaction: SignInTransaction = {
      id: newOpaqueToken(24),
      request,
      browserId,
      csrf: newOpaqueToken(24),
      codeFailures: 0,
      expiresAtMs: this.deps.clock.now().getTime() + TRANSACTION_LIFETIME_MS,
    };
    this.transactions.put(transaction.id, transaction);
    return transaction;
  }

  issueCode(record: Omit<CodeRecord, 'expiresAtMs'>): string {
    const code = newOpaqueToken(32);
    this.codes.put(code, { ...record, expiresAtMs: this.deps.clock.now().getTime() + CODE_LIFETIME_MS });
    return code;
  }

  revokeAccessToken(jti: string, expSeconds: number): void {
    this.#revoked.set(jti, expSeconds * 1000);
  }

  isRevoked(jti: string): boolean {
    const now = this.deps.clock.now().getTime();
    for (const [id, until] of this.#revoked) if (until <= now) this.#revoked.delete(id);
    return this.#revoked.has(jti);
  }
}

const states = new WeakMap<object, OidcState>();

/** The one state of this emulator, shared by every authorization server and the sign-in pages. */
export function oidcState(deps: Pick<EmulatorDeps, 'clock' | 'store'>): OidcState {
  let state = states.get(deps.store);
  if (!state) {
    state = new OidcState(deps);
    states.set(deps.store, state);
  }
  return state;
}
