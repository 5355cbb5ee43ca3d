/**
 * The three ledgers the runner keeps. `sql` is Preflight's own (with checksums); `dbmate` and
 * `golang-migrate` are those tools' tables, written exactly as the tools write them, so a team can
 * switch between Preflight and the tool in either direction without the ledger noticing.
 * Ledger SQL is built as literal text (escaped) so it rides in the same round trip as COMMIT.
 */
import pg from 'pg';
import { UsageError } from '@preflight/core';
import { normalizeVersion, type Migration } from '@preflight/migrations';

export type LedgerFormat = 'sql' | 'dbmate' | 'golang-migrate';

export interface AppliedRow {
  version: string;
  name?: string | null;
  checksum?: string | null;
}

export interface LedgerState {
  /** False when the table does not exist yet (a fresh database, or --dry-run before the first run). */
  exists: boolean;
  /** sql and dbmate: one row per applied migration. */
  rows: AppliedRow[];
  /** golang-migrate: the single "latest applied" version, undefined when none. */
  current?: string;
  /** golang-migrate: a migration started outside a transaction and never finished. */
  dirty?: boolean;
}

export interface Ledger {
  format: LedgerFormat;
  /** As shown to users. */
  table: string;
  read(client: pg.Client): Promise<LedgerState>;
  /** Creates the table when missing (after the lock is taken: CREATE IF NOT EXISTS races otherwise). */
  ensure(client: pg.Client): Promise<void>;
  /**
   * Statements that record `m` as applied. Inside the migration's transaction, without a duration:
   * the time since the transaction began (clock_timestamp() - now()) is the migration's duration.
   */
  recordSql(m: Migration, durationMs?: number): string;
  /** Statements that record `migrations` as applied without running them (--baseline). */
  baselineSql(migrations: readonly Migration[], baselineVersion: string): string;
  /** golang-migrate only: mark `m` as started (dirty) before a migration that runs outside a transaction. */
  dirtySql?(m: Migration): string;
}

const lit = (value: string | number | null): string => (value === null ? 'NULL' : typeof value === 'number' ? String(value) : pg.escapeLiteral(value));

export function ledgerFor(format: LedgerFormat): Ledger {
  switch (format) {
    case 'sql':
      return sqlLedger;
    case 'dbmate':
      return dbmateLedger;
    case 'golang-migrate':
      return golangLedger;
  }
}

const sqlLedger: Ledger = {
  format: 'sql',
  table: 'preflight.schema_migrations',
  async read(client) {
    if (!(await tableExists(client, 'preflight.schema_migrations'))) return { exists: false, rows: [] };
    const r = await client.query<AppliedRow>('SELECT version, name, checksum FROM preflight.schema_migrations');
    return { exists: true, rows: r.rows };
  },
  async ensure(client) {
    if (await tableExists(client, 'preflight.schema_migrations')) return;
    await client.query(
      `CREATE SCHEMA IF NOT EXISTS preflight;
       CREATE TABLE IF NOT EXISTS preflight.schema_migrations (
         version text PRIMARY KEY,
         name text,
         checksum text,
         applied_at timestamptz NOT NULL DEFAULT now(),
         duration_ms int
       );
       COMMENT ON TABLE preflight.schema_migrations IS 'Migration ledger of preflight migrate-direct; duration_ms is NULL for migrations recorded by --baseline.'`,
    );
  },
  recordSql(m, durationMs) {
    const duration = durationMs === undefined ? "(extract(epoch FROM clock_timestamp() - now()) * 1000)::int" : lit(Math.min(Math.round(durationMs), 2 ** 31 - 1));
    return `INSERT INTO preflight.schema_migrations (version, name, checksum, applied_at, duration_ms) VALUES (${lit(m.version)}, ${lit(m.name)}, ${lit(m.checksum)}, now(), ${duration})`;
  },
  baselineSql(migrations) {
    if (migrations.length === 0) return '';
    const values = migrations.map((m) => `(${lit(m.version)}, ${lit(m.name)}, ${lit(m.checksum)}, now(), NULL)`).join(', ');
    return `INSERT INTO preflight.schema_migrations (version, name, checksum, applied_at, duration_ms) VALUES ${values}`;
  },
};

