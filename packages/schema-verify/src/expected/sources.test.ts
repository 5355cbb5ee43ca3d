/**
 * Where the expected schema comes from, as a new user points schema-verify at their repository:
 * a directory that holds no migrations, the layouts the format is detected from (Prisma Migrate,
 * golang-migrate, dbmate, Flyway), and a --migrate-command that exits 0 having created nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { databasesPerTest, serverInfo, urlFor, type TestDatabase } from '../../../../test/harness/db.ts';
import { runSchemaVerify } from '../testing.ts';

const prismaFixture = new URL('../../../../test/fixtures/prisma-shop/prisma/migrations/', import.meta.url).pathname;
const shadow = () => serverInfo().url;

const db = databasesPerTest('svsrc');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sv-src-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const rules = (r: { report: { findings: Array<{ rule: string }> } }) => r.report.findings.map((f) => f.rule);

describe('a --migrations directory with no migration files is a usage error', () => {
  test('an empty directory: exit 2, naming the directory and every format looked for', async () => {
    const live = await db('CREATE TABLE users (id int);');
    const dir = tree({});
    const r = await runSchemaVerify({ 'database-url': live.url, migrations: dir, 'shadow-url': shadow() });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toContain(dir);
    for (const format of ['sql', 'dbmate', 'golang-migrate', 'flyway', 'prisma']) expect(r.report.summary).toContain(format);
  });

  test('the parent directory (db/ instead of db/migrations): exit 2, pointing at the subdirectory', async () => {
    const live = await db('CREATE TABLE users (id int);');
    const root = tree({ 'migrations/0001_users.sql': 'CREATE TABLE users (id int);\n', 'schema.rb': '# not ours\n' });
    const r = await runSchemaVerify({ 'database-url': live.url, migrations: root, 'shadow-url': shadow() });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toContain(root);
    expect(r.report.summary).toContain(join(root, 'migrations'));
  });

  test('a folder of alembic revisions: exit 2 with the --migrate-command hint', async () => {
    const live = await db('CREATE TABLE users (id int);');
    const versions = tree({
      '1a2b3c4d5e6f_create_users.py': `"""create users"""\nrevision = '1a2b3c4d5e6f'\ndown_revision = None\n\ndef upgrade():\n    pass\n`,
      '9f8e7d6c5b4a_add_email.py': `revision: str = "9f8e7d6c5b4a"\ndown_revision = '1a2b3c4d5e6f'\n`,
      '__init__.py': '',
    });
    const r = await runSchemaVerify({ 'database-url': live.url, migrations: versions, 'shadow-url': shadow() });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toContain(versions);
    expect(r.report.summary).toContain("--migrate-command 'alembic upgrade head'");
  });

  test('an explicit format with no files of that format: exit 2 naming that format', async () => {
    const live = await db();
    const dir = tree({ 'README.md': 'migrations live elsewhere\n' });
    const r = await runSchemaVerify({ 'database-url': live.url, migrations: dir, 'migrations-format': 'dbmate', 'shadow-url': shadow() });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toMatch(/dbmate/);
    expect(r.report.summary).toContain(dir);
  });
});

/** What `prisma migrate deploy` leaves behind: the scripts applied in name order, one ledger row each. */
async function migratedLikePrisma(d: TestDatabase, dir: string, upTo = Infinity): Promise<string[]> {
  const names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort().slice(0, upTo);
  // prisma-engines, schema-engine/connectors/sql-schema-connector/src/flavour/postgres.rs, create_migrations_table.
  await d.sql(`CREATE TABLE _prisma_migrations (
    id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
    migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`);
  for (const name of names) {
    const bytes = readFileSync(join(dir, name, 'migration.sql'));
    await d.sql(bytes.toString('utf8'));
    await d.sql('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)', [
      randomUUID(),
      createHash('sha256').update(bytes).digest('hex'),
      name,
    ]);
  }
  return names;
}

