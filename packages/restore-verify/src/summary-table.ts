/** The per-table step summary: dump/reference rows, restored rows, status; failures first. */
import type { Finding, ResultTable } from '@preflight/core';
import type { TableRow } from './compare.ts';

const rank: Record<TableRow['status'], number> = { 'missing table': 0, 'missing rows': 1, truncated: 2, unknown: 3, 'extra rows': 4, ok: 5 };

export function summaryTable(rows: TableRow[], findings: Finding[]): ResultTable | undefined {
  if (rows.length === 0) return undefined;
  const truncated = new Set(findings.filter((f) => f.rule === 'dump-truncated').map((f) => f.object));
  const out = rows.map((r) => ({ ...r, status: r.status === 'ok' && truncated.has(r.table) ? ('truncated' as const) : r.status }));
  out.sort((a, b) => rank[a.status] - rank[b.status] || a.table.localeCompare(b.table) || a.reference.localeCompare(b.reference));
  return {
    title: 'Tables',
    header: ['table', 'reference', 'reference rows', 'restored rows', 'status'],
    rows: out.map((r) => [r.table, r.reference, r.referenceRows, r.restoredRows, r.status === 'ok' ? 'ok' : `**${r.status}**`]),
  };
}
