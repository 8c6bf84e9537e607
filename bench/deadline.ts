/**
 * Deadline at saturation: a token hook whose handler sleeps past the 2.5 s budget (ignoring
 * ctx.signal) must still be answered before Okta's 3 s limit, by the fallback (204). A second server
 * sleeps a uniform 0..4 s, so about a third of answers should be on time (200) and the rest fallbacks.
 * Run: `npx tsx bench/deadline.ts [seconds=8] [connections=200]`.
 */
import { randomBytes } from 'node:crypto';
import { SAMPLE_REQUESTS as sampleRequests } from '../src/handlers/samples.js';
import { bundle } from './lib/bundle.js';
import { load } from './lib/load.js';
import { childEnv, startServer } from './lib/proc.js';
import { fixed, table } from './lib/stats.js';
import { reportSummary, verdict, type SummaryRow } from './lib/summary.js';

const seconds = Math.max(4, Number(process.argv[2] ?? process.env.BENCH_DEADLINE_SECONDS ?? 8));
const connections = Math.max(1, Number(process.argv[3] ?? 200));
const OKTA_LIMIT_MS = 3000;
const secret = `Basic ${randomBytes(24).toString('base64')}`;

const cases = [
  { name: 'always slow (sleeps 4 s)', env: { SLOW_MS: '4000' } },
  { name: 'mixed (sleeps uniform 0..4 s)', env: { SLOW_MAX_MS: '4000' } },
];

const built = await bundle({ entry: 'bench/fixtures/slow-server.ts', name: 'server-slow', minify: false });
const body = JSON.stringify(sampleRequests.token());
const rows: string[][] = [];
const summary: SummaryRow[] = [];
for (const c of cases) {
  const server = await startServer(built.file, childEnv({ HOOK_SECRET: secret, ...c.env }));
  try {
    const r = await load({
      url: `${server.url}/hooks/token`,
      headers: { authorization: secret, 'content-type': 'application/json; charset=UTF-8' },
      body,
      connections,
      durationSec: seconds,
      timeoutSec: 10,
    });
    const answered = Object.values(r.statuses).reduce((a, b) => a + b, 0);
    const fallbacks = r.statuses[204] ?? 0;
    const other = answered - fallbacks - (r.statuses[200] ?? 0);
    rows.push([
      c.name,
      String(answered),
      fixed(r.p50, 0),
      fixed(r.p99, 0),
      fixed(r.max, 0),
      `${fixed((100 * fallbacks) / Math.max(1, answered), 1)}%`,
      String(other + r.errors + r.timeouts),
      r.max < OKTA_LIMIT_MS && other + r.errors + r.timeouts === 0 ? 'yes' : 'NO',
    ]);
    summary.push({
      figure: 'deadline',
      measure: `${c.name}: max latency`,
      ours: `${fixed(r.max, 0)} ms (p99 ${fixed(r.p99, 0)})`,
      reference: `Okta limit ${OKTA_LIMIT_MS} ms`,
      ratio: `${fixed((100 * fallbacks) / Math.max(1, answered), 0)}% fallbacks`,
      target: '< 3000 ms, no errors',
      verdict: verdict(r.max < OKTA_LIMIT_MS && other + r.errors + r.timeouts === 0),
    });
  } finally {
    await server.stop();
  }
}
console.log(`\nDeadline: ${connections} connections for ${seconds} s per case, budget 2500 ms, Okta's limit ${OKTA_LIMIT_MS} ms (Node ${process.version})\n`);
console.log(table(['handler', 'answers', 'p50 ms', 'p99 ms', 'max ms', 'fallbacks (204)', 'errors/timeouts/other', 'all < 3 s'], rows));
reportSummary(summary);
