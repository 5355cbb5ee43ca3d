/**
 * Applies migration files to a shadow database, oldest first, the way their tool would: each in
 * its own transaction, or statement by statement for no-transaction migrations (CREATE INDEX
 * CONCURRENTLY refuses to run in any transaction block, including the implicit one PostgreSQL
 * wraps around a multi-statement query). What was applied is recorded in Preflight's own ledger,
 * preflight.schema_migrations, in the shadow, so the expected head can be read back with
 * readLedgers like any other ledger.
 */
import type pg from 'pg';
import { UsageError } from '@preflight/core';
import { scanSql, type Migration } from '@preflight/migrations';
import { runSqlText, type SqlFailure } from './run-sql.ts';

export interface ExpectedHead {
  /** Version of the last versioned migration ('' when there are none). */
  head: string;
  /** Versions of the versioned migrations, in the order they were applied. */
  versions: string[];
}

export const preflightLedgerTable = 'preflight.schema_migrations';

const ledgerDdl = `CREATE SCHEMA IF NOT EXISTS preflight;
CREATE TABLE IF NOT EXISTS preflight.schema_migrations (
  version text NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export async function applyMigrations(client: pg.Client, migrations: Migration[]): Promise<ExpectedHead> {
  await client.query(ledgerDdl);
  const record = (m: Migration) =>
    client.query('INSERT INTO preflight.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
  for (const m of migrations) {
    if (m.noTransaction) {
      for (const stmt of scanSql(m.upSql).statements) {
        const failure = await runSqlText(client, stmt.sql);
        if (failure) throw migrationError(m, { ...failure, line: stmt.line + failure.line - 1 });
      }
      await record(m);
      continue;
    }
    await client.query('BEGIN');
    const failure = m.upSql.trim() ? await runSqlText(client, m.upSql) : undefined;
    if (failure) {
      await client.query('ROLLBACK').catch(() => {});
      throw migrationError(m, failure);
    }
    await record(m);
    await client.query('COMMIT');
  }
  const versions = migrations.filter((m) => m.version !== '').map((m) => m.version);
  return { head: versions[versions.length - 1] ?? '', versions };
}

function migrationError(m: Migration, failure: SqlFailure): UsageError {
  const line = m.upStartLine + failure.line - 1;
  return new UsageError(`${m.file}:${line}: ${failure.message}; fix the migration so it applies on top of the ones before it in an empty database.`, { cause: failure.cause });
}
