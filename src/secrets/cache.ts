import type { SecretGetOptions, SecretSource } from './types.js';

export interface CachedSourceOptions {
  /** How long fetched values are served without asking again. */
  ttlMs: number;
  /** A forced refresh (on a miss) reaches the store at most once per this interval, so a flood of wrong secrets cannot turn into a flood of store calls. */
  minRefreshMs: number;
  now?: () => number;
}

/**
 * Wraps a loader with a TTL cache, single-flight loading and rate-limited forced refreshes.
 * A failed scheduled load (TTL expired) propagates, so callers fail closed; a failed forced
 * refresh keeps the still-valid cached values.
 */
export function cachedSource(load: () => Promise<readonly string[]>, options: CachedSourceOptions): SecretSource {
  const now = options.now ?? Date.now;
  let values: readonly string[] | undefined;
  let fetchedAt = 0;
  let inflight: Promise<readonly string[]> | undefined;

  const reload = (): Promise<readonly string[]> => {
    inflight ??= load()
      .then((fresh) => {
        values = fresh;
        fetchedAt = now();
        return fresh;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };

  return {
    async get(opts: SecretGetOptions = {}) {
      const age = now() - fetchedAt;
      if (values === undefined || age >= options.ttlMs) return reload();
      if (opts.forceRefresh && age >= options.minRefreshMs) {
        const cached = values;
        return reload().catch(() => cached);
      }
      return values;
    },
    peek() {
      return values !== undefined && now() - fetchedAt < options.ttlMs ? values : undefined;
    },
  };
}
