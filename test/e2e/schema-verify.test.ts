/**
 * schema-verify end to end, as users run it: the bundled CLI and the bundled action as real
 * processes against a real PostgreSQL, asserting exit codes, findings, files and database state.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminQuery, createDatabase, serverInfo, shadowsLeftBy, urlFor, type TestDatabase } from '../harness/db.ts';
import { startFakeGitHub, type FakeGitHub } from '../harness/fake-github.ts';
import { repoRoot, runActionBundle, runCliBundle } from '../harness/run-bundle.ts';

const migrations = join(repoRoot, 'examples/schema-drift/migrations');
const first = readFileSync(join(migrations, '0001_create_invoices.sql'), 'utf8');
const second = readFileSync(join(migrations, '0002_add_nit_field_to_invoices.sql'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'sv-e2e-'));
const shadow = () => serverInfo().url;

/** The incident: 0001 applied, the ledger stamped at 0002, column and index missing. */
async function driftedDatabase(): Promise<TestDatabase> {
  return createDatabase(
    'drift',
    `${first}
     CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);
     INSERT INTO alembic_version VALUES ('0002_add_nit_field_to_invoices');`,
  );
}

function reportOf(stdout: string) {
  return JSON.parse(stdout) as { status: string; summary: string; findings: Array<{ rule: string; object: string; severity: string; fix?: string; file?: string; line?: number }> };
}

