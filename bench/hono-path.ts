/**
 * gatehook's own work on the Hono path, without sockets or neighbours in the figure: the same request
 * through `app.fetch` of gatehook's app (token and registration hooks, header secret, request log on)
 * and of bare Hono doing the same work (secret check, JSON in, the same JSON out, one JSON request line),
 * alternating in one process; the figure is each app's least CPU per request over the rounds. Both pay
 * the same Request and Response construction, so the difference is gatehook's own work.
 * A third app is gatehook with zod/mini parsing every request (`schema.safeParse`, then the same event
 * mapping) instead of the compiled accept check of `src/handlers/core/fast-parse.ts`: the measured
 * reason that check exists.
 * Run: `npx tsx bench/hono-path.ts [token|registration]`.
 */
import { Hono } from 'hono';
import { createHookApp } from '../src/runtime/app.js';
import { createJsonLogger } from '../src/middleware/logger/json-logger.js';
import { fromValues } from '../src/secrets/env.js';
import { SAMPLE_REQUESTS as sampleRequests } from '../src/handlers/samples.js';
import { registrationGate } from '../bench/fixtures/registration-gate.js';
import { oktaFromEnv, tokenWithUsers } from '../bench/fixtures/token-users-hook.js';
import { registrationAnswer, tokenAnswer } from '../bench/fixtures/usual-logic.js';
import type { InlineHookDefinition } from '../src/handlers/core/types.js';
import { toTokenEvent } from '../src/handlers/token/event.js';
import { tokenRequestSchema } from '../src/handlers/token/schema.js';
import { toRegistrationEvent } from '../src/handlers/registration/event.js';
import { registrationRequestSchema } from '../src/handlers/registration/schema.js';

const secret = 'Basic abcdefghijklmnopqrstuvwx';
let sunk = 0; // where the request lines go: counted, so the work is not optimised away
const sink = (line: string) => { sunk += line.length; };
const gh = createHookApp({ hooks: { token: tokenWithUsers, registration: registrationGate }, auth: { header: { secrets: fromValues(secret) } }, okta: oktaFromEnv, logger: createJsonLogger({ level: 'info', write: sink }) });
/** The same definition, parsing with zod/mini on every request. */
function zodParsing<E>(definition: InlineHookDefinition<E>, schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }, toEvent: (raw: never) => E): InlineHookDefinition<E> {
  return {
    ...definition,
    parse(body) {
      const result = schema.safeParse(body);
      return result.success ? { ok: true, event: toEvent(result.data as never) } : definition.parse(body);
    },
  };
}
const ghZod = createHookApp({
  hooks: { token: zodParsing(tokenWithUsers, tokenRequestSchema, toTokenEvent), registration: zodParsing(registrationGate, registrationRequestSchema, toRegistrationEvent) },
  auth: { header: { secrets: fromValues(secret) } },
  okta: oktaFromEnv,
  logger: createJsonLogger({ level: 'info', write: sink }),
});
const bare = new Hono();
bare.use(async (c, next) => {
  const started = performance.now();
  const requestId = crypto.randomUUID();
  await next();
  sink(JSON.stringify({ level: 'info', time: new Date().toISOString(), message: 'request', requestId, method: c.req.method, path: c.req.path, status: c.res.status, durationMs: Math.round((performance.now() - started) * 10) / 10 }));
});
for (const [path, answer] of [['/hooks/token', tokenAnswer], ['/hooks/registration', registrationAnswer]] as const) {
  bare.post(path, async (c) => {
    if (c.req.header('authorization') !== secret) return c.body(null, 401);
    const result = answer(await c.req.json());
    return result === null ? c.body(null, 204) : c.json(result);
  });
}
const hook = (process.argv[2] ?? 'token') as 'token' | 'registration';
const body = JSON.stringify(sampleRequests[hook]());
const headers = { authorization: secret, 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(body)) };
async function run(app: { fetch: (r: Request) => Response | Promise<Response> }, n: number) {
  const t = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const res = await app.fetch(new Request(`http://x/hooks/${hook}`, { method: 'POST', headers, body }));
    await res.text();
  }
  const u = process.cpuUsage(t);
  return (u.user + u.system) / n;
}
const first = await (await gh.fetch(new Request(`http://x/hooks/${hook}`, { method: 'POST', headers, body }))).text();
let best = [Infinity, Infinity, Infinity];
if (!first.startsWith('{"commands"')) throw new Error(`gatehook answered ${first.slice(0, 200)}`);
for (let r = 0; r < 12; r++) {
  const a = await run(bare, 5000);
  const b = await run(gh, 5000);
  const z = await run(ghZod, 5000);
  best = [Math.min(best[0]!, a), Math.min(best[1]!, b), Math.min(best[2]!, z)];
}
console.log(`${hook} through app.fetch, least CPU per request over 12 rounds of 5,000: bare hono ${best[0]!.toFixed(1)} µs, gatehook ${best[1]!.toFixed(1)} µs (+${(best[1]! - best[0]!).toFixed(1)} µs, ${(best[1]! / best[0]!).toFixed(2)}×); gatehook parsing with zod/mini ${best[2]!.toFixed(1)} µs (+${(best[2]! - best[0]!).toFixed(1)} µs, ${(best[2]! / best[0]!).toFixed(2)}×)`);
if (sunk === 0) throw new Error("no request line was written");
