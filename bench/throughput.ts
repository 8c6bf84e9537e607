/**
 * Throughput and latency of the token and registration hooks on the Node server (header secret
 * verified, request log on), against the reference a user would pick instead: bare Hono on
 * @hono/node-server doing the same work (secret check, JSON in, the same JSON out, one JSON request
 * line per request). Also the FLOOR (bare node:http, no log) and the express baseline, and both Hono
 * servers without their request log. Each server runs in its own process; autocannon drives it from
 * this one over 127.0.0.1.
 * Run: `npx tsx bench/throughput.ts [rounds=5] [seconds=3]`.
 */
import { randomBytes } from 'node:crypto';
import { SAMPLE_REQUESTS as sampleRequests } from '../src/handlers/samples.js';
import { bundle } from './lib/bundle.js';
import { load, type LoadResult } from './lib/load.js';
import { childEnv, cpuMicros, startServer, type ServerChild } from './lib/proc.js';
import { fixed, median, ratio, table } from './lib/stats.js';
import { reportSummary, verdict, type SummaryRow } from './lib/summary.js';

const rounds = Math.max(1, Number(process.argv[2] ?? process.env.BENCH_ROUNDS ?? 5));
const seconds = Math.max(1, Number(process.argv[3] ?? process.env.BENCH_SECONDS ?? 3));
const FIXED_RATE = 1000;
const SATURATION_CONNECTIONS = 16;
const FIXED_CONNECTIONS = 10;
const secret = `Basic ${randomBytes(24).toString('base64')}`;

const servers = {
  'bare hono': { entry: 'bench/fixtures/hono-server.ts', env: { REQUEST_LOG: 'on' } },
  gatehook: { entry: 'bench/fixtures/gatehook-server.ts', env: { LOG_LEVEL: 'info' } },
  'bare hono, no log': { entry: 'bench/fixtures/hono-server.ts', env: {} },
  'gatehook, no request log': { entry: 'bench/fixtures/gatehook-server.ts', env: { LOG_LEVEL: 'warn' } },
  'gatehook app on serve()': { entry: 'bench/fixtures/gatehook-server.ts', env: { LOG_LEVEL: 'info', SERVE: 'hono' } },
  floor: { entry: 'bench/fixtures/floor-server.ts', env: {} },
  express: { entry: 'bench/fixtures/usual-server.ts', env: {} },
} as const;
type ServerName = keyof typeof servers;
// BENCH_QUICK=1: gatehook against bare Hono only (both logged), saturation only: for A/B work while profiling.
const quick = process.env.BENCH_QUICK === '1';
// BENCH_SERVERS='bare hono,gatehook app on serve()': only those (with BENCH_QUICK's per-round lines).
const only = process.env.BENCH_SERVERS?.split(',').map((n) => n.trim()).filter((n): n is ServerName => n in servers);
const names = (only?.length ? only : quick ? ['bare hono', 'gatehook'] : Object.keys(servers)) as ServerName[];
const hooks = ['token', 'registration'] as const;

const bodies = Object.fromEntries(hooks.map((h) => [h, JSON.stringify(sampleRequests[h]())])) as Record<(typeof hooks)[number], string>;
const headers = { authorization: secret, 'content-type': 'application/json; charset=UTF-8', 'user-agent': 'Okta Hooks' };
const allModes = [
  { mode: `saturation (${SATURATION_CONNECTIONS} connections)`, connections: SATURATION_CONNECTIONS, rate: undefined },
  { mode: `fixed ${FIXED_RATE} req/s (${FIXED_CONNECTIONS} connections)`, connections: FIXED_CONNECTIONS, rate: FIXED_RATE },
] as const;
const modes = quick ? allModes.slice(0, 1) : allModes;
type Sample = LoadResult & { cpuPerRequest: number };
const samples = new Map<string, Record<ServerName, Sample[]>>();
const key = (hook: string, mode: string) => `${hook}\u0000${mode}`;
for (const hook of hooks) for (const { mode } of modes) samples.set(key(hook, mode), Object.fromEntries(names.map((n) => [n, []])) as unknown as Record<ServerName, Sample[]>);

const files = {} as Record<ServerName, string>;
for (const name of names) files[name] = (await bundle({ entry: servers[name].entry, name: `server-${servers[name].entry.replace(/\W+/g, '-')}`, minify: false })).file;

/**
 * Fresh server processes every round: two processes running the same code can differ by a fifth in
 * CPU per request (where the heap and the code land, which core they get), so a figure is the median
 * over several processes, not over several runs of one.
 */
