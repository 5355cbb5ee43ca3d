/**
 * Compares the restored side (the restored database, or the dump when no database is given) with
 * each reference (the dump, the source database, the manifest), table by table. Fail closed: a
 * count that could not be read is a finding of its own and never equal to anything.
 */
import type { Finding } from '@preflight/core';
import { displayTable, tableKey, type TableName } from './names.ts';
import type { Count } from './db-counts.ts';
import { formatCount } from './count-format.ts';

export interface CountSide {
  /** "the dump", "the source database", "the manifest", "the restored database". */
  label: string;
  tables: Map<string, { table: TableName; count: Count }>;
}

/** With --estimate, statistics are approximate: only a shortfall beyond this fraction is missing rows. */
export const ESTIMATE_TOLERANCE = 0.1;

export interface TableRow {
  table: string;
  reference: string;
  referenceRows: string;
  restoredRows: string;
  status: 'ok' | 'missing rows' | 'missing table' | 'extra rows' | 'unknown' | 'truncated';
}

const n = formatCount;

export function compareSides(restored: CountSide, ref: CountSide, opts: { file?: string } = {}): { findings: Finding[]; rows: TableRow[] } {
  const findings: Finding[] = [];
  const rows: TableRow[] = [];
  for (const [key, { table, count: refCount }] of ref.tables) {
    const object = displayTable(table);
    const got = restored.tables.get(key);
    const row: TableRow = { table: object, reference: ref.label, referenceRows: show(refCount), restoredRows: got ? show(got.count) : 'missing', status: 'ok' };
    rows.push(row);
    if ('error' in refCount) {
      row.status = 'unknown';
      findings.push({ rule: 'count-failed', severity: 'error', object, message: `${object}: the count in ${ref.label} could not be read (${refCount.error}), so the restore cannot be shown complete.` });
      continue;
    }
    if (!got) {
      row.status = 'missing table';
      findings.push({ rule: 'table-missing', severity: 'error', object, message: `${object} is in ${ref.label} (${n(refCount.rows)} rows) but missing in ${restored.label}.` });
      continue;
    }
    const have = got.count;
    if ('error' in have) {
      row.status = 'unknown';
      findings.push({ rule: 'count-failed', severity: 'error', object, message: `${object}: the count in ${restored.label} could not be read (${have.error}).` });
      continue;
    }
    const estimated = have.estimated || refCount.estimated;
    const shortfall = estimated ? have.rows < Math.floor(refCount.rows * (1 - ESTIMATE_TOLERANCE)) : have.rows < refCount.rows;
    if (shortfall) {
      row.status = 'missing rows';
      findings.push({
        rule: 'rows-missing',
        severity: 'error',
        object,
        message: `${object}: ${n(have.rows)} of ${n(refCount.rows)} rows${estimated ? ' (estimated)' : ''} (${restored.label} vs ${ref.label}).`,
        ...(opts.file ? { file: opts.file } : {}),
      });
    } else if (!estimated && have.rows > refCount.rows) {
      row.status = 'extra rows';
      findings.push({ rule: 'extra-rows', severity: 'warning', object, message: `${object}: ${n(have.rows)} rows in ${restored.label}, ${ref.label} has ${n(refCount.rows)}.` });
    }
  }
  const known = [...ref.tables.values()].filter((t) => !('error' in t.count));
  if (known.length === ref.tables.size && known.every((t) => (t.count as { rows: number }).rows === 0)) {
    findings.push({
      rule: 'empty-reference',
      severity: 'error',
      object: ref.label.replace(/^the /, ''),
      message: `${capitalize(ref.label)} holds 0 rows in ${ref.tables.size} table${ref.tables.size === 1 ? '' : 's'}: nothing shows the restore is complete.`,
    });
  }
  return { findings, rows };
}

function show(c: Count): string {
  if ('error' in c) return 'n/a';
  return `${c.estimated ? '~' : ''}${n(c.rows)}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function sideFrom(label: string, entries: Iterable<{ table: TableName; count: Count }>): CountSide {
  const tables = new Map<string, { table: TableName; count: Count }>();
  for (const e of entries) tables.set(tableKey(e.table), e);
  return { label, tables };
}
