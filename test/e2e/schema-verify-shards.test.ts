/**
 * A fleet across a workflow matrix: 200 tenant databases made from one template on the test
 * server, 7 drifted in different ways and 1 unreachable (a closed port), checked by the CLI bundle
 * as 4 shards (`--shard I/4`, as 4 matrix jobs would, at once) and joined by `preflight
 * merge-reports`. The merged report must name every drifted tenant exactly once, the unreachable
 * one as an error, miss none, and exit 3; the same fleet unsharded gives the same findings.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '@preflight/pg';
import type { Report } from '@preflight/core';
import { adminQuery, serverInfo, urlFor, withTestClient } from '../harness/db.ts';
import { runCliBundle } from '../harness/run-bundle.ts';

const work = mkdtempSync(join(tmpdir(), 'sv-shards-'));
const prefix = `shards_${process.pid}`;
const template = `${prefix}_template`;
const reader = `${prefix}_reader`;
const tenants = Array.from({ length: 200 }, (_, i) => `tenant_${String(i + 1).padStart(3, '0')}`);
const dbOf = (tenant: string) => `${prefix}_${tenant}`;

/** Seven drifts, each of another kind, with the rule each must produce. */
const drifts: Record<string, { change: string; rule: string; object: string }> = {
  tenant_011: { change: 'ALTER TABLE invoices DROP COLUMN nit', rule: 'missing-column', object: 'public.invoices.nit' },
  tenant_027: { change: 'DROP INDEX idx_invoices_nit', rule: 'missing-index', object: 'public.idx_invoices_nit' },
  tenant_043: { change: 'CREATE TABLE hotfix_audit (id int)', rule: 'extra-table', object: 'public.hotfix_audit' },
  tenant_068: { change: 'ALTER TABLE invoices ALTER COLUMN total TYPE numeric(14,2)', rule: 'column-type-mismatch', object: 'public.invoices.total' },
  tenant_099: { change: 'ALTER TABLE invoices DROP CONSTRAINT invoices_customer_id_fkey', rule: 'missing-constraint', object: 'public.invoices.invoices_customer_id_fkey' },
  tenant_130: { change: `REVOKE SELECT ON customers FROM ${reader}`, rule: 'missing-grant', object: 'public.customers' },
  tenant_190: { change: "ALTER TABLE customers ALTER COLUMN tier SET DEFAULT 'trial'", rule: 'column-default-mismatch', object: 'public.customers.tier' },
};

const migration = `
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, tier text NOT NULL DEFAULT 'free');
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  nit text,
  total numeric(12,2) NOT NULL DEFAULT 0
);
CREATE INDEX idx_invoices_nit ON invoices (nit);
GRANT SELECT ON customers TO ${reader};
`;
let migrations: string;
let targetsFile: string;

beforeAll(async () => {
  migrations = join(work, 'migrations');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(migrations);
  writeFileSync(join(migrations, '0001_tenants.sql'), migration);
  await adminQuery(`DROP ROLE IF EXISTS ${reader}`);
  await adminQuery(`CREATE ROLE ${reader} NOLOGIN`);
  await adminQuery(`CREATE DATABASE "${template}"`);
  await withTestClient(urlFor(template), (c) => c.query(migration));
  // CREATE DATABASE ... TEMPLATE copies the files: 200 tenants without 200 migration runs.
  for (const t of tenants) await adminQuery(`CREATE DATABASE "${dbOf(t)}" TEMPLATE "${template}"`);
  for (const [t, d] of Object.entries(drifts)) await withTestClient(urlFor(dbOf(t)), (c) => c.query(d.change));
  const down = `postgres://nobody:pw@127.0.0.1:${await freePort()}/tenant_down`;
  targetsFile = join(work, 'tenants.txt');
  writeFileSync(targetsFile, ['# 200 tenants and one that is down', ...tenants.map((t) => `${t}=${urlFor(dbOf(t))}`), `tenant_down=${down}`].join('\n') + '\n');
}, 900_000);

afterAll(async () => {
  for (const db of [...tenants.map(dbOf), template]) await adminQuery(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => {});
  await adminQuery(`DROP ROLE IF EXISTS ${reader}`).catch(() => {});
  const left = await adminQuery(`SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE '${prefix}%'`);
  expect(left[0].n).toBe(0);
}, 300_000);

const checkArgs = () => ['schema-verify', '--targets', targetsFile, '--migrations', migrations, '--shadow-url', serverInfo().url, '--strict', '--parallel', '4', '--connect-timeout', '3s'];

/** What a finding says, without the shard-dependent parts, to compare runs. */
const key = (f: Report['findings'][number]) => `${f.check} ${f.severity} ${f.rule} ${f.object}`;

