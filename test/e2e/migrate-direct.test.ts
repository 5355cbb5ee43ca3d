/**
 * migrate-direct as users run it: the bundled action as a process, behind a real PgBouncer in
 * transaction mode, asserting outputs and what the database holds afterwards.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDatabase, serverInfo, type TestDatabase } from '../harness/db.ts';
import { startPgBouncer, type PgBouncer } from '../harness/pgbouncer.ts';
import { repoRoot, runActionBundle, runCliBundle } from '../harness/run-bundle.ts';

const migrations = join(repoRoot, 'examples/pooler/migrations');
let bouncer: PgBouncer;
let db: TestDatabase;

beforeAll(async () => {
  const s = serverInfo();
  bouncer = await startPgBouncer({ pgHost: s.host, pgPort: s.port, user: s.user, password: s.password, poolMode: 'transaction' });
  db = await createDatabase('md_e2e');
});
afterAll(async () => {
  await bouncer.stop();
  await db.drop();
});

test('a pooled URL alone is refused by behaviour (no URL hint): exit 2, nothing applied', async () => {
  const r = await runActionBundle('migrate-direct', { 'database-url': bouncer.url(db.name), migrations });
  expect(r.code).toBe(2);
  expect(r.stdout).toMatch(/::error::Input database-url points at a transaction pooler at 127\.0\.0\.1:\d+/);
  expect(await db.sql("SELECT to_regclass('public.projects') AS t, to_regclass('preflight.schema_migrations') AS l")).toEqual([{ t: null, l: null }]);
});

test('with a direct URL the action applies each migration once and says so in its outputs', async () => {
  const inputs = { 'database-url': bouncer.url(db.name), 'direct-url': db.url, migrations };
  const first = await runActionBundle('migrate-direct', inputs);
  expect(first.code).toBe(0);
  expect(first.outputs).toMatchObject({ status: 'pass', applied: '2', pending: '0', findings: '0' });
  const second = await runActionBundle('migrate-direct', inputs);
  expect(second.outputs).toMatchObject({ status: 'pass', applied: '0', pending: '0' });
  expect(await db.sql('SELECT version FROM preflight.schema_migrations ORDER BY version')).toEqual([{ version: '0001' }, { version: '0002' }]);
  expect(await db.sql("SELECT indexname FROM pg_indexes WHERE indexname = 'idx_projects_creator'")).toHaveLength(1);
});

test('preflight migrate-direct --dry-run lists pending migrations and changes nothing', async () => {
  const fresh = await createDatabase('md_dry');
  const r = await runCliBundle(['migrate-direct', '--database-url', fresh.url, '--migrations', migrations, '--dry-run', '--json']);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report.findings.filter((f: { rule: string }) => f.rule === 'pending-migration')).toHaveLength(2);
  expect(await fresh.sql("SELECT to_regclass('preflight.schema_migrations') AS l")).toEqual([{ l: null }]);
  await fresh.drop();
});
