/**
 * schema-verify for a schema per tenant (`--schemas-like`): 100 tenant schemas in one database,
 * each made by running the same DDL with its own search_path, 3 drifted in different ways. The
 * expected schema is a plain schema file (objects in public) that every tenant schema is compared
 * with, re-qualified; the fixes are applied with psql and a re-run is clean.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { schemaVerify } from '../../packages/schema-verify/src/definition.ts';
import { runCli } from '../../packages/cli/src/run-cli.ts';
import { adminQuery, serverInfo, urlFor, withTestClient } from '../harness/db.ts';
import { runCliBundle } from '../harness/run-bundle.ts';

const work = mkdtempSync(join(tmpdir(), 'sv-tenants-'));
const database = `tenants_${process.pid}`;
const tenants = Array.from({ length: 100 }, (_, i) => `tenant_${String(i + 1).padStart(3, '0')}`);

/** What every tenant schema holds; unqualified, so it lands in whatever schema search_path names. */
const tenantDdl = `
CREATE TYPE invoice_state AS ENUM ('draft', 'sent', 'paid');
CREATE TABLE customers (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE TABLE invoices (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  state invoice_state NOT NULL DEFAULT 'draft',
  total numeric(12,2) NOT NULL DEFAULT 0,
  currency text REFERENCES shared.currencies (code),
  tenant_id text NOT NULL DEFAULT current_setting('app.tenant', true),
  nit text
);
CREATE INDEX idx_invoices_nit ON invoices (nit);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invoices USING (tenant_id = current_setting('app.tenant', true));
CREATE VIEW open_invoices AS SELECT id, customer_id, total FROM invoices WHERE state <> 'paid';
CREATE FUNCTION set_total_default() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.total := coalesce(NEW.total, 0); RETURN NEW; END $$;
CREATE TRIGGER invoices_total BEFORE INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION set_total_default();
`;
/** Shared by every tenant: one schema outside the pattern, referenced from each tenant schema. */
const sharedDdl = `CREATE SCHEMA shared; CREATE TABLE shared.currencies (code text PRIMARY KEY);`;

/** Three drifts of different kinds: a column dropped, an index dropped, a default changed and an RLS policy dropped. */
const drifts: Record<string, string> = {
  tenant_007: 'ALTER TABLE tenant_007.invoices DROP COLUMN nit',
  tenant_042: 'DROP INDEX tenant_042.idx_invoices_nit',
  tenant_093: "ALTER TABLE tenant_093.invoices ALTER COLUMN total SET DEFAULT 1; DROP POLICY tenant_isolation ON tenant_093.invoices",
};

interface Report {
  status: string;
  summary: string;
  findings: Array<{ rule: string; object: string; severity: string; message: string; check?: string; fix?: string }>;
  checks: Array<{ check: string; status: string; summary: string }>;
  stats: Record<string, unknown>;
}

const expectedFile = join(work, 'expected.sql');
const liveUrl = () => urlFor(database);
const args = (...extra: string[]) => ['schema-verify', '--database-url', liveUrl(), '--schemas-like', 'tenant\\_%', '--expected-schema', expectedFile, '--shadow-url', serverInfo().url, ...extra];

/** The CLI in-process, for the input errors (fast); the comparisons run through the bundle. */
async function preflight(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, [schemaVerify], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), color: false });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  writeFileSync(expectedFile, `${sharedDdl}\n${tenantDdl}`);
  await adminQuery(`CREATE DATABASE "${database}"`);
  await withTestClient(liveUrl(), async (client) => {
    await client.query(sharedDdl);
    // Not a tenant: must stay out of the report.
    await client.query('CREATE SCHEMA billing_archive; CREATE TABLE billing_archive.old_invoices (id int)');
    for (const t of tenants) await client.query(`CREATE SCHEMA ${t}; SET search_path = ${t}, public; ${tenantDdl}`);
    await client.query('RESET search_path');
    for (const change of Object.values(drifts)) await client.query(change);
  });
}, 600_000);

afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
});

