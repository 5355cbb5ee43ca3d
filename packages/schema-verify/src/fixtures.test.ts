/**
 * Real-world schemas (pagila, openstreetmap-website's structure.sql; see
 * test/fixtures/README.md): each loads into two databases that must compare
 * equal, object counts match the README (extension objects excluded), a dozen mutations of
 * pagila are each detected, and the fix script brings the mutated copy back to zero findings.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding } from '@preflight/core';
import { adminQuery, createDatabase, fixturesDir, optionalFixture, type TestDatabase, withTestClient } from '../../../test/harness/db.ts';
import { introspect } from './introspect.ts';
import { diffSchemas } from './diff.ts';
import { fixScript } from './fix-order.ts';
import type { SchemaModel } from './model.ts';

/** pg_dump 15.14+ writes \restrict lines that older psql versions reject; they carry no schema. */
function fixtureSql(path: string): string {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => !/^\\(un)?restrict\b/.test(l))
    .join('\n');
}

function loadWithPsql(db: TestDatabase, sql: string): void {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db.url, '-f', '-'], { input: sql, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
}

const modelOf = (url: string) => withTestClient(url, (c) => introspect(c, {}));
const summary = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.rule} ${f.object}: ${f.message}`);

interface Counts {
  tables: number; partitioned: number; partitions: number; columns: number; indexes: number; constraints: number;
  views: number; matviews: number; sequences: number; functions: number; aggregates: number; triggers: number;
  enums: number; domains: number;
}

/** The README's counts, computed from the model (indexes there include constraint-backed ones). */
function countsOf(m: SchemaModel): Counts {
  const tables = Object.values(m.tables);
  const constraints = tables.flatMap((t) => Object.values(t.constraints));
  const tableKeys = new Set(Object.keys(m.tables));
  return {
    tables: tables.length,
    partitioned: tables.filter((t) => t.kind === 'partitioned table').length,
    partitions: tables.filter((t) => t.partitionOf).length,
    columns: tables.reduce((n, t) => n + t.columns.length, 0),
    indexes: Object.values(m.indexes).filter((i) => tableKeys.has(i.table)).length +
      constraints.filter((c) => ['primary key', 'unique', 'exclusion'].includes(c.type)).length,
    constraints: constraints.length,
    views: Object.values(m.views).filter((v) => v.kind === 'view').length,
    matviews: Object.values(m.views).filter((v) => v.kind === 'materialized view').length,
    sequences: Object.keys(m.sequences).length,
    functions: Object.keys(m.functions).length,
    aggregates: Object.values(m.functions).filter((f) => f.kind === 'aggregate').length,
    triggers: tables.reduce((n, t) => n + Object.keys(t.triggers).length, 0) + Object.values(m.views).reduce((n, v) => n + Object.keys(v.triggers).length, 0),
    enums: Object.values(m.types).filter((t) => t.kind === 'enum').length,
    domains: Object.values(m.types).filter((t) => t.kind === 'domain').length,
  };
}

describe('pagila', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  let model: SchemaModel;

  beforeAll(async () => {
    // pagila's dump says OWNER TO postgres: the harness superuser is called postgres.
    expect((await adminQuery('SELECT current_user AS u'))[0].u).toBe('postgres');
    const sql = fixtureSql(fixturesDir + 'pagila.sql');
    a = await createDatabase('sv_pagila_a');
    b = await createDatabase('sv_pagila_b');
    loadWithPsql(a, sql);
    loadWithPsql(b, sql);
    model = await modelOf(a.url);
  });
  afterAll(async () => {
    await a?.drop();
    await b?.drop();
  });

  test('two loads compare equal, both ways', async () => {
    const other = await modelOf(b.url);
    expect(summary(diffSchemas(model, other, { strict: true }))).toEqual([]);
    expect(summary(diffSchemas(other, model, { strict: true }))).toEqual([]);
  });

  test('object counts match the fixtures README', () => {
    expect(Object.keys(model.schemas)).toEqual(['public']);
    expect(countsOf(model)).toEqual({
      tables: 70, partitioned: 1, partitions: 55, columns: 417, indexes: 103, constraints: 106,
      views: 7, matviews: 1, sequences: 13, functions: 10, aggregates: 1, triggers: 15, enums: 1, domains: 2,
    });
    expect(Object.keys(model.extensions)).toEqual(['plpgsql']);
    expect(model.types['public.bıgınt']).toMatchObject({ kind: 'domain', baseType: 'bigint' });
  });

  const mutations: Array<{ sql: string; rule: string; object: string }> = [
    { sql: 'ALTER TABLE public.customer DROP COLUMN email', rule: 'missing-column', object: 'public.customer.email' },
    { sql: 'DROP INDEX public.idx_title', rule: 'missing-index', object: 'public.idx_title' },
    { sql: 'ALTER TABLE public.film ALTER COLUMN rental_rate SET DEFAULT 1.99', rule: 'column-default-mismatch', object: 'public.film.rental_rate' },
    { sql: 'DROP TRIGGER last_updated ON public.actor', rule: 'missing-trigger', object: 'public.actor.last_updated' },
    { sql: 'ALTER TABLE public.payment_p2022_01 DROP CONSTRAINT payment_p2022_01_customer_id_fkey', rule: 'missing-constraint', object: 'public.payment_p2022_01.payment_p2022_01_customer_id_fkey' },
    { sql: 'DROP VIEW public.actor_info', rule: 'missing-view', object: 'public.actor_info' },
    { sql: "CREATE OR REPLACE FUNCTION public.last_day(timestamp with time zone) RETURNS date LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT $1::date $$", rule: 'function-definition-mismatch', object: 'public.last_day(timestamp with time zone)' },
    { sql: 'ALTER DOMAIN public.year DROP CONSTRAINT year_check', rule: 'domain-definition-mismatch', object: 'public.year' },
    { sql: 'ALTER SEQUENCE public.actor_actor_id_seq INCREMENT BY 2', rule: 'sequence-mismatch', object: 'public.actor_actor_id_seq' },
    { sql: 'DROP TABLE public.payment_p2022_03', rule: 'missing-table', object: 'public.payment_p2022_03' },
    { sql: 'CREATE TABLE public.tmp_import (id int)', rule: 'extra-table', object: 'public.tmp_import' },
    { sql: 'ALTER TABLE public.address ALTER COLUMN phone DROP NOT NULL', rule: 'column-nullability-mismatch', object: 'public.address.phone' },
    { sql: "COMMENT ON TABLE public.film IS 'films'", rule: 'extra-comment', object: 'public.film' },
    { sql: 'REVOKE EXECUTE ON FUNCTION public.inventory_in_stock(integer) FROM PUBLIC', rule: 'missing-grant', object: 'public.inventory_in_stock(integer)' },
    { sql: 'DROP MATERIALIZED VIEW public.rental_by_category', rule: 'missing-view', object: 'public.rental_by_category' },
    { sql: 'DROP DOMAIN public."bıgınt"', rule: 'missing-type', object: 'public.bıgınt' },
  ];

  test(`each of ${mutations.length} mutations is found, and the fix script round-trips`, async () => {
    const live = await createDatabase('sv_pagila_m');
    try {
      loadWithPsql(live, fixtureSql(fixturesDir + 'pagila.sql'));
      await live.sql(mutations.map((m) => `${m.sql};`).join('\n'));
      const findings = diffSchemas(model, await modelOf(live.url)).filter((f) => f.severity !== 'notice');
      for (const m of mutations) {
        expect(findings.some((f) => f.rule === m.rule && f.object === m.object), `${m.rule} ${m.object}\n${summary(findings).join('\n')}`).toBe(true);
      }
      // One finding per mutation: partitions and dependants must not add noise.
      expect(findings.length, summary(findings).join('\n')).toBe(mutations.length);
      expect(findings.find((f) => f.object === 'public.bıgınt')?.fix).toContain('CREATE DOMAIN public."bıgınt" AS bigint;');
      const script = fixScript(findings);
      await live.sql(script);
      // Columns the fix re-adds go to the end; the column-order notice about that is not drift.
      expect(summary(diffSchemas(model, await modelOf(live.url)).filter((f) => f.severity !== 'notice'))).toEqual([]);
    } finally {
      await live.drop();
    }
  });
});

// Optional by design (GPL-2.0, so not in the repository: test/fixtures/README.md). Skipped with
// the reason printed when the file or PostGIS is missing.
const osmFixture = optionalFixture('PREFLIGHT_OSM_FIXTURE', 'openstreetmap.sql');
const postgisAvailable = existsSync('/usr/share/postgresql/15/extension/postgis.control');
const osmSkipReason = !osmFixture
  ? 'the openstreetmap fixture is not here (set PREFLIGHT_OSM_FIXTURE to openstreetmap-website db/structure.sql, see test/fixtures/README.md)'
  : !postgisAvailable
    ? 'PostGIS for PostgreSQL 15 is not installed (apt-get install postgresql-15-postgis-3)'
    : undefined;
if (osmSkipReason) console.warn(`fixtures.test.ts: skipping the openstreetmap tests: ${osmSkipReason}.`);

describe.skipIf(osmSkipReason !== undefined)(`openstreetmap${osmSkipReason ? ` (skipped: ${osmSkipReason})` : ''}`, () => {
  let a: TestDatabase;
  let b: TestDatabase;

  beforeAll(async () => {
    const sql = fixtureSql(osmFixture!);
    a = await createDatabase('sv_osm_a');
    b = await createDatabase('sv_osm_b');
    loadWithPsql(a, sql);
    loadWithPsql(b, sql);
  });
  afterAll(async () => {
    await a?.drop();
    await b?.drop();
  });

  test('two loads compare equal, extension objects are skipped, counts match the README', async () => {
    const m = await modelOf(a.url);
    const other = await modelOf(b.url);
    expect(summary(diffSchemas(m, other, { strict: true }))).toEqual([]);
    expect(Object.keys(m.extensions).sort()).toEqual(['btree_gist', 'plpgsql', 'postgis']);
    expect(m.tables['public.spatial_ref_sys']).toBeUndefined();
    expect(countsOf(m)).toEqual({
      tables: 57, partitioned: 0, partitions: 0, columns: 391, indexes: 155, constraints: 126,
      views: 0, matviews: 0, sequences: 35, functions: 2, aggregates: 0, triggers: 0, enums: 8, domains: 0,
    });
  });
});
