import type { Deadline } from '../types.js';

/** What `RequestBudget.race` settles with when the budget ran out first. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

export type Raced<T> = { ok: true; value: T } | { ok: false; error: unknown } | typeof TIMED_OUT;

/**
 * The time budget of one request: the deadline, what is left of it, and an AbortSignal for the work
 * running under it. The AbortController is made on first read of `signal`: most handlers never
 * pass it anywhere. A signal first read after the budget was spent comes back already aborted.
 */
export class RequestBudget implements Deadline {
  readonly at: number;
  readonly #now: () => number;
  #controller: AbortController | undefined;
  #abortReason: unknown;
  #aborted = false;

  constructor(at: number, now: () => number = Date.now) {
    this.at = at;
    this.#now = now;
  }

  readonly remainingMs = (): number => Math.max(0, this.at - this.#now());

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }

  /** Settles with `work`'s outcome, or with TIMED_OUT when the budget runs out first. */
  race<T>(work: Promise<T>): Promise<Raced<T>> {
    return raceUntil(this.remainingMs(), work);
  }
}

let pending = 0;

/**
 * Settles with `work`'s outcome, or with TIMED_OUT after `ms` (a plain timer, cleared when `work`
 * settles first, so nothing outlives the request but `work` itself; a late rejection is handled).
 * While it waits the timer holds the process open: a handler stuck on a promise with no I/O behind
 * it still gets its fallback.
 */
export function raceUntil<T>(ms: number, work: Promise<T>): Promise<Raced<T>> {
  pending++;
  return new Promise<Raced<T>>((resolve) => {
    let done = false;
    const finish = (result: Raced<T>) => {
      if (done) return;
      done = true;
      pending--;
      clearTimeout(timer);
      resolve(result);
    };
    const at = Date.now() + Math.max(0, ms);
    const timer = setTimeout(() => finish(TIMED_OUT), Math.max(0, ms));
    // A loop that lagged past the deadline may run the work's own timer before ours (Node orders its
    // timer lists by duration, not by deadline): work that settles after the deadline is late all the same.
    work.then(
      (value) => finish(Date.now() >= at ? TIMED_OUT : { ok: true, value }),
      (error: unknown) => finish(Date.now() >= at ? TIMED_OUT : { ok: false, error }),
    );
  });
}

/** How many deadlines are pending in this process: work that has neither finished nor timed out. */
export function pendingDeadlines(): number {
  return pending;
}
