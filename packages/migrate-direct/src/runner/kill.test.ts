/**
 * A runner killed with SIGKILL in the middle of a slow migration leaves no partial migration (its
 * transaction dies with the session) and no lock behind; the next run applies the rest exactly once.
 */
import { afterEach, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDatabase, type TestDatabase } from '../../../../test/harness/db.ts';
import { migrationsDir, runCheck } from './testing.ts';

const cli = fileURLToPath(new URL('./testing-cli.ts', import.meta.url));
const dbs: TestDatabase[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.drop();
});

test('kill -9 during a slow migration, then a re-run: every migration exactly once', async () => {
  const d = await createDatabase('mdk', 'CREATE TABLE side_effects (n int)');
  dbs.push(d);
  const dir = migrationsDir({
    '0001_a.sql': 'INSERT INTO side_effects VALUES (1);\nCREATE TABLE a (id int);\n',
    '0002_slow.sql': 'INSERT INTO side_effects VALUES (2);\nCREATE TABLE slow (id int);\nSELECT pg_sleep(5);\n',
    '0003_c.sql': 'INSERT INTO side_effects VALUES (3);\n',
  });
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DIRECT_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--database-url', d.url, '--migrations', dir, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((res) => child.on('exit', (_code, signal) => res(signal === 'SIGKILL' ? -9 : _code)));

  // Kill once the slow statement is running on the server.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await d.sql("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'preflight migrate-direct' AND query LIKE '%pg_sleep(5)%' AND state = 'active'");
    if (rows.length > 0) break;
    if (Date.now() > deadline) throw new Error(`the runner never reached the slow migration: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe(-9);

  // The server still runs the orphaned migration (and holds the lock) until it notices the client
  // is gone. The migration was sent as one message (BEGIN ... ledger row; COMMIT), so the server
  // either finishes all of it, ledger row included, or none of it; the re-run waits for the lock,
  // then sees which and applies the rest.
  const r = await runCheck({ 'database-url': d.url, migrations: dir, 'lock-wait': '60s' });
  expect(r.exitCode).toBe(0);
  expect(r.logs.some((l) => l.startsWith('Waiting for the migration lock held by pid'))).toBe(true);
  expect(Number(r.outputs.applied) + Number(r.report.stats.skipped)).toBe(3);
  expect(r.outputs.pending).toBe('0');
  expect((await d.sql('SELECT version FROM preflight.schema_migrations ORDER BY version')).map((x) => x.version)).toEqual(['0001', '0002', '0003']);
  expect((await d.sql('SELECT n FROM side_effects ORDER BY n')).map((x) => x.n)).toEqual([1, 2, 3]);
}, 90_000);

test('the session dies mid-migration (backend terminated): that migration is rolled back, exit 3, the re-run applies it once', async () => {
  const d = await createDatabase('mdk', 'CREATE TABLE side_effects (n int)');
  dbs.push(d);
  const dir = migrationsDir({
    '0001_a.sql': 'INSERT INTO side_effects VALUES (1);\n',
    '0002_slow.sql': 'INSERT INTO side_effects VALUES (2);\nCREATE TABLE slow (id int);\nSELECT pg_sleep(5);\n',
    '0003_c.sql': 'INSERT INTO side_effects VALUES (3);\n',
  });
  const run = runCheck({ 'database-url': d.url, migrations: dir });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await d.sql(
      "SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'preflight migrate-direct' AND query LIKE '%pg_sleep(5)%' AND state = 'active'",
    );
    if (rows.length > 0) break;
    if (Date.now() > deadline) throw new Error('the runner never reached the slow migration');
    await new Promise((r) => setTimeout(r, 50));
  }
  const r = await run;
  expect(r.exitCode).toBe(3);
  expect(r.report.summary).toMatch(/connection was lost while applying .*0002_slow\.sql/);
  expect((await d.sql('SELECT version FROM preflight.schema_migrations ORDER BY version')).map((x) => x.version)).toEqual(['0001']);
  expect((await d.sql('SELECT n FROM side_effects ORDER BY n')).map((x) => x.n)).toEqual([1]);
  expect((await d.sql("SELECT to_regclass('slow') IS NULL AS gone"))[0].gone).toBe(true);

  const again = await runCheck({ 'database-url': d.url, migrations: dir });
  expect(again.exitCode).toBe(0);
  expect(again.outputs).toEqual({ applied: '2', pending: '0' });
  expect((await d.sql('SELECT n FROM side_effects ORDER BY n')).map((x) => x.n)).toEqual([1, 2, 3]);
}, 60_000);
