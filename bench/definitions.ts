/**
 * CPU of the hook definitions themselves, per request: `definition.parse(body)` and
 * `definition.execute(event, ctx)` of the token hook (fixtures/token-users-hook.ts) and the
 * registration hook (fixtures/registration-gate.ts) on the example sample requests, against the
 * hand-written answers of fixtures/usual-logic.ts (build the answer + JSON.stringify, what the
 * throughput floor does between JSON.parse and writing). Runs as an esbuild bundle in a fresh node
 * process (fixtures/definitions-micro.ts); medians of interleaved rounds.
 * Run: `npx tsx bench/definitions.ts [rounds=9] [iterations=20000]`.
 */
import { spawn } from 'node:child_process';
import { bundle } from './lib/bundle.js';
import { childEnv } from './lib/proc.js';
import { fixed, ratio, table } from './lib/stats.js';
import { reportSummary, verdict, type SummaryRow } from './lib/summary.js';

const rounds = Math.max(3, Number(process.argv[2] ?? 9));
const iterations = Math.max(1000, Number(process.argv[3] ?? 20_000));
/** Issue #8: parse + execute of the token sample, the one JSON.stringify left out. */
const TARGET_MICROS = 5;

interface Medians {
  parse: number;
  execute: number;
  stringify: number;
  reference: number;
}
interface ChildReport {
  node: string;
  results: Record<'token' | 'registration', Medians>;
}

function runChild(file: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, String(rounds), String(iterations)], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`the benchmark child exited with ${code}: ${err.slice(0, 2000)}`));
      else resolve(JSON.parse(line) as ChildReport);
    });
  });
}

const built = await bundle({ entry: 'bench/fixtures/definitions-micro.ts', name: 'definitions-micro' });
const report = await runChild(built.file);

const rows: string[][] = [];
const summary: SummaryRow[] = [];
for (const [hook, m] of Object.entries(report.results)) {
  const total = m.parse + m.execute;
  const own = total - m.stringify;
  rows.push([hook, fixed(m.parse, 2), fixed(m.execute, 2), fixed(m.stringify, 2), fixed(own, 2), fixed(m.reference, 2), ratio(total, m.reference)]);
  summary.push({
    figure: 'definitions',
    measure: `${hook} parse+execute µs, the one stringify excluded`,
    ours: `${fixed(own, 2)} µs`,
    reference: `hand-written answer+stringify ${fixed(m.reference, 2)} µs`,
    ratio: ratio(total, m.reference),
    target: hook === 'token' ? `≤ ${TARGET_MICROS} µs` : '',
    verdict: hook === 'token' ? verdict(own <= TARGET_MICROS) : 'info',
  });
}
console.log(`Hook definitions, µs per request: median of ${rounds} interleaved rounds of ${iterations} calls (Node ${report.node}, minified ESM bundle)\n`);
console.log(
  table(['hook', 'parse', 'execute', 'of which JSON.stringify', 'parse+execute − stringify', 'hand-written answer+stringify', 'parse+execute ÷ hand-written'], rows),
);
reportSummary(summary);
