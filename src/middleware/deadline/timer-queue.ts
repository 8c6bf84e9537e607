/**
 * One timer for every pending deadline instead of one per request. Requests arrive in order and
 * share a budget, so their deadlines arrive (almost) in order too: entries sit in a list sorted by
 * deadline, inserted from the tail (an out-of-order deadline walks back a step or two), and removed
 * in O(1) when their work finishes first, so the list only ever holds work still running. The one
 * timer is armed for the earliest deadline; when it fires it runs every expired entry and re-arms
 * for the next. A Node timer per request costs a Timeout object, a timer-list insert and removal,
 * and a new list whenever the remaining milliseconds differ: a few microseconds a request.
 */
export interface TimerEntry {
  readonly at: number;
  /** Runs once, at or just after `at`, unless the entry was cancelled. */
  readonly fire: () => void;
  prev: TimerEntry | undefined;
  next: TimerEntry | undefined;
  queued: boolean;
}

export class DeadlineTimers {
  #head: TimerEntry | undefined;
  #tail: TimerEntry | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedAt = Infinity;
  readonly #now: () => number;
  #size = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** How many deadlines are pending (for tests and leak checks). */
  get size(): number {
    return this.#size;
  }

  add(at: number, fire: () => void): TimerEntry {
    const entry: TimerEntry = { at, fire, prev: undefined, next: undefined, queued: true };
    let after = this.#tail;
    while (after !== undefined && after.at > at) after = after.prev;
    if (after === undefined) {
      entry.next = this.#head;
      if (this.#head) this.#head.prev = entry;
      this.#head = entry;
      this.#tail ??= entry;
    } else {
      entry.prev = after;
      entry.next = after.next;
      if (after.next) after.next.prev = entry;
      else this.#tail = entry;
      after.next = entry;
    }
    // While work is timed, the timer holds the process open: a handler stuck on a promise with no
    // I/O behind it must still get its fallback, not a process that quietly exits.
    if (this.#size++ === 0) this.#timer?.ref();
    if (at < this.#armedAt) this.#arm(at);
    return entry;
  }

  /** Forgets an entry whose work finished first. Its timer, if armed for it, fires once for nothing and re-arms. */
  cancel(entry: TimerEntry): void {
    if (!entry.queued) return;
    entry.queued = false;
    if (entry.prev) entry.prev.next = entry.next;
    else this.#head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.#tail = entry.prev;
    entry.prev = entry.next = undefined;
    // The timer stays armed even when nothing is left: it fires once for nothing, which is cheaper
    // than clearing and re-arming it around every request at low concurrency. Unref'd meanwhile, so
    // it keeps no idle process alive.
    if (--this.#size === 0) this.#timer?.unref();
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#armedAt = at;
    this.#timer = setTimeout(this.#expire, Math.max(0, at - this.#now()));
  }

  readonly #expire = (): void => {
    this.#timer = undefined;
    this.#armedAt = Infinity;
    const now = this.#now();
    while (this.#head !== undefined && this.#head.at <= now) {
      const entry = this.#head;
      this.cancel(entry);
      try {
        entry.fire();
      } catch {
        // A firing callback only settles a promise; nothing it throws may stop the others.
      }
    }
    if (this.#head !== undefined) this.#arm(this.#head.at);
  };
}
