/**
 * Emulator throughput over real HTTP: users created per second (with and without a password) and
 * users listed per second through Link-header paging. Run: npx tsx bench/emulator-rate.ts [users]
 */
import { startEmulator } from '../src/emulator/server.js';

const TOKEN = 'bench-token';
const total = Number(process.argv[2] ?? 2000);
const concurrency = 16;

const org = await startEmulator({ port: 0, apiTokens: [TOKEN], seed: false, rateLimit: { perMinute: 1_000_000 } });
const headers = { authorization: `SSWS ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' };

async function createUsers(count: number, prefix: string, withPassword: boolean): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const login = `${prefix}${i}@example.com`;
        const body = {
          profile: { firstName: `First${i}`, lastName: 'Bench', email: login, login, department: i % 2 ? 'Sales' : 'Engineering' },
          ...(withPassword ? { credentials: { password: { value: 'Bench-Password-42' } } } : {}),
        };
        const response = await fetch(`${org.url}/api/v1/users`, { method: 'POST', headers, body: JSON.stringify(body) });
        if (response.status !== 200) throw new Error(`create failed: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function listAll(query: string): Promise<{ perSecond: number; count: number }> {
  let url: string | undefined = `${org.url}/api/v1/users?${query}`;
  let count = 0;
  const started = performance.now();
  while (url) {
    const response: Response = await fetch(url, { headers });
    const page = (await response.json()) as unknown[];
    count += page.length;
    url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return { count, perSecond: count / ((performance.now() - started) / 1000) };
}

try {
  const created = await createUsers(total, 'plain', false);
  const withPassword = await createUsers(Math.max(50, Math.floor(total / 10)), 'pw', true);
  const listed = await listAll('limit=200');
  const filtered = await listAll(`limit=200&filter=${encodeURIComponent('profile.department eq "Sales"')}`);
  console.log(`users created/s (no password, ${concurrency} concurrent): ${created.toFixed(0)}`);
  console.log(`users created/s (scrypt-hashed password):         ${withPassword.toFixed(0)}`);
  console.log(`users listed/s (limit=200, ${listed.count} users):      ${listed.perSecond.toFixed(0)}`);
  console.log(`users listed/s (filter on profile, ${filtered.count} users): ${filtered.perSecond.toFixed(0)}`);
} finally {
  await org.close();
}
