// bench/RESULTS.md's overview table: the benches that ran replace their rows, the others keep theirs
// (with their date), and the hand-written text around the markers stays as it was.
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
// @ts-expect-error plain .mjs module without types (bench/run.mjs imports it too)
import { updateResultsTable } from '../../bench/lib/results-table.mjs';

const row = (check: string, ours: number, anchor: number) => ({ check, anchor: 'tool', input: 'x', ours_s: ours, anchor_s: anchor, ratio: ours / anchor, target: '≤ 1x', verdict: ours <= anchor ? 'PASS' : 'MISS' });

test('a second run replaces only the rows of the benches that ran, keeps hand-written text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-results-'));
  const results = join(dir, 'RESULTS.md');
  writeFileSync(results, '# Benchmark results\n\nIntro by hand.\n\n## Summary\n\nMore by hand.\n');
  writeFileSync(join(dir, 'a.json'), JSON.stringify({ bench: 'a', date: '2026-01-01', rows: [row('check-a', 1, 2)] }));
  writeFileSync(join(dir, 'b.json'), JSON.stringify({ bench: 'b', date: '2026-01-01', rows: [row('check-b', 3, 2)] }));
  expect(updateResultsTable({ resultsPath: results, outDir: dir, ran: ['a', 'b'], since: 0, order: ['b', 'a'] })).toEqual(['a', 'b']);
  let md = readFileSync(results, 'utf8');
  expect(md).toMatch(/^# Benchmark results\n\nIntro by hand\.\n\n## Overview/);
  expect(md).toContain('## Summary\n\nMore by hand.\n');
  const tableRows = () => md.split('\n').filter((l) => l.startsWith('| check-'));
  expect(tableRows()).toEqual([
    '| check-b | tool | x | 3.00 s | 2.00 s | 1.50x | ≤ 1x | **MISS** | 2026-01-01 |',
    '| check-a | tool | x | 1.00 s | 2.00 s | 0.50x | ≤ 1x | **PASS** | 2026-01-01 |',
  ]);

  // Only b ran this time; a's file is stale (older than the run) and is not read again.
  const since = Date.now();
  writeFileSync(join(dir, 'a.json'), JSON.stringify({ bench: 'a', date: '2026-02-02', rows: [row('check-a', 9, 1)] }));
  utimesSync(join(dir, 'a.json'), new Date(since - 60_000), new Date(since - 60_000));
  writeFileSync(join(dir, 'b.json'), JSON.stringify({ bench: 'b', date: '2026-02-02', rows: [row('check-b', 1, 2), row('check-b2', 1, 4)] }));
  expect(updateResultsTable({ resultsPath: results, outDir: dir, ran: ['a', 'b'], since, order: ['b', 'a'] })).toEqual(['b']);
  md = readFileSync(results, 'utf8');
  expect(tableRows()).toEqual([
    '| check-b | tool | x | 1.00 s | 2.00 s | 0.50x | ≤ 1x | **PASS** | 2026-02-02 |',
    '| check-b2 | tool | x | 1.00 s | 4.00 s | 0.25x | ≤ 1x | **PASS** | 2026-02-02 |',
    '| check-a | tool | x | 1.00 s | 2.00 s | 0.50x | ≤ 1x | **PASS** | 2026-01-01 |',
  ]);
  expect(md.match(/## Overview/g)).toHaveLength(1);
  expect(md).toContain('## Summary\n\nMore by hand.\n');
});
