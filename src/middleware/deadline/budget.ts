import { DeadlineTimers } from './timer-queue.js';
import type { Deadline } from '../types.js';

/** What `RequestBudget.race` settles with when the budget ran out first. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

export type Raced<T> = { ok: true; value: T } | { ok: false; error: unknown } | typeof TIMED_OUT;

/**
 * The time budget of one request: the deadline, what is left of it, and an AbortSignal for the work
 * running under it. The AbortController is made on first read of `signal`: most handlers never
 * pass it anywhere, and a controller with its EventTarget is the costliest object of a request.
 * A signal first read after the budget was spent comes back already aborted.
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

  get aborted(): boolean {
    return this.#aborted;
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

/** Every budget in the process shares one timer (see DeadlineTimers). */
const timers = new DeadlineTimers();

/**
 * Settles with `work`'s outcome, or with TIMED_OUT after `ms`. One promise settled by whichever comes
 * first (no Promise.race and its extra promises per request); the deadline is forgotten either way,
 * so nothing outlives the request but `work` itself, and a late rejection of `work` is handled.
 */
export function raceUntil<T>(ms: number, work: Promise<T>): Promise<Raced<T>> {
  return new Promise<Raced<T>>((resolve) => {
    const entry = timers.add(Date.now() + Math.max(0, ms), () => resolve(TIMED_OUT));
    work.then(
      (value) => {
        timers.cancel(entry);
        resolve({ ok: true, value });
      },
      (error: unknown) => {
        timers.cancel(entry);
        resolve({ ok: false, error });
      },
    );
  });
}

/** How many deadlines are pending in this process: work that has neither finished nor timed out. */
export function pendingDeadlines(): number {
  return timers.size;
}
