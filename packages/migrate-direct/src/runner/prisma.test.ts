/**
 * migrate-direct as a new user points it at their repository: a directory that holds no
 * migrations, Prisma Migrate's layout with its _prisma_migrations ledger (shared with
 * `prisma migrate deploy` in both directions), and the other layouts detected without a format.
 */
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { databasesPerTest, serverInfo, type TestDatabase } from '../../../../test/harness/db.ts';
import { migrationsDir, rules, runCheck } from './testing.ts';

const fixture = new URL('../../../../test/fixtures/prisma-shop/prisma/migrations/', import.meta.url).pathname;
const folders = readdirSync(fixture, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** prisma-engines, schema-engine/connectors/sql-schema-connector/src/flavour/postgres.rs (create_migrations_table). */
const prismaDdl = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

const db = databasesPerTest('mdprisma');

/** What `prisma migrate deploy` leaves: each script applied, then its row with finished_at and 1 step. */
async function deployedByPrisma(d: TestDatabase, count: number): Promise<void> {
  await d.sql(prismaDdl);
  for (const name of folders.slice(0, count)) {
    const file = join(fixture, name, 'migration.sql');
    await d.sql(readFileSync(file, 'utf8'));
    await d.sql(
      'INSERT INTO _prisma_migrations (id, checksum, started_at, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), now(), $3, 1)',
      [randomUUID(), sha256(file), name],
    );
  }
}

const columnsSql = `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
                      FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`;

describe('a --migrations directory with no migration files is a usage error, nothing is touched', () => {
  test.each([
    ['an empty directory', {}, (dir: string) => [dir, 'sql', 'dbmate', 'golang-migrate', 'prisma']],
    ['the parent directory', { 'migrations/0001_users.sql': 'CREATE TABLE users (id int);\n' }, (dir: string) => [dir, `point --migrations at ${join(dir, 'migrations')}`]],
    ['a folder of alembic revisions', { 'abc123_init.py': "revision = 'abc123'\ndown_revision = None\n" }, (dir: string) => [dir, "--command 'alembic upgrade head'"]],
  ])('%s', async (_what, files, expected) => {
    const d = await db();
    const dir = migrationsDir(files as Record<string, string>);
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.exitCode).toBe(2);
    for (const text of expected(dir)) expect(r.report.summary).toContain(text);
    expect(await d.sql("SELECT to_regclass('preflight.schema_migrations') AS l, to_regclass('public.users') AS u")).toEqual([{ l: null, u: null }]);
  });
});

