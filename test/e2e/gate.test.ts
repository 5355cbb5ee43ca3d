/** The root action (the gate) as a process: selected checks run in order in one step. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { freePort } from '@preflight/pg';
import { createDatabase, serverInfo } from '../harness/db.ts';
import { repoRoot, runActionBundle, runCliBundle } from '../harness/run-bundle.ts';

test('migrate then verify in one step: passes, and the database has the schema', async () => {
  const db = await createDatabase('gate_ok');
  const r = await runActionBundle('gate', {
    checks: 'migrate-direct,schema-verify',
    'database-url': db.url,
    migrations: join(repoRoot, 'examples/schema-drift/migrations'),
    'shadow-url': serverInfo().url,
  });
  expect(r.code).toBe(0);
  expect(r.outputs.status).toBe('pass');
  expect(r.outputs.applied).toBe('2'); // migrate-direct's own outputs come through the gate
  expect(JSON.parse(readFileSync(r.outputs.report, 'utf8')).summary).toMatch(/^migrate-direct: applied 2 .*; schema-verify: .*\(head\)$/);
  expect(await db.sql("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'idx_invoices_nit'")).toEqual([{ n: 1 }]);
  await db.drop();
});

test('a blocking check blocks the gate; findings say which check found them', async () => {
  const db = await createDatabase('gate_drift', 'CREATE TABLE invoices (id bigserial PRIMARY KEY)');
  const r = await runActionBundle('gate', {
    checks: 'schema-verify',
    'database-url': db.url,
    migrations: join(repoRoot, 'examples/schema-drift/migrations'),
    'shadow-url': serverInfo().url,
  });
  expect(r.code).toBe(1);
  expect(r.outputs.status).toBe('fail');
  const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'));
  expect(report.check).toBe('gate');
  expect(report.findings.some((f: { message: string }) => f.message.startsWith('[schema-verify] '))).toBe(true);
  await db.drop();
});

test('an unknown check name is a usage error', async () => {
  const r = await runActionBundle('gate', { checks: 'schema-verify,secrets-lnt' });
  expect(r.code).toBe(2);
  expect(r.stdout).toContain('::error::Input checks names secrets-lnt, which is not a check');
});

describe('the check list must name at least one real check', () => {
  const valid = /choose one or more of schema-verify, migrate-direct/;
  test.each([[','], [' , '], ['schema-verify,nope'], ['nope']])('CLI --checks %j is exit 2 with the valid checks named', async (list) => {
    const r = await runCliBundle(['gate', '--checks', list]);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('PASS');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(valid);
  });

  test.each([[','], ['schema-verify,,secrets-lnt']])('action INPUT_CHECKS=%j is exit 2 with the valid checks named', async (list) => {
    const r = await runActionBundle('gate', { checks: list });
    expect(r.code).toBe(2);
    expect(r.outputs.status).toBe('error');
    expect(r.stdout).toMatch(/::error::Input checks names .*; choose one or more of schema-verify, migrate-direct/);
  });

  test('a check named twice runs once', async () => {
    const db = await createDatabase('gate_dup');
    const r = await runCliBundle(['gate', '--checks', 'migrate-direct,migrate-direct', '--database-url', db.url, '--migrations', join(repoRoot, 'examples/schema-drift/migrations'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatch(/^migrate-direct: applied 2 [^;]*$/);
    await db.drop();
  });
});

describe('one check errors, the others still report', () => {
  async function setup() {
    const db = await createDatabase('gate_err');
    const dir = mkdtempSync(join(tmpdir(), 'gate-err-'));
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations/0001_plans.sql'), "CREATE TABLE plans (id bigint PRIMARY KEY, name text);\nUPDATE plans SET name = 'free';\n");
    // Nothing listens there: schema-verify cannot build the expected schema and must say so (exit 3).
    const deadShadow = `postgres://nobody:x@127.0.0.1:${await freePort()}/postgres`;
    return { db, dir, deadShadow };
  }

  test('CLI: exit 3, and the JSON report has the other check findings and the error', async () => {
    const { db, dir, deadShadow } = await setup();
    const report = join(dir, 'report.json');
    const r = await runCliBundle(['gate', '--checks', 'schema-verify,migrate-direct', '--database-url', db.url, '--migrations', join(dir, 'migrations'),
      '--shadow-url', deadShadow, '--connect-timeout', '5s', '--dry-run', '--environment', 'production', '--json', '--report', report]);
    expect(r.code).toBe(3);
    for (const json of [JSON.parse(r.stdout), JSON.parse(readFileSync(report, 'utf8'))]) {
      expect(json.status).toBe('error');
      expect(json.summary).toMatch(/schema-verify: error: .*(connect|reach)/i);
      expect(json.summary).toContain('migrate-direct: 1 pending');
      expect(json.findings.map((f: { rule: string; message: string }) => `${f.rule} ${f.message.slice(0, 16)}`)).toContain('update-without-where [migrate-direct]');
      expect(json.stats).toMatchObject({ 'schema-verify': 'error', 'migrate-direct': 'fail' });
    }
    await db.drop();
  });

  test('CLI text: the findings of the checks that ran are printed too', async () => {
    const { db, dir, deadShadow } = await setup();
    const r = await runCliBundle(['gate', '--checks', 'schema-verify,migrate-direct', '--database-url', db.url, '--migrations', join(dir, 'migrations'),
      '--shadow-url', deadShadow, '--connect-timeout', '5s', '--dry-run']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('update-without-where');
    await db.drop();
  });

  test('action: exit 3, status error, the report file keeps every finding, annotations and summary show them', async () => {
    const { db, dir, deadShadow } = await setup();
    const r = await runActionBundle('gate', {
      checks: 'schema-verify,migrate-direct',
      'database-url': db.url,
      migrations: join(dir, 'migrations'),
      'shadow-url': deadShadow,
      'connect-timeout': '5s',
      'dry-run': 'true',
      environment: 'production', // makes UPDATE without WHERE blocking
    });
    expect(r.code).toBe(3);
    expect(r.outputs.status).toBe('error');
    expect(r.outputs.findings).toBe('1');
    expect(r.outputs.pending).toBe('1'); // migrate-direct's own output survives the other check's error
    const json = JSON.parse(readFileSync(r.outputs.report, 'utf8'));
    expect(json.summary).toMatch(/schema-verify: error: /);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toContain('update-without-where');
    expect(r.summary).toContain('update-without-where');
    expect(r.stdout).toMatch(/::error title=update-without-where.*file=[^,]*0001_plans\.sql.*::\[migrate-direct\] UPDATE public\.plans/);
    await db.drop();
  });

  test('the worst exit code wins: a usage error and a could-not-run error give 3', async () => {
    const { db, dir, deadShadow } = await setup();
    // migrate-direct without --migrations or --command is a usage error (2); schema-verify cannot reach its shadow (3).
    const r = await runCliBundle(['gate', '--checks', 'migrate-direct,schema-verify', '--database-url', db.url, '--migrations', join(dir, 'migrations'),
      '--command', 'true', '--shadow-url', deadShadow, '--connect-timeout', '5s', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).summary).toMatch(/^migrate-direct: error: Give either .*; schema-verify: error: /);
    await db.drop();
  });
});
