/**
 * The linter parses with a newer PostgreSQL grammar than many servers run, so a statement can pass
 * lint and still be rejected by the server while it parses the migration's message, before any of
 * it runs. The failure still names the file and the line.
 */
import { afterEach, expect, test } from 'vitest';
import { join } from 'node:path';
import { createDatabase, type TestDatabase } from '../../../../test/harness/db.ts';
import { migrationsDir, runCheck } from './testing.ts';

const dbs: TestDatabase[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.drop();
});

test('syntax this server does not know (JSON_TABLE before PostgreSQL 17): the files before it applied, it fails at its line, the next does not run', async (ctx) => {
  const d = await createDatabase('mds');
  dbs.push(d);
  const version = Number((await d.sql('SHOW server_version_num'))[0].server_version_num);
  if (version >= 170000) {
    ctx.skip(`the test server is PostgreSQL ${version}, which knows JSON_TABLE`);
  }
  const dir = migrationsDir({
    '0001_a.sql': 'CREATE TABLE a (id int);\n',
    '0002_b.sql': 'CREATE TABLE b (id int);\n',
    '0003_json.sql': "-- needs PostgreSQL 17\nCREATE TABLE j AS\n  SELECT * FROM JSON_TABLE('[1,2]'::jsonb, '$[*]' COLUMNS (a int PATH '$'));\n",
    '0004_c.sql': 'CREATE TABLE c (id int);\n',
  });
  const r = await runCheck({ 'database-url': d.url, migrations: dir });
  expect(r.exitCode).toBe(1);
  expect(r.outputs).toEqual({ applied: '2', pending: '2' });
  const f = r.report.findings.find((x) => x.rule === 'migration-failed')!;
  expect(f).toMatchObject({ file: join(dir, '0003_json.sql'), line: 3 });
  expect(f.message).toMatch(/syntax error.*42601/);
  expect((await d.sql('SELECT version FROM preflight.schema_migrations ORDER BY version')).map((x) => x.version)).toEqual(['0001', '0002']);
  expect((await d.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).map((x) => x.tablename)).toEqual(['a', 'b']);
});