describe('the invoices.nit incident', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await driftedDatabase();
  });
  afterAll(() => db.drop());

  test('fails with the missing column and index, names the ledger, and the fix script repairs it', async () => {
    const fix = join(work, 'incident-fix.sql');
    const args = ['schema-verify', '--database-url', db.url, '--migrations', migrations, '--shadow-url', shadow(), '--json'];
    const before = await runCliBundle([...args, '--fix-sql', fix]);
    expect(before.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(before.code).toBe(1);
    const report = reportOf(before.stdout);
    expect(report.status).toBe('fail');
    const errors = report.findings.filter((f) => f.severity === 'error').map((f) => [f.rule, f.object]);
    expect(errors).toEqual(expect.arrayContaining([['missing-column', 'public.invoices.nit'], ['missing-index', 'public.idx_invoices_nit']]));
    expect(report.summary).toContain('alembic_version');
    expect(report.summary).toContain('0002_add_nit_field_to_invoices');
    const column = report.findings.find((f) => f.object === 'public.invoices.nit')!;
    expect(column.fix).toMatch(/ALTER TABLE public\.invoices ADD COLUMN (IF NOT EXISTS )?nit character varying\(20\)/);

    await db.sql(readFileSync(fix, 'utf8'));
    const columns = await db.sql("SELECT column_name FROM information_schema.columns WHERE table_name = 'invoices' AND column_name = 'nit'");
    expect(columns).toHaveLength(1);
    const after = await runCliBundle(args);
    expect(after.code).toBe(0);
    expect(reportOf(after.stdout).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

test('identical schemas pass with no findings (expected-url)', async () => {
  const a = await createDatabase('same_a', first + second);
  const b = await createDatabase('same_b', first + second);
  const r = await runCliBundle(['schema-verify', '--database-url', a.url, '--expected-url', b.url, '--json']);
  expect(r.code).toBe(0);
  expect(reportOf(r.stdout)).toMatchObject({ status: 'pass', findings: [] });
  await Promise.all([a.drop(), b.drop()]);
});

test('a snapshot written from migrations verifies a deploy without a shadow server', async () => {
  const snapshot = join(work, 'schema.snapshot.json');
  const w = await runCliBundle(['schema-verify', '--migrations', migrations, '--shadow-url', shadow(), '--write-snapshot', snapshot]);
  expect(w.code).toBe(0);
  expect(JSON.parse(readFileSync(snapshot, 'utf8'))).toHaveProperty('formatVersion', 1);
  const good = await createDatabase('snap_ok', first + second);
  const bad = await driftedDatabase();
  const ok = await runCliBundle(['schema-verify', '--database-url', good.url, '--expected-snapshot', snapshot, '--json']);
  expect(ok.code).toBe(0);
  const drift = await runCliBundle(['schema-verify', '--database-url', bad.url, '--expected-snapshot', snapshot, '--json']);
  expect(drift.code).toBe(1);
  expect(reportOf(drift.stdout).findings.map((f) => f.object)).toContain('public.invoices.nit');
  await Promise.all([good.drop(), bad.drop()]);
});

test('a Supabase-style schema file that grants to roles loads on a throwaway shadow (roles created there)', async () => {
  const file = join(work, 'supabase-schema.sql');
  const schema = `CREATE TABLE public.profiles (id uuid PRIMARY KEY, tenant_id uuid NOT NULL);
ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_tenant ON public.profiles TO sb_authenticated USING (tenant_id IS NOT NULL);
GRANT SELECT ON public.profiles TO sb_anon;
`;
  writeFileSync(file, schema);
  await adminQuery('DO $$ BEGIN CREATE ROLE sb_anon NOLOGIN; CREATE ROLE sb_authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$');
  const live = await createDatabase('supabase', schema);
  // No --shadow-url: a throwaway server is started, and the roles the file needs are made there.
  const r = await runCliBundle(['schema-verify', '--database-url', live.url, '--expected-schema', file, '--require-rls-for', 'tenant_id', '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect(reportOf(r.stdout).findings).toEqual([]);
  // On the user's own server Preflight creates no roles; it says which one is missing and what to do.
  writeFileSync(file, schema + 'GRANT SELECT ON public.profiles TO sb_missing_role;\n');
  const shadowed = await runCliBundle(['schema-verify', '--database-url', live.url, '--expected-schema', file, '--shadow-url', shadow()]);
  expect(shadowed.code).toBe(2);
  expect(shadowed.stderr).toMatch(/supabase-schema\.sql:5: role "sb_missing_role" does not exist \(create the role on the --shadow-url server/);
  await live.drop();
});

test('tenant tables without row-level security fail with --require-rls-for', async () => {
  const db = await createDatabase(
    'rls',
    `CREATE TABLE documents (id int PRIMARY KEY, tenant_id int NOT NULL);
     CREATE TABLE notes (id int PRIMARY KEY, creator_id int);
     ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
     CREATE TABLE posts (id int PRIMARY KEY, tenant_id int);
     ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
     CREATE POLICY p ON posts USING (tenant_id = 1);`,
  );
  const r = await runCliBundle(['schema-verify', '--database-url', db.url, '--expected-url', db.url, '--require-rls-for', 'tenant_id,creator_id', '--json']);
  expect(r.code).toBe(1);
  const found = reportOf(r.stdout).findings.map((f) => [f.rule, f.object]);
  expect(found).toEqual([
    ['rls-no-policy', 'public.notes'],
    ['rls-not-enabled', 'public.documents'],
  ].sort((x, y) => x[1].localeCompare(y[1])));
  await db.drop();
});

describe('bad input: one sentence, exit 2, nothing written', () => {
  test.each([
    [['--database-url', 'mysql://u@h/db', '--expected-url', 'postgres://h/db'], /database-url.*not a valid PostgreSQL/i],
    [['--database-url', 'postgres://h/db', '--expected-schema', '/nonexistent/schema.sql'], /--expected-schema points to \/nonexistent\/schema\.sql, which does not exist/],
    [['--database-url', 'postgres://h/db', '--migrations', '/nonexistent/dir'], /--migrations points to \/nonexistent\/dir/],
    [['--database-url', 'postgres://h/db'], /Nothing to compare against/],
    [['--database-url', 'postgres://h/db', '--expected-url', 'postgres://h/db', '--migrations', 'x'], /only one expected schema source/],
    [['--bogus'], /Unknown option --bogus/],
    [['--database-url', 'postgres://h/db', '--expected-schema', 'prisma/schema.prisma'], /is a Prisma data model .*prisma migrate diff --from-empty/],
    [['--database-url', 'postgres://h/db', '--expected-url', 'postgres://h/db', '--connect-timeout', 'soon'], /--connect-timeout must be a duration/],
  ])('%j', async (args, message) => {
    const r = await runCliBundle(['schema-verify', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  test('a schema file that fails to load names the file and line; no shadow database is left', async () => {
    const file = join(work, 'broken.sql');
    writeFileSync(file, 'CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int REFERENCES missing_table (id)\n);\n');
    const db = await createDatabase('broken');
    let r: Awaited<ReturnType<typeof runCliBundle>> | undefined;
    const left = await shadowsLeftBy(async () => {
      r = await runCliBundle(['schema-verify', '--database-url', db.url, '--expected-schema', file, '--shadow-url', shadow(), '--fix-sql', join(work, 'never.sql')]);
    });
    expect(r!.code).toBe(2);
    expect(r!.stderr).toMatch(/broken\.sql:[34]: relation "missing_table" does not exist/);
    expect(existsSync(join(work, 'never.sql'))).toBe(false);
    expect(left).toEqual([]);
    await db.drop();
  });

  test('the action with no inputs exits 2 with a clear message', async () => {
    const r = await runActionBundle('schema-verify', {});
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('::error::Nothing to compare against: give the expected schema with one of `expected-url`, `expected-schema`');
    expect(r.outputs.status).toBe('error');
  });
});

/** A TCP server that accepts connections and never says a word: what a firewall black hole looks like to a client. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const { createServer } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  const silent = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  return {
    port: (silent.address() as { port: number }).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    },
  };
}

test('a refused port exits 3 naming host:port and the refusal', async () => {
  const r = await runCliBundle(['schema-verify', '--database-url', 'postgres://u:p@127.0.0.1:1/db', '--expected-url', 'postgres://u:p@127.0.0.1:1/db', '--connect-timeout', '2s']);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/nothing is listening on 127\.0\.0\.1:1 \(connection refused\)/);
});

test('a live server that never answers exits 3 after the connect timeout', async () => {
  const silent = await silentServer();
  try {
    const url = `postgres://u:p@127.0.0.1:${silent.port}/db`;
    const r = await runCliBundle(['schema-verify', '--database-url', url, '--expected-url', url, '--connect-timeout', '2s']);
    expect(r.code).toBe(3);
    // The message names the timeout that fired; the test timeout bounds a hang.
    expect(r.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${silent.port}/db: no answer within 2 s`));
  } finally {
    await silent.close();
  }
});

test('a shadow server that never answers exits 3 after the connect timeout', async () => {
  const silent = await silentServer();
  const db = await createDatabase('silent');
  try {
    const file = join(work, 'one-table.sql');
    writeFileSync(file, 'CREATE TABLE t (id int);\n');
    const r = await runCliBundle(['schema-verify', '--database-url', db.url, '--expected-schema', file, '--shadow-url', `postgres://u:p@127.0.0.1:${silent.port}/postgres`, '--connect-timeout', '2s']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${silent.port}.*: no answer within 2 s`));
  } finally {
    await silent.close();
    await db.drop();
  }
});

test('a misspelt --schemas is a usage error, not an empty pass', async () => {
  const db = await createDatabase('schemas', first);
  const r = await runCliBundle(['schema-verify', '--database-url', db.url, '--expected-url', db.url, '--schemas', 'pubic']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--schemas names pubic, which exists in neither database; check the spelling (schemas found: none)');
  const ok = await runCliBundle(['schema-verify', '--database-url', db.url, '--expected-url', db.url, '--schemas', 'public']);
  expect(ok.code).toBe(0);
  await db.drop();
});

test('wrong password exits 3 and never prints it', async () => {
  const s = serverInfo();
  const url = `postgres://${s.user}:WRONG-CANARY-pw-4711@${s.host}:${s.port}/postgres`;
  const r = await runCliBundle(['schema-verify', '--database-url', url, '--expected-url', url]);
  expect(r.code).toBe(3);
  expect(r.stdout + r.stderr).not.toContain('WRONG-CANARY');
});

describe('the action bundle', () => {
  let gh: FakeGitHub;
  // Characters that need URL-encoding: a leak of the encoded or the decoded form must both be caught.
  const canary = 'CANARY-p%ss@9f/3e1';
  let db: TestDatabase;
  let url: string;
  beforeAll(async () => {
    gh = await startFakeGitHub();
    db = await driftedDatabase();
    await adminQuery(`CREATE ROLE canary_user LOGIN SUPERUSER PASSWORD '${canary}'`).catch(() => {});
    url = urlFor(db.name, { name: 'canary_user', password: canary });
  });
  afterAll(async () => {
    await gh.close();
    await db.drop();
  });

  test('writes outputs, the step summary and one sticky PR comment; the password appears nowhere', async () => {
    const fix = join(work, 'action-fix.sql');
    const inputs = { 'database-url': url, migrations, 'shadow-url': shadow(), comment: 'true', 'github-token': 'ghs_faketoken', 'fix-sql': fix };
    const env = { GITHUB_API_URL: gh.url };
    const event = { pull_request: { number: 12 } };
    const first = await runActionBundle('schema-verify', inputs, { env, event });
    expect(first.code).toBe(1);
    expect(first.outputs.status).toBe('fail');
    expect(Number(first.outputs.findings)).toBeGreaterThanOrEqual(2);
    const report = JSON.parse(readFileSync(first.outputs.report, 'utf8'));
    expect(report.findings.map((f: { object: string }) => f.object)).toContain('public.invoices.nit');
    expect(first.summary).toContain('public.invoices.nit');
    expect(first.summary).toContain('| severity | rule | object |');
    const second = await runActionBundle('schema-verify', inputs, { env, event });
    expect(second.code).toBe(1);
    const comments = gh.comments.filter((c) => c.issue === 12);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('<!-- preflight:schema-verify -->');
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    // ::add-mask:: is how a step tells the runner to mask a value; every other line must be clean.
    const unmasked = (text: string) => text.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    for (const out of [first.everything, second.everything, readFileSync(fix, 'utf8'), JSON.stringify(gh.requests.map((r) => r.body))]) {
      expect(unmasked(out)).not.toContain(canary);
      expect(unmasked(out)).not.toContain(encodeURIComponent(canary));
      expect(unmasked(out)).not.toContain('ghs_faketoken');
    }
    // Workflow commands escape % as %25; the runner masks the decoded and the URL-encoded form.
    const command = (v: string) => `::add-mask::${v.replace(/%/g, '%25')}\n`;
    expect(first.stdout).toContain(command(canary));
    expect(first.stdout).toContain(command(encodeURIComponent(canary)));
  });
});
