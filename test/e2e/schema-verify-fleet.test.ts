/**
 * schema-verify over a fleet (`--targets`): 30 tenant databases made from one template on the
 * test server, 3 drifted in different ways, 1 unreachable (a closed port). The expected schema is
 * built once from the migrations; every target gets its own section of the report.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '@preflight/pg';
import { schemaVerify } from '../../packages/schema-verify/src/definition.ts';
import { runCli } from '../../packages/cli/src/run-cli.ts';
import { adminQuery, serverInfo, urlFor } from '../harness/db.ts';
import { repoRoot, runActionBundle, runCliBundle } from '../harness/run-bundle.ts';

const migrations = join(repoRoot, 'examples/schema-drift/migrations');
const work = mkdtempSync(join(tmpdir(), 'sv-fleet-'));
const prefix = `fleet_${process.pid}`;
const template = `${prefix}_template`;
const tenants = Array.from({ length: 30 }, (_, i) => `tenant_${String(i + 1).padStart(2, '0')}`);
const dbOf = (tenant: string) => `${prefix}_${tenant}`;
/** Three drifts, each of another kind: an index dropped, a column dropped, a column's type changed. */
const drifts: Record<string, string> = {
  tenant_04: 'DROP INDEX idx_invoices_nit',
  tenant_17: 'ALTER TABLE invoices DROP COLUMN nit',
  tenant_29: 'ALTER TABLE invoices ALTER COLUMN nit TYPE varchar(40)',
};
let down: string;

interface FleetReport {
  status: string;
  summary: string;
  findings: Array<{ rule: string; object: string; severity: string; message: string; check?: string }>;
  checks: Array<{ check: string; status: string; summary: string }>;
  stats: Record<string, unknown>;
}

async function sql(database: string, text: string) {
  const url = urlFor(database);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The CLI in-process (fast; the bundle runs in its own test below). */
async function preflight(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['schema-verify', ...args], [schemaVerify], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), color: false });
  return { code, stdout, stderr };
}

function targetsFile(name: string, lines: string[]): string {
  const path = join(work, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const fleetArgs = (file: string) => ['--targets', file, '--migrations', migrations, '--shadow-url', serverInfo().url, '--parallel', '4', '--connect-timeout', '3s', '--json'];

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE "${template}"`);
  await sql(template, readdirSql());
  // CREATE DATABASE ... TEMPLATE copies the files: 30 tenants in a few seconds.
  for (const t of tenants) await adminQuery(`CREATE DATABASE "${dbOf(t)}" TEMPLATE "${template}"`);
  for (const [t, change] of Object.entries(drifts)) await sql(dbOf(t), change);
  down = `postgres://nobody:pw@127.0.0.1:${await freePort()}/tenant_down`;
}, 300_000);

afterAll(async () => {
  for (const db of [...tenants.map(dbOf), template]) await adminQuery(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => {});
});

function readdirSql(): string {
  return ['0001_create_invoices.sql', '0002_add_nit_field_to_invoices.sql'].map((f) => readFileSync(join(migrations, f), 'utf8')).join('\n');
}

/** Most tenants named on their line; two by environment reference; one by its database name alone. */
function tenantLines(): string[] {
  return [
    '# the fleet',
    '',
    ...tenants.map((t, i) => {
      if (i === 0) return urlFor(dbOf(t)); // unnamed: reported by its database name
      if (i === 1) return `${t}=$FLEET_TENANT_02_URL`;
      if (i === 2) return `${t}=\${FLEET_TENANT_03_URL}`;
      return `${t}=${urlFor(dbOf(t))}`;
    }),
  ];
}
const envRefs = () => ({ FLEET_TENANT_02_URL: urlFor(dbOf(tenants[1])), FLEET_TENANT_03_URL: urlFor(dbOf(tenants[2])) });

function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = { ...process.env };
  Object.assign(process.env, env);
  return fn().finally(() => {
    for (const k of Object.keys(env)) if (before[k] === undefined) delete process.env[k];
  });
}

