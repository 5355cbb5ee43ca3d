/**
 * Names with dots: schema "a.b" with table c is not schema a with table "b.c". Objects in reports
 * quote such names ("a.b".c), ordinary names stay as they were, and snapshots written before the
 * quoting (plain a.b.c keys) still load and compare.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, type TestDatabase } from '../harness/db.ts';
import { runCliBundle } from '../harness/run-bundle.ts';

const work = mkdtempSync(join(tmpdir(), 'sv-keys-'));

interface Report {
  status: string;
  findings: Array<{ rule: string; object: string; severity: string }>;
}
const objects = (stdout: string) => (JSON.parse(stdout) as Report).findings.map((f) => `${f.rule} ${f.object}`);

test('the two colliding layouts are reported as the differences they are', async () => {
  const expected = await createDatabase('keys_e', 'CREATE SCHEMA "a.b"; CREATE TABLE "a.b".c (id int); CREATE TABLE public.invoices (id int, nit text)');
  const live = await createDatabase('keys_l', 'CREATE SCHEMA a; CREATE TABLE a."b.c" (id int); CREATE TABLE public.invoices (id int)');
  const r = await runCliBundle(['schema-verify', '--database-url', live.url, '--expected-url', expected.url, '--json']);
  expect(r.code).toBe(1);
  expect(objects(r.stdout).sort()).toEqual([
    'extra-schema a',
    'extra-table a."b.c"',
    'missing-column public.invoices.nit', // ordinary names are written as before
    'missing-schema "a.b"',
    'missing-table "a.b".c',
  ]);
  await Promise.all([expected.drop(), live.drop()]);
});

describe('snapshots and names with dots', () => {
  const ddl = `CREATE SCHEMA "a.b";
    CREATE TABLE "a.b".c (id serial PRIMARY KEY, x int);
    CREATE TABLE "a.b"."d.e" (id int PRIMARY KEY, c_id int REFERENCES "a.b".c (id));
    CREATE VIEW "a.b".v AS SELECT d.id, c.x FROM "a.b"."d.e" d JOIN "a.b".c c ON c.id = d.c_id;
    CREATE INDEX c_x ON "a.b".c (x);`;
  let good: TestDatabase;
  let drifted: TestDatabase;
  const current = join(work, 'current.json');
  const legacy = join(work, 'legacy.json');
  beforeAll(async () => {
    good = await createDatabase('keys_snap', ddl);
    drifted = await createDatabase('keys_drift', `${ddl} DROP VIEW "a.b".v; ALTER TABLE "a.b".c DROP COLUMN x;`);
    const w = await runCliBundle(['schema-verify', '--database-url', good.url, '--write-snapshot', current]);
    expect(w.code).toBe(0);
    // What Preflight wrote before names were quoted: every key and reference as plain schema.name.
    const unquote = (s: string) => s.replace(/"([^"]*)"/g, '$1');
    const snap = JSON.parse(readFileSync(current, 'utf8'));
    const refFields = new Set(['partitionOf', 'references', 'parent', 'table', 'ownedBy']);
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (!v || typeof v !== 'object') return v;
      return Object.fromEntries(Object.entries(v).map(([k, val]) => [
        k,
        refFields.has(k) && typeof val === 'string' ? unquote(val) : k === 'dependsOn' || k === 'inherits' ? (val as string[]).map(unquote) : walk(val),
      ]));
    };
    for (const map of ['schemas', 'tables', 'views', 'indexes', 'sequences', 'types', 'functions']) {
      snap.model[map] = Object.fromEntries(Object.entries(snap.model[map]).map(([k, val]) => [unquote(k), walk(val)]));
    }
    writeFileSync(legacy, JSON.stringify(snap, null, 2));
    expect(readFileSync(legacy, 'utf8')).toContain('"a.b.c": {');
    expect(readFileSync(current, 'utf8')).toContain('"\\"a.b\\".c": {');
  });
  afterAll(async () => {
    await Promise.all([good.drop(), drifted.drop()]);
  });

  test.each([['current'], ['legacy']])('a %s snapshot matches the database it was taken from', async (which) => {
    const r = await runCliBundle(['schema-verify', '--database-url', good.url, '--expected-snapshot', which === 'current' ? current : legacy, '--json']);
    expect(r.code).toBe(0);
    expect(objects(r.stdout)).toEqual([]);
  });

  test.each([['current'], ['legacy']])('a %s snapshot names the drift with quoted names', async (which) => {
    const r = await runCliBundle(['schema-verify', '--database-url', drifted.url, '--expected-snapshot', which === 'current' ? current : legacy, '--json']);
    expect(r.code).toBe(1);
    expect(objects(r.stdout).sort()).toEqual(['missing-column "a.b".c.x', 'missing-index "a.b".c_x', 'missing-view "a.b".v']);
  });

  test('--ignore patterns match the quoted and the old unquoted object', async () => {
    const r = await runCliBundle(['schema-verify', '--database-url', drifted.url, '--expected-snapshot', current, '--ignore', 'a.b.c.*,"a.b".v,a.b.c_x', '--json']);
    expect(objects(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });
});

test('--schemas takes the schema name as it is, dots and all', async () => {
  const expected = await createDatabase('keys_se', 'CREATE SCHEMA "a.b"; CREATE TABLE "a.b".c (id int, x int)');
  const live = await createDatabase('keys_sl', 'CREATE SCHEMA "a.b"; CREATE TABLE "a.b".c (id int)');
  const r = await runCliBundle(['schema-verify', '--database-url', live.url, '--expected-url', expected.url, '--schemas', 'a.b', '--json']);
  expect(r.stderr).not.toContain('exists in neither');
  expect(r.code).toBe(1);
  expect(objects(r.stdout)).toEqual(['missing-column "a.b".c.x']);
  await Promise.all([expected.drop(), live.drop()]);
});
