import { appendFileSync } from 'node:fs';

export interface SummaryRow {
  figure: string;
  measure: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  verdict: 'meets' | 'misses' | 'info';
}

/** Hands a figure's headline rows to bench/run-all.ts (one JSON line each) when it set GATEHOOK_BENCH_SUMMARY. */
export function reportSummary(rows: readonly SummaryRow[]): void {
  const file = process.env.GATEHOOK_BENCH_SUMMARY;
  if (!file) return;
  appendFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
}

export function verdict(ok: boolean): 'meets' | 'misses' {
  return ok ? 'meets' : 'misses';
}