describe('a fleet of 30 tenants, 3 drifted', () => {
  test('with one unreachable target: each drifted tenant named once with its findings, the unreachable one an error, exit 3', async () => {
    const file = targetsFile('fleet-down.txt', [...tenantLines(), `tenant_down=${down}`]);
    const r = await withEnv(envRefs(), () => preflight(fleetArgs(file)));
    expect(r.code, r.stderr).toBe(3);
    const report = JSON.parse(r.stdout) as FleetReport;
    expect(report.status).toBe('error');
    expect(report.summary).toBe('3 of 31 targets drifted: tenant_04, tenant_17, tenant_29; 1 could not be checked: tenant_down');
    expect(report.checks).toHaveLength(31);
    const byName = Object.fromEntries(report.checks.map((s) => [s.check, s]));
    expect(byName.tenant_down.status).toBe('error');
    expect(byName.tenant_down.summary).toMatch(/^error: .*127\.0\.0\.1/);
    expect(byName[dbOf(tenants[0])].status).toBe('pass');
    for (const t of ['tenant_02', 'tenant_03', 'tenant_05', 'tenant_30']) expect(byName[t].status).toBe('pass');
    for (const t of Object.keys(drifts)) expect(byName[t].status).toBe('fail');
    const blocking = report.findings.filter((f) => f.severity === 'error');
    expect(new Set(blocking.map((f) => f.check))).toEqual(new Set(Object.keys(drifts)));
    const rules = (t: string) => blocking.filter((f) => f.check === t).map((f) => `${f.rule} ${f.object}`).sort();
    expect(rules('tenant_04')).toEqual(['missing-index public.idx_invoices_nit']);
    expect(rules('tenant_17')).toEqual(expect.arrayContaining(['missing-column public.invoices.nit', 'missing-index public.idx_invoices_nit']));
    expect(rules('tenant_29').join()).toMatch(/column-type.*public\.invoices\.nit|public\.invoices\.nit/);
    for (const f of blocking) expect(f.message.startsWith(`[${f.check}] `)).toBe(true);
    // Built once, not once per target.
    expect(r.stderr.match(/Building the expected schema/g)).toHaveLength(1);
  }, 300_000);

  test('without the unreachable target: exit 1, the same three named', async () => {
    const file = targetsFile('fleet.txt', tenantLines());
    const r = await withEnv(envRefs(), () => preflight(fleetArgs(file)));
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as FleetReport;
    expect(report.status).toBe('fail');
    expect(report.summary).toBe('3 of 30 targets drifted: tenant_04, tenant_17, tenant_29');
    expect(report.stats).toMatchObject({ targets: 30, drifted: 3, 'could-not-check': 0 });
  }, 300_000);

  test('the clean tenants alone pass (exit 0), through the CLI bundle, with the text report naming each target', async () => {
    const clean = tenants.filter((t) => !(t in drifts)).slice(3, 12);
    const file = targetsFile('fleet-clean.txt', clean.map((t) => `${t}=${urlFor(dbOf(t))}`));
    const r = await runCliBundle(['schema-verify', '--targets', file, '--migrations', migrations, '--shadow-url', serverInfo().url, '--parallel', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`0 of ${clean.length} targets drifted`);
    for (const t of clean) expect(r.stdout).toMatch(new RegExp(`^${t}: PASS`, 'm'));
  }, 300_000);

  test('the action takes the targets as lines; the step summary has a section per target', async () => {
    const lines = ['tenant_05', 'tenant_04'].map((t) => `${t}=${urlFor(dbOf(t))}`).join('\n');
    const r = await runActionBundle('schema-verify', { targets: lines, migrations, 'shadow-url': serverInfo().url });
    expect(r.code, r.stdout).toBe(1);
    expect(r.summary).toContain('1 of 2 targets drifted: tenant_04');
    expect(r.summary).toContain('#### ❌ tenant_04 — fail');
    expect(r.summary).toContain('#### ✅ tenant_05 — pass');
  }, 300_000);
});

describe('bad targets are exit 2 before anything connects', () => {
  test.each([
    ['a line that is not a target', ['# ok', `tenant_a=${'postgres://u:pw@127.0.0.1:1/a'}`, 'mysql://u:secretpw@db/x'], /fleet-bad\.txt:3 is not a valid PostgreSQL URL/],
    ['an unset environment variable', ['tenant_a=$FLEET_NOT_SET_ANYWHERE'], /fleet-bad\.txt:1: the environment variable FLEET_NOT_SET_ANYWHERE is not set/],
    ['a name used twice', ['a=postgres://u@127.0.0.1:1/x', 'a=postgres://u@127.0.0.1:1/y'], /fleet-bad\.txt:2: the target name a is used already at .*fleet-bad\.txt:1/],
    ['only comments', ['# nothing here', '', '   '], /lists no target/],
  ])('%s', async (_name, lines, message) => {
    const file = targetsFile('fleet-bad.txt', lines);
    const r = await preflight(['--targets', file, '--migrations', migrations, '--shadow-url', serverInfo().url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('secretpw');
    expect(r.stdout).not.toContain('PASS');
  });

  test('an empty file is exit 2, never a pass', async () => {
    const file = join(work, 'empty.txt');
    writeFileSync(file, '');
    const r = await preflight(['--targets', file, '--migrations', migrations]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lists no target/);
  });

  test('a targets file that does not exist is exit 2 naming it', async () => {
    const r = await preflight(['--targets', join(work, 'missing.txt'), '--migrations', migrations]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--targets points to .*missing\.txt, which does not exist/);
  });

  test('--targets with --database-url is exit 2 (pick one); DATABASE_URL from the environment is ignored', async () => {
    const file = targetsFile('fleet-one.txt', [`tenant_05=${urlFor(dbOf('tenant_05'))}`]);
    const both = await preflight(['--targets', file, '--database-url', urlFor(dbOf('tenant_04')), '--migrations', migrations]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either --targets or --database-url, not both/);
    const fromEnv = await withEnv({ DATABASE_URL: urlFor(dbOf('tenant_04')) }, () => preflight(['--targets', file, '--migrations', migrations, '--shadow-url', serverInfo().url, '--json']));
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect((JSON.parse(fromEnv.stdout) as FleetReport).checks.map((s) => s.check)).toEqual(['tenant_05']);
  }, 120_000);

  test.each([
    [['--fix-sql', 'fix.sql'], /--fix-sql writes the fixes of one database/],
    [['--parallel', '0'], /--parallel needs a whole number of at least 1/],
  ])('%j is exit 2', async (extra, message) => {
    const file = targetsFile('fleet-one.txt', [`tenant_05=${urlFor(dbOf('tenant_05'))}`]);
    const r = await preflight(['--targets', file, '--migrations', migrations, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('without an expected schema, exit 2', async () => {
    const file = targetsFile('fleet-one.txt', [`tenant_05=${urlFor(dbOf('tenant_05'))}`]);
    const r = await preflight(['--targets', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--targets needs the expected schema/);
  });
});
