/**
 * --restore, --create, --jobs, --drop-after and --check-schema with the real pg_restore and psql.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clearSecrets, type Finding } from '@preflight/core';
import { RULE_IDS } from '@preflight/schema-verify';
import { adminQuery, createDatabase, shadowsLeftBy, urlFor, type TestDatabase } from '../../../test/harness/db.ts';
import { runCli } from '../../cli/src/run-cli.ts';
import { restoreVerify } from './definition.ts';
import { restoreVerifyRuleIds } from './rules.ts';
import { FIXTURE_SQL, pgDump } from './testing/fixture.ts';

let source: TestDatabase;
let dir: string;
const dumps: Record<string, string> = {};
const created: string[] = [];

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await runCli(['restore-verify', ...args, '--json'], [restoreVerify], { stdout: (s) => (stdout += s), stderr: () => undefined, color: false });
    const report = JSON.parse(stdout);
    for (const f of report.findings as Finding[]) expect(restoreVerifyRuleIds.has(f.rule) || (RULE_IDS as Set<string>).has(f.rule)).toBe(true);
    return { code, report, findings: report.findings as Finding[] };
  } finally {
    process.env = saved;
    clearSecrets();
  }
}

function newName(): string {
  const name = `rv_target_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  created.push(name);
  return name;
}

const exists = async (name: string) => (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;

beforeAll(async () => {
  source = await createDatabase('rv_rsrc', FIXTURE_SQL);
  dir = mkdtempSync(join(tmpdir(), 'rv-restore-'));
  for (const kind of ['custom', 'plain', 'gzip', 'directory', 'tar'] as const) dumps[kind] = pgDump(source.url, kind, dir);
});

afterAll(async () => {
  for (const name of created) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await source?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('--restore', () => {
  test.each(['custom', 'plain', 'gzip', 'directory', 'tar'])('%s: --create, restore, verify against the source, --drop-after', async (kind) => {
    const name = newName();
    const r = await cli(['--dump', dumps[kind], '--database-url', urlFor(name), '--restore', '--create', '--drop-after', '--source-url', source.url, '--jobs', '2']);
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.report.stats.dropped).toBe(true);
    expect(await exists(name)).toBe(false);
  });

  test('without --drop-after the restored database stays, with every row', async () => {
    const name = newName();
    const r = await cli(['--dump', dumps.custom, '--database-url', urlFor(name), '--restore', '--create', '--min-rows', 'monthly_kpis=7320']);
    expect(r.code).toBe(0);
    expect(await exists(name)).toBe(true);
    const { Client } = (await import('pg')).default;
    const c = new Client({ connectionString: urlFor(name) });
    await c.connect();
    expect((await c.query('SELECT count(*)::int AS n FROM public.monthly_kpis')).rows[0].n).toBe(7320);
    await c.end();
  });

  test('a database that is not empty is refused (exit 2), and --drop-after leaves it alone', async () => {
    const r = await cli(['--dump', dumps.custom, '--database-url', source.url, '--restore', '--drop-after', '--min-rows', 'monthly_kpis=1']);
    expect(r.code).toBe(2);
    expect(r.report.summary).toMatch(/^--restore: database .+ is not empty \(\d+ relations\); restore into an empty database, or add --create with a new database name\.$/);
    expect(await exists(source.name)).toBe(true);
  });

  test('--create of a database that exists is exit 2, and it is not dropped', async () => {
    const r = await cli(['--dump', dumps.custom, '--database-url', source.url, '--restore', '--create', '--drop-after']);
    expect(r.code).toBe(2);
    expect(r.report.summary).toContain('already exists');
    expect(await exists(source.name)).toBe(true);
  });

  test('psql exits 0 after an ERROR, and the restore still fails (restore-errors)', async () => {
    const text = readFileSync(dumps.plain, 'utf8');
    const broken = join(dir, 'broken.sql');
    writeFileSync(broken, text.replace('CREATE TABLE public.instituciones', 'CREATE TABLE public.nope (id int REFERENCES public.missing(id));\nCREATE TABLE public.instituciones'));
    const name = newName();
    const r = await cli(['--dump', broken, '--database-url', urlFor(name), '--restore', '--create', '--min-rows', 'monthly_kpis=1']);
    expect(r.code).toBe(1);
    const f = r.findings.find((x) => x.rule === 'restore-errors')!;
    expect(f.message).toMatch(/^psql exited 0 but printed 1 error line; first: psql:.*ERROR: {2}relation "public.missing" does not exist/);
    expect(JSON.stringify(r.report)).not.toContain(new URL(source.url).password);
  });

  test('pg_restore missing from PATH: exit 3 with a clear message', async () => {
    const empty = mkdtempSync(join(dir, 'nopath-'));
    const r = await cli(['--dump', dumps.custom, '--database-url', urlFor(newName()), '--restore', '--create'], { PATH: empty });
    expect(r.code).toBe(3);
    expect(r.report.summary).toContain('pg_restore was not found on PATH; install the PostgreSQL client tools');
  });

  test('pg_restore older than the dump: exit 3 naming both versions', async () => {
    const bin = mkdtempSync(join(dir, 'oldbin-'));
    writeFileSync(join(bin, 'pg_restore'), '#!/bin/sh\necho "pg_restore (PostgreSQL) 11.22"\n');
    chmodSync(join(bin, 'pg_restore'), 0o755);
    const r = await cli(['--dump', dumps.custom, '--database-url', urlFor(newName()), '--restore', '--create'], { PATH: `${bin}:${process.env.PATH}` });
    expect(r.code).toBe(3);
    expect(r.report.summary).toBe('pg_restore 11.22 is older than the pg_dump 15 that wrote the dump (archive 1.14) and may not read it; install postgresql-client-15 or newer and put it first on PATH.');
  });
});

describe('--check-schema', () => {
  test('a restore whose index and constraint failed shows them as schema drift', async () => {
    const db = await createDatabase('rv_cs');
    try {
      execFileSync('pg_restore', ['--no-owner', '-d', db.url, dumps.custom], { stdio: 'pipe' });
      const clean = await cli(['--dump', dumps.custom, '--database-url', db.url, '--check-schema', '--min-rows', 'monthly_kpis=1']);
      expect(clean.findings).toEqual([]);
      await db.sql('ALTER TABLE public.monthly_kpis DROP CONSTRAINT monthly_kpis_institucion_id_fkey');
      let r: Awaited<ReturnType<typeof cli>> | undefined;
      const left = await shadowsLeftBy(async () => {
        r = await cli(['--dump', dumps.custom, '--database-url', db.url, '--check-schema', '--min-rows', 'monthly_kpis=1']);
      });
      expect(r!.code).toBe(1);
      expect(r!.findings).toEqual([expect.objectContaining({ rule: 'missing-constraint', object: 'public.monthly_kpis.monthly_kpis_institucion_id_fkey' })]);
      expect(left).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
