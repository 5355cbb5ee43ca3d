/**
 * --gitlab-report (GitLab Code Quality) and --junit (JUnit XML) from real runs of the bundled CLI
 * and action against a real PostgreSQL: what GitLab, Jenkins and Buildkite will read. The JUnit
 * files are checked with xmllint (a real XML parser) against test/fixtures/junit/junit.xsd, and
 * their values are read back through XPath, so escaping is judged by a parser, not by a regex.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, type TestDatabase } from '../harness/db.ts';
import { repoRoot, runActionBundle, runCliBundle } from '../harness/run-bundle.ts';

const schema = join(repoRoot, 'test/fixtures/junit/junit.xsd');
const migrations = join(repoRoot, 'examples/schema-drift/migrations');
const first = readFileSync(join(migrations, '0001_create_invoices.sql'), 'utf8');
const second = readFileSync(join(migrations, '0002_add_nit_field_to_invoices.sql'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'ci-reports-'));
/** A table name with every character XML must escape. */
const oddTable = 'odd<&"name>';

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

function gitlabIssues(path: string): Issue[] {
  const issues = JSON.parse(readFileSync(path, 'utf8')) as Issue[];
  expect(Array.isArray(issues)).toBe(true);
  for (const i of issues) {
    expect(Object.keys(i).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
    expect(i.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(i.severity);
    expect(i.location.lines.begin).toBeGreaterThanOrEqual(1);
  }
  expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  return issues;
}

/** Valid against the JUnit schema, or the test fails with xmllint's own words. */
function validJunit(path: string): string {
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, path], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(path, 'utf8');
}

/** The value of an XPath expression over the file, as xmllint's parser decodes it. */
function xpath(path: string, expression: string): string {
  const r = spawnSync('xmllint', ['--xpath', expression, path], { encoding: 'utf8' });
  expect(r.status, `${expression}: ${r.stderr}`).toBe(0);
  return r.stdout.replace(/\n$/, '');
}

function files(name: string) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  return { dir, gitlab: join(dir, 'gl-code-quality.json'), junit: join(dir, 'junit.xml') };
}

