/**
 * Soak: the inline hook fuzzing invariant over many more cases than `npm test` runs, with the heap
 * measured across the whole run (test/hardening/fuzz-oracle.ts holds the oracle).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectGarbage, SAMPLES } from '../hardening/helpers.js';
import { authArb, contentTypeArb, createFuzzTarget, encode, typeArb } from '../hardening/fuzz-oracle.js';
import { mutate, mutationArb } from '../hardening/mutate.js';

const RUNS = Number(process.env.SOAK_FUZZ_RUNS ?? 30_000);

describe.runIf(process.env.GATEHOOK_SOAK === '1')('soak: long inline hook fuzzing', () => {
  it(`${RUNS} mutated requests keep the invariant and a flat heap`, async () => {
    const target = createFuzzTarget();
    const arb = fc.tuple(
      typeArb,
      fc.array(mutationArb, { maxLength: 5 }),
      fc.oneof({ weight: 4, arbitrary: fc.constant('ok' as const) }, { weight: 1, arbitrary: authArb }),
      fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: contentTypeArb }),
    );
    // Warm-up before the baseline, so JIT and lazily built schemas are not counted as growth.
    for (const [type, mutations, auth, contentType] of fc.sample(arb, 500)) await target.check(type, auth, contentType, encode(mutate(SAMPLES[type](), mutations)));
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    await fc.assert(
      fc.asyncProperty(arb, async ([type, mutations, auth, contentType]) => {
        await target.check(type, auth, contentType, encode(mutate(SAMPLES[type](), mutations)));
      }),
      { numRuns: RUNS },
    );
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - before;
    console.info(`soak fuzz: ${JSON.stringify(target.counts)}; heap growth ${(grown / 1e6).toFixed(2)} MB`);
    expect(grown).toBeLessThan(5_000_000);
  });
});
