/**
 * Runs every benchmark one after another (never two at once: they would measure each other) and
 * ends with one summary table of the headline ratios. Run: `npm run bench` or `npx tsx bench/run-all.ts`.
 * Every other bench/*.ts (sdk-bundle, events-*, emulator-*, ...) runs too, each with a time limit;
 * their tables are in the output above the summary. Diagnostics listed in NOT_FIGURES are skipped.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './lib/bundle.js';
import { table } from './lib/stats.js';
import type { SummaryRow } from './lib/summary.js';

const OWN = ['cold-start.ts', 'throughput.ts', 'deadline.ts', 'sdk-paging.ts'];
const benchDir = join(repoRoot, 'bench');
const NOT_FIGURES = ['run-all.ts'];
const others = readdirSync(benchDir)
  // Files starting with `_` are someone's scratch work, not figures.
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !OWN.includes(f) && !NOT_FIGURES.includes(f))
  .sort();
const LIMIT_MS = { own: 720_000, other: 120_000 };

const dir = mkdtempSync(join(tmpdir(), 'gatehook-bench-'));
const summaryFile = join(dir, 'summary.jsonl');
const ran: string[][] = [];
try {
  for (const file of [...OWN, ...others]) {
    const limit = OWN.includes(file) ? LIMIT_MS.own : LIMIT_MS.other;
    console.log(`\n=== bench/${file} ===`);
    const started = performance.now();
    const code = await run(join(benchDir, file), limit);
    ran.push([`bench/${file}`, code === 0 ? 'ok' : code === null ? `stopped after ${limit / 1000} s` : `exit ${code}`, `${((performance.now() - started) / 1000).toFixed(0)} s`]);
  }
  const rows = existsSync(summaryFile)
    ? readFileSync(summaryFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as SummaryRow)
    : [];
  console.log(`\n=== summary (Node ${process.version}; ratios from the same run, medians, interleaved) ===\n`);
  console.log(
    table(
      ['figure', 'measure', 'gatehook', 'reference', 'ratio', 'target', 'verdict'],
      rows.map((r) => [r.figure, r.measure, r.ours, r.reference, r.ratio, r.target, r.verdict]),
    ),
  );
  console.log('');
  console.log(table(['script', 'result', 'time'], ran));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** One bench in its own process (tsx as loader), its output passed through; null when it had to be stopped. */
function run(file: string, limitMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, GATEHOOK_BENCH_SUMMARY: summaryFile },
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ? null : code);
    });
  });
}
