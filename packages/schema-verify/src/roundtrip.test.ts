/**
 * Definitions the server rewrites: a database and a restore of its own `pg_dump --schema-only`
 * must compare equal (the server's deparse is not idempotent), in both directions, while a real
 * change hidden in the same shapes is still reported.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * One object (or a few) of every kind the model holds, keyed by kind so a new kind is one more
 * entry; joined into one schema that is dumped, restored and compared, with grants.
 */
const everyKind: Record<string, string> = {
  'schema, comment, grant': `CREATE SCHEMA app; COMMENT ON SCHEMA app IS 'the app'; GRANT USAGE ON SCHEMA app TO rt_every_app;`,
  extension: 'CREATE EXTENSION postgres_fdw;',
  enum: "CREATE TYPE app.status AS ENUM ('open', 'closed');",
  domain: "CREATE DOMAIN app.kind AS varchar(10) DEFAULT 'area' NOT NULL CONSTRAINT kind_check CHECK (VALUE IN ('area', 'branch'));",
  'composite type': 'CREATE TYPE app.point2 AS (x integer, y integer);',
  sequence: 'CREATE SEQUENCE app.invoice_no AS bigint START 1000 INCREMENT 5 CACHE 10;',
  'tables: identity, generated, defaults, collation, constraints, storage, replica identity': `
    CREATE TABLE app.customers (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text COLLATE "C" NOT NULL, email text UNIQUE);
    CREATE TABLE app.invoices (
      id bigint PRIMARY KEY DEFAULT nextval('app.invoice_no'), customer_id int REFERENCES app.customers(id) ON DELETE CASCADE,
      status app.status NOT NULL DEFAULT 'open', kind app.kind, total numeric CHECK (total >= 0),
      gross numeric GENERATED ALWAYS AS (total * 1.19) STORED, during int4range, at point,
      EXCLUDE USING gist (during WITH &&)) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01);
    ALTER SEQUENCE app.invoice_no OWNED BY app.invoices.id;
    ALTER TABLE app.invoices REPLICA IDENTITY FULL;
    COMMENT ON TABLE app.invoices IS 'invoices'; COMMENT ON COLUMN app.invoices.total IS 'total';
    GRANT SELECT, INSERT ON app.invoices TO rt_every_app; GRANT SELECT (id, name) ON app.customers TO rt_every_app;`,
  'partitioned table, partition, inheritance, unlogged': `
    CREATE TABLE app.events (id int, at date NOT NULL, tenant int) PARTITION BY RANGE (at);
    CREATE TABLE app.events_2026 PARTITION OF app.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
    CREATE INDEX events_at ON app.events (at);
    CREATE TABLE app.base (id int, note text); CREATE TABLE app.child (extra int) INHERITS (app.base);
    CREATE UNLOGGED TABLE app.cache (k text PRIMARY KEY, v jsonb);`,
  indexes: `CREATE INDEX invoices_open ON app.invoices (customer_id) WHERE status = 'open';
    CREATE INDEX customers_lower_email ON app.customers (lower(email));`,
  'views, materialized view': `CREATE VIEW app.open_invoices WITH (security_barrier = true) AS SELECT id, total FROM app.invoices WHERE status = 'open';
    CREATE MATERIALIZED VIEW app.totals AS SELECT customer_id, sum(total) AS total FROM app.invoices GROUP BY customer_id;
    CREATE INDEX totals_customer ON app.totals (customer_id);`,
  'functions, procedure, aggregate, trigger': `
    CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT a + b; END;
    CREATE PROCEDURE app.noop() LANGUAGE sql AS $$ SELECT 1 $$;
    CREATE AGGREGATE app.total_sum(numeric) (SFUNC = numeric_add, STYPE = numeric, INITCOND = '0');
    CREATE TRIGGER invoices_touch BEFORE UPDATE ON app.invoices FOR EACH ROW WHEN (OLD.total IS DISTINCT FROM NEW.total) EXECUTE FUNCTION app.touch();
    REVOKE EXECUTE ON FUNCTION app.add(int, int) FROM PUBLIC;`,
  'row-level security, policy': `ALTER TABLE app.invoices ENABLE ROW LEVEL SECURITY; ALTER TABLE app.invoices FORCE ROW LEVEL SECURITY;
    CREATE POLICY by_customer ON app.invoices FOR SELECT TO rt_every_app USING (customer_id > 0 AND kind IN ('area', 'branch'));`,
  'default privileges': 'ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO rt_every_app;',
  publication: "CREATE PUBLICATION realtime FOR TABLE app.customers (id, name) WHERE (id > 0), TABLE app.base WITH (publish = 'insert, update'); CREATE PUBLICATION by_schema FOR TABLES IN SCHEMA public;",
  'extended statistics': 'CREATE STATISTICS app.invoices_deps (dependencies) ON customer_id, status FROM app.invoices;',
  'foreign data wrapper, server, user mappings, foreign table': `
    CREATE FOREIGN DATA WRAPPER plain_fdw OPTIONS (mode 'x'); COMMENT ON FOREIGN DATA WRAPPER plain_fdw IS 'no handler';
    CREATE SERVER films TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'films.internal', dbname 'films');
    GRANT USAGE ON FOREIGN SERVER films TO rt_every_app;
    CREATE USER MAPPING FOR rt_every_app SERVER films OPTIONS (user 'reader', password 'rt-every-pw');
    CREATE USER MAPPING FOR PUBLIC SERVER films OPTIONS (user 'anon');
    CREATE FOREIGN TABLE app.remote_films (id int OPTIONS (column_name 'film_id') NOT NULL, title text COLLATE "C" DEFAULT 'untitled',
      CONSTRAINT remote_films_id CHECK (id > 0)) SERVER films OPTIONS (schema_name 'public', table_name 'film');
    COMMENT ON FOREIGN TABLE app.remote_films IS 'films'; GRANT SELECT ON app.remote_films TO rt_every_app;`,
  'text search template, parser, dictionary, configuration': `
    CREATE TEXT SEARCH TEMPLATE app.simple_copy (INIT = dsimple_init, LEXIZE = dsimple_lexize);
    CREATE TEXT SEARCH PARSER app.words (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);
    CREATE TEXT SEARCH DICTIONARY app.stop_en (TEMPLATE = app.simple_copy, STOPWORDS = english, ACCEPT = false);
    CREATE TEXT SEARCH CONFIGURATION app.search (PARSER = app.words);
    ALTER TEXT SEARCH CONFIGURATION app.search ADD MAPPING FOR asciiword, word WITH app.stop_en, simple;
    COMMENT ON TEXT SEARCH CONFIGURATION app.search IS 'search';
    CREATE TABLE app.docs (id int PRIMARY KEY, body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('app.search'::regconfig, body)) STORED);`,
  'event trigger': `CREATE FUNCTION app.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
    CREATE EVENT TRIGGER log_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION app.log_ddl();
    ALTER EVENT TRIGGER log_ddl ENABLE ALWAYS; COMMENT ON EVENT TRIGGER log_ddl IS 'audit';`,
  // Security labels need a label provider, which this server does not load (security-labels.test.ts).
};