describe('200 tenants, 7 drifted, 1 down, over 4 shards', () => {
  let merged: Report;
  let mergedCode: number;
  let shards: Report[];

  beforeAll(async () => {
    // As a matrix runs them: all four at once, each writing its JSON report.
    const runs = await Promise.all(
      [1, 2, 3, 4].map(async (i) => {
        const report = join(work, `shard-${i}.json`);
        const r = await runCliBundle([...checkArgs(), '--shard', `${i}/4`, '--report', report]);
        return { r, report };
      }),
    );
    shards = runs.map(({ report }) => JSON.parse(readFileSync(report, 'utf8')) as Report);
    for (const { r } of runs) expect([1, 3], r.stderr).toContain(r.code);
    const m = await runCliBundle(['merge-reports', ...runs.map((x) => x.report), '--json', '--step-summary', join(work, 'summary.md')]);
    mergedCode = m.code ?? -1;
    merged = JSON.parse(m.stdout) as Report;
  }, 900_000);

  test('each shard names its share, and the shares are the whole list exactly once', () => {
    expect(shards.map((s) => s.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
    for (const s of shards) {
      expect(s.summary).toMatch(new RegExp(`^shard ${s.shard}: ${s.stats['in-shard']} of 201 targets in this shard; `));
      expect(s.checks).toHaveLength(s.stats['in-shard'] as number);
    }
    const names = shards.flatMap((s) => s.checks!.map((c) => c.check)).sort();
    expect(names).toEqual([...tenants, 'tenant_down'].sort());
  });

  test('merged: exit 3, every drifted tenant named exactly once with its rule, the unreachable one an error naming it', () => {
    expect(mergedCode).toBe(3);
    expect(merged.check).toBe('schema-verify');
    expect(merged.status).toBe('error');
    expect(merged.summary).toBe(`7 of 201 targets drifted: ${Object.keys(drifts).join(', ')}; 1 could not be checked: tenant_down (merged from 4 shards)`);
    expect(merged.checks).toHaveLength(201);
    const byName = new Map(merged.checks!.map((s) => [s.check, s]));
    expect(byName.size).toBe(201);
    expect(byName.get('tenant_down')).toMatchObject({ status: 'error', summary: expect.stringMatching(/^error: .*127\.0\.0\.1/) });
    for (const t of tenants) expect(byName.get(t)?.status, t).toBe(t in drifts ? 'fail' : 'pass');
    const blocking = merged.findings.filter((f) => f.severity === 'error');
    expect(new Set(blocking.map((f) => f.check))).toEqual(new Set(Object.keys(drifts)));
    for (const [t, d] of Object.entries(drifts)) {
      expect(blocking.filter((f) => f.check === t).map((f) => `${f.rule} ${f.object}`), t).toContain(`${d.rule} ${d.object}`);
    }
    expect(merged.stats).toMatchObject({ shards: 4, reports: 4, 'in-all-shards': 201, targets: 201, drifted: 7, 'could-not-check': 1 });
    const summary = readFileSync(join(work, 'summary.md'), 'utf8');
    expect(summary).toContain('### ⚠️ preflight schema-verify: error');
    expect(summary).toContain('| tenant_down | ⚠️ error |');
  });

  test('a missing shard report is exit 2 naming the shard, not a pass of the other three', async () => {
    const m = await runCliBundle(['merge-reports', ...[1, 2, 4].map((i) => join(work, `shard-${i}.json`))]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/Shard 3\/4 is missing/);
  });

  test('the same fleet unsharded: the same findings and sections, exit 3', async () => {
    const r = await runCliBundle([...checkArgs(), '--json']);
    expect(r.code, r.stderr).toBe(3);
    const whole = JSON.parse(r.stdout) as Report;
    expect(whole.summary).toBe(`7 of 201 targets drifted: ${Object.keys(drifts).join(', ')}; 1 could not be checked: tenant_down`);
    expect(whole.findings.map(key).sort()).toEqual(merged.findings.map(key).sort());
    expect(whole.findings.map((f) => f.message).sort()).toEqual(merged.findings.map((f) => f.message).sort());
    const sections = (rep: Report) => rep.checks!.map((s) => `${s.check} ${s.status}`).sort();
    expect(sections(whole)).toEqual(sections(merged));
  }, 900_000);

  test('a shard the hash gives no target passes and says so (3 targets over 8 shards)', async () => {
    const small = join(work, 'small.txt');
    writeFileSync(small, ['tenant_001', 'tenant_002', 'tenant_003'].map((t) => `${t}=${urlFor(dbOf(t))}`).join('\n'));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => runCliBundle(['schema-verify', '--targets', small, '--migrations', migrations, '--shadow-url', serverInfo().url, '--shard', `${i + 1}/8`, '--json'])),
    );
    const reports = results.map((r) => JSON.parse(r.stdout) as Report);
    const empty = reports.filter((rep) => rep.stats['in-shard'] === 0);
    expect(empty.length).toBeGreaterThanOrEqual(5);
    for (const rep of empty) {
      expect(rep.summary).toBe(`shard ${rep.shard}: 0 of 3 targets in this shard`);
      expect([rep.status, rep.exitCode]).toEqual(['pass', 0]);
    }
    expect(results.map((r) => r.code)).toEqual(results.map(() => 0));
    expect(reports.reduce((n, rep) => n + (rep.stats['in-shard'] as number), 0)).toBe(3);
  }, 900_000);
});

describe('--shard is checked before anything connects', () => {
  test.each([
    [['--shard', '5/4'], /--shard must be I\/N with 1 ≤ I ≤ N ≤ 1024, the job's place in a matrix of N, not "5\/4"/],
    [['--shard', 'two'], /--shard must be I\/N/],
  ])('%j is exit 2 in one sentence', async (extra, message) => {
    const r = await runCliBundle([...checkArgs(), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  test('--shard without --targets is exit 2', async () => {
    const r = await runCliBundle(['schema-verify', '--database-url', urlFor(dbOf('tenant_001')), '--migrations', migrations, '--shard', '1/2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shard takes a share of the --targets list, and there is none/);
  });
});
