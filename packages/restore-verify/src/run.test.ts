/**
 * restore-verify as a user runs it (`preflight restore-verify ...`, in process), against real
 * databases restored with the real pg_restore from real pg_dump output.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clearSecrets, renderMarkdown, type Finding } from '@preflight/core';
import { createDatabase, urlFor, type TestDatabase } from '../../../test/harness/db.ts';
import { runCli } from '../../cli/src/run-cli.ts';
import { restoreVerify } from './definition.ts';
import { restoreVerifyRuleIds } from './rules.ts';
import { FIXTURE_SQL, pgDump } from './testing/fixture.ts';

let source: TestDatabase;
let dir: string;
let customDump: string;
let plainDump: string;
const cleanup: TestDatabase[] = [];

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['restore-verify', ...args, '--json'], [restoreVerify], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), color: false });
  clearSecrets();
  const report = stdout ? JSON.parse(stdout) : undefined;
  for (const f of (report?.findings ?? []) as Finding[]) expect(restoreVerifyRuleIds.has(f.rule), `rule ${f.rule} is documented`).toBe(true);
  return { code, report, stderr, findings: (report?.findings ?? []) as Finding[] };
}

/** A new database with the dump restored into it by pg_restore (or psql for plain dumps), then `after` SQL. */
async function restored(dump: string, after?: string): Promise<TestDatabase> {
  const db = await createDatabase('rv_restored');
  cleanup.push(db);
  if (dump.endsWith('.sql')) execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', dump, '-d', db.url], { stdio: 'pipe' });
  else execFileSync('pg_restore', ['--no-owner', '-d', db.url, dump], { stdio: 'pipe' });
  if (after) await db.sql(after);
  return db;
}

beforeAll(async () => {
  source = await createDatabase('rv_source', FIXTURE_SQL);
  dir = mkdtempSync(join(tmpdir(), 'rv-run-'));
  customDump = pgDump(source.url, 'custom', dir);
  plainDump = pgDump(source.url, 'plain', dir);
});

