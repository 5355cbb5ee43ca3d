/**
 * settleRewrites, in process: a definition text the server would rewrite into the live one (the
 * shapes a dump and restore produce: extra parentheses, `AS int4` aliases on a UNION branch,
 * casts pushed into an ARRAY) is not drift; the same shapes with a real change still are.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pg from 'pg';
import { createDatabase, type TestDatabase, withTestClient } from '../../../test/harness/db.ts';
import { settleRewrites } from './canonical.ts';
import { diffSchemas } from './diff.ts';
import { introspect } from './introspect.ts';
import type { SchemaModel } from './model.ts';

let db: TestDatabase;
let live: SchemaModel;

beforeAll(async () => {
  db = await createDatabase('canon', `
    CREATE TABLE public.a (id int PRIMARY KEY, name text, other_id int);
    CREATE TABLE public.b (id int PRIMARY KEY, name text, parent_id int, other_id int);
    CREATE VIEW public.everything AS
      SELECT id, name, NULL AS parent_id FROM public.a UNION ALL SELECT id, name, parent_id FROM public.b;
    CREATE TABLE public.entity (id int PRIMARY KEY, entity_type varchar(20) NOT NULL,
      CONSTRAINT entity_type_check CHECK (entity_type IN ('area', 'branch', 'region')),
      label text DEFAULT 'none', doubled int GENERATED ALWAYS AS (id * 2) STORED);
    CREATE INDEX entity_area ON public.entity (id) WHERE entity_type IN ('area', 'branch');
    ALTER TABLE public.entity ENABLE ROW LEVEL SECURITY;
    CREATE POLICY own ON public.entity USING (entity_type IN ('area', 'branch'));
    CREATE DOMAIN public.kind AS varchar(10) DEFAULT 'area' CONSTRAINT kind_check CHECK (VALUE IN ('area', 'branch'));
    CREATE FUNCTION public.noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
    CREATE TRIGGER areas BEFORE UPDATE ON public.entity FOR EACH ROW WHEN (NEW.entity_type IN ('area', 'branch')) EXECUTE FUNCTION public.noop();`);
  live = await withTestClient(db.url, (c) => introspect(c, {}));
});
afterAll(() => db.drop());

const connect = async () => {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return client;
};

/** The live model with one definition replaced, as another server's deparse might have written it. */
function withView(definition: string): SchemaModel {
  return { ...live, views: { ...live.views, 'public.everything': { ...live.views['public.everything'], definition } } };
}
function withCheck(definition: string): SchemaModel {
  const t = live.tables['public.entity'];
  return { ...live, tables: { ...live.tables, 'public.entity': { ...t, constraints: { ...t.constraints, entity_type_check: { ...t.constraints.entity_type_check, definition } } } } };
}

async function findings(expected: SchemaModel): Promise<string[]> {
  const { model } = await settleRewrites(connect, expected, live);
  return diffSchemas(model, live).map((f) => `${f.rule} ${f.object}`);
}

/** Aliases on a UNION's later branch name nothing (the first branch names the columns). */
const rewrittenView = (col: string) => `(( SELECT a.id, a.name, (NULL::integer) AS parent_id FROM public.a)
  UNION ALL ( SELECT b.id AS int4, b.name AS text, b.${col} AS int4 FROM public.b))`;

describe('a view over UNION ALL with a NULL column', () => {
  test('extra parentheses and AS int4 aliases are not drift', async () => {
    expect(diffSchemas(withView(rewrittenView('parent_id')), live).map((f) => f.rule)).toEqual(['view-definition-mismatch']);
    expect(await findings(withView(rewrittenView('parent_id')))).toEqual([]);
  });
  test('a column of the UNION changed is drift', async () => {
    expect(await findings(withView(rewrittenView('other_id')))).toEqual(['view-definition-mismatch public.everything']);
  });
});

