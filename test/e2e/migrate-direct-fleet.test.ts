/**
 * migrate-direct over a fleet (`--targets`), through the CLI and action bundles as processes: 10
 * tenant databases on the test server, logged in to as a role whose password is a canary. One
 * tenant's migration lock is held by another session; two tenants are broken (a table of the
 * same name already there); one target is a closed port. Every assertion is about what a user
 * sees (exit code, the report's sections and summary) and what the databases hold afterwards.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '@preflight/pg';
import { advisoryLockKey } from '../../packages/migrate-direct/src/runner/lock.ts';
import { adminQuery, serverInfo, urlFor } from '../harness/db.ts';
import { startPgBouncer } from '../harness/pgbouncer.ts';
import { runActionBundle, runCliBundle, type ProcessResult } from '../harness/run-bundle.ts';

const prefix = `mdfleet_${process.pid}`;
const role = { name: `${prefix}_owner`, password: `FLEET-canary/p@ss:${process.pid}` };
const tenants = Array.from({ length: 10 }, (_, i) => `tenant_${String(i + 1).padStart(2, '0')}`);
const broken = ['broken_a', 'broken_b'];
/** Databases a test made for itself, dropped with the others. */
const extra: string[] = [];
const dbOf = (tenant: string) => `${prefix}_${tenant}`;
const urlOf = (tenant: string) => urlFor(dbOf(tenant), role);
const work = mkdtempSync(join(tmpdir(), 'md-fleet-'));
const migrations = join(work, 'migrations');
let down: string;

interface FleetReport {
  status: string;
  summary: string;
  findings: Array<{ rule: string; severity: string; message: string; check?: string }>;
  checks: Array<{ check: string; status: string; summary: string }>;
  stats: Record<string, unknown>;
}

beforeAll(async () => {
  await adminQuery(`CREATE ROLE "${role.name}" LOGIN PASSWORD '${role.password}'`);
  for (const t of [...tenants, ...broken]) await adminQuery(`CREATE DATABASE "${dbOf(t)}" OWNER "${role.name}"`);
  // Broken: a table of the migration's name is already there, so 0001 fails on them.
  for (const t of broken) await sqlOn(t, "CREATE TABLE accounts (id int); INSERT INTO accounts VALUES (7)");
  const { mkdirSync } = await import('node:fs');
  mkdirSync(migrations);
  writeFileSync(join(migrations, '0001_create_accounts.sql'), 'CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);\n');
  writeFileSync(join(migrations, '0002_add_plan.sql'), "ALTER TABLE accounts ADD COLUMN plan text NOT NULL DEFAULT 'free';\n");
  down = `postgres://${encodeURIComponent(role.name)}:${encodeURIComponent(role.password)}@127.0.0.1:${await freePort()}/tenant_down`;
}, 300_000);

afterAll(async () => {
  for (const t of [...tenants, ...broken, ...extra]) await adminQuery(`DROP DATABASE IF EXISTS "${dbOf(t)}" WITH (FORCE)`).catch(() => {});
  await adminQuery(`DROP ROLE IF EXISTS "${role.name}"`).catch(() => {});
});

async function sqlOn(tenant: string, text: string): Promise<any[]> {
  const client = new pg.Client({ connectionString: urlFor(dbOf(tenant)) });
  await client.connect();
  try {
    const r: any = await client.query(text);
    return Array.isArray(r) ? r[r.length - 1].rows : r.rows;
  } finally {
    await client.end();
  }
}

/** The versions in the tenant's ledger, or null when migrate-direct never created it. */
async function ledger(tenant: string): Promise<string[] | null> {
  const [{ t }] = await sqlOn(tenant, "SELECT to_regclass('preflight.schema_migrations') IS NOT NULL AS t");
  if (!t) return null;
  return (await sqlOn(tenant, 'SELECT version FROM preflight.schema_migrations ORDER BY version')).map((r) => r.version as string);
}

