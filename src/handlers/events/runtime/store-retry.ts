/**
 * Store writes that must land after a handler's side effect has happened: a failure there (a full
 * disk, a throttled table) must neither run the event again nor leave its batch leased for the
 * whole lease. They are tried a few times with a short back-off; the stores themselves do what frees
 * space (the SQLite ones checkpoint the WAL on SQLITE_FULL).
 */
export interface StoreRetry {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** Wait before the second try; doubles each time. */
  readonly baseMs: number;
}

export const DEFAULT_STORE_RETRY: StoreRetry = { attempts: 5, baseMs: 50 };

export async function retryStoreWrite<T>(write: () => Promise<T>, retry: StoreRetry, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= retry.attempts || signal?.aborted) throw error;
      await new Promise((resolve) => setTimeout(resolve, retry.baseMs * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Events whose handlers succeeded but whose completion could not be recorded yet (uuid -> claim
 * token). Consulted before any claim, so a re-delivery of such an event in this process records the
 * completion instead of running the handlers again. Bounded: the oldest entries go first.
 */
export class UnrecordedCompletions {
  readonly #entries = new Map<string, string>();
  readonly #max: number;

  constructor(max = 10_000) {
    this.#max = max;
  }

  get(uuid: string): string | undefined {
    return this.#entries.get(uuid);
  }

  add(uuid: string, token: string): void {
    this.#entries.delete(uuid);
    this.#entries.set(uuid, token);
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(uuid: string): void {
    this.#entries.delete(uuid);
  }

  get size(): number {
    return this.#entries.size;
  }
}
