/**
 * Property-based fuzzing of every inline hook endpoint through the real app (`createHookApp` +
 * `app.request`): mutated sample requests, random JSON and random bytes, with random auth and
 * content types. Invariant: 2xx exactly for authenticated, well-formed, schema-valid requests (the
 * handler ran once), otherwise a 4xx in Okta's error shape (the handler did not run); never a 5xx,
 * never a hang, and the heap stays flat over many cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectGarbage, HOOK_TYPES, SAMPLES } from './helpers.js';
import { authArb, contentTypeArb, createFuzzTarget, encode, typeArb } from './fuzz-oracle.js';
import { mutate, mutationArb } from './mutate.js';

const { send, check: checkCase, counts: verdicts } = createFuzzTarget();
const counts = { mutated: 0, randomJson: 0, randomBytes: 0, memory: 0 };

describe('fuzzing the six inline hook endpoints through createHookApp', () => {
  it('mutated sample requests: 2xx only when valid and authenticated, else a 4xx in Okta shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        typeArb,
        fc.array(mutationArb, { maxLength: 4 }),
        fc.oneof({ weight: 4, arbitrary: fc.constant('ok' as const) }, { weight: 1, arbitrary: authArb }),
        fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: contentTypeArb }),
        async (type, mutations, auth, contentType) => {
          counts.mutated++;
          await checkCase(type, auth, contentType, encode(mutate(SAMPLES[type](), mutations)));
        },
      ),
      { numRuns: 3000 },
    );
    // Both sides of the invariant were exercised, not just rejections.
    expect(verdicts.valid).toBeGreaterThan(counts.mutated / 10);
    expect(verdicts.invalid).toBeGreaterThan(counts.mutated / 10);
  });

  it('unmutated samples of every type are accepted, so the mutated run exercised both sides', async () => {
    for (const type of HOOK_TYPES) {
      const { status, ran } = await send(type, 'ok', 'application/json', encode(SAMPLES[type]()));
      expect([200, 204], type).toContain(status);
      expect(ran).toBe(1);
    }
  });

  it('random JSON documents (any top-level value) never get a 2xx unless they parse as the hook event', async () => {
    await fc.assert(
      fc.asyncProperty(typeArb, fc.jsonValue({ maxDepth: 6 }), authArb, contentTypeArb, async (type, value, auth, contentType) => {
        counts.randomJson++;
        await checkCase(type, auth, contentType, encode(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('random bytes, random text and truncated samples answer 400/401/415, never 5xx', async () => {
    const truncated = fc
      .tuple(typeArb, fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([type, cut]) => {
        const text = JSON.stringify(SAMPLES[type]());
        return new TextEncoder().encode(text.slice(0, Math.floor(text.length * cut)));
      });
    const bodyArb = fc.oneof(
      fc.uint8Array({ maxLength: 512 }),
      fc.string({ unit: 'binary', maxLength: 256 }).map((s) => new TextEncoder().encode(s)),
      truncated,
    );
    await fc.assert(
      fc.asyncProperty(typeArb, bodyArb, authArb, contentTypeArb, async (type, bytes, auth, contentType) => {
        counts.randomBytes++;
        await checkCase(type, auth, contentType, bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the heap flat over many requests', async () => {
    const cases = fc.sample(fc.tuple(typeArb, fc.array(mutationArb, { maxLength: 3 })), { numRuns: 300, seed: 42 });
    const round = async () => {
      for (const [type, mutations] of cases) {
        counts.memory++;
        await send(type, 'ok', 'application/json', encode(mutate(SAMPLES[type](), mutations)));
      }
    };
    await round(); // warm-up: JIT, caches, lazily built schemas
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 24; i++) await round();
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - before;
    // 7,200 requests: a leak of even a third of a kilobyte per request (a timer kept alive, say: it
    // happened once) grows the heap by more than 2.4 MB, a leaked body by more than 20 MB.
    expect(grown, `heap grew by ${(grown / 1e6).toFixed(2)} MB`).toBeLessThan(1_200_000);
    console.info(`fuzz cases: ${JSON.stringify({ ...counts, ...verdicts })}; heap growth over ${counts.memory} requests: ${(grown / 1e6).toFixed(2)} MB`);
  });
});