function targetsFile(name: string, lines: string[]): string {
  const path = join(work, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** tenant_03 comes from an environment variable; the rest are name=url lines. */
const lineOf = (t: string) => (t === 'tenant_03' ? `${t}=$FLEET_MD_TENANT_03` : `${t}=${urlOf(t)}`);
const env = () => ({ FLEET_MD_TENANT_03: urlOf('tenant_03') });

function expectNoPassword(r: ProcessResult | { everything: string }) {
  // `::add-mask::` lines are how a step asks the runner to mask a value; the runner never shows them.
  const all = 'everything' in r ? r.everything : `${r.stdout}\n${r.stderr}`;
  const text = all.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
  for (const form of [role.password, encodeURIComponent(role.password), Buffer.from(role.password).toString('base64')]) expect(text).not.toContain(form);
}

async function fleet(file: string, ...more: string[]): Promise<{ r: ProcessResult; report: FleetReport }> {
  const r = await runCliBundle(['migrate-direct', '--targets', file, '--migrations', migrations, '--connect-timeout', '3s', '--json', ...more], env());
  expectNoPassword(r);
  return { r, report: JSON.parse(r.stdout) as FleetReport };
}

const section = (report: FleetReport, name: string) => report.checks.find((s) => s.check === name)!;

describe('a fleet of 10 tenants', () => {
  test('one tenant whose lock another session holds: the others apply, it names the holder (exit 3), and a re-run completes it exactly once', async () => {
    const file = targetsFile('tenants.txt', ['# tenants', ...tenants.map(lineOf)]);
    const holder = new pg.Client({ connectionString: urlFor(dbOf('tenant_05')), application_name: 'fleet-test-holder' });
    await holder.connect();
    const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    await holder.query('SELECT pg_advisory_lock($1::bigint)', [advisoryLockKey(dbOf('tenant_05')).toString()]);
    try {
      const { r, report } = await fleet(file, '--parallel', '4', '--lock-wait', '1s');
      expect(r.code, r.stderr).toBe(3);
      expect(report.status).toBe('error');
      expect(report.summary).toBe('1 of 10 targets failed: tenant_05; 9 applied');
      expect(report.checks.map((s) => s.check)).toEqual(tenants);
      const locked = section(report, 'tenant_05');
      expect(locked.status).toBe('error');
      expect(locked.summary).toContain(`held by pid ${holderPid} (fleet-test-holder@`);
      for (const t of tenants.filter((t) => t !== 'tenant_05')) {
        expect(section(report, t)).toMatchObject({ status: 'pass', summary: 'applied 2 migration(s), 0 already applied, 0 pending' });
        expect(await ledger(t)).toEqual(['0001', '0002']);
      }
      // Untouched: not even the ledger table.
      expect(await ledger('tenant_05')).toBeNull();
      expect(await sqlOn('tenant_05', "SELECT to_regclass('public.accounts') AS t")).toEqual([{ t: null }]);
    } finally {
      await holder.end();
    }

    const again = await fleet(file, '--parallel', '4');
    expect(again.r.code, again.r.stderr).toBe(0);
    expect(again.report.summary).toBe('0 of 10 targets failed; 10 applied');
    expect(section(again.report, 'tenant_05').summary).toBe('applied 2 migration(s), 0 already applied, 0 pending');
    for (const t of tenants.filter((t) => t !== 'tenant_05')) expect(section(again.report, t).summary).toBe('applied 0 migration(s), 2 already applied, 0 pending');
    for (const t of tenants) expect(await ledger(t)).toEqual(['0001', '0002']);
    expect(await sqlOn('tenant_05', "SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts' ORDER BY ordinal_position")).toEqual([
      { column_name: 'id' },
      { column_name: 'name' },
      { column_name: 'plan' },
    ]);
  }, 300_000);

  test('--dry-run over the fleet lists each target\'s pending migrations and changes nothing', async () => {
    await adminQuery(`CREATE DATABASE "${dbOf('tenant_dry')}" OWNER "${role.name}"`);
    extra.push('tenant_dry');
    const file = targetsFile('dry.txt', [`broken_a=${urlOf('broken_a')}`, `tenant_dry=${urlOf('tenant_dry')}`]);
    const { r, report } = await fleet(file, '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(report.summary).toBe('0 of 2 targets failed; 2 checked, 4 pending migration(s) in all (dry run, nothing changed)');
    const pending = report.findings.filter((f) => f.rule === 'pending-migration').map((f) => `${f.check} ${f.message}`);
    expect(pending.sort()).toEqual(
      ['broken_a', 'tenant_dry'].flatMap((t) => ['0001_create_accounts.sql', '0002_add_plan.sql'].map((m) => `${t} [${t}] Pending: ${join(migrations, m)} would be applied.`)),
    );
    expect(await ledger('tenant_dry')).toBeNull();
  }, 300_000);

  test('--max-failures 1 with 2 broken tenants: the rollout stops at the first, the rest are skipped (never a pass) and untouched; the broken one is left as it was', async () => {
    const fresh = ['tenant_fresh_1', 'tenant_fresh_2', 'tenant_fresh_3'];
    for (const t of fresh) await adminQuery(`CREATE DATABASE "${dbOf(t)}" OWNER "${role.name}"`);
    extra.push(...fresh); // dropped in afterAll
    const order = ['broken_a', fresh[0], 'broken_b', fresh[1], fresh[2]];
    const file = targetsFile('broken.txt', order.map((t) => `${t}=${urlOf(t)}`));
    const { r, report } = await fleet(file, '--parallel', '1', '--max-failures', '1');
    expect(r.code, r.stderr).toBe(1);
    expect(report.status).toBe('fail');
    expect(report.summary).toBe(`1 of 5 targets failed: broken_a; 0 applied; 4 skipped after 1 failed (max-failures): ${order.slice(1).join(', ')}`);
    expect(section(report, 'broken_a').status).toBe('fail');
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.check} ${f.rule}`)).toEqual(['broken_a migration-failed']);
    for (const t of order.slice(1)) {
      expect(section(report, t)).toEqual({ check: t, status: 'skipped', summary: 'skipped: not started, the rollout stopped after 1 failed target (max-failures 1)' });
    }
    for (const t of [...fresh, 'broken_b']) expect(await ledger(t)).toBeNull();
    // The failed migration was rolled back: the tenant's own table and row are as they were, no version recorded.
    expect(await ledger('broken_a')).toEqual([]);
    expect(await sqlOn('broken_a', "SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'")).toEqual([{ column_name: 'id' }]);
    expect(await sqlOn('broken_a', 'SELECT id FROM accounts')).toEqual([{ id: 7 }]);

    // Without a limit every target is tried: both broken ones fail, the others apply.
    const all = await fleet(file, '--parallel', '2');
    expect(all.r.code, all.r.stderr).toBe(1);
    expect(all.report.summary).toBe('2 of 5 targets failed: broken_a, broken_b; 3 applied');
    for (const t of fresh) expect(await ledger(t)).toEqual(['0001', '0002']);
  }, 300_000);

  test('--command runs once per target with that target\'s direct connection in url-env', async () => {
    for (const t of ['tenant_cmd_1', 'tenant_cmd_2']) await adminQuery(`CREATE DATABASE "${dbOf(t)}" OWNER "${role.name}"`);
    extra.push('tenant_cmd_1', 'tenant_cmd_2');
    const file = targetsFile('cmd.txt', ['tenant_cmd_1', 'tenant_cmd_2'].map((t) => `${t}=${urlOf(t)}`));
    const command = `psql "$APP_DB" -qc "CREATE TABLE notes (db text DEFAULT current_database())" -c "INSERT INTO notes DEFAULT VALUES"`;
    const r = await runCliBundle(['migrate-direct', '--targets', file, '--command', command, '--url-env', 'APP_DB', '--connect-timeout', '3s', '--json'], env());
    expectNoPassword(r);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary).toBe('0 of 2 targets failed; 2 applied');
    for (const t of ['tenant_cmd_1', 'tenant_cmd_2']) expect(await sqlOn(t, 'SELECT db FROM notes')).toEqual([{ db: dbOf(t) }]);
  }, 300_000);

  test('a line that is a transaction pooler is refused for that target only (exit 2 naming file:line); the others migrate', async () => {
    const s = serverInfo();
    const bouncer = await startPgBouncer({ pgHost: s.host, pgPort: s.port, user: s.user, password: s.password, poolMode: 'transaction' });
    try {
      for (const t of ['tenant_pool_1', 'tenant_pool_2']) await adminQuery(`CREATE DATABASE "${dbOf(t)}" OWNER "${role.name}"`);
      extra.push('tenant_pool_1', 'tenant_pool_2');
      const file = targetsFile('pooled.txt', [`tenant_pool_1=${urlOf('tenant_pool_1')}`, `tenant_pool_2=${bouncer.url(dbOf('tenant_pool_2'))}`]);
      const r = await runCliBundle(['migrate-direct', '--targets', file, '--migrations', migrations, '--connect-timeout', '3s', '--json'], env());
      expect(r.code, r.stderr).toBe(2);
      const report = JSON.parse(r.stdout) as FleetReport;
      expect(report.summary).toBe('1 of 2 targets failed: tenant_pool_2; 1 applied');
      expect(section(report, 'tenant_pool_2').summary).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2 points at a transaction pooler at 127\\.0\\.0\\.1:\\d+`));
      expect(await ledger('tenant_pool_1')).toEqual(['0001', '0002']);
      expect(await ledger('tenant_pool_2')).toBeNull();
    } finally {
      await bouncer.stop();
    }
  }, 300_000);

  test('--shard over 3 shards: each target migrated by exactly one shard, merge-reports joins them (exit 0); --shard without --targets is exit 2', async () => {
    const sharded = Array.from({ length: 6 }, (_, i) => `tenant_shard_${i + 1}`);
    for (const t of sharded) await adminQuery(`CREATE DATABASE "${dbOf(t)}" OWNER "${role.name}"`);
    extra.push(...sharded);
    const file = targetsFile('sharded.txt', sharded.map((t) => `${t}=${urlOf(t)}`));
    const reports: string[] = [];
    const seen: string[] = [];
    for (const i of [1, 2, 3]) {
      const { r, report } = await fleet(file, '--shard', `${i}/3`);
      expect(r.code, r.stderr).toBe(0);
      // A shard the hash gave no target passes and says so (merge-reports counts the shards).
      const mine = (report.checks ?? []).map((c) => c.check);
      expect(report.summary).toMatch(new RegExp(`^shard ${i}/3: ${mine.length} of 6 targets in this shard`));
      seen.push(...mine);
      const path = join(work, `md-shard-${i}.json`);
      writeFileSync(path, r.stdout);
      reports.push(path);
    }
    expect(seen.sort()).toEqual([...sharded].sort());
    for (const t of sharded) expect(await ledger(t)).toEqual(['0001', '0002']);
    const merged = await runCliBundle(['merge-reports', ...reports, '--json']);
    expect(merged.code, merged.stderr).toBe(0);
    expect((JSON.parse(merged.stdout) as FleetReport).checks.map((c) => c.check).sort()).toEqual([...sharded].sort());
    const missing = await runCliBundle(['merge-reports', ...reports.slice(0, 2), '--json']);
    expect(missing.code).toBe(2);

    const alone = await runCliBundle(['migrate-direct', '--database-url', urlOf('tenant_01'), '--migrations', migrations, '--shard', '1/2']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--shard takes a share of the --targets list, and there is none');
  }, 300_000);

  test('--max-failures 0 is refused: exit 2 with one sentence', async () => {
    const file = targetsFile('zero.txt', [`tenant_01=${urlOf('tenant_01')}`]);
    const r = await runCliBundle(['migrate-direct', '--targets', file, '--migrations', migrations, '--max-failures', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-failures needs a whole number of at least 1: --max-failures 1 stops the rollout at the first failed target');
  }, 120_000);

  test('an unreachable target (a closed port), as lines of the action\'s targets input: an error section naming it, the others migrated, exit 3', async () => {
    const lines = [`tenant_01=${urlOf('tenant_01')}`, `tenant_down=${down}`, lineOf('tenant_03')].join('\n');
    const r = await runActionBundle('migrate-direct', { targets: lines, migrations, 'connect-timeout': '3s' }, { env: env() });
    expectNoPassword(r);
    expect(r.code, r.stdout).toBe(3);
    expect(r.outputs.status).toBe('error');
    expect(r.summary).toContain('1 of 3 targets failed: tenant_down; 2 applied');
    const port = new URL(down).port;
    expect(r.summary).toMatch(new RegExp(`tenant_down.*error: .*127\\.0\\.0\\.1:${port}`, 's'));
    expect(await ledger('tenant_01')).toEqual(['0001', '0002']);
  }, 300_000);
});
