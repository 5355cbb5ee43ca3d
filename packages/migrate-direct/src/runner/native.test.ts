/** The built-in runner against the real PostgreSQL of the test run. */
import { describe, expect, test } from 'vitest';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { databasesPerTest, type TestDatabase } from '../../../../test/harness/db.ts';
import { migrationsDir, rules, runCheck, writeFiles } from './testing.ts';

const db = databasesPerTest('md');

async function ledger(d: TestDatabase): Promise<string[]> {
  return (await d.sql('SELECT version FROM preflight.schema_migrations ORDER BY version')).map((r) => r.version);
}
async function tableExists(d: TestDatabase, name: string): Promise<boolean> {
  return (await d.sql('SELECT to_regclass($1) IS NOT NULL AS e', [name]))[0].e;
}

const three = {
  '0001_users.sql': 'CREATE TABLE users (id int PRIMARY KEY);\n',
  '0002_posts.sql': 'CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users);\n',
  '0003_index.sql': 'CREATE INDEX posts_user_id ON posts (user_id);\n',
};

describe('sql format', () => {
  test('applies pending migrations in order with one ledger row each; a second run applies nothing', async () => {
    const d = await db();
    const dir = migrationsDir(three);
    const first = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toEqual({ applied: '3', pending: '0' });
    expect(first.report.stats).toMatchObject({ applied: 3, pending: 0, skipped: 0 });
    for (const k of ['lockWaitMs', 'poolerDetectionMs', 'lockMs', 'durationMs']) expect(typeof first.report.stats[k]).toBe('number');
    expect(await ledger(d)).toEqual(['0001', '0002', '0003']);
    const rows = await d.sql('SELECT name, checksum, duration_ms, applied_at FROM preflight.schema_migrations ORDER BY version');
    expect(rows[0].name).toBe('users');
    expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].duration_ms).toBeGreaterThanOrEqual(0);

    const second = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toEqual({ applied: '0', pending: '0' });
    expect(second.report.stats).toMatchObject({ applied: 0, skipped: 3 });
  });

  test('a failing statement mid-file: earlier migrations kept, that file rolled back, ledger untouched, line reported; fixed re-run continues', async () => {
    const d = await db();
    const dir = migrationsDir({
      '0001_users.sql': 'CREATE TABLE users (id int);\n',
      '0002_broken.sql': '-- adds accounts\nCREATE TABLE accounts (id int);\n\nINSERT INTO accounts\n  SELECT id FROM no_such_table;\nCREATE TABLE after_error (id int);\n',
      '0003_later.sql': 'CREATE TABLE later (id int);\n',
    });
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.exitCode).toBe(1);
    const f = r.report.findings.find((x) => x.rule === 'migration-failed')!;
    expect(f).toMatchObject({ severity: 'error', file: join(dir, '0002_broken.sql'), line: 5 });
    expect(f.message).toMatch(/no_such_table/);
    expect(f.message).toMatch(/rolled back/);
    expect(r.outputs).toEqual({ applied: '1', pending: '2' });
    expect(await ledger(d)).toEqual(['0001']);
    expect(await tableExists(d, 'users')).toBe(true);
    expect(await tableExists(d, 'accounts')).toBe(false);
    expect(await tableExists(d, 'later')).toBe(false);

    writeFileSync(join(dir, '0002_broken.sql'), 'CREATE TABLE accounts (id int);\n');
    const again = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toEqual({ applied: '2', pending: '0' });
    expect(await ledger(d)).toEqual(['0001', '0002', '0003']);
  });

  test('an error without a server position names the line of the failing statement', async () => {
    const d = await db('CREATE TABLE existing (id int)');
    const dir = migrationsDir({ '0001_dup.sql': 'SELECT 1;\n\n\nCREATE TABLE existing (id int);\n' });
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.exitCode, r.report.summary).toBe(1);
    expect(r.report.findings.find((x) => x.rule === 'migration-failed')).toMatchObject({ line: 4 });
    expect(r.report.findings[0].message).toMatch(/already exists.*42P07/);
  });

  test('lock-timeout applies to each migration: a table held by another session fails (instead of waiting) with the SQLSTATE explained', async () => {
    const d = await db('CREATE TABLE busy (id int)');
    const holder = new pg.Client({ connectionString: d.url });
    await holder.connect();
    try {
      await holder.query('BEGIN; LOCK TABLE busy IN ACCESS SHARE MODE');
      const dir = migrationsDir({ '0001_alter.sql': 'ALTER TABLE busy ADD COLUMN note text;\n' });
      // Without the lock timeout the ALTER would wait for the holder forever (the test timeout).
      const r = await runCheck({ 'database-url': d.url, migrations: dir, 'lock-timeout': '300ms' });
      expect(r.exitCode).toBe(1);
      expect(r.report.findings[0].message).toMatch(/55P03.*lock-timeout/);
    } finally {
      await holder.end();
    }
  });

  test('statement-timeout applies to each statement of a migration', async () => {
    const d = await db();
    const dir = migrationsDir({ '0001_slow.sql': 'CREATE TABLE a (id int);\nSELECT pg_sleep(0.3);\nSELECT pg_sleep(0.3);\nSELECT pg_sleep(3);\n' });
    const r = await runCheck({ 'database-url': d.url, migrations: dir, 'statement-timeout': '1s' });
    expect(r.exitCode).toBe(1);
    expect(r.report.findings[0]).toMatchObject({ rule: 'migration-failed', line: 4 });
    expect(r.report.findings[0].message).toMatch(/57014.*statement-timeout/);
    expect(await tableExists(d, 'a')).toBe(false);
  });

  test('an edited applied migration stops the run naming the file; nothing applied', async () => {
    const d = await db();
    const dir = migrationsDir(three);
    expect((await runCheck({ 'database-url': d.url, migrations: dir })).exitCode).toBe(0);
    writeFileSync(join(dir, '0002_posts.sql'), 'CREATE TABLE posts (id bigint PRIMARY KEY);\n');
    writeFiles(dir, { '0004_new.sql': 'CREATE TABLE newer (id int);\n' });
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.exitCode).toBe(1);
    expect(r.report.findings.map((f) => [f.rule, f.file])).toEqual([['checksum-mismatch', join(dir, '0002_posts.sql')]]);
    expect(r.outputs).toEqual({ applied: '0', pending: '1' });
    expect(await tableExists(d, 'newer')).toBe(false);
  });

  test('a pending migration older than the newest applied one is out-of-order unless allowed', async () => {
    const d = await db();
    const dir = migrationsDir({ '0001_a.sql': 'CREATE TABLE a (id int);\n', '0003_c.sql': 'CREATE TABLE c (id int);\n' });
    expect((await runCheck({ 'database-url': d.url, migrations: dir })).exitCode).toBe(0);
    writeFiles(dir, { '0002_b.sql': 'CREATE TABLE b (id int);\n', '0004_d.sql': 'CREATE TABLE d (id int);\n' });
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.exitCode).toBe(1);
    expect(rules(r)).toEqual(['out-of-order']);
    expect(r.report.findings[0].file).toBe(join(dir, '0002_b.sql'));
    expect(await tableExists(d, 'd')).toBe(false);

    const allowed = await runCheck({ 'database-url': d.url, migrations: dir, 'allow-out-of-order': true });
    expect(allowed.exitCode).toBe(0);
    expect(await ledger(d)).toEqual(['0001', '0002', '0003', '0004']);
  });

  test('--baseline adopts an existing database: earlier migrations recorded without running, later ones applied', async () => {
    const d = await db('CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users)');
    const dir = migrationsDir(three);
    // Without a baseline the first migration fails: "relation users already exists".
    const plain = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(plain.report.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(['migration-failed']);
    const r = await runCheck({ 'database-url': d.url, migrations: dir, baseline: '0002' });
    expect(r.exitCode).toBe(0);
    expect(r.report.stats).toMatchObject({ applied: 1, skipped: 2 });
    expect(await ledger(d)).toEqual(['0001', '0002', '0003']);
    expect((await d.sql('SELECT duration_ms FROM preflight.schema_migrations ORDER BY version')).map((x) => x.duration_ms)).toEqual([null, null, expect.any(Number)]);

    // The same workflow again: a notice, nothing else.
    const again = await runCheck({ 'database-url': d.url, migrations: dir, baseline: '0002' });
    expect(again.exitCode).toBe(0);
    expect(rules(again)).toEqual(['baseline-ignored']);
    // A different baseline on a ledger that has rows is a usage error.
    writeFiles(dir, { '0004_x.sql': 'SELECT 1;\n' });
    const other = await runCheck({ 'database-url': d.url, migrations: dir, baseline: '0004' });
    expect(other.exitCode).toBe(2);
    expect(other.report.summary).toMatch(/ledger is empty/);
    const unknown = await runCheck({ 'database-url': d.url, migrations: dir, baseline: '0099' });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.report.summary).toMatch(/not the version of any migration file/);
  });

  test('--dry-run lists pending migrations with lint findings and changes nothing, not even the ledger table', async () => {
    const d = await db('CREATE TABLE old_stuff (id int)');
    const dir = migrationsDir({ ...three, '0004_drop.sql': 'DROP TABLE old_stuff;\n' });
    const r = await runCheck({ 'database-url': d.url, migrations: dir, 'dry-run': true });
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toEqual({ applied: '0', pending: '4' });
    expect(r.report.findings.filter((f) => f.rule === 'pending-migration')).toHaveLength(4);
    expect(r.report.findings.some((f) => f.rule !== 'pending-migration' && f.file === join(dir, '0004_drop.sql'))).toBe(true);
    expect(await tableExists(d, 'preflight.schema_migrations')).toBe(false);
    expect(await tableExists(d, 'users')).toBe(false);
    expect((await d.sql("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'preflight'"))[0].n).toBe(0);
  });

  test('production: destructive statements block before anything is applied unless allow-destructive', async () => {
    const d = await db('CREATE TABLE old_stuff (id int)');
    const dir = migrationsDir({ '0001_users.sql': 'CREATE TABLE users (id int);\n', '0002_drop.sql': 'DROP TABLE old_stuff;\n' });
    const r = await runCheck({ 'database-url': d.url, migrations: dir, environment: 'production' });
    expect(r.exitCode).toBe(1);
    const blocking = r.report.findings.filter((f) => f.severity === 'error');
    expect(blocking.length).toBeGreaterThan(0);
    expect(blocking.every((f) => f.file === join(dir, '0002_drop.sql'))).toBe(true);
    expect(await tableExists(d, 'users')).toBe(false);
    expect(await tableExists(d, 'preflight.schema_migrations')).toBe(false);

    const staging = await runCheck({ 'database-url': d.url, migrations: dir, environment: 'staging', 'dry-run': true });
    expect(staging.exitCode).toBe(0);

    const allowed = await runCheck({ 'database-url': d.url, migrations: dir, environment: 'production', 'allow-destructive': true });
    expect(allowed.exitCode).toBe(0);
    expect(await tableExists(d, 'old_stuff')).toBe(false);
  });

  test('COMMIT inside a transactional migration is refused before anything runs', async () => {
    const d = await db();
    const dir = migrationsDir({ '0001_a.sql': 'CREATE TABLE a (id int);\n', '0002_b.sql': 'BEGIN;\nCREATE TABLE b (id int);\nCOMMIT;\n' });
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.exitCode).toBe(1);
    expect(r.report.findings.find((f) => f.rule === 'transaction-control')).toMatchObject({ line: 1, file: join(dir, '0002_b.sql') });
    expect(await tableExists(d, 'a')).toBe(false);
  });

  test('a no-transaction migration runs statement by statement (CREATE INDEX CONCURRENTLY)', async () => {
    const d = await db();
    const dir = migrationsDir({
      '0001_t.sql': 'CREATE TABLE t (id int);\n',
      '0002_idx.sql': '-- preflight:no-transaction\nCREATE INDEX CONCURRENTLY t_id ON t (id);\nCREATE INDEX CONCURRENTLY t_id2 ON t (id);\n',
    });
    const r = await runCheck({ 'database-url': d.url, migrations: dir });
    expect(r.report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(await ledger(d)).toEqual(['0001', '0002']);
    expect(await tableExists(d, 't_id2')).toBe(true);
  });

  test('bad inputs are usage errors (exit 2) before any connection: nothing applied', async () => {
    const d = await db();
    const missing = await runCheck({ 'database-url': d.url, migrations: '/nonexistent/migrations' });
    expect(missing.exitCode).toBe(2);
    expect(missing.report.summary).toMatch(/does not exist/);

    const format = await runCheck({ 'database-url': d.url, migrations: migrationsDir(three), 'migrations-format': 'flyway' });
    expect(format.exitCode).toBe(2);
    expect(format.report.summary).toMatch(/migrations-format must be one of sql, dbmate, golang-migrate/);

    const badName = await runCheck({ 'database-url': d.url, migrations: migrationsDir({ ...three, 'add_users.sql': 'SELECT 1;' }) });
    expect(badName.exitCode).toBe(2);
    expect(badName.report.summary).toMatch(/add_users\.sql does not follow the sql naming scheme/);

    // Root reads everything; as root, files.test.ts checks the unreadable directory in a child process as an unprivileged user.
    if (process.getuid?.() === 0) console.warn('native.test.ts: the unreadable --migrations case is not checked here as root (files.test.ts covers it as an unprivileged user).');
    else {
      const locked = migrationsDir(three);
      chmodSync(locked, 0o000);
      const unreadable = await runCheck({ 'database-url': d.url, migrations: locked });
      chmodSync(locked, 0o755);
      expect(unreadable.exitCode).toBe(2);
    }
    const notDir = migrationsDir(three);
    const file = join(notDir, '0001_users.sql');
    const notADir = await runCheck({ 'database-url': d.url, migrations: file });
    expect(notADir.exitCode).toBe(2);
    rmSync(notDir, { recursive: true });

    const both = await runCheck({ 'database-url': d.url, migrations: migrationsDir(three), command: 'true' });
    expect(both.exitCode).toBe(2);
    const badUrl = await runCheck({ 'database-url': 'mysql://x@y/z', migrations: migrationsDir(three) });
    expect(badUrl.exitCode).toBe(2);
    expect(await tableExists(d, 'preflight.schema_migrations')).toBe(false);
    expect(await tableExists(d, 'users')).toBe(false);
  });

  test('an unreachable server is exit 3', async () => {
    const r = await runCheck({ 'database-url': 'postgres://u:secretpw@127.0.0.1:1/db', migrations: migrationsDir(three), 'connect-timeout': '2s' });
    expect(r.exitCode).toBe(3);
    expect(JSON.stringify(r.report)).not.toContain('secretpw');
  });
});