afterAll(async () => {
  for (const db of [...cleanup, source]) await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rules = (fs: Finding[]) => fs.map((f) => f.rule).sort();

describe('a complete restore', () => {
  test('passes against its dump, with the no-reference warning naming the three ways', async () => {
    const db = await restored(customDump);
    const r = await cli(['--dump', customDump, '--database-url', db.url]);
    expect(r.code).toBe(0);
    expect(rules(r.findings)).toEqual(['no-reference']);
    expect(r.findings[0].message).toMatch(/--source-url.*--manifest.*--min-rows/);
    expect(r.report.tables[0].rows).toContainEqual(['public.monthly_kpis', 'the dump', '7,320', '7,320', 'ok']);
  });

  test('passes against the source database, no warning', async () => {
    const db = await restored(plainDump);
    const r = await cli(['--dump', plainDump, '--database-url', db.url, '--source-url', source.url]);
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('the incident: a partial restore', () => {
  test('206 of 7,320 rows fails naming the table and both numbers', async () => {
    const db = await restored(customDump, 'DELETE FROM public.monthly_kpis WHERE id > 206');
    const r = await cli(['--dump', customDump, '--database-url', db.url]);
    expect(r.code).toBe(1);
    const f = r.findings.find((x) => x.rule === 'rows-missing')!;
    expect(f.object).toBe('public.monthly_kpis');
    expect(f.message).toBe('public.monthly_kpis: 206 of 7,320 rows (the restored database vs the dump).');
    expect(r.report.tables[0].rows[0]).toEqual(['public.monthly_kpis', 'the dump', '7,320', '206', '**missing rows**']);
    // The step summary / PR comment: the findings, then the per-table table, failures first.
    const md = renderMarkdown(r.report);
    const header = '| table | reference | reference rows | restored rows | status |';
    expect(md).toContain('#### Tables');
    const lines = md.split('\n');
    const at = lines.indexOf(header);
    expect(lines[at + 2]).toBe('| public.monthly_kpis | the dump | 7,320 | 206 | **missing rows** |');
    expect(lines.slice(at + 3, at + 8).every((l) => l.endsWith('| ok |'))).toBe(true);
  });

  describe('from a dump that itself held only 206 rows', () => {
    let partialDump: string;
    let db: TestDatabase;
    beforeAll(async () => {
      const partialSource = await createDatabase('rv_partial', FIXTURE_SQL + 'DELETE FROM public.monthly_kpis WHERE id > 206;');
      cleanup.push(partialSource);
      partialDump = pgDump(partialSource.url, 'gzip', join(dir, 'partial'));
      db = await createDatabase('rv_restored');
      cleanup.push(db);
      execFileSync('sh', ['-c', `gunzip -c "${partialDump}" | psql -q -v ON_ERROR_STOP=1 -d "$URL"`], { env: { ...process.env, URL: db.url }, stdio: 'pipe' });
    });

    test('compared only with its own dump it passes, and says so (no-reference)', async () => {
      const r = await cli(['--dump', partialDump, '--database-url', db.url]);
      expect(r.code).toBe(0);
      expect(rules(r.findings)).toEqual(['no-reference']);
    });

    test('against the source database it fails: 206 of 7,320', async () => {
      const r = await cli(['--dump', partialDump, '--database-url', db.url, '--source-url', source.url]);
      expect(r.code).toBe(1);
      expect(r.findings.map((f) => f.message)).toContain('public.monthly_kpis: 206 of 7,320 rows (the restored database vs the source database).');
    });

    test('against thresholds it fails; an unqualified name resolves to public', async () => {
      const r = await cli(['--dump', partialDump, '--database-url', db.url, '--min-rows', 'monthly_kpis=7000', '--min-rows', 'instituciones=54']);
      expect(r.code).toBe(1);
      expect(r.findings.filter((f) => f.rule === 'min-rows')).toEqual([
        expect.objectContaining({ object: 'public.monthly_kpis', message: 'public.monthly_kpis: 206 rows in the restored database, at least 7,000 expected (--min-rows monthly_kpis=7000).' }),
      ]);
    });

    test('without a database, the dump itself is verified against the source', async () => {
      const r = await cli(['--dump', partialDump, '--source-url', source.url]);
      expect(r.code).toBe(1);
      expect(r.findings.map((f) => f.message)).toContain('public.monthly_kpis: 206 of 7,320 rows (the dump vs the source database).');
    });
  });
});

describe('findings on the restored database', () => {
  test('a missing table with a quoted mixed-case name', async () => {
    const db = await restored(customDump, 'DROP TABLE public."Mixed Case"');
    const r = await cli(['--dump', customDump, '--database-url', db.url, '--min-rows', 'monthly_kpis=1']);
    expect(r.code).toBe(1);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'table-missing', object: 'public."Mixed Case"', message: 'public."Mixed Case" is in the dump (5 rows) but missing in the restored database.' })]);
  });

  test('thresholds on quoted and dotted names are exact; an unknown table is not met', async () => {
    const db = await restored(customDump);
    const r = await cli(['--dump', customDump, '--database-url', db.url, '--min-rows', 'public."Mixed Case"=6', '--min-rows', '"odd.schema"."dotted.name"=3', '--min-rows', '"mixed case"=1', '--min-rows', 'nope=1']);
    expect(r.code).toBe(1);
    expect(r.findings.filter((f) => f.rule === 'min-rows').map((f) => f.object).sort()).toEqual(['public."Mixed Case"', 'public."mixed case"', 'public.nope']);
    expect(r.findings.find((f) => f.object === 'public.nope')?.message).toBe('public.nope: no such table in the restored database (searched public), at least 1 rows expected (--min-rows nope=1).');
  });

  test('a bad threshold is exit 2 with one sentence', async () => {
    const r = await cli(['--dump', customDump, '--min-rows', 'monthly_kpis']);
    expect(r.code).toBe(2);
    expect(r.report.summary).toBe('--min-rows "monthly_kpis" is not TABLE=N; write e.g. monthly_kpis=7000 or \'public."Mixed Case"=5\'.');
  });

  test('a sequence left behind its column', async () => {
    const db = await restored(customDump, "SELECT setval('public.monthly_kpis_id_seq', 100)");
    const r = await cli(['--dump', customDump, '--database-url', db.url, '--min-rows', 'monthly_kpis=1']);
    expect(r.code).toBe(1);
    expect(r.findings).toEqual([
      expect.objectContaining({
        rule: 'sequence-behind',
        object: 'public.monthly_kpis_id_seq',
        message: 'public.monthly_kpis_id_seq: next value 101 but public.monthly_kpis.id is already 7,320: the next INSERT fails with a duplicate key.',
        fix: "SELECT pg_catalog.setval('public.monthly_kpis_id_seq', (SELECT max(id) FROM public.monthly_kpis));",
      }),
    ]);
  });

  test('a migration ledger that differs from the dump', async () => {
    const db = await restored(customDump, "UPDATE public.alembic_version SET version_num = '0041_instituciones'");
    const r = await cli(['--dump', customDump, '--database-url', db.url, '--min-rows', 'monthly_kpis=1']);
    expect(r.code).toBe(1);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'ledger-mismatch', message: 'public.alembic_version: the dump records 0042_monthly_kpis, the restored database 0041_instituciones.' })]);
  });

  test('extra rows are a warning', async () => {
    const db = await restored(customDump, "INSERT INTO public.instituciones VALUES (55, 'extra')");
    const r = await cli(['--dump', customDump, '--database-url', db.url, '--min-rows', 'monthly_kpis=1']);
    expect(r.code).toBe(0);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'extra-rows', severity: 'warning', message: 'public.instituciones: 55 rows in the restored database, the dump has 54.' })]);
  });
});

