/**
 * Where a server's CPU goes under load: bundles a bench server, runs it under `node --cpu-prof`,
 * drives one hook for a few seconds, and prints the functions with the most self time (and the
 * same summed by source file). The profile file is kept for a closer look in DevTools.
 * Run: `npx tsx bench/profile.ts [server=gatehook-server] [hook=token] [seconds=5]`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { SAMPLE_REQUESTS as sampleRequests } from '../src/handlers/samples.js';
import { bundle, outDir } from './lib/bundle.js';
import { load } from './lib/load.js';
import { childEnv } from './lib/proc.js';

const server = process.argv[2] ?? 'gatehook-server';
const hook = (process.argv[3] ?? 'token') as 'token' | 'registration';
const seconds = Number(process.argv[4] ?? 5);
const secret = `Basic ${randomBytes(24).toString('base64')}`;
const dir = join(outDir, `profile-${server}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const { file } = await bundle({ entry: `bench/fixtures/${server}.ts`, name: `profile-${server}`, minify: false });
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, file], { env: childEnv({ HOOK_SECRET: secret, LOG_LEVEL: 'info', REQUEST_LOG: 'on' }), stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
const body = JSON.stringify(sampleRequests[hook]());
const headers = { authorization: secret, 'content-type': 'application/json; charset=UTF-8' };
await load({ url: `http://127.0.0.1:${port}/hooks/${hook}`, headers, body, connections: 16, durationSec: 1 });
const result = await load({ url: `http://127.0.0.1:${port}/hooks/${hook}`, headers, body, connections: 16, durationSec: seconds });
console.log(`${server} /hooks/${hook}: ${result.requestsPerSec.toFixed(0)} req/s`);
await new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const profileFile = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(dir, profileFile), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const node of profile.nodes) {
  const t = self.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.split('/').pop() || '(native)';
  const name = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + t);
  byFile.set(where, (byFile.get(where) ?? 0) + t);
}
const top = (m: Map<string, number>, n: number) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`\nself time by function (of ${(total / 1000).toFixed(0)} ms sampled):\n${top(byFunction, 45)}`);
console.log(`\nby file:\n${top(byFile, 10)}\n\nprofile: ${join(dir, profileFile)}`);