describe('migration lock', () => {
  test('waits while another session holds it, saying who; gives up after lock-wait with exit 3', async () => {
    const d = await db();
    const dir = migrationsDir(three);
    const { advisoryLockKey } = await import('./lock.ts');
    const holder = new pg.Client({ connectionString: d.url, application_name: 'other-deployer' });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [advisoryLockKey(d.name).toString()]);
      const holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const r = await runCheck({ 'database-url': d.url, migrations: dir, 'lock-wait': '1s' });
      expect(r.exitCode).toBe(3);
      expect(r.report.summary).toMatch(new RegExp(`held by pid ${holderPid} \\(other-deployer@127\\.0\\.0\\.1\\)`));
      expect(r.logs.some((l) => /Waiting for the migration lock held by pid \d+ \(other-deployer@/.test(l))).toBe(true);
      expect(await tableExists(d, 'preflight.schema_migrations')).toBe(false);

      // Released while we wait: the run proceeds and reports how long it waited.
      const run = runCheck({ 'database-url': d.url, migrations: dir, 'lock-wait': '30s' });
      await new Promise((res) => setTimeout(res, 700));
      await holder.query('SELECT pg_advisory_unlock_all()');
      const ok = await run;
      expect(ok.exitCode).toBe(0);
      expect(Number(ok.report.stats.lockWaitMs)).toBeGreaterThanOrEqual(500);
    } finally {
      await holder.end();
    }
  });

  test('concurrent runners on one database apply each migration exactly once', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 20; i++) files[`${String(i).padStart(4, '0')}_m.sql`] = `CREATE TABLE t_${i} (id int);\nINSERT INTO side_effects VALUES (${i});\nSELECT pg_sleep(0.01);\n`;
    const d = await db('CREATE TABLE side_effects (n int)');
    const dir = migrationsDir(files);
    const results = await Promise.all([1, 2, 3].map(() => runCheck({ 'database-url': d.url, migrations: dir })));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    expect(results.reduce((n, r) => n + Number(r.outputs.applied), 0)).toBe(20);
    expect((await ledger(d)).length).toBe(20);
    expect((await d.sql('SELECT n, count(*)::int AS c FROM side_effects GROUP BY n HAVING count(*) <> 1'))).toEqual([]);
    expect((await d.sql('SELECT count(*)::int AS c FROM side_effects'))[0].c).toBe(20);
  });
});