describe('fail closed', () => {
  test('a count the role may not read is a finding, never equal', async () => {
    const db = await restored(customDump);
    const role = `rv_reader_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
    await db.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'reader-pw'; GRANT USAGE ON SCHEMA public TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}; REVOKE SELECT ON public.monthly_kpis FROM ${role};`);
    try {
      const r = await cli(['--dump', customDump, '--database-url', urlFor(db.name, { name: role, password: 'reader-pw' }), '--min-rows', 'instituciones=1']);
      expect(r.code).toBe(1);
      expect(r.findings.find((f) => f.object === 'public.monthly_kpis')).toMatchObject({ rule: 'count-failed', message: expect.stringContaining('permission denied') });
    } finally {
      await db.drop();
      await source.sql(`DROP ROLE IF EXISTS ${role}`);
    }
  });

  test('an empty restore of a schema-only dump: 0 = 0 proves nothing', async () => {
    const schemaOnly = pgDump(source.url, 'custom', join(dir, 'schema-only'), ['--schema-only']);
    const db = await restored(schemaOnly);
    const r = await cli(['--dump', schemaOnly, '--database-url', db.url, '--source-url', db.url]);
    expect(r.code).toBe(1);
    expect(rules(r.findings)).toContain('empty-reference');
  });

  test('an empty restore of a full dump fails on every table that had rows', async () => {
    const schemaOnly = pgDump(source.url, 'custom', join(dir, 'schema-only2'), ['--schema-only']);
    const db = await restored(schemaOnly);
    const r = await cli(['--dump', customDump, '--database-url', db.url]);
    expect(r.code).toBe(1);
    expect(r.findings.filter((f) => f.rule === 'rows-missing').map((f) => f.object).sort()).toEqual(['"odd.schema"."dotted.name"', 'public."Mixed Case"', 'public.alembic_version', 'public.instituciones', 'public.monthly_kpis']);
  });
});

describe('estimates', () => {
  test('--estimate reads statistics (after ANALYZE) and finds the partial restore', async () => {
    const db = await restored(customDump, 'DELETE FROM public.monthly_kpis WHERE id > 206; ANALYZE;');
    const r = await cli(['--dump', customDump, '--database-url', db.url, '--estimate']);
    expect(r.code).toBe(1);
    expect(r.findings.find((f) => f.rule === 'rows-missing')?.message).toBe('public.monthly_kpis: 206 of 7,320 rows (estimated) (the restored database vs the dump).');
  });

  test('--estimate without statistics fails closed', async () => {
    const db = await restored(customDump);
    await db.sql("SELECT pg_stat_reset()");
    const r = await cli(['--dump', customDump, '--database-url', db.url, '--estimate']);
    // pg_restore does not analyze: tables never analyzed have no estimate, and that is not a pass.
    expect(r.findings.some((f) => f.rule === 'count-failed' && f.message.includes('never analyzed'))).toBe(true);
    expect(r.code).toBe(1);
  });
});

