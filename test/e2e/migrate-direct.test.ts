/**
 * migrate-direct as users run it: the bundled action as a process, behind a real PgBouncer in
 * transaction mode, asserting outputs and what the database holds afterwards.
 */
import { readFileSync } from 'node:fs';
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

test('--sarif writes lint findings with file and line for code scanning', async () => {
  const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'md-sarif-'));
  writeFileSync(join(dir, '0001_users.sql'), 'CREATE TABLE users (id int, name text);\n');
  writeFileSync(join(dir, '0002_drop_name.sql'), '-- names move to profiles\n\nALTER TABLE users DROP COLUMN name;\n');
  const fresh = await createDatabase('md_sarif');
  const sarif = join(dir, 'out.sarif');
  const r = await runCliBundle(['migrate-direct', '--database-url', fresh.url, '--migrations', dir, '--environment', 'production', '--sarif', sarif]);
  expect(r.code).toBe(1);
  const run = JSON.parse(readFileSync(sarif, 'utf8')).runs[0];
  const drop = run.results.find((x: { ruleId: string }) => x.ruleId === 'drop-column');
  expect(drop.level).toBe('error');
  expect(drop.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: expect.stringMatching(/0002_drop_name\.sql$/) }, region: { startLine: 3 } });
  expect(await fresh.sql("SELECT to_regclass('public.users') AS t")).toEqual([{ t: null }]);
  await fresh.drop();
});

test('--verify-schema: a shadow that cannot be reached blocks, but the applied migrations are still reported', async () => {
  const fresh = await createDatabase('md_verify');
  const r = await runActionBundle('migrate-direct', {
    'database-url': fresh.url,
    migrations,
    'verify-schema': 'true',
    'shadow-url': 'postgres://u:p@127.0.0.1:1/postgres',
    'connect-timeout': '2s',
  });
  expect(r.code).toBe(1);
  expect(r.outputs).toMatchObject({ status: 'fail', applied: '2', pending: '0' });
  const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'));
  expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['verify-schema-failed']);
  expect(report.findings[0].message).toMatch(/127\.0\.0\.1:1/);
  await fresh.drop();
});

test('--verify-schema passes when the database is what the migrations define', async () => {
  const fresh = await createDatabase('md_verify_ok');
  const r = await runCliBundle(['migrate-direct', '--database-url', fresh.url, '--migrations', migrations, '--verify-schema', '--shadow-url', serverInfo().url, '--json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).summary).toMatch(/^applied 2 migration\(s\).*; schema-verify: ledger preflight\.schema_migrations at 0002 \(head\)$/);
  await fresh.drop();
});

test('--verify-schema takes schema-verify options: --require-rls-for blocks a tenant table without RLS', async () => {
  const fresh = await createDatabase('md_verify_rls');
  const drift = join(repoRoot, 'examples/schema-drift/migrations');
  const args = ['migrate-direct', '--database-url', fresh.url, '--migrations', drift, '--verify-schema', '--shadow-url', serverInfo().url, '--json'];
  const r = await runCliBundle([...args, '--require-rls-for', 'customer_id']);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout);
  const errors = report.findings.filter((f: { severity: string }) => f.severity === 'error');
  expect(errors.map((f: { rule: string; object: string }) => [f.rule, f.object])).toEqual([['rls-not-enabled', 'public.invoices']]);
  expect(report.stats.applied).toBe(2);
  await fresh.drop();
});

test('--verify-schema passes --app-role through: a role that does not exist blocks, it is never a pass', async () => {
  const fresh = await createDatabase('md_verify_app_role');
  const drift = join(repoRoot, 'examples/schema-drift/migrations');
  const args = ['migrate-direct', '--database-url', fresh.url, '--migrations', drift, '--verify-schema', '--shadow-url', serverInfo().url, '--json'];
  const r = await runCliBundle([...args, '--require-rls-for', 'customer_id', '--app-role', 'md_no_such_app_role']);
  expect(r.code).toBe(1);
  const errors = JSON.parse(r.stdout).findings.filter((f: { severity: string }) => f.severity === 'error');
  expect(errors.map((f: { rule: string; object: string }) => [f.rule, f.object])).toEqual([
    ['app-role-missing', 'md_no_such_app_role'],
    ['rls-not-enabled', 'public.invoices'],
  ]);
  await fresh.drop();
});
