/**
 * --app-role: tenant tables must be protected for the role the application connects as. Real
 * roles in the harness cluster; each case is also proven by behaviour: connected as that role, it
 * reads another tenant's rows exactly when schema-verify reports an error.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminQuery, createDatabase, urlFor, withTestClient, type TestDatabase } from '../../../test/harness/db.ts';
import { runSchemaVerify } from './testing.ts';

// Roles are cluster-wide and test files run in parallel: every name here is unique to this run.
const tag = `${process.pid}_${Math.random().toString(36).slice(2, 7)}`;
const app = `app_${tag}`;
const migrator = `migrator_${tag}`;
const ownerGroup = `owners_${tag}`;
const bypass = `bypass_${tag}`;
const superuser = `super_${tag}`;
const noInherit = `app_noinherit_${tag}`;
const password = 'app-role-test-pw';
const roles = [app, noInherit, migrator, ownerGroup, bypass, superuser];
const databases: TestDatabase[] = [];

beforeAll(async () => {
  await adminQuery(`
    CREATE ROLE ${app} LOGIN PASSWORD '${password}';
    CREATE ROLE ${migrator} NOLOGIN;
    CREATE ROLE ${ownerGroup} NOLOGIN;
    GRANT ${ownerGroup} TO ${app};
    CREATE ROLE ${noInherit} LOGIN NOINHERIT PASSWORD '${password}';
    GRANT ${ownerGroup} TO ${noInherit};
    CREATE ROLE ${bypass} LOGIN BYPASSRLS PASSWORD '${password}';
    CREATE ROLE ${superuser} LOGIN SUPERUSER PASSWORD '${password}';`);
});

afterAll(async () => {
  for (const db of databases) await db.drop();
  await adminQuery(roles.map((r) => `DROP ROLE IF EXISTS ${r};`).join('\n'));
});

/** public.invoices (tenant_id) with RLS and a policy, two tenants' rows, owned by `owner`, readable by the app roles. */
async function tenantDatabase(owner: string, extra = ''): Promise<TestDatabase> {
  const db = await createDatabase(
    'app_role',
    `CREATE TABLE invoices (id int PRIMARY KEY, tenant_id int NOT NULL);
     INSERT INTO invoices VALUES (1, 1), (2, 2);
     ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
     CREATE POLICY tenant_isolation ON invoices USING (tenant_id = current_setting('app.tenant_id')::int);
     CREATE TABLE countries (code text PRIMARY KEY);
     GRANT SELECT ON invoices, countries TO ${app}, ${noInherit}, ${bypass};
     ALTER TABLE invoices OWNER TO ${owner};
     ${extra}`,
  );
  databases.push(db);
  return db;
}

/** What `role` reads of public.invoices as tenant 1: the proof that isolation holds or not. */
async function tenantsSeenBy(db: TestDatabase, role: string, setRole?: string): Promise<number[]> {
  return withTestClient(urlFor(db.name, { name: role, password }), async (client) => {
    if (setRole) await client.query(`SET ROLE ${setRole}`);
    await client.query("SELECT set_config('app.tenant_id', '1', false)");
    const r = await client.query<{ tenant_id: number }>('SELECT tenant_id FROM invoices ORDER BY tenant_id');
    return r.rows.map((row) => row.tenant_id);
  });
}

function verify(db: TestDatabase, role: string, extra: Record<string, string> = {}) {
  return runSchemaVerify({ 'database-url': db.url, 'expected-url': db.url, 'require-rls-for': 'tenant_id', 'app-role': role, ...extra });
}

const rulesOf = (r: Awaited<ReturnType<typeof verify>>) => r.report.findings.map((f) => [f.rule, f.object, f.severity]);

