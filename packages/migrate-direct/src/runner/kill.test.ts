/**
 * A runner killed with SIGKILL in the middle of a slow migration leaves no partial migration (its
 * transaction dies with the session) and no lock behind; the next run applies the rest exactly once.
 *
 * The "slow" migration waits on a gate: an advisory lock the test holds and releases when it
 * chooses. Every step waits on server state (pg_stat_activity, pg_locks), never on a sleep being
 * long enough, so the order of events is the same on a loaded machine.
 */
import { afterEach, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDatabase, type TestDatabase } from '../../../../test/harness/db.ts';
import { advisoryLockKey, lockKeyParts } from './lock.ts';
import { migrationsDir, runCheck } from './testing.ts';

const cli = fileURLToPath(new URL('./testing-cli.ts', import.meta.url));
const dbs: TestDatabase[] = [];
const clients: pg.Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.end().catch(() => undefined);
  for (const d of dbs.splice(0)) await d.drop();
});

// Two-int advisory keys (objsubid 2) live apart from the runner's bigint migration lock (objsubid 1).
const GATE = '4242, 1';
const SLOW_MIGRATION = `INSERT INTO side_effects VALUES (2);\nCREATE TABLE slow (id int);\nSELECT pg_advisory_xact_lock(${GATE});\n`;
const APP = 'preflight migrate-direct';

/** Holds the gate the slow migration waits on, in a session of its own. */
async function closeGate(d: TestDatabase): Promise<pg.Client> {
  const gate = new pg.Client({ connectionString: d.url });
  await gate.connect();
  clients.push(gate);
  await gate.query(`SELECT pg_advisory_lock(${GATE})`);
  return gate;
}

/** Polls until `sql` returns a row (or fails with `what` after a generous bound on a hang). */
async function waitFor<T>(d: TestDatabase, sql: string, what: () => string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await d.sql(sql);
    if (rows.length > 0) return rows[0] as T;
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The runner's backend once it is blocked on the gate, inside the slow migration's transaction. */
const waitingOnGate = (d: TestDatabase, what: () => string) =>
  waitFor<{ pid: number }>(
    d,
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = '${APP}'
        AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%pg_advisory_xact_lock(${GATE})%'`,
    what,
  );

/** Pids holding the migration lock of database `d`. */
async function migrationLockHolders(d: TestDatabase): Promise<number[]> {
  const { classid, objid } = lockKeyParts(advisoryLockKey(d.name));
  const rows = await d.sql(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = $1::bigint::oid AND objid = $2::bigint::oid
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [classid, objid],
  );
  return rows.map((r) => r.pid);
}

test('kill -9 during a slow migration, then a re-run: every migration exactly once', async () => {
  const d = await createDatabase('mdk', 'CREATE TABLE side_effects (n int)');
  dbs.push(d);
  const dir = migrationsDir({
    '0001_a.sql': 'INSERT INTO side_effects VALUES (1);\nCREATE TABLE a (id int);\n',
    '0002_slow.sql': SLOW_MIGRATION,
    '0003_c.sql': 'INSERT INTO side_effects VALUES (3);\n',
  });
  const gate = await closeGate(d);
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DIRECT_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--database-url', d.url, '--migrations', dir, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((res) => child.on('exit', (_code, signal) => res(signal === 'SIGKILL' ? -9 : _code)));

  // Kill once the slow migration is running on the server.
  const orphan = await waitingOnGate(d, () => `the runner never reached the slow migration: ${stderr}`);
  child.kill('SIGKILL');
  expect(await exited).toBe(-9);

  // The server still runs the orphaned migration, and its session still holds the migration lock,
  // until it notices the client is gone: it is blocked on the gate, so that is certain here.
  expect(await migrationLockHolders(d)).toEqual([orphan.pid]);

  // The re-run has to wait for that lock. Only once it has looked at the holders (its query is
  // done and it sleeps before the next try) is the gate opened.
  const rerun = runCheck({ 'database-url': d.url, migrations: dir, 'lock-wait': '60s' });
  await waitFor(
    d,
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = '${APP}' AND pid <> ${orphan.pid}
        AND state = 'idle' AND query LIKE '%FROM pg_locks l%'`,
    () => 'the re-run never waited for the migration lock',
  );
  await gate.query(`SELECT pg_advisory_unlock(${GATE})`);

  // The migration was sent as one message (BEGIN ... ledger row; COMMIT), so the server either
  // finishes all of it, ledger row included, or none of it; the re-run sees which and applies the rest.
  const r = await rerun;
  expect(r.exitCode, r.report.summary).toBe(0);
  expect(r.logs.filter((l) => l.startsWith('Waiting for the migration lock held by pid'))[0]).toContain(`pid ${orphan.pid} (${APP}@`);
  expect(Number(r.outputs.applied) + Number(r.report.stats.skipped)).toBe(3);
  expect(r.outputs.pending).toBe('0');
  expect((await d.sql('SELECT version FROM preflight.schema_migrations ORDER BY version')).map((x) => x.version)).toEqual(['0001', '0002', '0003']);
  expect((await d.sql('SELECT n FROM side_effects ORDER BY n')).map((x) => x.n)).toEqual([1, 2, 3]);
  // Nothing is left holding the lock once the re-run is done.
  expect(await migrationLockHolders(d)).toEqual([]);
}, 120_000);

test('the session dies mid-migration (backend terminated): that migration is rolled back, exit 3, the re-run applies it once', async () => {
  const d = await createDatabase('mdk', 'CREATE TABLE side_effects (n int)');
  dbs.push(d);
  const dir = migrationsDir({
    '0001_a.sql': 'INSERT INTO side_effects VALUES (1);\n',
    '0002_slow.sql': SLOW_MIGRATION,
    '0003_c.sql': 'INSERT INTO side_effects VALUES (3);\n',
  });
  const gate = await closeGate(d);
  const run = runCheck({ 'database-url': d.url, migrations: dir });
  const victim = await waitingOnGate(d, () => 'the runner never reached the slow migration');
  expect((await d.sql('SELECT pg_terminate_backend($1) AS t', [victim.pid]))[0].t).toBe(true);
  const r = await run;
  await gate.query(`SELECT pg_advisory_unlock(${GATE})`);
  expect(r.exitCode).toBe(3);
  expect(r.report.summary).toMatch(/connection was lost while applying .*0002_slow\.sql/);
  expect((await d.sql('SELECT version FROM preflight.schema_migrations ORDER BY version')).map((x) => x.version)).toEqual(['0001']);
  expect((await d.sql('SELECT n FROM side_effects ORDER BY n')).map((x) => x.n)).toEqual([1]);
  expect((await d.sql("SELECT to_regclass('slow') IS NULL AS gone"))[0].gone).toBe(true);

  const again = await runCheck({ 'database-url': d.url, migrations: dir });
  expect(again.exitCode).toBe(0);
  expect(again.outputs).toEqual({ applied: '2', pending: '0' });
  expect((await d.sql('SELECT n FROM side_effects ORDER BY n')).map((x) => x.n)).toEqual([1, 2, 3]);
}, 120_000);