describe('Prisma Migrate layout', () => {
  test('detected from prisma/migrations: a database migrated by prisma passes with no findings', async () => {
    const live = await db();
    const names = await migratedLikePrisma(live, prismaFixture);
    expect(names.length).toBeGreaterThanOrEqual(10);
    const r = await runSchemaVerify({ 'database-url': live.url, migrations: prismaFixture, 'shadow-url': shadow() });
    expect(r.report.findings).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.report.summary).toBe(`ledger _prisma_migrations at ${names.at(-1)} (head)`);
  });

  test('--migrations-format prisma: a database two migrations behind fails with the missing objects and ledger-behind', async () => {
    const live = await db();
    await migratedLikePrisma(live, prismaFixture, 10);
    const r = await runSchemaVerify({ 'database-url': live.url, migrations: prismaFixture, 'migrations-format': 'prisma', 'shadow-url': shadow(), json: undefined });
    expect(r.exitCode).toBe(1);
    expect(rules(r)).toEqual(expect.arrayContaining(['missing-column', 'missing-constraint', 'ledger-behind']));
    expect(r.report.findings.find((f) => f.rule === 'missing-column')?.object).toBe('public.Order.couponCode');
  });

  test('a migration directory without migration.sql is refused like prisma does', async () => {
    const live = await db();
    const dir = tree({ 'migration_lock.toml': 'provider = "postgresql"\n', '20240101000000_init/migration.sql': 'CREATE TABLE a (id int);\n', '20240102000000_empty/README': 'oops\n' });
    const r = await runSchemaVerify({ 'database-url': live.url, migrations: dir, 'shadow-url': shadow() });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toContain(join(dir, '20240102000000_empty'));
    expect(r.report.summary).toContain('migration.sql');
  });
});

describe('the format is detected from the files when not given', () => {
  const live = 'CREATE TABLE users (id int PRIMARY KEY, email text);';
  test.each([
    ['golang-migrate', { '0001_users.up.sql': 'CREATE TABLE users (id int PRIMARY KEY);\n', '0001_users.down.sql': 'DROP TABLE users;\n', '0002_email.up.sql': 'ALTER TABLE users ADD COLUMN email text;\n', '0002_email.down.sql': 'ALTER TABLE users DROP COLUMN email;\n' }],
    ['dbmate', { '20240101000000_users.sql': '-- migrate:up\nCREATE TABLE users (id int PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE users;\n', '20240102000000_email.sql': '-- migrate:up\nALTER TABLE users ADD COLUMN email text;\n-- migrate:down\nALTER TABLE users DROP COLUMN email;\n' }],
    ['flyway', { 'V1__users.sql': 'CREATE TABLE users (id int PRIMARY KEY);\n', 'V1_1__email.sql': 'ALTER TABLE users ADD COLUMN email text;\n' }],
  ])('%s', async (_format, files) => {
    const d = await db(live);
    const r = await runSchemaVerify({ 'database-url': d.url, migrations: tree(files), 'shadow-url': shadow() });
    expect(r.report.findings.filter((f) => f.rule !== 'ledger-missing')).toEqual([]);
    expect(r.exitCode).toBe(0);
  });
});

describe('--migrate-command that creates nothing in the shadow database', () => {
  test('`exit 0` is an error finding naming DATABASE_URL, not a pass', async () => {
    const live = await db('CREATE TABLE users (id int);');
    const r = await runSchemaVerify({ 'database-url': live.url, 'migrate-command': 'exit 0', 'shadow-url': shadow() });
    expect(r.exitCode).toBe(1);
    expect(rules(r)).toEqual(['migrate-command-created-nothing']);
    const f = r.report.findings[0];
    expect(f.severity).toBe('error');
    expect(f.message).toContain('DATABASE_URL');
    expect(f.message).toContain('sqlalchemy.url');
  });

  test('a tool that ignores DATABASE_URL and migrates another database is caught the same way', async () => {
    const live = await db('CREATE TABLE users (id int);');
    const other = await db();
    const hardCoded = urlFor(other.name);
    const r = await runSchemaVerify({
      'database-url': live.url,
      'migrate-command': `psql -X -q -v ON_ERROR_STOP=1 '${hardCoded}' -c 'CREATE TABLE users (id int)'`,
      'shadow-url': shadow(),
    });
    expect(await other.sql("SELECT to_regclass('public.users') IS NOT NULL AS made")).toEqual([{ made: true }]);
    expect(r.exitCode).toBe(1);
    expect(rules(r)).toEqual(['migrate-command-created-nothing']);
    expect(r.report.findings[0].message).not.toContain(serverInfo().password);
  });

  test('with --url-env the finding names that variable', async () => {
    const live = await db('CREATE TABLE users (id int);');
    const r = await runSchemaVerify({ 'database-url': live.url, 'migrate-command': 'true', 'url-env': 'APP_DB_URL', 'shadow-url': shadow() });
    expect(rules(r)).toEqual(['migrate-command-created-nothing']);
    expect(r.report.findings[0].message).toContain('APP_DB_URL');
  });

  test('a command that does migrate the shadow database passes', async () => {
    const live = await db('CREATE TABLE users (id int);');
    const r = await runSchemaVerify({ 'database-url': live.url, 'migrate-command': `psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c 'CREATE TABLE users (id int)'`, 'shadow-url': shadow() });
    expect(r.report.findings).toEqual([]);
    expect(r.exitCode).toBe(0);
  });
});
