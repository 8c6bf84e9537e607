/**
 * Token endpoint latency of the local org, with and without the example token hook, over real HTTP
 * on 127.0.0.1: the org emulator (in memory, seeded) calls the example hook server, whose hook reads
 * the user's groups and factors back from the org through the SDK.
 *
 *   npx tsx bench/e2e-token.ts [requests=200]
 *
 * Variants are interleaved request by request so machine drift hits them alike. The password grant
 * includes the scrypt check of the demo password at the emulator's default cost (N=16384).
 */
import { hooks as exampleHooks } from '../examples/src/app.js';
import { createHookApp } from '../src/runtime/app.js';
import { registerHooks } from '../src/cli/commands/register.js';
import { devClient } from '../src/cli/commands/org.js';
import { DEMO_PASSWORD, silentLogger, startEmulator } from '../src/emulator/index.js';
import { createJsonLogger } from '../src/middleware/logger/json-logger.js';
import { serveNode } from '../src/runtime/node.js';
import { createOktaClient } from '../src/sdk/client.js';
import { inlineHooksApi } from '../src/sdk/inlineHooks.js';
import { fromValues } from '../src/secrets/env.js';
import { fixed, interleave, quantile, table } from './lib/stats.js';

const REQUESTS = Number(process.argv[2] ?? 200);
const TOKEN = 'bench-api-token';
const SECRET = 'Basic YmVuY2g6aG9vaw==';
const CLIENT_SECRET = 'bench-client-secret';

const org = await startEmulator({ port: 0, apiTokens: [TOKEN], logger: silentLogger, oauthClients: [devClient(CLIENT_SECRET)] });
const okta = createOktaClient({ orgUrl: org.url, auth: { type: 'ssws', token: TOKEN } });
const hooks = await serveNode(
  createHookApp({ hooks: exampleHooks, auth: { header: { secrets: fromValues(SECRET) } }, okta, logger: createJsonLogger({ level: 'silent' }) }),
  { port: 0 },
);
const quiet = { out: () => {}, err: (line: string) => console.error(line), env: {} };
await registerHooks(okta, { baseUrl: hooks.url, authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET }, targets: ['token'], eventTypes: [] }, quiet);
const [tokenHook] = await inlineHooksApi(okta).listInlineHooks({ type: 'com.okta.oauth2.tokens.transform' }).toArray();
const hookId = String(tokenHook?.id);

const basic = `Basic ${Buffer.from(`gatehook-dev-client:${CLIENT_SECRET}`).toString('base64')}`;
const forms = {
  client_credentials: { grant_type: 'client_credentials', scope: 'reports' },
  password: { grant_type: 'password', username: 'alice.nguyen@example.com', password: DEMO_PASSWORD, scope: 'openid' },
};

async function timedToken(form: Record<string, string>): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${org.url}/oauth2/default/v1/token`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}`);
  return performance.now() - started;
}

const setHook = async (active: boolean) => {
  const api = inlineHooksApi(okta);
  await (active ? api.activateInlineHook(hookId) : api.deactivateInlineHook(hookId));
};

type Variant = 'cc, no hook' | 'cc, hook' | 'password, no hook' | 'password, hook';
const variants: Variant[] = ['cc, no hook', 'cc, hook', 'password, no hook', 'password, hook'];
for (const form of Object.values(forms)) await timedToken(form); // warm-up: JIT, keys, connection pools
const results = await interleave(variants, REQUESTS, async (variant) => {
  await setHook(variant.endsWith(', hook'));
  return timedToken(variant.startsWith('cc') ? forms.client_credentials : forms.password);
});

console.log(`Token endpoint latency, ${REQUESTS} sequential requests per variant (ms)\n`);
console.log(
  table(
    ['variant', 'p50', 'p95', 'p99', 'mean'],
    variants.map((variant) => {
      const samples = results[variant];
      const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
      return [variant, fixed(quantile(samples, 0.5)), fixed(quantile(samples, 0.95)), fixed(quantile(samples, 0.99)), fixed(mean)];
    }),
  ),
);
await org.close();
await hooks.close();
