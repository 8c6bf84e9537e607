import { Hono } from 'hono';
import { createHookApp } from '../src/runtime/app.js';
import { createJsonLogger } from '../src/middleware/logger/json-logger.js';
import { fromValues } from '../src/secrets/env.js';
import { sampleRequests } from '../examples/app.js';
import { registrationGate } from './fixtures/registration-gate.js';
import { oktaFromEnv, tokenWithUsers } from './fixtures/token-users-hook.js';
import { registrationAnswer, tokenAnswer } from './fixtures/usual-logic.js';

const secret = 'Basic abcdefghijklmnopqrstuvwx';
let sunk = 0;
const sink = (line: string) => { sunk += line.length; };
const gh = createHookApp({ hooks: { token: tokenWithUsers, registration: registrationGate }, auth: { header: { secrets: fromValues(secret) } }, okta: oktaFromEnv, logger: createJsonLogger({ level: 'info', write: sink }) });
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
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await app.fetch(new Request(`http://x/hooks/${hook}`, { method: 'POST', headers, body }));
    await res.text();
  }
  return ((performance.now() - t) * 1000) / n;
}
const first = await (await gh.fetch(new Request(`http://x/hooks/${hook}`, { method: 'POST', headers, body }))).text();
console.log(first.slice(0, 200));
for (let r = 0; r < 5; r++) {
  const a = process.env.ONLY ? 0 : await run(bare, 20000);
  const b = await run(gh, 20000);
  console.log(`bare ${a.toFixed(1)} µs  gatehook ${b.toFixed(1)} µs  diff ${(b - a).toFixed(1)}`);
}
