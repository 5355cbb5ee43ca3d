/**
 * Definitions the server rewrites: a database and a restore of its own `pg_dump --schema-only`
 * must compare equal (the server's deparse is not idempotent), in both directions, while a real
 * change hidden in the same shapes is still reported.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { adminQuery, createDatabase, fixturesDir, urlFor, type TestDatabase } from '../../../test/harness/db.ts';
import { runSchemaVerify } from './testing.ts';

const created: TestDatabase[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

function psql(url: string, sql: string): void {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], { input: sql, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
}

/** pg_dump 15.14+ writes \restrict lines that older psql versions reject; they carry no schema. */
function dumpSchema(url: string): string {
  const r = spawnSync('pg_dump', ['--schema-only', '--no-owner', '-d', url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => !/^\\(un)?restrict\b/.test(l)).join('\n');
}

async function database(sql: string): Promise<TestDatabase> {
  const db = await createDatabase('rt');
  created.push(db);
  psql(db.url, sql);
  return db;
}

/** The original database and a fresh one restored from its schema-only dump. */
async function roundTrip(sql: string): Promise<{ original: TestDatabase; restored: TestDatabase }> {
  const original = await database(sql);
  const restored = await database(dumpSchema(original.url));
  return { original, restored };
}

const verify = (live: TestDatabase, expected: TestDatabase) =>
  runSchemaVerify({ 'database-url': live.url, 'expected-url': expected.url, 'ignore-privileges': 'true' });

const inListCheck = (values: string) => `
  CREATE TABLE public.entity (id int PRIMARY KEY, entity_type varchar(20) NOT NULL,
    CONSTRAINT entity_type_check CHECK (entity_type IN (${values})));`;

const unionView = (bColumn: string) => `
  CREATE TABLE public.a (id int PRIMARY KEY, name text, other_id int);
  CREATE TABLE public.b (id int PRIMARY KEY, name text, parent_id int, other_id int);
  CREATE VIEW public.everything AS
    SELECT id, name, NULL AS parent_id FROM public.a
    UNION ALL
    SELECT id, name, ${bColumn} FROM public.b;`;

describe('a database and a restore of its own dump compare equal', () => {
  const shapes = {
    'a CHECK with an IN list on a varchar column': inListCheck(`'area', 'branch', 'region'`),
    'a view over UNION ALL with a NULL column': unionView('parent_id'),
    'a domain CHECK with an IN list, and an index predicate and a policy with one': `
      CREATE DOMAIN public.kind AS varchar(10) CONSTRAINT kind_check CHECK (VALUE IN ('area', 'branch'));
      CREATE TABLE public.place (id int, kind varchar(10), k public.kind);
      CREATE INDEX place_areas ON public.place (id) WHERE kind IN ('area', 'branch');
      ALTER TABLE public.place ENABLE ROW LEVEL SECURITY;
      CREATE POLICY areas ON public.place USING (kind IN ('area', 'branch'));`,
    'range types, casts, collations, operators, operator classes and families, aggregates': `
      CREATE FUNCTION public.fdiff(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT a - b $$;
      CREATE TYPE public.floatrange AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = public.fdiff, MULTIRANGE_TYPE_NAME = public.floatranges);
      CREATE TYPE public.textrange AS RANGE (SUBTYPE = text, COLLATION = "C", SUBTYPE_OPCLASS = text_pattern_ops);
      CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
      CREATE COLLATION public.c (locale = 'C');
      CREATE TABLE public.booking (id int PRIMARY KEY, during public.floatrange, spans public.floatranges, who text COLLATE public.ci);
      CREATE TYPE public.temp AS (c numeric);
      CREATE FUNCTION public.temp_num(t public.temp) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT t.c $$;
      CREATE CAST (public.temp AS numeric) WITH FUNCTION public.temp_num(public.temp) AS ASSIGNMENT;
      CREATE CAST (public.floatrange AS text) WITH INOUT;
      CREATE FUNCTION public.lt_abs(a int, b int) RETURNS bool LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a) < abs(b) $$;
      CREATE FUNCTION public.gt_abs(a int, b int) RETURNS bool LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a) > abs(b) $$;
      CREATE FUNCTION public.cmp_abs(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT sign(abs(a) - abs(b))::int $$;
      CREATE OPERATOR public.<<< (FUNCTION = public.lt_abs, LEFTARG = int, RIGHTARG = int, COMMUTATOR = OPERATOR(public.>>>), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
      CREATE OPERATOR public.>>> (FUNCTION = public.gt_abs, LEFTARG = int, RIGHTARG = int, COMMUTATOR = OPERATOR(public.<<<));
      CREATE OPERATOR public.~~~ (FUNCTION = pg_catalog.int4um, RIGHTARG = int);
      CREATE OPERATOR CLASS public.abs_ops FOR TYPE int USING btree AS OPERATOR 1 public.<<<, OPERATOR 5 public.>>>, FUNCTION 1 public.cmp_abs(int, int);
      CREATE OPERATOR FAMILY public.cross_fam USING btree;
      ALTER OPERATOR FAMILY public.cross_fam USING btree ADD OPERATOR 1 pg_catalog.<(integer, bigint), FUNCTION 1 (integer, bigint) pg_catalog.btint48cmp(integer, bigint);
      CREATE INDEX booking_abs ON public.booking (id public.abs_ops);
      CREATE AGGREGATE public.total(int) (SFUNC = int4pl, STYPE = int, MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = int, SORTOP = >);
      COMMENT ON OPERATOR public.<<< (int, int) IS 'abs less';
      COMMENT ON CAST (public.temp AS numeric) IS 'temperature';`,
  };
  for (const [name, sql] of Object.entries(shapes)) {
    test(name, async () => {
      const { original, restored } = await roundTrip(sql);
      for (const [live, expected] of [[original, restored], [restored, original]]) {
        const r = await verify(live, expected);
        expect(r.report.findings.map((f) => `${f.rule} ${f.object}: ${f.message}`)).toEqual([]);
        expect(r.exitCode).toBe(0);
      }
    });
  }

  test('pagila', async () => {
    const sql = readFileSync(`${fixturesDir}pagila.sql`, 'utf8').split('\n').filter((l) => !/^\\(un)?restrict\b/.test(l)).join('\n');
    const { original, restored } = await roundTrip(sql);
    for (const [live, expected] of [[original, restored], [restored, original]]) {
      const r = await verify(live, expected);
      expect(r.report.findings.map((f) => `${f.rule} ${f.object}: ${f.message}`)).toEqual([]);
      expect(r.exitCode).toBe(0);
    }
  });
});

describe('a real change hidden in the same shapes is still drift', () => {
  test('one value of the IN list changed', async () => {
    const { restored } = await roundTrip(inListCheck(`'area', 'branch', 'region'`));
    const changed = await database(inListCheck(`'area', 'branch', 'district'`));
    for (const [live, expected] of [[changed, restored], [restored, changed]]) {
      const r = await verify(live, expected);
      expect(r.report.findings.map((f) => `${f.rule} ${f.object}`)).toEqual(['constraint-definition-mismatch public.entity.entity_type_check']);
      expect(r.exitCode).toBe(1);
    }
  });

  test('one column of the UNION changed', async () => {
    const { restored } = await roundTrip(unionView('parent_id'));
    const changed = await database(unionView('other_id'));
    for (const [live, expected] of [[changed, restored], [restored, changed]]) {
      const r = await verify(live, expected);
      expect(r.report.findings.map((f) => `${f.rule} ${f.object}`)).toEqual(['view-definition-mismatch public.everything']);
      expect(r.exitCode).toBe(1);
    }
  });
});

test('a live server that refuses scratch objects reports the difference as text, with a warning', async () => {
  const { original, restored } = await roundTrip(inListCheck(`'area', 'branch', 'region'`));
  const role = { name: `rt_notemp_${process.pid}`, password: 'rt-notemp-pw' };
  await adminQuery(`DROP ROLE IF EXISTS ${role.name}; CREATE ROLE ${role.name} LOGIN PASSWORD '${role.password}'`);
  try {
    await original.sql(`REVOKE TEMPORARY ON DATABASE "${original.name}" FROM PUBLIC; GRANT CONNECT ON DATABASE "${original.name}" TO ${role.name}`);
    const r = await runSchemaVerify({ 'database-url': urlFor(original.name, role), 'expected-url': restored.url, 'ignore-privileges': 'true' });
    expect(r.report.findings.map((f) => `${f.rule} ${f.object}`)).toEqual(['constraint-definition-mismatch public.entity.entity_type_check']);
    expect(r.exitCode).toBe(1);
    expect(r.logs.filter((l) => l.startsWith('warning: Could not re-read 1 differing definition through the live server'))).toHaveLength(1);
  } finally {
    await original.drop();
    await adminQuery(`DROP ROLE IF EXISTS ${role.name}`);
  }
});
