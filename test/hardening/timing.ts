/**
 * A paired timing comparison for secret checks: batches of calls with input A and input B run
 * back to back in alternating order (AB, BA, ...), so drift and load on a shared machine hit both
 * alike. Each pair gives one difference; a sign test over the pairs says whether one input is
 * systematically slower, and the median difference says by how much.
 */

export interface TimingVerdict {
  /** Sign-test z score: how far the count of "B slower" pairs is from half, in standard deviations. */
  z: number;
  /** Median of (B - A) per call, relative to the median per-call time. */
  relativeEffect: number;
  medianNsA: number;
  medianNsB: number;
  pairs: number;
  /** Both a significant and a material difference: the comparison leaks which input it got. */
  leaks: boolean;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

let sink = 0;

function timeBatch(compare: (presented: string) => boolean, make: () => string, calls: number): number {
  const inputs = Array.from({ length: calls }, make); // fresh strings, as each request brings its own
  const started = process.hrtime.bigint();
  for (const input of inputs) sink ^= compare(input) ? 1 : 0;
  return Number(process.hrtime.bigint() - started) / calls;
}

/**
 * @param makeA builds a fresh copy of input A on each call (likewise makeB)
 * @param options.z the sign-test threshold (default 4.5: about 1 in 300 000 by chance)
 * @param options.minEffect the smallest relative difference that counts as a leak (default 2 %)
 */
export function compareTiming(
  compare: (presented: string) => boolean,
  makeA: () => string,
  makeB: () => string,
  options: { pairs?: number; callsPerBatch?: number; z?: number; minEffect?: number } = {},
): TimingVerdict {
  const pairs = options.pairs ?? 200;
  const calls = options.callsPerBatch ?? 100;
  for (let i = 0; i < 20; i++) timeBatch(compare, i % 2 ? makeA : makeB, calls); // JIT warm-up
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      a.push(timeBatch(compare, makeA, calls));
      b.push(timeBatch(compare, makeB, calls));
    } else {
      b.push(timeBatch(compare, makeB, calls));
      a.push(timeBatch(compare, makeA, calls));
    }
  }
  const diffs = a.map((x, i) => b[i]! - x);
  const bSlower = diffs.filter((d) => d > 0).length;
  const ties = diffs.filter((d) => d === 0).length;
  const n = pairs - ties;
  const z = n === 0 ? 0 : (bSlower - n / 2) / Math.sqrt(n / 4);
  const relativeEffect = median(diffs) / median([...a, ...b]);
  const leaks = Math.abs(z) > (options.z ?? 4.5) && Math.abs(relativeEffect) > (options.minEffect ?? 0.02);
  if (sink === 42) console.info('');
  return { z, relativeEffect, medianNsA: median(a), medianNsB: median(b), pairs, leaks };
}