describe('--app-role', () => {
  test('passes when a separate migration role owns the table: the app sees only its tenant', async () => {
    const db = await tenantDatabase(migrator);
    const r = await verify(db, app);
    expect(r.report.findings).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(await tenantsSeenBy(db, app)).toEqual([1]);
  });

  test('the app owning the table without FORCE is an error; FORCE ROW LEVEL SECURITY fixes it', async () => {
    const db = await tenantDatabase(app);
    const r = await verify(db, app);
    expect(rulesOf(r)).toEqual([['rls-owner-not-forced', 'public.invoices', 'error']]);
    expect(r.exitCode).toBe(1);
    const finding = r.report.findings[0]!;
    expect(finding.message).toContain(`${app} owns public.invoices`);
    expect(finding.fix).toContain('ALTER TABLE public.invoices FORCE ROW LEVEL SECURITY;');
    expect(finding.fix).toMatch(/ALTER TABLE public\.invoices OWNER TO /);
    // Why it is an error: the owner reads every tenant's rows.
    expect(await tenantsSeenBy(db, app)).toEqual([1, 2]);

    await db.sql(finding.fix!.split('\n')[0]!);
    const fixed = await verify(db, app);
    expect(fixed.report.findings).toEqual([]);
    expect(fixed.exitCode).toBe(0);
    expect(await tenantsSeenBy(db, app)).toEqual([1]);
  });

  test('membership in the owning role counts as owning it', async () => {
    const db = await tenantDatabase(ownerGroup);
    const r = await verify(db, app);
    expect(rulesOf(r)).toEqual([['rls-owner-not-forced', 'public.invoices', 'error']]);
    expect(r.report.findings[0]!.message).toContain(`member of ${ownerGroup}, which owns public.invoices`);
    expect(await tenantsSeenBy(db, app)).toEqual([1, 2]);
  });

  test('a member without INHERIT counts too: it can SET ROLE to the owner', async () => {
    const db = await tenantDatabase(ownerGroup);
    const r = await verify(db, noInherit);
    expect(rulesOf(r)).toEqual([['rls-owner-not-forced', 'public.invoices', 'error']]);
    expect(r.exitCode).toBe(1);
    expect(await tenantsSeenBy(db, noInherit)).toEqual([1]);
    expect(await tenantsSeenBy(db, noInherit, ownerGroup)).toEqual([1, 2]);
  });

  test('FORCE ROW LEVEL SECURITY on an app-owned table passes', async () => {
    const db = await tenantDatabase(app, 'ALTER TABLE invoices FORCE ROW LEVEL SECURITY;');
    const r = await verify(db, app);
    expect(r.report.findings).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(await tenantsSeenBy(db, app)).toEqual([1]);
  });

  test('a BYPASSRLS role is an error naming NOBYPASSRLS, even with FORCE', async () => {
    const db = await tenantDatabase(migrator, 'ALTER TABLE invoices FORCE ROW LEVEL SECURITY;');
    const r = await verify(db, bypass);
    expect(rulesOf(r)).toEqual([['rls-bypassed-by-role', bypass, 'error']]);
    expect(r.exitCode).toBe(1);
    expect(r.report.findings[0]!.message).toContain('public.invoices');
    expect(r.report.findings[0]!.fix).toContain(`ALTER ROLE ${bypass} NOBYPASSRLS;`);
    expect(await tenantsSeenBy(db, bypass)).toEqual([1, 2]);
  });

  test('a superuser is an error naming NOSUPERUSER', async () => {
    const db = await tenantDatabase(migrator, 'ALTER TABLE invoices FORCE ROW LEVEL SECURITY;');
    const r = await verify(db, superuser);
    expect(rulesOf(r)).toEqual([['rls-bypassed-by-role', superuser, 'error']]);
    expect(r.exitCode).toBe(1);
    expect(r.report.findings[0]!.fix).toContain(`ALTER ROLE ${superuser} NOSUPERUSER;`);
    expect(await tenantsSeenBy(db, superuser)).toEqual([1, 2]);
  });

  test('a role that does not exist is an error, not a pass', async () => {
    const db = await tenantDatabase(migrator);
    const r = await verify(db, `nosuch_${tag}`);
    expect(rulesOf(r)).toEqual([['app-role-missing', `nosuch_${tag}`, 'error']]);
    expect(r.exitCode).toBe(1);
  });

  test('without --require-rls-for it is a usage error (exit 2) that says what to add', async () => {
    const db = await tenantDatabase(migrator);
    const r = await runSchemaVerify({ 'database-url': db.url, 'expected-url': db.url, 'app-role': app });
    expect(r.exitCode).toBe(2);
    expect(String((r.error as Error).message)).toMatch(/--app-role needs --require-rls-for/);
  });
});
