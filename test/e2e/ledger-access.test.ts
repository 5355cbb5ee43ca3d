/**
 * A read-only role that may read the schema but not the migration ledger (alembic_version):
 * schema-verify still compares the schema, and reports the unreadable ledger next to the drift
 * with the GRANT that fixes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminQuery, createDatabase, serverInfo, urlFor, type TestDatabase } from '../harness/db.ts';
import { repoRoot, runCliBundle } from '../harness/run-bundle.ts';

const migrations = join(repoRoot, 'examples/schema-drift/migrations');
const first = readFileSync(join(migrations, '0001_create_invoices.sql'), 'utf8');

interface Report {
  status: string;
  summary: string;
  findings: Array<{ rule: string; object: string; severity: string; fix?: string; message: string }>;
}

describe('a role without SELECT on the ledger table', () => {
  let db: TestDatabase;
  // Roles are cluster-wide and test files run in parallel: a name of its own.
  const role = { name: `ro_${process.pid}_${Math.random().toString(36).slice(2, 7)}`, password: 'ro-pass-1' };
  beforeAll(async () => {
    // The incident's drift (0002 missing) behind a ledger that says head.
    db = await createDatabase(
      'ledger_ro',
      `${first}
       CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
       INSERT INTO alembic_version VALUES ('0002_add_nit_field_to_invoices');`,
    );
    await adminQuery(`CREATE ROLE ${role.name} LOGIN PASSWORD '${role.password}'`);
    await db.sql(`GRANT USAGE ON SCHEMA public TO ${role.name};
      GRANT SELECT ON public.customers, public.invoices TO ${role.name};
      GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role.name};`);
  });
  afterAll(async () => {
    await db.drop();
    await adminQuery(`DROP ROLE IF EXISTS ${role.name}`);
  });

  test('schema-verify reports the drift and ledger-unreadable with the GRANT, exit 1', async () => {
    const r = await runCliBundle(['schema-verify', '--database-url', urlFor(db.name, role), '--migrations', migrations, '--shadow-url', serverInfo().url, '--json']);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.status).toBe('fail');
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.rule, f.object])).toEqual(expect.arrayContaining([['missing-column', 'public.invoices.nit'], ['ledger-unreadable', 'public.alembic_version']]));
    const unreadable = errors.find((f) => f.rule === 'ledger-unreadable')!;
    expect(unreadable.fix).toBe(`GRANT SELECT ON public.alembic_version TO ${role.name};`);
    expect(unreadable.message).toContain(role.name);
    // An unreadable ledger is not a missing one, nor one that is behind.
    expect(report.findings.map((f) => f.rule)).not.toEqual(expect.arrayContaining(['ledger-missing']));
    expect(report.findings.map((f) => f.rule)).not.toEqual(expect.arrayContaining(['ledger-behind']));
    expect(report.summary).toMatch(/alembic_version/);
    expect(r.stdout + r.stderr).not.toContain(role.password);

    // The fix as given lets the same role read the ledger: the finding goes away.
    await db.sql(unreadable.fix!);
    const after = await runCliBundle(['schema-verify', '--database-url', urlFor(db.name, role), '--migrations', migrations, '--shadow-url', serverInfo().url, '--json']);
    expect(after.code).toBe(1); // the drift is still there
    const rules = (JSON.parse(after.stdout) as Report).findings.map((f) => f.rule);
    expect(rules).not.toContain('ledger-unreadable');
    expect(rules).toContain('missing-column');
  });

  test('migrate-direct --verify-schema reports it the same way instead of stopping', async () => {
    // The same role may migrate (its own preflight ledger) but not read the old alembic_version.
    const target = await createDatabase('ledger_ro_md', 'CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);');
    await target.sql(`GRANT CREATE ON DATABASE "${target.name}" TO ${role.name}; GRANT USAGE, CREATE ON SCHEMA public TO ${role.name};`);
    try {
      const r = await runCliBundle(['migrate-direct', '--database-url', urlFor(target.name, role), '--migrations', migrations,
        '--verify-schema', '--shadow-url', serverInfo().url, '--json']);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as Report;
      const unreadable = report.findings.find((f) => f.rule === 'ledger-unreadable');
      expect(unreadable).toMatchObject({ severity: 'error', object: 'public.alembic_version', fix: `GRANT SELECT ON public.alembic_version TO ${role.name};` });
      expect(report.summary).toMatch(/^applied 2 .*schema-verify: /);
      expect(await target.sql("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'invoices' AND column_name = 'nit'")).toEqual([{ n: 1 }]);
    } finally {
      await target.drop();
    }
  });
});
