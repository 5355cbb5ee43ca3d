/**
 * migrate-direct with --cloud-sql-instance, as a real CLI process: the real Cloud SQL connector
 * talks to a local fake of Google's APIs and TLS proxy (test/harness/fake-cloud-sql.ts), which
 * ends in the run's real PostgreSQL.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, type TestContext } from 'vitest';
import { createDatabase, serverInfo, type TestDatabase } from '../harness/db.ts';
import { FakeCloudSqlUnavailable, startFakeCloudSql, type FakeCloudSql } from '../harness/fake-cloud-sql.ts';
import { repoRoot, runCliBundle } from '../harness/run-bundle.ts';

const INSTANCE = 'preflight-e2e:us-central1:app-db';
let fake: FakeCloudSql | undefined;
let skipReason: string | undefined;
let db: TestDatabase;

beforeAll(async () => {
  const s = serverInfo();
  db = await createDatabase('cloudsql');
  try {
    fake = await startFakeCloudSql({ instance: INSTANCE, pgHost: s.host, pgPort: s.port });
  } catch (error) {
    if (!(error instanceof FakeCloudSqlUnavailable)) throw error;
    skipReason = `fake Cloud SQL unavailable: ${error.message}`;
    console.warn(`e2e/cloud-sql.test.ts: skipping: ${skipReason}.`);
  }
});
afterAll(async () => {
  await fake?.stop();
  await db.drop();
});

function needFake(ctx: TestContext): FakeCloudSql {
  if (!fake) ctx.skip(skipReason ?? 'fake Cloud SQL not started');
  return fake!;
}

test('migrations run through the connector: applied once, the Admin API was asked for the instance', async (ctx) => {
  const f = needFake(ctx);
  const s = serverInfo();
  const url = `postgresql://${s.user}:${encodeURIComponent(s.password)}@/${db.name}`;
  const args = ['migrate-direct', '--cloud-sql-instance', INSTANCE, '--database-url', url, '--migrations', join(repoRoot, 'examples/pooler/migrations'), '--json'];
  const r = await runCliBundle(args, f.env);
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout).stats).toMatchObject({ applied: 2, pending: 0 });
  expect(f.requests.map((q) => `${q.method} ${q.path}`)).toContain('GET /sql/v1beta4/projects/preflight-e2e/instances/app-db/connectSettings');
  expect(await db.sql('SELECT count(*)::int AS n FROM preflight.schema_migrations')).toEqual([{ n: 2 }]);
  expect(r.stdout + r.stderr).not.toContain(s.password);
});

test('--verify-schema works through the connector too', async (ctx) => {
  const f = needFake(ctx);
  const s = serverInfo();
  const fresh = await createDatabase('cloudsql_verify');
  const url = `postgresql://${s.user}:${encodeURIComponent(s.password)}@/${fresh.name}`;
  const args = ['migrate-direct', '--cloud-sql-instance', INSTANCE, '--database-url', url, '--migrations', join(repoRoot, 'examples/pooler/migrations'), '--verify-schema', '--shadow-url', s.url, '--json'];
  const r = await runCliBundle(args, f.env);
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout).summary).toContain('schema-verify: ledger preflight.schema_migrations at 0002 (head)');
  await fresh.drop();
});

test('command mode reaches the instance through a local listener from the connector', async (ctx) => {
  const f = needFake(ctx);
  const s = serverInfo();
  const url = `postgresql://${s.user}:${encodeURIComponent(s.password)}@/${db.name}`;
  const command = `psql "$DATABASE_URL" -Atc 'select inet_server_port()'`;
  const r = await runCliBundle(['migrate-direct', '--cloud-sql-instance', INSTANCE, '--database-url', url, '--command', command], f.env);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain(String(s.port));
});

test('schema-verify --targets: a line that is a Cloud SQL instance name is read through the connector with PGUSER/PGPASSWORD/PGDATABASE', async (ctx) => {
  const f = needFake(ctx);
  const s = serverInfo();
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'cloudsql-fleet-')), 'targets.txt');
  writeFileSync(file, `# one instance\neu=${INSTANCE}\n`);
  const expected = `postgresql://${s.user}:${encodeURIComponent(s.password)}@${s.host}:${s.port}/${db.name}`;
  const r = await runCliBundle(['schema-verify', '--targets', file, '--expected-url', expected, '--json'], { ...f.env, PGUSER: s.user, PGPASSWORD: s.password, PGDATABASE: db.name });
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report.checks).toEqual([expect.objectContaining({ check: 'eu', status: 'pass' })]);
  expect(f.requests.map((q) => `${q.method} ${q.path}`)).toContain('GET /sql/v1beta4/projects/preflight-e2e/instances/app-db/connectSettings');
  expect(r.stdout + r.stderr).not.toContain(s.password);
});