describe('a drifted database (schema-verify)', () => {
  let expected: TestDatabase;
  let live: TestDatabase;
  beforeAll(async () => {
    expected = await createDatabase('cir_expected', first + second);
    live = await createDatabase('cir_live', `${first}\nCREATE TABLE public."${oddTable.replace(/"/g, '""')}" (id int);`);
  });
  afterAll(async () => {
    await expected.drop();
    await live.drop();
  });
  const run = (out: ReturnType<typeof files>, ...extra: string[]) =>
    runCliBundle(['schema-verify', '--database-url', live.url, '--expected-url', expected.url, '--gitlab-report', out.gitlab, '--junit', out.junit, ...extra]);

  test('Code Quality: errors are critical, warnings minor, no-file findings filed under the check, fingerprints stable across runs', async () => {
    const a = files('drift-a');
    const b = files('drift-b');
    const ra = await run(a);
    const rb = await run(b);
    expect(ra.code, ra.stderr).toBe(1);
    expect(rb.code, rb.stderr).toBe(1);
    const issues = gitlabIssues(a.gitlab);
    const byRule = (rule: string) => issues.filter((i) => i.check_name === rule);
    expect(byRule('missing-column')).toEqual([
      expect.objectContaining({ severity: 'critical', location: { path: 'schema-verify', lines: { begin: 1 } }, description: expect.stringContaining('public.invoices.nit') }),
    ]);
    expect(byRule('missing-index').map((i) => i.severity)).toEqual(['critical']);
    const extra = byRule('extra-table');
    expect(extra.map((i) => i.severity)).toEqual(['minor']);
    expect(extra[0].description).toContain(oddTable.replace(/"/g, '""'));
    // The same findings give the same fingerprints: the merge request widget shows nothing "new".
    expect(gitlabIssues(b.gitlab).map((i) => i.fingerprint)).toEqual(issues.map((i) => i.fingerprint));
  });

  test('JUnit: one suite, a failure per blocking finding, warnings as passing cases, markup characters escaped', async () => {
    const out = files('drift-junit');
    const r = await run(out);
    expect(r.code, r.stderr).toBe(1);
    const xml = validJunit(out.junit);
    expect(xpath(out.junit, 'count(//testsuite)')).toBe('1');
    expect(xpath(out.junit, 'string(//testsuite/@name)')).toBe('schema-verify');
    expect(xpath(out.junit, 'string(//testsuite/@failures)')).toBe('2');
    expect(xpath(out.junit, 'count(//testcase/failure)')).toBe('2');
    expect(xpath(out.junit, 'string(//testcase[@classname="schema-verify.missing-column"]/@name)')).toBe('public.invoices.nit');
    expect(xpath(out.junit, 'string(//testcase[@classname="schema-verify.missing-column"]/failure/@type)')).toBe('missing-column');
    expect(xpath(out.junit, 'string(//testcase[@classname="schema-verify.missing-column"]/failure)')).toMatch(/Fix: ALTER TABLE public\.invoices ADD COLUMN/);
    // The warning passes; its text is in system-out, and the parser gives back the name exactly.
    expect(xpath(out.junit, 'count(//testcase[@classname="schema-verify.extra-table"]/failure)')).toBe('0');
    expect(xpath(out.junit, 'string(//testcase[@classname="schema-verify.extra-table"]/system-out)')).toContain(`warning: `);
    expect(xpath(out.junit, 'string(//testcase[@classname="schema-verify.extra-table"]/@name)')).toBe(`public."${oddTable.replace(/"/g, '""')}"`);
    expect(xml).toContain('odd&lt;&amp;&quot;&quot;name&gt;');
  });

  test('JUnit with --strict: the escaped name survives inside a failure message attribute', async () => {
    const out = files('drift-strict');
    const r = await run(out, '--strict');
    expect(r.code, r.stderr).toBe(1);
    validJunit(out.junit);
    expect(xpath(out.junit, 'string(//testcase[@classname="schema-verify.extra-table"]/failure/@message)')).toContain(`public."${oddTable.replace(/"/g, '""')}"`);
    expect(gitlabIssues(out.gitlab).find((i) => i.check_name === 'extra-table')?.severity).toBe('critical');
  });

  test('the action writes the same files from gitlab-report and junit inputs, with the same fingerprints', async () => {
    const cli = files('drift-cli');
    await run(cli);
    const out = files('drift-action');
    const r = await runActionBundle('schema-verify', { 'database-url': live.url, 'expected-url': expected.url, 'gitlab-report': out.gitlab, junit: out.junit });
    expect(r.code, r.stdout).toBe(1);
    expect(gitlabIssues(out.gitlab).map((i) => [i.check_name, i.fingerprint])).toEqual(gitlabIssues(cli.gitlab).map((i) => [i.check_name, i.fingerprint]));
    validJunit(out.junit);
    expect(xpath(out.junit, 'string(//testsuite/@failures)')).toBe('2');
  });
});

test('a pass: an empty Code Quality array and one passing test case, never an empty suite', async () => {
  const a = await createDatabase('cir_same_a', first + second);
  const b = await createDatabase('cir_same_b', first + second);
  try {
    const out = files('pass');
    const r = await runCliBundle(['schema-verify', '--database-url', a.url, '--expected-url', b.url, '--gitlab-report', out.gitlab, '--junit', out.junit]);
    expect(r.code, r.stderr).toBe(0);
    expect(gitlabIssues(out.gitlab)).toEqual([]);
    validJunit(out.junit);
    expect(xpath(out.junit, 'string(//testsuite/@tests)')).toBe('1');
    expect(xpath(out.junit, 'string(//testsuite/@failures)')).toBe('0');
    expect(xpath(out.junit, 'string(//testsuite/@errors)')).toBe('0');
    expect(xpath(out.junit, 'count(//testcase[@classname="schema-verify" and @name="schema-verify"])')).toBe('1');
    expect(xpath(out.junit, 'count(//failure|//error)')).toBe('0');
  } finally {
    await Promise.all([a.drop(), b.drop()]);
  }
});

test('could not run: a blocker issue and a JUnit error, so no CI reads it as a pass', async () => {
  const out = files('error');
  const unreachable = 'postgres://app:pw@127.0.0.1:1/app';
  const r = await runCliBundle(['schema-verify', '--database-url', unreachable, '--expected-url', unreachable, '--connect-timeout', '2s', '--gitlab-report', out.gitlab, '--junit', out.junit]);
  expect(r.code, r.stderr).toBe(3);
  const issues = gitlabIssues(out.gitlab);
  expect(issues).toEqual([expect.objectContaining({ check_name: 'schema-verify', severity: 'blocker', location: { path: 'schema-verify', lines: { begin: 1 } } })]);
  expect(issues[0].description).toContain('127.0.0.1:1');
  validJunit(out.junit);
  expect(xpath(out.junit, 'string(//testsuite/@errors)')).toBe('1');
  expect(xpath(out.junit, 'string(//testcase/error/@type)')).toBe('could-not-run');
  expect(xpath(out.junit, 'string(//testcase/error/@message)')).toContain('127.0.0.1:1');
});

test('findings in files: repository-relative path and line in both reports, notices as info, fingerprints independent of the checkout directory (migrate-direct)', async () => {
  const checkout = (name: string) => {
    const project = join(work, name);
    const dir = join(project, 'db/migrations');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '0001_create_invoices.sql'), first);
    writeFileSync(join(dir, '0002_drop_total.sql'), '-- the column is no longer used\nALTER TABLE invoices DROP COLUMN total;\n');
    return { project, dir };
  };
  const db = await createDatabase('cir_files');
  const dryRun = async (name: string) => {
    const { project, dir } = checkout(name);
    const out = files(`files-${name}`);
    const r = await runCliBundle(['migrate-direct', '--database-url', db.url, '--migrations', dir, '--dry-run', '--environment', 'production', '--gitlab-report', out.gitlab, '--junit', out.junit], { CI_PROJECT_DIR: project });
    expect(r.code, r.stderr).toBe(1);
    return out;
  };
  try {
    const out = await dryRun('runner-1');
    const issues = gitlabIssues(out.gitlab);
    // Another runner checks the project out elsewhere: the same issues are not "new".
    expect(gitlabIssues((await dryRun('runner-2')).gitlab).map((i) => i.fingerprint)).toEqual(issues.map((i) => i.fingerprint));
    expect(issues.find((i) => i.check_name === 'drop-column')).toMatchObject({ severity: 'critical', location: { path: 'db/migrations/0002_drop_total.sql', lines: { begin: 2 } } });
    expect(issues.filter((i) => i.check_name === 'pending-migration').map((i) => i.severity)).toEqual(['info', 'info']);
    validJunit(out.junit);
    expect(xpath(out.junit, 'string(//testcase[@classname="migrate-direct.drop-column"]/@file)')).toBe('db/migrations/0002_drop_total.sql');
    expect(xpath(out.junit, 'string(//testcase[@classname="migrate-direct.drop-column"]/@line)')).toBe('2');
  } finally {
    await db.drop();
  }
});