// dbmate: `create table if not exists schema_migrations (version varchar(128) primary key)`, resolved
// through search_path like dbmate does.
const dbmateLedger: Ledger = {
  format: 'dbmate',
  table: 'schema_migrations',
  async read(client) {
    const shape = await tableShape(client);
    if (!shape) return { exists: false, rows: [] };
    if (shape.has('dirty')) throw wrongShape('dbmate', 'golang-migrate', 'it has a dirty column');
    const r = await client.query<{ version: string }>('SELECT version::text AS version FROM schema_migrations');
    return { exists: true, rows: r.rows };
  },
  async ensure(client) {
    if (await tableShape(client)) return;
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY)');
  },
  recordSql(m) {
    return `INSERT INTO schema_migrations (version) VALUES (${lit(m.version)})`;
  },
  baselineSql(migrations) {
    if (migrations.length === 0) return '';
    return `INSERT INTO schema_migrations (version) VALUES ${migrations.map((m) => `(${lit(m.version)})`).join(', ')}`;
  },
};

// golang-migrate: `schema_migrations (version bigint not null primary key, dirty boolean not null)`
// holding one row, the latest applied version. The tool rewrites it with TRUNCATE + INSERT; DELETE
// does the same without an ACCESS EXCLUSIVE lock.
const golangLedger: Ledger = {
  format: 'golang-migrate',
  table: 'schema_migrations',
  async read(client) {
    const shape = await tableShape(client);
    if (!shape) return { exists: false, rows: [] };
    if (!shape.has('dirty')) throw wrongShape('golang-migrate', 'dbmate', 'it has no dirty column');
    const r = await client.query<{ version: string; dirty: boolean }>('SELECT version::text AS version, dirty FROM schema_migrations ORDER BY version DESC LIMIT 1');
    const row = r.rows[0];
    // golang-migrate writes version -1 (NilVersion) with dirty=true when a first down migration fails.
    const current = row && row.version !== '-1' ? row.version : undefined;
    return { exists: true, rows: [], current, dirty: row?.dirty === true };
  },
  async ensure(client) {
    if (await tableShape(client)) return;
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)');
  },
  recordSql(m) {
    return setVersion(m.version, false);
  },
  baselineSql(_migrations, baselineVersion) {
    return setVersion(baselineVersion, false);
  },
  dirtySql(m) {
    return setVersion(m.version, true);
  },
};

function setVersion(version: string, dirty: boolean): string {
  return `DELETE FROM schema_migrations; INSERT INTO schema_migrations (version, dirty) VALUES (${golangVersion(version)}, ${dirty})`;
}

/** golang-migrate versions are uint parsed into a bigint column: `0001` is stored as 1. */
export function golangVersion(version: string): string {
  const n = normalizeVersion(version);
  if (!/^\d+$/.test(n) || BigInt(n) > 2n ** 63n - 1n) {
    throw new UsageError(`Migration version ${version} does not fit golang-migrate's bigint version column; use a whole number below 2^63.`);
  }
  return n;
}

async function tableExists(client: pg.Client, name: string): Promise<boolean> {
  const r = await client.query<{ oid: string | null }>('SELECT to_regclass($1)::oid::text AS oid', [name]);
  return r.rows[0]?.oid != null;
}

/** Column names of the schema_migrations table that search_path resolves to, or undefined. */
async function tableShape(client: pg.Client): Promise<Set<string> | undefined> {
  const r = await client.query<{ attname: string | null }>(
    `SELECT a.attname FROM (SELECT to_regclass('schema_migrations') AS rel) t
       LEFT JOIN pg_attribute a ON a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped
      WHERE t.rel IS NOT NULL`,
  );
  if (r.rows.length === 0) return undefined;
  return new Set(r.rows.map((row) => row.attname).filter((n): n is string => n !== null));
}

function wrongShape(format: string, other: string, why: string): UsageError {
  return new UsageError(`The schema_migrations table in this database looks like ${other}'s (${why}), not ${format}'s; set --migrations-format ${other} so the ledger is read the way it was written.`);
}
