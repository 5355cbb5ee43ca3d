/** Migrations never run through a transaction pooler: a real PgBouncer in transaction mode in front of the test server. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConnection, connectClient } from '@preflight/pg';
import { databasesPerTest, serverInfo, type TestDatabase } from '../../../../test/harness/db.ts';
import { startPgBouncer, type PgBouncer } from '../../../../test/harness/pgbouncer.ts';
import { probeSession } from './session.ts';
import { migrationsDir, rules, runCheck, writeFiles } from './testing.ts';

let bouncer: PgBouncer;
beforeAll(async () => {
  const s = serverInfo();
  bouncer = await startPgBouncer({ pgHost: s.host, pgPort: s.port, user: s.user, password: s.password, poolMode: 'transaction' });
});
afterAll(async () => {
  await bouncer?.stop();
});

const db = databasesPerTest('mdp');

async function tableExists(d: TestDatabase, name: string): Promise<boolean> {
  return (await d.sql('SELECT to_regclass($1) IS NOT NULL AS e', [name]))[0].e;
}

const files: Record<string, string> = {};
for (let i = 1; i <= 12; i++) {
  files[`${String(i).padStart(4, '0')}_m${i}.sql`] = `CREATE TABLE t_${i} (id int);\nINSERT INTO side_effects VALUES (${i});\n`;
}

describe('pooler rule', () => {
  test('the behavioural probe tells PgBouncer (transaction mode) from a direct server', async () => {
    const d = await db();
    for (const [url, pooled] of [
      [bouncer.url(d.name), true],
      [d.url, false],
    ] as const) {
      const target = parseConnection(url, { inputName: 'database-url' });
      const client = await connectClient(target);
      try {
        expect((await probeSession(client, target)).pooled).toBe(pooled);
      } finally {
        await client.end();
      }
    }
  });

  test('a pooled URL alone is a usage error naming host:port and how to pass the direct URL; nothing applied', async () => {
    const d = await db('CREATE TABLE side_effects (n int)');
    const r = await runCheck({ 'database-url': bouncer.url(d.name), migrations: migrationsDir(files) });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toContain(`transaction pooler at 127.0.0.1:${bouncer.port}`);
    expect(r.report.summary).toMatch(/--direct-url or DIRECT_URL/);
    expect(r.report.summary).not.toContain(serverInfo().password);
    expect(await tableExists(d, 'preflight.schema_migrations')).toBe(false);
    expect(await tableExists(d, 't_1')).toBe(false);
  });

  test('pgbouncer=true in the URL is enough to refuse it, before connecting', async () => {
    const r = await runCheck({ 'database-url': `postgres://u:p@127.0.0.1:1/db?pgbouncer=true`, migrations: migrationsDir(files) });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toMatch(/127\.0\.0\.1:1 \(the connection string sets pgbouncer=true\)/);
  });

  test('a direct-url that is really the pooler is refused too', async () => {
    const d = await db();
    const r = await runCheck({ 'database-url': d.url, 'direct-url': bouncer.url(d.name), migrations: migrationsDir(files) });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toMatch(/Input direct-url points at a transaction pooler/);
  });

  test('three concurrent runners given the pooled DATABASE_URL and DIRECT_URL apply every migration exactly once', async () => {
    const d = await db('CREATE TABLE side_effects (n int)');
    const dir = migrationsDir(files);
    const env = { DATABASE_URL: bouncer.url(d.name), DIRECT_URL: d.url };
    const results = await Promise.all([1, 2, 3].map(() => runCheck({ migrations: dir }, env)));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    expect(results.reduce((n, r) => n + Number(r.outputs.applied), 0)).toBe(12);
    expect((await d.sql('SELECT count(*)::int AS n FROM preflight.schema_migrations'))[0].n).toBe(12);
    expect(await d.sql('SELECT n FROM side_effects GROUP BY n HAVING count(*) <> 1')).toEqual([]);
    expect((await d.sql('SELECT count(*)::int AS n FROM side_effects'))[0].n).toBe(12);
    // Everything ran on the direct server: no application_name of ours ever reached the bouncer's pool.
    expect(results.every((r) => r.logs.some((l) => l.includes('from direct-url')))).toBe(true);
  });
});

describe('--command', () => {
  test('the command gets the DIRECT URL even when DATABASE_URL is the pooler', async () => {
    const d = await db();
    const r = await runCheck({ command: `psql "$DATABASE_URL" -Atc 'show port'` }, { DATABASE_URL: bouncer.url(d.name), DIRECT_URL: d.url });
    expect(r.exitCode).toBe(0);
    expect(r.logs).toContain(String(serverInfo().port));
    expect(r.logs).not.toContain(String(bouncer.port));
  });

  test('url-env names the variable; PG* variables and the migration lock are there while it runs', async () => {
    const d = await db();
    const r = await runCheck({
      'database-url': d.url,
      'url-env': 'MY_DB',
      command: `psql "$MY_DB" -Atc "select count(*) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())" && psql -Atc 'select current_database()' && psql "$MY_DB" -Atc 'show lock_timeout'`,
      'lock-timeout': '7s',
    });
    expect(r.exitCode, r.logs.join('\n')).toBe(0);
    expect(r.logs).toContain('1');
    expect(r.logs).toContain(d.name);
    expect(r.logs).toContain('7s');
  });

  test('a failing command is command-failed with its last lines, redacted', async () => {
    const d = await db();
    const r = await runCheck({ 'database-url': d.url, command: 'echo "connecting to $DATABASE_URL"; echo "boom: relation missing" >&2; exit 3' });
    expect(r.exitCode).toBe(1);
    // (lint-skipped: only alembic can show its SQL before running it.)
    expect(rules(r)).toEqual(['command-failed', 'lint-skipped']);
    expect(r.report.findings[0].message).toMatch(/exited with code 3; last output:[\s\S]*boom: relation missing/);
    const all = JSON.stringify(r.report) + r.logs.join('\n');
    expect(all).not.toContain(serverInfo().password);
    expect(all).toContain('***');
  });

  test('production refuses a rollback command before running anything', async () => {
    const d = await db();
    const dir = mkdtempSync(join(tmpdir(), 'pf-cmd-'));
    const marker = join(dir, 'ran');
    const r = await runCheck({ 'database-url': d.url, command: `touch ${marker}; alembic downgrade -1`, environment: 'production' });
    expect(r.exitCode).toBe(1);
    expect(rules(r)).toEqual(['down-migration-refused']);
    expect(existsSync(marker)).toBe(false);
    const allowed = await runCheck({ 'database-url': d.url, command: `touch ${marker}; echo rollback`, environment: 'production', 'allow-destructive': true });
    expect(allowed.exitCode).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  test('alembic with two heads stops before running, naming them', async () => {
    const d = await db();
    const dir = mkdtempSync(join(tmpdir(), 'pf-alembic-'));
    writeFiles(dir, {
      'alembic/versions/a1_base.py': 'revision = "a1"\ndown_revision = None\n',
      'alembic/versions/b2_left.py': 'revision = "b2"\ndown_revision = "a1"\n',
      'alembic/versions/c3_right.py': 'revision: str = "c3"\ndown_revision: Union[str, None] = "a1"\n',
    });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await runCheck({ 'database-url': d.url, command: 'touch ran && alembic upgrade head' });
      expect(r.exitCode).toBe(1);
      expect(rules(r)).toEqual(['multiple-heads']);
      expect(r.report.findings[0].message).toMatch(/2 head revisions \(b2, c3\)/);
      expect(existsSync(join(dir, 'ran'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });
});