test('a generated schema with every object kind and a restore of its dump compare equal, grants included', async () => {
  await adminQuery('DO $$ BEGIN CREATE ROLE rt_every_app; EXCEPTION WHEN duplicate_object THEN NULL; END $$');
  const { original, restored } = await roundTrip(Object.values(everyKind).join('\n'));
  for (const [live, expected] of [[original, restored], [restored, original]]) {
    const r = await runSchemaVerify({ 'database-url': live.url, 'expected-url': expected.url, strict: 'true' });
    expect(r.report.findings.map((f) => `${f.rule} ${f.object}: ${f.message}`)).toEqual([]);
    expect(r.exitCode).toBe(0);
  }
  // A snapshot keeps every kind: the restore compared with the original's snapshot is clean too.
  const dir = mkdtempSync(join(tmpdir(), 'pf-rt-every-'));
  try {
    const snapshot = join(dir, 'every.json');
    expect((await runSchemaVerify({ 'database-url': original.url, 'write-snapshot': snapshot })).exitCode).toBe(0);
    const r = await runSchemaVerify({ 'database-url': restored.url, 'expected-snapshot': snapshot, strict: 'true' });
    expect(r.report.findings.map((f) => `${f.rule} ${f.object}: ${f.message}`)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The comparison saw the objects: one change of each new kind in the restored copy is drift.
  await restored.sql(`ALTER SERVER films OPTIONS (SET host 'elsewhere');
    ALTER TEXT SEARCH CONFIGURATION app.search ALTER MAPPING FOR word WITH simple;
    ALTER EVENT TRIGGER log_ddl DISABLE;
    ALTER FOREIGN TABLE app.remote_films OPTIONS (SET table_name 'films');
    ALTER USER MAPPING FOR PUBLIC SERVER films OPTIONS (SET user 'other');`);
  const drift = await runSchemaVerify({ 'database-url': restored.url, 'expected-url': original.url, strict: 'true' });
  expect(drift.report.findings.map((f) => `${f.rule} ${f.object}`).sort()).toEqual([
    'event-trigger-mismatch log_ddl',
    'foreign-server-mismatch films',
    'foreign-table-mismatch app.remote_films',
    'text-search-configuration-mismatch app.search',
    'user-mapping-mismatch films.PUBLIC',
  ]);
});
