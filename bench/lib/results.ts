/**
 * Machine-readable results of one bench: bench/out/<bench>.json, one row per target measured
 * against an anchor. bench/run.mjs collects these into the one table of bench/RESULTS.md
 * (bench/lib/results-table.mjs).
 *
 * `ratio` is always ours / anchor in time (lower is better), so every row reads the same way; a
 * throughput target such as "10x secretlint's throughput" is written as the target "≤ 0.10x".
 * Rows without an anchor (bundle size, fuzz cases) leave anchor_s and ratio null.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Verdict = 'PASS' | 'MISS' | 'n/a';

export interface ResultRow {
  check: string;
  anchor: string;
  input: string;
  ours_s: number | null;
  anchor_s: number | null;
  ratio: number | null;
  target: string;
  verdict: Verdict;
}

const outDir = join(new URL('..', import.meta.url).pathname, 'out');

const finite = (n: number | null | undefined): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);

/** A row whose ratio is computed from the two times (null when either is missing). */
export function resultRow(row: Omit<ResultRow, 'ratio'> & { ratio?: number | null }): ResultRow {
  const ours = finite(row.ours_s);
  const anchor = finite(row.anchor_s);
  const ratio = row.ratio !== undefined ? finite(row.ratio) : ours !== null && anchor !== null && anchor > 0 ? ours / anchor : null;
  return { ...row, ours_s: ours, anchor_s: anchor, ratio };
}

export const verdict = (pass: boolean): Verdict => (pass ? 'PASS' : 'MISS');

/** Writes bench/out/<bench>.json: { bench, date, rows }. */
export function writeResultRows(bench: string, rows: ResultRow[]): void {
  mkdirSync(outDir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  writeFileSync(join(outDir, `${bench}.json`), `${JSON.stringify({ bench, date, rows: rows.map((r) => resultRow(r)) }, null, 1)}\n`);
}