describe('manifests', () => {
  test('write at backup time, verify a restore later (no dump needed)', async () => {
    const manifest = join(dir, 'manifest.json');
    const w = await cli(['--source-url', source.url, '--write-manifest', manifest]);
    expect(w.code).toBe(0);
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    expect(m.format).toBe('preflight-restore-manifest/1');
    expect(m.tables).toContainEqual({ schema: 'public', name: 'monthly_kpis', rows: 7320 });
    expect(m.ledgers).toEqual([{ schema: 'public', name: 'alembic_version', versions: ['0042_monthly_kpis'] }]);
    expect(JSON.stringify(m)).not.toContain(source.url.split(':')[2].split('@')[0]);

    const full = await restored(customDump);
    expect((await cli(['--database-url', full.url, '--manifest', manifest])).code).toBe(0);
    const partial = await restored(customDump, 'DELETE FROM public.monthly_kpis WHERE id > 206');
    const r = await cli(['--database-url', partial.url, '--manifest', manifest]);
    expect(r.code).toBe(1);
    expect(r.findings.find((f) => f.rule === 'rows-missing')?.message).toMatch(/^public\.monthly_kpis: 206 of 7,320 rows \(the restored database vs the manifest \(\d{4}-/);
  });

  test('a file that is no manifest is exit 2', async () => {
    const bad = join(dir, 'bad-manifest.json');
    writeFileSync(bad, '{"tables": 3}');
    const r = await cli(['--database-url', source.url, '--manifest', bad]);
    expect(r.code).toBe(2);
    expect(r.report.summary).toContain('is not a restore-verify manifest');
  });
});

describe('the dump\'s age', () => {
  test('a custom dump older than --max-age', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const r = await cli(['--dump', customDump, '--max-age', '1s', '--min-rows', 'monthly_kpis=1']);
    expect(r.code).toBe(1);
    expect(r.findings.find((f) => f.rule === 'dump-too-old')?.message).toContain(`from database ${source.name}`);
    expect((await cli(['--dump', customDump, '--max-age', '24h', '--min-rows', 'monthly_kpis=1'])).code).toBe(0);
  });

  test('a plain dump without --verbose has no timestamp: fail closed; with --verbose it has one', async () => {
    const r = await cli(['--dump', plainDump, '--max-age', '24h', '--min-rows', 'monthly_kpis=1']);
    expect(r.code).toBe(1);
    expect(rules(r.findings)).toEqual(['dump-age-unknown']);
    const verbose = pgDump(source.url, 'plain', join(dir, 'verbose'), ['--verbose']);
    const v = await cli(['--dump', verbose, '--max-age', '24h', '--min-rows', 'monthly_kpis=1']);
    expect(v.findings).toEqual([]);
    expect(v.report.stats.dumpTakenAt).toMatch(/^\d{4}-/);
  });
});

describe('usage', () => {
  test.each([
    [['--manifest', 'm.json'], '--manifest verifies a restored database: add --database-url.'],
    [['--write-manifest', 'm.json', '--dump', 'x'], '--write-manifest records the source database: add --source-url.'],
    [[], 'Nothing to verify: give --dump FILE (the dump), --database-url (the restored database), or --source-url with --write-manifest.'],
    [['--dump', 'x', '--create'], '--restore needs --dump (what to restore) and --database-url (where to restore it).'],
  ])('%j', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    if (!(args as string[]).includes('--create')) expect(r.report.summary).toBe(message);
  });
});

describe('a truncated dump never looks complete', () => {
  test('plain dump cut mid-COPY: dump-truncated at the COPY line, exit 1, even when the restore matches it', async () => {
    const text = readFileSync(plainDump, 'utf8');
    const start = text.indexOf('COPY public.monthly_kpis');
    const cutText = text.slice(0, start) + text.slice(start).split('\n').slice(0, 207).join('\n') + '\n';
    const cut = join(dir, 'cut.sql');
    writeFileSync(cut, cutText);
    const db = await restored(customDump, 'DELETE FROM public.monthly_kpis WHERE id > 206');
    const r = await cli(['--dump', cut, '--database-url', db.url, '--min-rows', 'monthly_kpis=1']);
    expect(r.code).toBe(1);
    expect(r.findings.find((f) => f.object === 'public.monthly_kpis')).toMatchObject({
      rule: 'dump-truncated',
      file: cut,
      line: text.slice(0, start).split('\n').length,
      message: expect.stringContaining('ends after 206 rows without its \\. terminator'),
    });
    expect(r.findings.some((f) => f.rule === 'dump-truncated' && f.object === cut && f.message.includes('footer'))).toBe(true);
  });
});
