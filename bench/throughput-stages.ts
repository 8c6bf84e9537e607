/**
 * Diagnostic, not part of `npm run bench`: token hook requests/s at saturation with the gatehook
 * request path cut after each step, so a gap to the floor can be pinned on one step. Also the
 * server's own CPU time per request (user + system, from /proc on Linux): on a shared machine
 * req/s moves with the neighbours, CPU per request much less.
 * Run: `npx tsx bench/throughput-stages.ts [rounds=3] [seconds=3]`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sampleRequests } from '../examples/app.js';
import { bundle } from './lib/bundle.js';
import { load } from './lib/load.js';
import { childEnv, startServer, type ServerChild } from './lib/proc.js';
import { fixed, interleave, median, ratio, table } from './lib/stats.js';

const rounds = Math.max(1, Number(process.argv[2] ?? 3));
const seconds = Math.max(1, Number(process.argv[3] ?? 3));
const secret = `Basic ${randomBytes(24).toString('base64')}`;
const STAGES = ['bare hono, c.req.json()', '+ requestLogger', '+ verifyHeader', '+ jsonBody', '+ parseEvent', '+ deadline', '+ executeHook (full path)'];
const names = STAGES.map((_, i) => String(i));

/** utime + stime of a process in µs, or undefined where /proc is not there. */
function cpuMicros(pid: number | undefined): number | undefined {
  try {
    // Fields after the parenthesised command name: state is [0], utime [11], stime [12], in clock ticks (USER_HZ, 100 on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

const built = await bundle({ entry: 'bench/fixtures/stages-server.ts', name: 'server-stages', minify: false });
const servers: ServerChild[] = [];
try {
  for (const i of names) servers.push(await startServer(built.file, childEnv({ HOOK_SECRET: secret, STAGE: i })));
  const body = JSON.stringify(sampleRequests.token());
  const headers = { authorization: secret, 'content-type': 'application/json; charset=UTF-8' };
  const drive = (i: string, durationSec: number) =>
    load({ url: `${servers[Number(i)]!.url}/hooks/token`, headers, body, connections: 16, durationSec });
  for (const i of names) await drive(i, 1);
  const results = await interleave(names, rounds, async (i) => {
    const pid = servers[Number(i)]!.child.pid;
    const before = cpuMicros(pid);
    const result = await drive(i, seconds);
    const after = cpuMicros(pid);
    const cpuPerRequest = before === undefined || after === undefined ? NaN : (after - before) / (result.requestsPerSec * seconds);
    return { ...result, cpuPerRequest };
  });
  const rps = (i: string) => median(results[i]!.map((r) => r.requestsPerSec));
  const cpu = (i: string) => median(results[i]!.map((r) => r.cpuPerRequest));
  const rows = names.map((i, n) => [
    STAGES[n]!,
    fixed(rps(i), 0),
    ratio(rps(i), rps('0')),
    n === 0 ? '' : fixed(1000 / rps(i) - 1000 / rps(String(n - 1)), 3),
    fixed(median(results[i]!.map((r) => r.p99)), 2),
    fixed(cpu(i), 1),
    n === 0 ? '' : fixed(cpu(i) - cpu(String(n - 1)), 1),
  ]);
  console.log(`\nToken hook path, cut after each step: ${rounds} interleaved rounds of ${seconds} s at 16 connections (Node ${process.version})\n`);
  console.log(table(['path', 'req/s', '× bare hono', '+ms per request vs previous', 'p99 ms', 'server CPU µs/req', '+CPU µs vs previous'], rows));
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}