test('an unwritable --junit path is one sentence and exit 2, and the Code Quality file is still written', async () => {
  const a = await createDatabase('cir_unwritable_a', first + second);
  try {
    const out = files('unwritable');
    writeFileSync(join(out.dir, 'a-file'), '');
    const junit = join(out.dir, 'a-file', 'junit.xml');
    const r = await runCliBundle(['schema-verify', '--database-url', a.url, '--expected-url', a.url, '--junit', junit, '--gitlab-report', out.gitlab]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot write junit file .*a-file\/junit\.xml \((ENOTDIR|EEXIST)\); choose a writable path\./);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(junit)).toBe(false);
    expect(gitlabIssues(out.gitlab)).toEqual([]);
  } finally {
    await a.drop();
  }
});

describe('the gate: one suite per check it ran', () => {
  let expected: TestDatabase;
  let live: TestDatabase;
  const clean = join(work, 'clean-repo');
  beforeAll(async () => {
    expected = await createDatabase('cir_gate_expected', first + second);
    live = await createDatabase('cir_gate_live', first);
    mkdirSync(clean, { recursive: true });
    writeFileSync(join(clean, 'README.md'), '# nothing secret here\n');
  });
  afterAll(async () => {
    await expected.drop();
    await live.drop();
  });

  test('a blocking check and a passing one: two suites, the failures in the first, one passing case in the second', async () => {
    const out = files('gate');
    const r = await runCliBundle(['gate', '--checks', 'schema-verify,secrets-lint', '--database-url', live.url, '--expected-url', expected.url, '--path', clean, '--gitlab-report', out.gitlab, '--junit', out.junit]);
    expect(r.code, r.stderr).toBe(1);
    validJunit(out.junit);
    expect(xpath(out.junit, 'count(//testsuite)')).toBe('2');
    expect(xpath(out.junit, 'string(//testsuite[@name="schema-verify"]/@failures)')).toBe('2');
    // The gate's "[check] " prefix is the suite's name, not part of each message.
    expect(xpath(out.junit, 'string(//testcase[@classname="schema-verify.missing-column"]/failure/@message)')).toMatch(/^Column public\.invoices\.nit/);
    expect(xpath(out.junit, 'string(//testsuite[@name="secrets-lint"]/@tests)')).toBe('1');
    expect(xpath(out.junit, 'count(//testsuite[@name="secrets-lint"]/testcase[@classname="secrets-lint" and @name="secrets-lint"])')).toBe('1');
    expect(xpath(out.junit, 'string(/testsuites/@failures)')).toBe('2');
    expect(gitlabIssues(out.gitlab).filter((i) => i.severity === 'critical').map((i) => i.check_name).sort()).toEqual(['missing-column', 'missing-index']);
  });

  test('a check that could not run is an error in its own suite; the other suite still passes', async () => {
    const out = files('gate-error');
    const unreachable = 'postgres://app:pw@127.0.0.1:1/app';
    const r = await runCliBundle(['gate', '--checks', 'schema-verify,secrets-lint', '--database-url', unreachable, '--expected-url', unreachable, '--connect-timeout', '2s', '--path', clean, '--junit', out.junit]);
    expect(r.code, r.stderr).toBe(3);
    validJunit(out.junit);
    expect(xpath(out.junit, 'string(//testsuite[@name="schema-verify"]/testcase/error/@message)')).toContain('127.0.0.1:1');
    expect(xpath(out.junit, 'string(//testsuite[@name="secrets-lint"]/@errors)')).toBe('0');
    expect(xpath(out.junit, 'string(/testsuites/@errors)')).toBe('1');
  });
});