describe('dbmate format', () => {
  test('keeps dbmate\'s schema_migrations (version varchar) and honours transaction:false', async () => {
    const d = await db();
    const dir = migrationsDir({
      '20240101000000_users.sql': '-- migrate:up\nCREATE TABLE users (id int);\n\n-- migrate:down\nDROP TABLE users;\n',
      '20240102000000_idx.sql': '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_id ON users (id);\n-- migrate:down\nDROP INDEX users_id;\n',
      '20240103000000_bad.sql': '-- migrate:up\nSELECT 1;\nSELECT * FROM nope;\n-- migrate:down\n',
    });
    const r = await runCheck({ 'database-url': d.url, migrations: dir, 'migrations-format': 'dbmate' });
    expect(r.exitCode).toBe(1);
    // upStartLine: the up SQL starts on line 2, the failing statement is on line 3 of the file.
    expect(r.report.findings.find((f) => f.rule === 'migration-failed')).toMatchObject({ line: 3 });
    const cols = await d.sql("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'schema_migrations' ORDER BY ordinal_position");
    expect(cols).toEqual([{ column_name: 'version', data_type: 'character varying' }]);
    expect((await d.sql('SELECT version FROM schema_migrations ORDER BY version')).map((x) => x.version)).toEqual(['20240101000000', '20240102000000']);
    expect(await tableExists(d, 'users')).toBe(true);
    // The down section never runs, and no preflight schema is created for dbmate projects.
    expect(await tableExists(d, 'preflight.schema_migrations')).toBe(false);

    const golangDir = migrationsDir({ '20240101000000_users.up.sql': 'SELECT 1;\n' });
    const wrong = await runCheck({ 'database-url': d.url, migrations: golangDir, 'migrations-format': 'golang-migrate' });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.report.summary).toMatch(/looks like dbmate's/);
  });
});

