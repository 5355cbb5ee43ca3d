/**
 * The migration-ledger version a dump or a database records. The table names are @preflight/pg's
 * (ledgerTableNames); the version column is the one each tool writes. The dump side comes from the
 * ledger table's COPY (or INSERT) rows, the database side from a SELECT of the same column.
 */
import type pg from 'pg';
import { quoteIdent } from '@preflight/pg';
import { displayTable, type TableName } from './names.ts';
import type { LedgerRows } from './dump/types.ts';

export interface LedgerVersions extends TableName {
  /** Applied versions, sorted; the set is compared, the last one is shown as the head. */
  versions: string[];
}

/** Per ledger table: the column that names a migration, and which rows count as applied. */
const VERSION_COLUMN: Record<string, { column: string; applied?: (row: Record<string, string>) => boolean; sql?: string }> = {
  alembic_version: { column: 'version_num' },
  schema_migrations: { column: 'version' },
  flyway_schema_history: { column: 'version', applied: (r) => r.success === 't' || r.success === 'true', sql: 'success' },
  _prisma_migrations: { column: 'migration_name', applied: (r) => r.finished_at !== '' && (r.rolled_back_at ?? '') === '', sql: 'finished_at IS NOT NULL AND rolled_back_at IS NULL' },
  django_migrations: { column: 'name' },
};

export function isVersionLedger(name: string): boolean {
  return name in VERSION_COLUMN;
}

export function ledgerVersionsFromDump(ledgers: LedgerRows[]): LedgerVersions[] {
  const out: LedgerVersions[] = [];
  for (const l of ledgers) {
    const spec = VERSION_COLUMN[l.name];
    if (!spec) continue;
    const at = l.columns.indexOf(spec.column);
    if (at === -1) continue;
    const versions = l.rows
      .filter((row) => !spec.applied || spec.applied(Object.fromEntries(l.columns.map((c, i) => [c, row[i] ?? '']))))
      .map((row) => row[at] ?? '')
      .filter((v) => v !== '');
    out.push({ schema: l.schema, name: l.name, versions: sortNatural(versions) });
  }
  return out;
}

/** The same versions read from a live database; undefined when the table or column is not there. */
export async function ledgerVersionsFromDb(client: pg.Client, t: TableName): Promise<string[] | { error: string } | undefined> {
  const spec = VERSION_COLUMN[t.name];
  if (!spec) return undefined;
  try {
    const where = spec.sql ? ` WHERE ${spec.sql}` : '';
    const r = await client.query<{ v: string | null }>(`SELECT ${quoteIdent(spec.column)}::text AS v FROM ${quoteIdent(t.schema)}.${quoteIdent(t.name)}${where}`);
    return sortNatural(r.rows.map((x) => x.v ?? '').filter((v) => v !== ''));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42P01' || code === '42703') return undefined;
    return { error: (error as Error).message };
  }
}

export function sortNatural(values: string[]): string[] {
  return [...values].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * The versions `got` has beyond `ref` when it is the same ledger moved forward: migrations ran
 * after the reference was taken (a manifest recorded before a release's migrations), so nothing the
 * app needs is lost. A ledger that appends (Preflight's, dbmate, Flyway, Prisma, Django) keeps
 * every version of the reference. golang-migrate's one row moves and stays a mismatch; alembic_version keeps
 * only the head: it is ahead when both heads are numbered (0042_...) and the new one is higher;
 * alembic's random hex revisions cannot be ordered without the migration files, so they stay a
 * mismatch.
 */
export function versionsAhead(ref: string[], got: string[], ledger: string): string[] | undefined {
  const newer = got.filter((v) => !ref.includes(v));
  if (newer.length === 0) return undefined;
  if (ref.every((v) => got.includes(v))) return newer;
  const numbered = (v: string) => /^\d/.test(v);
  const onlyHead = ledger === 'alembic_version' && ref.length === 1 && got.length === 1;
  if (onlyHead && numbered(ref[0]) && numbered(got[0]) && sortNatural([ref[0], got[0]])[1] === got[0]) return newer;
  return undefined;
}

export function describeVersions(v: string[]): string {
  if (v.length === 0) return 'no version';
  if (v.length <= 3) return v.join(', ');
  return `${v.length} versions up to ${v[v.length - 1]}`;
}

export function ledgerLabel(t: TableName): string {
  return displayTable(t);
}