describe('100 tenant schemas in one database, 3 drifted', () => {
  test('each drifted schema named once with findings qualified by it; the fixes apply with psql; a re-run is clean', async () => {
    const fixFile = join(work, 'fix.sql');
    const r = await runCliBundle([...args('--fix-sql', fixFile, '--require-rls-for', 'tenant_id', '--json')]);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.status).toBe('fail');
    expect(report.summary).toBe('3 of 100 tenant schemas drifted: tenant_007, tenant_042, tenant_093');
    expect(report.checks.map((c) => c.check)).toEqual(tenants);
    for (const c of report.checks) expect(c.status, c.check).toBe(c.check in drifts ? 'fail' : 'pass');

    const blocking = report.findings.filter((f) => f.severity === 'error');
    const rules = (t: string) => blocking.filter((f) => f.check === t).map((f) => `${f.rule} ${f.object}`).sort();
    expect(rules('tenant_007')).toEqual(['missing-column tenant_007.invoices.nit', 'missing-index tenant_007.idx_invoices_nit']);
    expect(rules('tenant_042')).toEqual(['missing-index tenant_042.idx_invoices_nit']);
    expect(rules('tenant_093').join('\n')).toMatch(/tenant_093\.invoices\.total/);
    expect(rules('tenant_093').join('\n')).toMatch(/tenant_093\.invoices\.tenant_isolation/);
    for (const f of report.findings) {
      expect(f.message.startsWith(`[${f.check}] `), f.message).toBe(true);
      // Re-qualified: nothing of a tenant is reported under the template's name, nor under another tenant's.
      expect(`${f.object} ${f.message} ${f.fix ?? ''}`).not.toMatch(/\bpublic\./);
      expect(`${f.object} ${f.fix ?? ''}`.match(/tenant_\d{3}/g)!.every((name) => name === f.check)).toBe(true);
    }
    expect(report.findings.some((f) => /billing_archive|shared\./.test(f.object))).toBe(false);
    // One read of the database, not one per tenant.
    expect(r.stderr.match(/Introspecting the schemas of/g)).toHaveLength(1);

    const fix = readFileSync(fixFile, 'utf8');
    expect(fix).toContain('ALTER TABLE tenant_007.invoices ADD COLUMN IF NOT EXISTS nit text;');
    expect(fix).toContain('CREATE INDEX IF NOT EXISTS idx_invoices_nit ON tenant_042.invoices USING btree (nit);');
    expect(fix).toContain('CREATE POLICY tenant_isolation ON tenant_093.invoices ');
    expect(fix).not.toMatch(/\bpublic\./);
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', liveUrl(), '-f', fixFile], { stdio: 'pipe' });

    const again = await runCliBundle([...args('--require-rls-for', 'tenant_id', '--json')]);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as Report).summary).toBe('0 of 100 tenant schemas drifted');
  }, 600_000);

  test('zero matching schemas is exit 2 with one sentence, never a pass', async () => {
    const r = await runCliBundle(['schema-verify', '--database-url', liveUrl(), '--schemas-like', 'tenants\\_%', '--expected-schema', expectedFile, '--shadow-url', serverInfo().url]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--schemas-like 'tenants\\_%' matches no schema in .*; checking none is never a pass\./);
    expect(r.stderr).toContain('billing_archive');
    expect(r.stderr).not.toContain(serverInfo().password);
  }, 300_000);

  test('a template schema the expected side does not have is exit 2 naming it', async () => {
    const r = await preflight([...args('--template-schema', 'billing')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/has no schema billing to compare the tenant schemas with.*--template-schema/);
  }, 300_000);
});

describe('bad patterns and combinations: exit 2 with one sentence, before anything connects', () => {
  const unreachable = 'postgres://u:pw@127.0.0.1:1/db';
  const base = (pattern: string, ...extra: string[]) => ['schema-verify', '--database-url', unreachable, '--schemas-like', pattern, '--expected-schema', expectedFile, ...extra];
  test.each([
    ['a pattern ending in the escape character', base('tenant_\\'), /ends with a lone \\ \(the LIKE escape character\)/],
    ['a pattern that matches the template schema', base('%'), /--schemas-like '%' also matches public, the template schema/],
    ['with --targets', base('tenant_%', '--targets', 'a=postgres://u@h/a'), /cannot be combined with --targets/],
    ['with --schemas', base('tenant_%', '--schemas', 'tenant_001'), /either --schemas or --schemas-like, not both/],
    ['with no expected schema', ['schema-verify', '--database-url', unreachable, '--schemas-like', 'tenant_%'], /--schemas-like needs the expected schema/],
    ['--template-schema alone', ['schema-verify', '--database-url', unreachable, '--template-schema', 'x', '--expected-schema', expectedFile], /--template-schema .* only applies with --schemas-like/],
  ])('%s', async (_name, argv, message) => {
    const r = await preflight(argv);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
