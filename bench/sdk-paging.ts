/**
 * Listing 10,000 users from the emulator: gatehook's client (`usersApi(client).listUsers({ limit: 200 })`)
 * against the FLOOR (a raw fetch loop following Link headers) and @okta/okta-sdk-nodejs. The emulator
 * runs in this process; each sample is a fresh child process per variant (wall time, peak memory),
 * interleaved. Run: `npx tsx bench/sdk-paging.ts [runs=9] [users=10000]`.
 */
import { randomBytes } from 'node:crypto';
import { startEmulator } from '../src/emulator/server.js';
import { inTransaction } from '../src/emulator/store/db.js';
import type { UserDoc } from '../src/emulator/store/types.js';
import { DEFAULT_USER_TYPE_ID } from '../src/emulator/users.js';
import { bundle } from './lib/bundle.js';
import { childEnv, firstLine } from './lib/proc.js';
import { fixed, interleave, median, ratio, table } from './lib/stats.js';
import { reportSummary, verdict } from './lib/summary.js';

const runs = Math.max(1, Number(process.argv[2] ?? process.env.BENCH_PAGING_RUNS ?? 9));
const userCount = Math.max(1, Number(process.argv[3] ?? 10_000));
const token = randomBytes(21).toString('base64url');

const variants = {
  'floor: fetch + Link loop': 'bench/fixtures/paging-fetch.ts',
  'gatehook usersApi().listUsers()': 'bench/fixtures/paging-ours.ts',
  '@okta/okta-sdk-nodejs (defaults)': 'bench/fixtures/paging-okta.ts',
} as const;
type Name = keyof typeof variants;
const names = Object.keys(variants) as Name[];
const FLOOR: Name = 'floor: fetch + Link loop';
const OURS: Name = 'gatehook usersApi().listUsers()';

function userDoc(i: number, at: string): UserDoc {
  const n = String(i).padStart(5, '0');
  const login = `bench.user${n}@example.com`;
  return {
    id: `00ubench${n}${randomBytes(4).toString('hex')}`.slice(0, 20),
    status: 'ACTIVE',
    created: at,
    activated: at,
    statusChanged: at,
    lastLogin: null,
    lastUpdated: at,
    passwordChanged: at,
    type: { id: DEFAULT_USER_TYPE_ID },
    profile: { firstName: 'Bench', lastName: `User${n}`, email: login, login, mobilePhone: null, secondEmail: null, department: 'Load', costCenter: `CC-${i % 300}` },
    credentials: { provider: { type: 'OKTA', name: 'OKTA' }, password: {}, emails: [{ value: login, status: 'VERIFIED', type: 'PRIMARY' }] },
  };
}

const org = await startEmulator({ port: 0, apiTokens: [token], seed: false, rateLimit: { perMinute: 10_000_000 } });
try {
  const at = new Date().toISOString();
  inTransaction(org.emulator.store.db, () => {
    for (let i = 0; i < userCount; i++) org.emulator.store.users.insert(userDoc(i, at));
  });
  const built = Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await bundle({ entry: variants[name], name: `paging-${name.replace(/\W+/g, '-')}`, minify: false })])),
  ) as Record<Name, { file: string }>;

  interface Sample { count: number; wallMs: number; maxRssMB: number; rssStartMB: number; heapPeakMB: number }
  const env = childEnv({ ORG_URL: org.url, OKTA_API_TOKEN: token });
  const samples = await interleave(names, runs, async (name): Promise<Sample> => {
    const { line } = await firstLine([built[name].file], env, 120_000);
    const sample = JSON.parse(line) as Sample;
    if (sample.count !== userCount) throw new Error(`${name} listed ${sample.count} users, expected ${userCount}`);
    return sample;
  });
  const med = (name: Name, key: keyof Sample) => median(samples[name].map((s) => s[key]));
  const rows = names.map((name) => [
    name,
    fixed(med(name, 'wallMs'), 0),
    ratio(med(name, 'wallMs'), med(FLOOR, 'wallMs')),
    fixed(med(name, 'maxRssMB')),
    fixed(med(name, 'maxRssMB') - med(name, 'rssStartMB')),
    ratio(med(name, 'maxRssMB'), med(FLOOR, 'maxRssMB')),
    fixed(med(name, 'heapPeakMB')),
  ]);
  console.log(`\nSDK paging: ${userCount} users, limit 200 per page, median of ${runs} fresh processes per variant, interleaved (Node ${process.version})\n`);
  console.log(table(['client', 'wall ms', '× floor', 'peak RSS MB', 'RSS growth MB', 'RSS × floor', 'heap peak MB (sampled)'], rows));
  const wallRatio = med(OURS, 'wallMs') / med(FLOOR, 'wallMs');
  const rssRatio = med(OURS, 'maxRssMB') / med(FLOOR, 'maxRssMB');
  reportSummary([
    { figure: 'sdk paging', measure: `${userCount} users, wall time`, ours: `${fixed(med(OURS, 'wallMs'), 0)} ms`, reference: `floor ${fixed(med(FLOOR, 'wallMs'), 0)} ms, okta-sdk ${fixed(med('@okta/okta-sdk-nodejs (defaults)', 'wallMs'), 0)} ms`, ratio: ratio(med(OURS, 'wallMs'), med(FLOOR, 'wallMs')), target: '≤ 1.1× floor', verdict: verdict(wallRatio <= 1.1) },
    { figure: 'sdk paging', measure: `${userCount} users, peak RSS`, ours: `${fixed(med(OURS, 'maxRssMB'))} MB`, reference: `floor ${fixed(med(FLOOR, 'maxRssMB'))} MB, okta-sdk ${fixed(med('@okta/okta-sdk-nodejs (defaults)', 'maxRssMB'))} MB`, ratio: ratio(med(OURS, 'maxRssMB'), med(FLOOR, 'maxRssMB')), target: '≤ 1.1× floor', verdict: verdict(rssRatio <= 1.1) },
  ]);
} finally {
  await org.close();
}