describe('golang-migrate format', () => {
  test('one row with the latest version; refuses to run while dirty', async () => {
    const d = await db();
    const dir = migrationsDir({
      '000001_users.up.sql': 'CREATE TABLE users (id int);\n',
      '000001_users.down.sql': 'DROP TABLE users;\n',
      '000002_posts.up.sql': 'CREATE TABLE posts (id int);\n',
      '000002_posts.down.sql': 'DROP TABLE posts;\n',
    });
    const r = await runCheck({ 'database-url': d.url, migrations: dir, 'migrations-format': 'golang-migrate' });
    expect(r.exitCode).toBe(0);
    expect(await d.sql('SELECT version::int AS version, dirty FROM schema_migrations')).toEqual([{ version: 2, dirty: false }]);

    writeFiles(dir, { '000003_more.up.sql': 'CREATE TABLE more (id int);\n' });
    await d.sql('UPDATE schema_migrations SET dirty = true');
    const dirty = await runCheck({ 'database-url': d.url, migrations: dir, 'migrations-format': 'golang-migrate' });
    expect(dirty.exitCode).toBe(1);
    expect(rules(dirty)).toEqual(['ledger-dirty']);
    expect(dirty.report.findings[0].message).toMatch(/migrate force 2/);
    expect(await tableExists(d, 'more')).toBe(false);

    await d.sql('UPDATE schema_migrations SET dirty = false');
    const ok = await runCheck({ 'database-url': d.url, migrations: dir, 'migrations-format': 'golang-migrate' });
    expect(ok.exitCode).toBe(0);
    expect(await d.sql('SELECT version::int AS version, dirty FROM schema_migrations')).toEqual([{ version: 3, dirty: false }]);
  });
});