describe('Prisma Migrate layout', () => {
  test('applies every migration once into _prisma_migrations, as prisma migrate deploy records them; a re-run applies none', async () => {
    const d = await db();
    const first = await runCheck({ 'database-url': d.url, migrations: fixture });
    expect(first.report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toEqual({ applied: String(folders.length), pending: '0' });

    // The ledger table has exactly the columns Prisma creates (compared with Prisma's own DDL).
    const reference = await db(prismaDdl);
    expect(await d.sql(columnsSql)).toEqual(await reference.sql(columnsSql));
    expect(await d.sql("SELECT to_regclass('preflight.schema_migrations') AS l")).toEqual([{ l: null }]);

    const rows = await d.sql('SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(sha256(join(fixture, row.migration_name, 'migration.sql')));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1 });
    }
    expect(await d.sql(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Order' AND column_name = 'couponCode'`)).toHaveLength(1);

    const again = await runCheck({ 'database-url': d.url, migrations: fixture });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toEqual({ applied: '0', pending: '0' });
    expect(await d.sql('SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: folders.length }]);
  });

  test('--verify-schema: schema-verify passes against the database migrate-direct migrated', async () => {
    const d = await db();
    const r = await runCheck({ 'database-url': d.url, migrations: fixture, 'migrations-format': 'prisma', 'verify-schema': true, 'shadow-url': serverInfo().url });
    // Only the lint's warnings about locks on a busy table (index without CONCURRENTLY, ...); no drift, no ledger finding.
    expect(r.report.findings.filter((f) => f.severity !== 'warning' || f.file === undefined)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.report.summary).toContain(`schema-verify: ledger _prisma_migrations at ${folders.at(-1)} (head)`);
  });

  test('migrations prisma migrate deploy already applied are not run again; the rest are', async () => {
    const d = await db();
    await deployedByPrisma(d, 9);
    const r = await runCheck({ 'database-url': d.url, migrations: fixture });
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toEqual({ applied: String(folders.length - 9), pending: '0' });
    expect(r.report.stats).toMatchObject({ skipped: 9 });
    expect(await d.sql('SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL')).toEqual([{ n: folders.length }]);
  });

  test('a migration prisma recorded as failed blocks, like prisma (P3009): nothing applied', async () => {
    const d = await db();
    await deployedByPrisma(d, 3);
    await d.sql("INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ($1, $2, $3, 'ERROR: relation exists')", [
      randomUUID(),
      sha256(join(fixture, folders[3], 'migration.sql')),
      folders[3],
    ]);
    const r = await runCheck({ 'database-url': d.url, migrations: fixture });
    expect(r.exitCode).toBe(1);
    expect(rules(r)).toContain('ledger-failed');
    const f = r.report.findings.find((x) => x.rule === 'ledger-failed')!;
    expect(f.severity).toBe('error');
    expect(f.message).toContain(folders[3]);
    expect(f.message).toContain('prisma migrate resolve');
    expect(r.outputs.applied).toBe('0');
    expect(await d.sql('SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: 4 }]);
  });

  test('a failed migration marked rolled back (prisma migrate resolve --rolled-back) is applied again', async () => {
    const d = await db();
    await deployedByPrisma(d, 3);
    await d.sql('INSERT INTO _prisma_migrations (id, checksum, migration_name, rolled_back_at) VALUES ($1, $2, $3, now())', [randomUUID(), 'x'.repeat(64), folders[3]]);
    const r = await runCheck({ 'database-url': d.url, migrations: fixture });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.applied).toBe(String(folders.length - 3));
  });

  test('checksums match the way Prisma matches them: line-ending agnostic, and the old unpadded hex', async () => {
    // prisma-engines schema-connector/src/checksum.rs, script_matches_checksum: a Windows checkout
    // (CRLF) applied by prisma must not read as edited on a Linux runner, and vice versa.
    const d = await db();
    await deployedByPrisma(d, 2);
    const crlf = (name: string) => createHash('sha256').update(readFileSync(join(fixture, name, 'migration.sql'), 'utf8').replace(/\n/g, '\r\n')).digest('hex');
    const unpadded = (name: string) => [...createHash('sha256').update(readFileSync(join(fixture, name, 'migration.sql'))).digest()].map((b) => b.toString(16)).join('');
    await d.sql('UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2', [crlf(folders[0]), folders[0]]);
    await d.sql('UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2', [unpadded(folders[1]), folders[1]]);
    const r = await runCheck({ 'database-url': d.url, migrations: fixture });
    expect(rules(r)).not.toContain('checksum-mismatch');
    expect(r.exitCode).toBe(0);
    expect(r.outputs.applied).toBe(String(folders.length - 2));
  });

  test('a migration.sql that is a single CREATE INDEX CONCURRENTLY runs outside a transaction and is recorded', async () => {
    const d = await db();
    const dir = migrationsDir({
      'migration_lock.toml': 'provider = "postgresql"\n',
      '20240101000000_init/migration.sql': '-- CreateTable\nCREATE TABLE "Post" ("id" SERIAL NOT NULL, "title" TEXT NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\n',
      '20240102000000_title_idx/migration.sql': '-- CreateIndex\nCREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title");\n',
    });
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.outputs.applied).toBe('2');
    expect(await d.sql(`SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = '"Post_title_idx"'::regclass`)).toEqual([{ valid: true }]);
    const rows = await d.sql("SELECT finished_at >= started_at AS ordered, applied_steps_count AS steps FROM _prisma_migrations WHERE migration_name = '20240102000000_title_idx'");
    expect(rows).toEqual([{ ordered: true, steps: 1 }]);
  });

  test('an applied migration.sql edited afterwards is a checksum mismatch', async () => {
    const d = await db();
    const dir = mkdtempSync(join(tmpdir(), 'md-prisma-'));
    cpSync(fixture, dir, { recursive: true });
    await runCheck({ 'database-url': d.url, migrations: dir });
    writeFileSync(join(dir, folders[1], 'migration.sql'), readFileSync(join(dir, folders[1], 'migration.sql'), 'utf8') + '\n-- edited\n');
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.exitCode).toBe(1);
    expect(r.report.findings.find((f) => f.rule === 'checksum-mismatch')?.file).toBe(join(dir, folders[1], 'migration.sql'));
  });
});

describe('the format is detected from the files when not given', () => {
  test('golang-migrate pairs are applied with golang-migrate\'s ledger', async () => {
    const d = await db();
    const dir = migrationsDir({ '1_users.up.sql': 'CREATE TABLE users (id int);\n', '1_users.down.sql': 'DROP TABLE users;\n', '2_email.up.sql': 'ALTER TABLE users ADD email text;\n', '2_email.down.sql': 'ALTER TABLE users DROP email;\n' });
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.exitCode).toBe(0);
    expect(await d.sql('SELECT version::text AS v, dirty FROM schema_migrations')).toEqual([{ v: '2', dirty: false }]);
  });

  test('dbmate files run only their up section', async () => {
    const d = await db();
    const dir = migrationsDir({ '20240101000000_users.sql': '-- migrate:up\nCREATE TABLE users (id int);\n\n-- migrate:down\nDROP TABLE users;\n' });
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.exitCode).toBe(0);
    expect(await d.sql("SELECT to_regclass('public.users') IS NOT NULL AS t, (SELECT array_agg(version::text) FROM schema_migrations) AS v")).toEqual([{ t: true, v: ['20240101000000'] }]);
  });

  test('a database whose migrations Preflight recorded in the sql format keeps that format (no re-run under another ledger)', async () => {
    const d = await db();
    // Before auto-detection the default was sql, which also ran files carrying dbmate's marker.
    const dir = migrationsDir({ '20240101000000_users.sql': '-- migrate:up\nCREATE TABLE users (id int);\n' });
    expect((await runCheck({ 'database-url': d.url, migrations: dir, 'migrations-format': 'sql' })).exitCode).toBe(0);
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toContain('preflight.schema_migrations');
    expect(r.report.summary).toContain('--migrations-format sql');
    expect(await d.sql("SELECT to_regclass('public.schema_migrations') AS t")).toEqual([{ t: null }]);
  });

  test('Flyway files are refused with the way to run Flyway itself', async () => {
    const d = await db();
    const r = await runCheck({ 'database-url': d.url, migrations: migrationsDir({ 'V1__users.sql': 'CREATE TABLE users (id int);\n' }) });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toContain("--command 'flyway migrate'");
  });
});