let running = {} as Record<ServerName, ServerChild>;
try {
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    running = {} as Record<ServerName, ServerChild>;
    for (const name of order) running[name] = await startServer(files[name], childEnv({ HOOK_SECRET: secret, ...servers[name].env }));
    if (round === 0) {
      // Same request, same answer: the comparison is only fair if every server does the same work.
      for (const hook of hooks) {
        const answers = await Promise.all(
          names.map(async (name) => {
            const res = await fetch(`${running[name].url}/hooks/${hook}`, { method: 'POST', headers, body: bodies[hook] });
            return `${res.status} ${canonical(await res.text())}`;
          }),
        );
        if (new Set(answers).size !== 1) console.warn(`WARNING: servers answer /hooks/${hook} differently:\n  ${answers.join('\n  ')}`);
      }
    }
    for (const name of order) {
      for (const hook of hooks) await load({ url: `${running[name].url}/hooks/${hook}`, headers, body: bodies[hook], connections: SATURATION_CONNECTIONS, durationSec: 0.5 });
    }
    for (const hook of hooks) {
      for (const { mode, connections, rate } of modes) {
        for (const name of order) {
          const pid = running[name].child.pid;
          const before = cpuMicros(pid);
          const result = await load({ url: `${running[name].url}/hooks/${hook}`, headers, body: bodies[hook], connections, durationSec: seconds, rate });
          const after = cpuMicros(pid);
          const answered = result.requestsPerSec * seconds;
          const cpuPerRequest = before === undefined || after === undefined || answered === 0 ? NaN : (after - before) / answered;
          samples.get(key(hook, mode))![name].push({ ...result, cpuPerRequest });
          if (quick) console.log(`round ${round + 1} ${hook} ${name}: ${result.requestsPerSec.toFixed(0)} req/s, ${cpuPerRequest.toFixed(1)} µs CPU/req`);
        }
      }
    }
    await Promise.all(Object.values(running).map((s) => s.stop()));
    running = {} as Record<ServerName, ServerChild>;
  }

  const rows: string[][] = [];
  const summary: SummaryRow[] = [];
  for (const hook of hooks) {
    for (const { mode, rate } of modes) {
      const results = samples.get(key(hook, mode))!;
      const med = (name: ServerName, k: 'requestsPerSec' | 'p50' | 'p99' | 'max' | 'cpuPerRequest') => (names.includes(name) ? median(results[name].map((r) => r[k])) : NaN);
      const bad = (name: ServerName) => results[name].reduce((n, r) => n + r.errors + r.timeouts + nonOk(r), 0);
      // Each Hono server against bare Hono with the same logging: logged against logged, unlogged against unlogged.
      const referenceOf = (name: ServerName): ServerName => (name === 'gatehook, no request log' || name === 'bare hono, no log' ? 'bare hono, no log' : 'bare hono');
      // 'gatehook app on serve()' is the same app on @hono/node-server's own serve(): what serveNode adds.
      for (const name of names) {
        const ref = referenceOf(name);
        rows.push([
          hook,
          mode,
          name,
          fixed(med(name, 'requestsPerSec'), 0),
          ratio(med(name, 'requestsPerSec'), med(ref, 'requestsPerSec')),
          fixed(med(name, 'p50'), 2),
          fixed(med(name, 'p99'), 2),
          fixed(med(name, 'cpuPerRequest'), 1),
          ratio(med(name, 'cpuPerRequest'), med(ref, 'cpuPerRequest')),
          String(bad(name)),
        ]);
      }
      if (rate === undefined) {
        const r = med('gatehook', 'requestsPerSec') / med('bare hono', 'requestsPerSec');
        summary.push({
          figure: 'throughput',
          measure: `${hook} req/s at saturation, request log on`,
          ours: fixed(med('gatehook', 'requestsPerSec'), 0),
          reference: `bare hono ${fixed(med('bare hono', 'requestsPerSec'), 0)}, floor ${fixed(med('floor', 'requestsPerSec'), 0)}, express ${fixed(med('express', 'requestsPerSec'), 0)}`,
          ratio: ratio(med('gatehook', 'requestsPerSec'), med('bare hono', 'requestsPerSec')),
          target: '≥ 0.9× bare hono',
          verdict: verdict(r >= 0.9),
        });
        // The same question on the server's own CPU clock, which moves less with the neighbours than req/s.
        const cpuRatio = med('gatehook', 'cpuPerRequest') / med('bare hono', 'cpuPerRequest');
        summary.push({
          figure: 'throughput',
          measure: `${hook} server CPU per request at saturation, request log on`,
          ours: `${fixed(med('gatehook', 'cpuPerRequest'), 1)} µs`,
          reference: `bare hono ${fixed(med('bare hono', 'cpuPerRequest'), 1)} µs, floor ${fixed(med('floor', 'cpuPerRequest'), 1)} µs, express ${fixed(med('express', 'cpuPerRequest'), 1)} µs`,
          ratio: ratio(med('gatehook', 'cpuPerRequest'), med('bare hono', 'cpuPerRequest')),
          target: '≤ 1.1× bare hono',
          verdict: Number.isFinite(cpuRatio) ? verdict(cpuRatio <= 1.1) : 'info',
        });
      } else {
        summary.push({
          figure: 'throughput',
          measure: `${hook} p99 at ${FIXED_RATE} req/s`,
          ours: `${fixed(med('gatehook', 'p99'), 2)} ms`,
          reference: `bare hono ${fixed(med('bare hono', 'p99'), 2)} ms, floor ${fixed(med('floor', 'p99'), 2)} ms`,
          ratio: ratio(med('gatehook', 'p99'), med('bare hono', 'p99')),
          target: '< 5 ms',
          verdict: verdict(med('gatehook', 'p99') < 5),
        });
      }
    }
  }
  console.log(`\nThroughput: ${rounds} rounds, each with fresh server processes, ${seconds} s per server and mode in rotating order; medians over the rounds (Node ${process.version}, verification on). "× ref" compares with bare hono logging alike (logged with logged, unlogged with unlogged).\n`);
  console.log(table(['hook', 'load', 'server', 'req/s', 'req/s × ref', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'CPU × ref', 'errors+non-2xx'], rows));
  reportSummary(summary);
} finally {
  await Promise.all(Object.values(running).map((s) => s.stop()));
}

function nonOk(r: LoadResult): number {
  return Object.entries(r.statuses).reduce((n, [status, count]) => n + (Number(status) >= 300 ? count : 0), 0);
}

/** JSON with sorted keys, so answers compare equal whatever order a server wrote them in. */
function canonical(text: string): string {
  if (!text) return '';
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sort(x)])) : v;
  try {
    return JSON.stringify(sort(JSON.parse(text)));
  } catch {
    return text.slice(0, 200);
  }
}