describe('--check-connections', () => {
  test('reports a session idle in a transaction beyond the threshold', async () => {
    const d = await db();
    const idle = new pg.Client({ connectionString: d.url, application_name: 'stuck-worker' });
    await idle.connect();
    try {
      await idle.query('BEGIN; SELECT 1');
      const pid = (await idle.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      // Another session's SQL can hold secrets: only its first keyword may be reported.
      await idle.query("SELECT 'CANARY-other-session-secret' AS s");
      await new Promise((res) => setTimeout(res, 300));
      const r = await runCheck({ 'database-url': d.url, migrations: migrationsDir(three), 'check-connections': true, 'idle-in-transaction-threshold': '100ms' });
      expect(r.exitCode).toBe(0);
      const f = r.report.findings.filter((x) => x.rule === 'idle-in-transaction');
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ severity: 'warning', object: `pid ${pid} (stuck-worker@127.0.0.1)` });
      expect(f[0].message).toContain('(last statement: SELECT ...)');
      expect(JSON.stringify(r.report)).not.toContain('CANARY-other-session-secret');
    } finally {
      await idle.end();
    }
  });

  test('warns when connection use is near the usable limit', async () => {
    const d = await db();
    const { checkConnections } = await import('./connections.ts');
    const c = new pg.Client({ connectionString: d.url });
    await c.connect();
    try {
      expect((await checkConnections(c, { idleThresholdMs: 60_000, phase: 'before' })).filter((f) => f.rule === 'connections-near-limit')).toEqual([]);
      const near = await checkConnections(c, { idleThresholdMs: 60_000, phase: 'before', nearLimit: 0 });
      expect(near.find((f) => f.rule === 'connections-near-limit')?.message).toMatch(/usable connections are in use \(max_connections \d+ minus \d+ reserved\)/);
    } finally {
      await c.end();
    }
  });
});
