/**
 * Per-column storage settings pg_dump writes after CREATE TABLE: ALTER COLUMN ... SET STORAGE,
 * SET COMPRESSION, SET STATISTICS and SET (n_distinct = ...). They change how values are stored and how the planner
 * estimates, never what a query returns, so a difference is a warning.
 */
import type { ColumnDef } from '../model.ts';
import { advise, type DiffContext } from './context.ts';
import { quoteIdent } from './sql.ts';

const optionName = (option: string) => option.slice(0, option.indexOf('='));

/** Statements that take the column from `live` (undefined: a column just created) to `want`. */
export function columnStorageSql(rel: string, want: ColumnDef, live?: ColumnDef): string[] {
  const alter = `ALTER TABLE ${rel} ALTER COLUMN ${quoteIdent(want.name)}`;
  const out: string[] = [];
  if (want.storage !== live?.storage) {
    // Back to the type's default: the live column knows it (SET STORAGE DEFAULT is 16+ only).
    const storage = want.storage ?? live?.typeStorage;
    if (storage) out.push(`${alter} SET STORAGE ${storage.toUpperCase()};`);
  }
  if (want.compression !== live?.compression) out.push(`${alter} SET COMPRESSION ${want.compression ?? 'DEFAULT'};`);
  if (want.statisticsTarget !== live?.statisticsTarget) out.push(`${alter} SET STATISTICS ${want.statisticsTarget ?? -1};`);
  const have = new Set(live?.attributeOptions ?? []);
  const set = (want.attributeOptions ?? []).filter((o) => !have.has(o));
  const kept = new Set((want.attributeOptions ?? []).map(optionName));
  const reset = (live?.attributeOptions ?? []).map(optionName).filter((n) => !kept.has(n));
  if (set.length) out.push(`${alter} SET (${set.join(', ')});`);
  if (reset.length) out.push(`${alter} RESET (${reset.join(', ')});`);
  return out;
}

function describe(c: ColumnDef): string {
  const parts = [`STORAGE ${(c.storage ?? 'default').toUpperCase()}`, `COMPRESSION ${c.compression ?? 'default'}`, `STATISTICS ${c.statisticsTarget ?? 'default'}`];
  parts.push(c.attributeOptions?.length ? `(${c.attributeOptions.join(', ')})` : 'no options');
  return parts.join(', ');
}

export function diffColumnStorage(ctx: DiffContext, object: string, rel: string, want: ColumnDef, live: ColumnDef): void {
  const fix = columnStorageSql(rel, want, live);
  if (!fix.length) return;
  advise(ctx, 'column-storage-mismatch', object, `Column ${object} has ${describe(live)} in the live database but ${describe(want)} in the expected schema.`, fix);
}
