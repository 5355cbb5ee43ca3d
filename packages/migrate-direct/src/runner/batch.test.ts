/**
 * Transactional migrations go to the server several to a message (applyBatch). What commits must
 * be exactly what commits when each is sent alone: every applied file with its ledger row, the
 * failing one rolled back, nothing after it.
 */
import { afterEach, expect, test } from 'vitest';
import { join } from 'node:path';
import pg from 'pg';
import { readMigrations } from '@preflight/migrations';
import { createDatabase, type TestDatabase } from '../../../../test/harness/db.ts';
import { applyBatch } from './apply.ts';
import { ledgerFor } from './ledger.ts';
import { migrationsDir, runCheck } from './testing.ts';

const dbs: TestDatabase[] = [];
async function db(setup?: string): Promise<TestDatabase> {
  const d = await createDatabase('mdb', setup);
  dbs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.drop();
});

const ledger = async (d: TestDatabase) => (await d.sql('SELECT version FROM preflight.schema_migrations ORDER BY version')).map((r) => r.version);
const tables = async (d: TestDatabase) => (await d.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).map((r) => r.tablename);
const v = (i: number) => String(i).padStart(4, '0');

test('a failure in the second batch of 20 files: the 17 before it applied and logged in order, it and the rest not', async () => {
  const d = await db();
  const files: Record<string, string> = {};
  for (let i = 1; i <= 20; i++) files[`${v(i)}_t${i}.sql`] = `CREATE TABLE t${v(i)} (id int);\nINSERT INTO t${v(i)} VALUES (${i});\n`;
  files['0018_t18.sql'] = 'CREATE TABLE t0018 (id int);\n\nINSERT INTO t0018\n  SELECT id FROM no_such_table;\n';
  const dir = migrationsDir(files);
  const r = await runCheck({ 'database-url': d.url, migrations: dir });
  expect(r.exitCode).toBe(1);
  expect(r.outputs).toEqual({ applied: '17', pending: '3' });
  expect(r.report.findings.find((f) => f.rule === 'migration-failed')).toMatchObject({ file: join(dir, '0018_t18.sql'), line: 4 });
  expect(await ledger(d)).toEqual(Array.from({ length: 17 }, (_, i) => v(i + 1)));
  expect(await tables(d)).toEqual(Array.from({ length: 17 }, (_, i) => `t${v(i + 1)}`));
  const logged = r.logs.filter((l) => /^applied /.test(l)).map((l) => /^applied .*\/(\d{4})_t\d+\.sql \(\d+ ms\)$/.exec(l)?.[1]);
  expect(logged).toEqual(Array.from({ length: 17 }, (_, i) => v(i + 1)));
});

test('syntax this server does not know (JSON_TABLE on PostgreSQL 15; the linter accepts it): the files before it are applied, it fails at its line, the next does not run', async () => {
  const d = await db();
  const dir = migrationsDir({
    '0001_a.sql': 'CREATE TABLE a (id int);\n',
    '0002_b.sql': 'CREATE TABLE b (id int);\n',
    '0003_json.sql': "-- needs PostgreSQL 17\nCREATE TABLE j AS\n  SELECT * FROM JSON_TABLE('[1,2]'::jsonb, '$[*]' COLUMNS (a int PATH '$'));\n",
    '0004_c.sql': 'CREATE TABLE c (id int);\n',
  });
  const version = Number((await d.sql('SHOW server_version_num'))[0].server_version_num);
  if (version >= 170000) {
    console.warn(`skipped: the test server is PostgreSQL ${version}, which knows JSON_TABLE`);
    return;
  }
  const r = await runCheck({ 'database-url': d.url, migrations: dir });
  expect(r.exitCode).toBe(1);
  expect(r.outputs).toEqual({ applied: '2', pending: '2' });
  const f = r.report.findings.find((x) => x.rule === 'migration-failed')!;
  expect(f).toMatchObject({ file: join(dir, '0003_json.sql'), line: 3 });
  expect(f.message).toMatch(/syntax error.*42601/);
  expect(await ledger(d)).toEqual(['0001', '0002']);
  expect(await tables(d)).toEqual(['a', 'b']);
});

test('transactional files around a no-transaction one: all applied, in order, each recorded once', async () => {
  const d = await db();
  const dir = migrationsDir({
    '0001_a.sql': 'CREATE TABLE a (id int);\n',
    '0002_b.sql': 'CREATE TABLE b (id int);\n',
    '0003_idx.sql': '-- preflight:no-transaction\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n',
    '0004_c.sql': 'CREATE TABLE c (a_id int);\n',
    '0005_d.sql': 'CREATE TABLE d (id int);\n',
  });
  const r = await runCheck({ 'database-url': d.url, migrations: dir });
  expect(r.exitCode, r.report.summary).toBe(0);
  expect(r.outputs).toEqual({ applied: '5', pending: '0' });
  expect(await ledger(d)).toEqual(['0001', '0002', '0003', '0004', '0005']);
  expect(r.logs.filter((l) => /^applied /.test(l)).map((l) => /(\d{4})_\w+\.sql/.exec(l)?.[1])).toEqual(['0001', '0002', '0003', '0004', '0005']);
  expect(await d.sql("SELECT indexname FROM pg_indexes WHERE indexname = 'a_id'")).toHaveLength(1);
});

test('the server checks the session of every batched migration: on another backend than the locked one, nothing is applied', async () => {
  const d = await db();
  const dir = migrationsDir({ '0001_a.sql': 'CREATE TABLE a (id int);\n', '0002_b.sql': 'CREATE TABLE b (id int);\n' });
  const client = new pg.Client({ connectionString: d.url });
  await client.connect();
  try {
    const sql = ledgerFor('sql');
    await sql.ensure(client);
    const own = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const applied: string[] = [];
    const error = await applyBatch(client, readMigrations(dir, 'sql'), sql, { lockTimeoutMs: 1000, statementTimeoutMs: 10_000, sessionPid: own + 1 }, (m) => applied.push(m.file)).catch((e: unknown) => e);
    expect(String(error)).toMatch(new RegExp(`backend ${own + 1} became ${own}\\) before .*0001_a\\.sql, which was not applied, so it goes through a transaction pooler`));
    expect(applied).toEqual([]);
  } finally {
    await client.end();
  }
  expect(await ledger(d)).toEqual([]);
  expect(await tables(d)).toEqual([]);
});
