/**
 * The database steps of .github/workflows/examples/release.yml, run as the bundled actions with
 * the `with:` inputs the workflow itself gives them (secrets replaced by a test database): a
 * manifest before migrating, migrate-direct, then the same manifest and the thresholds checked
 * against the migrated database. The workflow users copy must pass on a release that applies a
 * migration, and must block when rows were lost.
 */
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDatabase, type TestDatabase } from '../harness/db.ts';
import { repoRoot, runActionBundle } from '../harness/run-bundle.ts';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  with?: Record<string, string | boolean | number>;
}

const workflow = parse(readFileSync(join(repoRoot, '.github/workflows/examples/release.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
const steps = workflow.jobs.release.steps.filter((s) => s.uses?.includes('/preflight/actions/'));
const checkOf = (s: Step) => /\/actions\/([a-z-]+)@/.exec(s.uses!)![1];

let db: TestDatabase;
let work: string;
let migrations: string;

/** The step's inputs with the workflow's secrets and paths pointed at this test's database and files. */
function inputsOf(step: Step): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(step.with ?? {})) {
    let v = String(value).replace(/\$\{\{\s*secrets\.(DIRECT_URL|DATABASE_URL)\s*\}\}/g, db.url);
    if (key === 'migrations') v = migrations;
    if (key === 'manifest' || key === 'write-manifest') v = join(work, v);
    expect(v, `${key} still holds an expression the test does not provide`).not.toMatch(/\$\{\{/);
    out[key] = v;
  }
  return out;
}

beforeAll(async () => {
  db = await createDatabase('release_wf');
  work = mkdtempSync(join(tmpdir(), 'preflight-release-'));
  migrations = join(work, 'migrations');
  mkdirSync(migrations);
  // The state production is in before this release: the first migration applied, the incident's counts.
  writeFileSync(join(migrations, '0001_kpis.sql'), 'CREATE TABLE monthly_kpis (id bigserial PRIMARY KEY, month date NOT NULL, value numeric NOT NULL);\nCREATE TABLE instituciones (id bigserial PRIMARY KEY, name text NOT NULL);\n');
  const first = await runActionBundle('migrate-direct', { 'direct-url': db.url, migrations });
  expect(first.outputs.status).toBe('pass');
  await db.sql(
    "INSERT INTO monthly_kpis (month, value) SELECT date '2020-01-01' + (g % 60) * interval '1 month', g FROM generate_series(1, 7320) g;" +
      "INSERT INTO instituciones (name) SELECT 'institucion ' || g FROM generate_series(1, 54) g;",
  );
  // This release's migration.
  writeFileSync(join(migrations, '0002_kpi_note.sql'), 'ALTER TABLE monthly_kpis ADD COLUMN note text;\n');
});
afterAll(async () => {
  await db.drop();
});

test('the release workflow runs restore-verify, migrate-direct, registry-deploy, restore-verify in that order', () => {
  expect(steps.map(checkOf)).toEqual(['restore-verify', 'migrate-direct', 'registry-deploy', 'restore-verify']);
  expect(steps[0].with).toHaveProperty('write-manifest');
  expect(steps[3].with?.manifest).toBe(steps[0].with?.['write-manifest']);
  expect(String(steps[3].with?.['min-rows'])).toMatch(/monthly_kpis=7320/);
});

test('a release that applies a migration passes the manifest check afterwards; lost rows block it', async () => {
  const [manifestStep, migrateStep, , afterStep] = steps;

  const before = await runActionBundle('restore-verify', inputsOf(manifestStep));
  expect(before.code, before.stdout).toBe(0);
  const manifest = JSON.parse(readFileSync(join(work, String(manifestStep.with!['write-manifest'])), 'utf8'));
  expect(manifest.tables).toContainEqual({ schema: 'public', name: 'monthly_kpis', rows: 7320 });

  const migrate = await runActionBundle('migrate-direct', inputsOf(migrateStep));
  expect(migrate.code, migrate.stdout).toBe(0);
  expect(migrate.outputs.applied).toBe('1');

  // The ledger moved on by the release's own migration: reported, not blocking.
  const after = await runActionBundle('restore-verify', inputsOf(afterStep));
  expect(after.code, after.stdout).toBe(0);
  expect(after.outputs.status).toBe('pass');
  const report = JSON.parse(readFileSync(after.outputs.report, 'utf8'));
  expect(report.findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`)).toContain('ledger-ahead:warning');

  // The second incident: a restore that brought back 206 of 7,320 rows.
  await db.sql('DELETE FROM monthly_kpis WHERE id > 206');
  const lost = await runActionBundle('restore-verify', inputsOf(afterStep));
  expect(lost.code).toBe(1);
  expect(lost.outputs.status).toBe('fail');
  const rules = JSON.parse(readFileSync(lost.outputs.report, 'utf8')).findings.map((f: { rule: string; object: string }) => `${f.rule} ${f.object}`);
  expect(rules).toEqual(expect.arrayContaining(['rows-missing public.monthly_kpis', 'min-rows public.monthly_kpis']));

  // A ledger that lost a version the manifest records still blocks.
  await db.sql("INSERT INTO monthly_kpis (month, value) SELECT date '2020-01-01', g FROM generate_series(1, 7114) g; DELETE FROM preflight.schema_migrations WHERE version = '0001'");
  const behind = await runActionBundle('restore-verify', inputsOf(afterStep));
  expect(behind.code).toBe(1);
  const behindRules = JSON.parse(readFileSync(behind.outputs.report, 'utf8')).findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { rule: string }) => f.rule);
  expect(behindRules).toEqual(['ledger-mismatch']);
});