describe('a CHECK with an IN list on a varchar column', () => {
  const restored = (last: string) =>
    `CHECK (((entity_type)::text = ANY (ARRAY[('area'::character varying)::text, ('branch'::character varying)::text, ('${last}'::character varying)::text])))`;
  test('the cast pushed into the ARRAY is not drift', async () => {
    expect(diffSchemas(withCheck(restored('region')), live).map((f) => f.rule)).toEqual(['constraint-definition-mismatch']);
    expect(await findings(withCheck(restored('region')))).toEqual([]);
  });
  test('a value of the IN list changed is drift', async () => {
    expect(await findings(withCheck(restored('district')))).toEqual(['constraint-definition-mismatch public.entity.entity_type_check']);
  });
  test('a definition the live server refuses stays drift', async () => {
    expect(await findings(withCheck('CHECK ((no_such_column > 0))'))).toEqual(['constraint-definition-mismatch public.entity.entity_type_check']);
  });
  test('a server that cannot be reached leaves every difference in place', async () => {
    const { model, settled } = await settleRewrites(() => Promise.reject(new Error('refused')), withCheck(restored('region')), live);
    expect(settled).toBe(0);
    expect(diffSchemas(model, live).map((f) => f.rule)).toEqual(['constraint-definition-mismatch']);
  });
});

describe('defaults, generated columns, index predicates, policies, triggers and domains', () => {
  const entity = () => live.tables['public.entity'];
  const withTable = (t: Partial<SchemaModel['tables'][string]>) => ({ ...live, tables: { ...live.tables, 'public.entity': { ...entity(), ...t } } });
  const withColumn = (name: string, c: object) => withTable({ columns: entity().columns.map((x) => (x.name === name ? { ...x, ...c } : x)) });
  const withIndex = (definition: string) => ({ ...live, indexes: { ...live.indexes, 'public.entity_area': { ...live.indexes['public.entity_area'], definition } } });
  const withPolicy = (using: string) => withTable({ policies: { own: { ...entity().policies.own, using } } });
  const inList = (last: string) => `((entity_type)::text = ANY (ARRAY[('area'::character varying)::text, ('${last}'::character varying)::text]))`;
  const withTrigger = (last: string) => withTable({ triggers: { areas: { ...entity().triggers.areas,
    definition: `CREATE TRIGGER areas BEFORE UPDATE ON public.entity FOR EACH ROW WHEN ((((new.entity_type)::text = ANY (ARRAY[('area'::character varying)::text, ('${last}'::character varying)::text])))) EXECUTE FUNCTION public.noop()` } } });
  const withDomain = (t: object) => ({ ...live, types: { ...live.types, 'public.kind': { ...live.types['public.kind'], ...t } } });
  const domainCheck = (last: string) => withDomain({ constraints: { kind_check: { name: 'kind_check',
    definition: `CHECK ((((VALUE)::text = ANY (ARRAY[('area'::character varying)::text, ('${last}'::character varying)::text]))))` } } });
  const indexDef = (last: string) => `CREATE INDEX entity_area ON public.entity USING btree (id) WHERE ${inList(last)}`;

  test('text the server rewrites is not drift', async () => {
    const shapes = [withColumn('label', { default: `('none'::text)` }), withColumn('doubled', { generated: '((id) * (2))' }), withIndex(indexDef('branch')), withPolicy(inList('branch')), withTrigger('branch'), domainCheck('branch'), withDomain({ default: `(('area'::character varying))` })];
    for (const shape of shapes) {
      expect(diffSchemas(shape, live)).toHaveLength(1);
      expect(await findings(shape)).toEqual([]);
    }
  });
  test('a real change in the same places is drift', async () => {
    expect(await findings(withColumn('label', { default: `('nil'::text)` }))).toEqual(['column-default-mismatch public.entity.label']);
    expect(await findings(withColumn('doubled', { generated: '((id) * (3))' }))).toEqual(['column-generated-mismatch public.entity.doubled']);
    expect(await findings(withIndex(indexDef('region')))).toEqual(['index-definition-mismatch public.entity_area']);
    expect(await findings(withPolicy(inList('region')))).toEqual(['policy-definition-mismatch public.entity.own']);
    expect(await findings(withTrigger('region'))).toEqual(['trigger-definition-mismatch public.entity.areas']);
    expect(await findings(domainCheck('region'))).toEqual(['domain-definition-mismatch public.kind']);
    expect(await findings(withDomain({ default: `'branch'::character varying` }))).toEqual(['domain-definition-mismatch public.kind']);
  });
});
