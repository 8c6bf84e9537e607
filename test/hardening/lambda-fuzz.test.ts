/**
 * The Lambda adapter (function URL, payload v2) under hostile events: random and mutated bodies,
 * base64-encoded or plain, missing bodies, odd content types. Same invariant as
 * the HTTP fuzzing: 2xx only for a valid authenticated event, else a 4xx in Okta's error shape,
 * never a 5xx. (An event flagged base64 whose body is not base64 makes hono's adapter answer 500
 * before the app runs; Lambda never sends one, so it is not generated here.)
 */
import fc from 'fast-check';
import type { LambdaEvent } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import type { InlineHookType } from '../../src/handlers/core/types.js';
import { silentLogger } from '../../src/middleware/logger/index.js';
import { createLambdaHandler } from '../../src/runtime/lambda.js';
import { fromValues } from '../../src/secrets/env.js';
import { createProbe, expectOktaError, HOOK_TYPES, probedHooks, SAMPLES, SECRET } from './helpers.js';
import { mutate, mutationArb } from './mutate.js';

const probe = createProbe();
const hooks = probedHooks(probe);
const handlers = Object.fromEntries(
  HOOK_TYPES.map((type) => [type, createLambdaHandler(hooks[type], { auth: { header: { secrets: fromValues(SECRET) } }, env: {}, logger: silentLogger, metrics: false })]),
) as Record<InlineHookType, ReturnType<typeof createLambdaHandler>>;

function functionUrlEvent(body: string | undefined, isBase64Encoded: boolean, headers: Record<string, string>): LambdaEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { host: 'abc123.lambda-url.eu-west-1.on.aws', ...headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc123',
      domainName: 'abc123.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abc123',
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'Okta Hooks' },
      requestId: 'req-fuzz',
      routeKey: '$default',
      stage: '$default',
      time: '29/Nov/2026:00:00:00 +0000',
      timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded,
  } as unknown as LambdaEvent;
}

/** A mutated sample of the handler's own type (most often), random text, or no body at all. */
const bodyArb = (type: InlineHookType) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.array(mutationArb, { maxLength: 3 }).map((m) => JSON.stringify(mutate(SAMPLES[type](), m))) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

describe('fuzzing the Lambda adapter', () => {
  it('random function URL events never get a 5xx, and a 2xx only when valid', async () => {
    let runs = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HOOK_TYPES).chain((type) => fc.tuple(fc.constant(type), bodyArb(type))),
        fc.constantFrom('base64', 'plain'),
        fc.constantFrom<Record<string, string>>({ authorization: SECRET }, {}, { authorization: SECRET.toLowerCase() }),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8'),
        async ([type, body], encoding, auth, contentType) => {
          runs++;
          const encoded = body === undefined || encoding === 'plain' ? body : Buffer.from(body).toString('base64');
          const before = probe.calls[type];
          const res = await handlers[type](functionUrlEvent(encoded, encoding !== 'plain', { 'content-type': contentType, ...auth }));
          expect(res.statusCode).toBeLessThan(500);
          const text = res.isBase64Encoded ? Buffer.from(res.body, 'base64').toString() : res.body;
          if (res.statusCode >= 400) {
            expectOktaError(JSON.parse(text));
            expect(probe.calls[type]).toBe(before);
            return;
          }
          // A 2xx: authenticated, JSON, and the definition's own parser accepts exactly what arrived.
          accepted++;
          expect(auth.authorization).toBe(SECRET);
          expect(hooks[type].parse(JSON.parse(body!)).ok).toBe(true);
          expect(probe.calls[type]).toBe(before + 1);
        },
      ),
      { numRuns: 600 },
    );
    console.info(`lambda fuzz: ${runs} events, ${accepted} accepted`);
    // About 7% of generated events are valid (a third carry the secret, and most mutations break the body):
    // 600 runs give about 42, and 1 in 40 sits more than four standard deviations below that, so the check
    // catches a generator that stopped producing valid events without failing on an unlucky seed.
    expect(accepted).toBeGreaterThan(runs / 40);
  });
});
