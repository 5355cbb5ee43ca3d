/** --check-connections with --sample, and the idle_in_transaction_session_timeout guard, on real sessions. */
import { describe, expect, test } from 'vitest';
import pg from 'pg';
import { adminQuery, databasesPerTest } from '../../../../test/harness/db.ts';
import { migrationsDir, runCheck } from './testing.ts';

const db = databasesPerTest('mdx');

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const oneMigration = { '0001_users.sql': 'CREATE TABLE users (id int PRIMARY KEY);\n' };

/**
 * A pool that returns connections inside a transaction for a moment ("rolling back returned
 * connection [INTRANS]"): each cycle sits idle in a transaction for 50 ms, far below any threshold.
 */
async function leakyPool(url: string): Promise<{ stop: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url, application_name: 'leaky-pool' });
  await client.connect();
  let running = true;
  const loop = (async () => {
    while (running) {
      await client.query('BEGIN');
      // Another session's SQL may hold secrets: it must never reach the report.
      await client.query("SELECT 'CANARY-leaky-pool-query' AS s");
      await sleep(50);
      await client.query('COMMIT');
      await sleep(10);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
    },
  };
}

describe('--sample', () => {
  test('brief idle-in-transaction sessions are reported by application_name with counts, without query text', async () => {
    const d = await db();
    const pool = await leakyPool(d.url);
    try {
      const r = await runCheck({ 'database-url': d.url, migrations: migrationsDir(oneMigration), sample: '2s' });
      expect(r.exitCode, JSON.stringify(r.report.findings)).toBe(0);
      const seen = r.report.findings.filter((f) => f.rule === 'idle-in-transaction-sample');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ severity: 'warning', object: 'application_name leaky-pool' });
      const m = /(\d+) transaction\(s\) seen idle .* in (\d+) of (\d+) polls, at most (\d+) at once/.exec(seen[0].message);
      expect(m, seen[0].message).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThan(0);
      expect(Number(m![4])).toBe(1);
      expect(JSON.stringify(r.report) + r.logs.join('\n')).not.toContain('CANARY-leaky-pool-query');
      // The migration itself still ran.
      expect((await d.sql("SELECT to_regclass('public.users') IS NOT NULL AS t"))[0].t).toBe(true);
    } finally {
      await pool.stop();
    }
  });

  test('a quiet database has no sample finding', async () => {
    const d = await db();
    const r = await runCheck({ 'database-url': d.url, migrations: migrationsDir(oneMigration), sample: '500ms' });
    expect(r.exitCode).toBe(0);
    expect(r.report.findings.filter((f) => f.rule === 'idle-in-transaction-sample')).toEqual([]);
  });

  test('--sample 0 is a usage error', async () => {
    const r = await runCheck({ 'database-url': 'postgres://u:p@127.0.0.1:1/x', migrations: migrationsDir(oneMigration), sample: '0s' });
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toMatch(/--sample/);
  });
});

describe('idle_in_transaction_session_timeout guard', () => {
  test('a server and a role with the timeout at 0 are warnings; a role or database that sets one is not', async () => {
    const d = await db();
    const off = `pf_guard_off_${process.pid}`;
    const on = `pf_guard_on_${process.pid}`;
    await adminQuery(`CREATE ROLE ${off} LOGIN; ALTER ROLE ${off} SET idle_in_transaction_session_timeout = 0; CREATE ROLE ${on} LOGIN; ALTER ROLE ${on} SET idle_in_transaction_session_timeout = '30s'`);
    try {
      const guard = async () =>
        (await runCheck({ 'database-url': d.url, migrations: migrationsDir(oneMigration), 'check-connections': true })).report.findings.filter((f) => f.rule === 'idle-in-transaction-timeout-off');
      // The test server runs with PostgreSQL's default: 0, no guard.
      const before = await guard();
      expect(before.map((f) => f.object)).toContain('idle_in_transaction_session_timeout');
      expect(before.map((f) => f.object)).toContain(`role ${off}`);
      expect(before.map((f) => f.object)).not.toContain(`role ${on}`);
      expect(before.every((f) => f.severity === 'warning')).toBe(true);

      await adminQuery(`ALTER DATABASE "${d.name}" SET idle_in_transaction_session_timeout = '1min'`);
      const after = await guard();
      expect(after.map((f) => f.object)).not.toContain('idle_in_transaction_session_timeout');
      expect(after.map((f) => f.object)).toContain(`role ${off}`);
    } finally {
      await adminQuery(`DROP ROLE ${off}; DROP ROLE ${on}`);
    }
  });
});
