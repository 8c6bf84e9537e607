import { describe, expect, it } from 'vitest';
import { cachedSource } from '../../src/secrets/cache.js';

function clockedLoader() {
  let now = 1_000_000;
  let version = 0;
  let fail = false;
  const loads: number[] = [];
  const load = async () => {
    loads.push(now);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (fail) throw new Error('store down');
    version++;
    return [`v${version}`];
  };
  return {
    load,
    loads,
    now: () => now,
    advance: (ms: number) => (now += ms),
    setFail: (f: boolean) => (fail = f),
  };
}

describe('cachedSource', () => {
  it('serves from cache within the TTL and reloads after it', async () => {
    const t = clockedLoader();
    const source = cachedSource(t.load, { ttlMs: 1000, minRefreshMs: 100, now: t.now });
    expect(await source.get()).toEqual(['v1']);
    t.advance(999);
    expect(await source.get()).toEqual(['v1']);
    t.advance(1);
    expect(await source.get()).toEqual(['v2']);
    expect(t.loads).toHaveLength(2);
  });

  it('loads once for concurrent callers', async () => {
    const t = clockedLoader();
    const source = cachedSource(t.load, { ttlMs: 1000, minRefreshMs: 100, now: t.now });
    const all = await Promise.all([source.get(), source.get(), source.get({ forceRefresh: true })]);
    expect(all).toEqual([['v1'], ['v1'], ['v1']]);
    expect(t.loads).toHaveLength(1);
  });

  it('rate-limits forced refreshes', async () => {
    const t = clockedLoader();
    const source = cachedSource(t.load, { ttlMs: 60_000, minRefreshMs: 100, now: t.now });
    await source.get();
    for (let i = 0; i < 50; i++) await source.get({ forceRefresh: true });
    expect(t.loads).toHaveLength(1);
    t.advance(100);
    expect(await source.get({ forceRefresh: true })).toEqual(['v2']);
    expect(t.loads).toHaveLength(2);
  });

  it('fails closed when the TTL expired and the store errors; keeps values on a failed forced refresh', async () => {
    const t = clockedLoader();
    const source = cachedSource(t.load, { ttlMs: 1000, minRefreshMs: 100, now: t.now });
    await source.get();
    t.setFail(true);
    t.advance(200);
    expect(await source.get({ forceRefresh: true })).toEqual(['v1']);
    t.advance(1000);
    await expect(source.get()).rejects.toThrow('store down');
    t.setFail(false);
    expect(await source.get()).toEqual(['v2']);
  });
});
