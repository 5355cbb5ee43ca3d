/**
 * The fix script converges: for each kind of difference, the script written by --fix-sql applies to
 * the live database with `psql -v ON_ERROR_STOP=1`, and schema-verify run again finds nothing.
 * Each case is a live schema and the expected one that differ in one way the issue named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, test } from 'vitest';
import { createDatabase, type TestDatabase } from '../../../test/harness/db.ts';
import { expectConverges, psql, type ConvergeCase } from './testing-converge.ts';

const dir = mkdtempSync(join(tmpdir(), 'pf-converge-'));
const created: TestDatabase[] = [];
// Each case's databases go when it ends: dropping a few hundred at the end outlasts any hook timeout under load.
afterEach(async () => {
  for (const db of created.splice(0)) await db.drop();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// The test server runs with wal_level below logical: CREATE PUBLICATION works and warns about it.
const expectedWarnings = [/^psql:<stdin>:\d+: WARNING:  wal_level is insufficient to publish logical changes\n(HINT:.*\n)?/gm];

async function database(sql: string): Promise<TestDatabase> {
  const db = await createDatabase('cv');
  created.push(db);
  const r = psql(db.url, sql, expectedWarnings);
  if (!r.ok) throw new Error(`setup failed: ${r.stderr}`);
  return db;
}

type Case = ConvergeCase;

const cases: Record<string, Case> = {
  'a domain whose CHECK calls a function that does not exist yet': {
    live: '',
    expected: `
      CREATE FUNCTION public.is_even(n integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n % 2 = 0 $$;
      CREATE DOMAIN public.even AS integer CONSTRAINT even_check CHECK (public.is_even(VALUE));`,
    finds: ['missing-function', 'missing-type'],
  },
  'a composite type used by another type': {
    live: '',
    expected: `
      CREATE TYPE public.zz_point AS (x integer, y integer);
      CREATE TYPE public.aa_segment AS (a public.zz_point, b public.zz_point);`,
    finds: ['missing-type'],
  },
  'a function that takes a table row type': {
    live: '',
    expected: `
      CREATE FUNCTION public.a_total(o public.z_orders) RETURNS numeric LANGUAGE sql AS $$ SELECT o.amount $$;`.replace(/^/, 'CREATE TABLE public.z_orders (id int PRIMARY KEY, amount numeric);'),
    finds: ['missing-table', 'missing-function'],
  },
  'a generated column that calls a function': {
    live: 'CREATE TABLE public.items (id int PRIMARY KEY, price numeric);',
    expected: `
      CREATE FUNCTION public.zz_with_tax(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT p * 1.19 $$;
      CREATE TABLE public.items (id int PRIMARY KEY, price numeric, gross numeric GENERATED ALWAYS AS (public.zz_with_tax(price)) STORED);`,
    finds: ['missing-function', 'missing-column'],
  },
  'a SQL-standard BEGIN ATOMIC body followed by more objects': {
    live: '',
    expected: `
      CREATE TABLE public.t (id int PRIMARY KEY, n int);
      CREATE FUNCTION public.bump(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x + 1; END;
      CREATE FUNCTION public.total() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT sum(n) FROM public.t; SELECT 1; END;
      CREATE VIEW public.v AS SELECT id FROM public.t;`,
    finds: ['missing-table', 'missing-function', 'missing-view'],
  },
  'a text column with a default that becomes an enum': {
    live: "CREATE TYPE public.action_type AS ENUM ('open', 'closed'); CREATE TABLE public.tasks (id int PRIMARY KEY, status text NOT NULL DEFAULT 'open');",
    expected: "CREATE TYPE public.action_type AS ENUM ('open', 'closed'); CREATE TABLE public.tasks (id int PRIMARY KEY, status public.action_type NOT NULL DEFAULT 'open');",
    finds: ['column-type-mismatch'],
  },
  'a text[] column with a default that becomes an enum array': {
    live: "CREATE TYPE public.tag AS ENUM ('a', 'b'); CREATE TABLE public.posts (id int PRIMARY KEY, tags text[] NOT NULL DEFAULT '{a}');",
    expected: "CREATE TYPE public.tag AS ENUM ('a', 'b'); CREATE TABLE public.posts (id int PRIMARY KEY, tags public.tag[] NOT NULL DEFAULT '{a}');",
    finds: ['column-type-mismatch'],
  },
  'a foreign key that is NOT VALID in the expected schema but validated live': {
    live: 'CREATE TABLE public.a (id int PRIMARY KEY); CREATE TABLE public.b (id int, a_id int, CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES public.a(id));',
    expected: 'CREATE TABLE public.a (id int PRIMARY KEY); CREATE TABLE public.b (id int, a_id int); ALTER TABLE public.b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES public.a(id) NOT VALID;',
    finds: ['constraint-definition-mismatch'],
  },
  'a CHECK that is validated in the expected schema but NOT VALID live': {
    live: 'CREATE TABLE public.c (n int); ALTER TABLE public.c ADD CONSTRAINT c_n_check CHECK (n > 0) NOT VALID;',
    expected: 'CREATE TABLE public.c (n int, CONSTRAINT c_n_check CHECK (n > 0));',
    finds: ['constraint-definition-mismatch'],
  },
  'column-level grants together with a table-level revoke': {
    live: 'CREATE TABLE public.people (id int, name text, ssn text); GRANT SELECT ON public.people TO cv_reader;',
    expected: 'CREATE TABLE public.people (id int, name text, ssn text); GRANT SELECT (id, name) ON public.people TO cv_reader;',
    finds: ['extra-grant', 'missing-grant'],
  },
  'an enum value removed': {
    live: "CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE public.m (id int, mood public.mood DEFAULT 'ok');",
    expected: "CREATE TYPE public.mood AS ENUM ('sad', 'happy'); CREATE TABLE public.m (id int, mood public.mood DEFAULT 'sad');",
    finds: ['enum-values-mismatch', 'column-default-mismatch'],
  },
  // Found by the DDL fuzz (seed 20261201, case 30): the only other user of the enum is a live-only
  // composite type and function, which the same fix drops first, so the swap must not wait for a second run.
  'an enum label added live, while a live-only composite type and function use the enum': {
    live: `CREATE TYPE public.rating AS ENUM ('G', 'PG', 'FZ33'); CREATE TABLE public.film (id int, rating public.rating DEFAULT 'G');
      CREATE TYPE public.fz_t0 AS (a integer, b public.rating);
      CREATE FUNCTION public.fz_f(r public.rating) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;`,
    expected: "CREATE TYPE public.rating AS ENUM ('G', 'PG'); CREATE TABLE public.film (id int, rating public.rating DEFAULT 'G');",
    finds: ['enum-values-mismatch', 'extra-function', 'extra-type'],
  },
  'enum values reordered': {
    live: "CREATE TYPE public.size AS ENUM ('l', 'm', 's'); CREATE TABLE public.shirts (id int, size public.size);",
    expected: "CREATE TYPE public.size AS ENUM ('s', 'm', 'l'); CREATE TABLE public.shirts (id int, size public.size);",
    finds: ['enum-values-mismatch'],
  },
  "a domain's base type": {
    live: 'CREATE DOMAIN public.money_cents AS integer CHECK (VALUE >= 0); CREATE TABLE public.prices (id int, cents public.money_cents);',
    expected: 'CREATE DOMAIN public.money_cents AS bigint CHECK (VALUE >= 0); CREATE TABLE public.prices (id int, cents public.money_cents);',
    finds: ['domain-definition-mismatch'],
  },
  'storage parameters set, changed and reset': {
    live: 'CREATE TABLE public.events (id int PRIMARY KEY) WITH (fillfactor = 90, autovacuum_enabled = false);',
    expected: 'CREATE TABLE public.events (id int PRIMARY KEY) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01);',
    finds: ['table-storage-mismatch'],
  },
  'replica identity FULL and USING INDEX': {
    live: 'CREATE TABLE public.messages (id int PRIMARY KEY, body text); CREATE TABLE public.seen (a int NOT NULL, b int NOT NULL);',
    expected: `CREATE TABLE public.messages (id int PRIMARY KEY, body text); ALTER TABLE public.messages REPLICA IDENTITY FULL;
      CREATE TABLE public.seen (a int NOT NULL, b int NOT NULL); CREATE UNIQUE INDEX seen_a_b ON public.seen (a, b); ALTER TABLE public.seen REPLICA IDENTITY USING INDEX seen_a_b;`,
    finds: ['replica-identity-mismatch', 'missing-index'],
  },
  'a missing table with storage parameters and a replica identity': {
    live: '',
    expected: 'CREATE TABLE public.log (id int PRIMARY KEY) WITH (fillfactor = 50); ALTER TABLE public.log REPLICA IDENTITY NOTHING;',
    finds: ['missing-table'],
  },
  'columns in another order (a notice: no fix, nothing to apply)': {
    live: 'CREATE TABLE public.invoices (id int, total numeric, nit text);',
    expected: 'CREATE TABLE public.invoices (id int, nit text, total numeric);',
    finds: ['column-order-differs'],
  },
  'a missing publication (Supabase Realtime) and an extra one': {
    live: "CREATE TABLE public.messages (id int PRIMARY KEY, room int, body text, private boolean); CREATE TABLE public.rooms (id int PRIMARY KEY); CREATE SCHEMA chat; CREATE TABLE chat.logs (id int PRIMARY KEY); CREATE PUBLICATION debug_all FOR ALL TABLES;",
    expected: "CREATE TABLE public.messages (id int PRIMARY KEY, room int, body text, private boolean); CREATE TABLE public.rooms (id int PRIMARY KEY); CREATE SCHEMA chat; CREATE TABLE chat.logs (id int PRIMARY KEY); CREATE PUBLICATION supabase_realtime FOR TABLE public.messages, public.rooms WITH (publish = 'insert, update'); COMMENT ON PUBLICATION supabase_realtime IS 'realtime';",
    finds: ['missing-publication', 'extra-publication'],
  },
  'a publication with other tables, operations, a column list and a row filter': {
    live: "CREATE TABLE public.messages (id int PRIMARY KEY, room int, body text, private boolean); CREATE TABLE public.rooms (id int PRIMARY KEY); CREATE SCHEMA chat; CREATE TABLE chat.logs (id int PRIMARY KEY); CREATE PUBLICATION realtime FOR TABLE public.messages;",
    expected: "CREATE TABLE public.messages (id int PRIMARY KEY, room int, body text, private boolean); CREATE TABLE public.rooms (id int PRIMARY KEY); CREATE SCHEMA chat; CREATE TABLE chat.logs (id int PRIMARY KEY); CREATE PUBLICATION realtime FOR TABLE public.messages (id, room, body) WHERE (NOT private), TABLE public.rooms WITH (publish = 'insert', publish_via_partition_root = true);",
    finds: ['publication-mismatch'],
  },
  'a publication that should publish all tables, and one that should publish none': {
    live: "CREATE TABLE public.messages (id int PRIMARY KEY, room int, body text, private boolean); CREATE TABLE public.rooms (id int PRIMARY KEY); CREATE SCHEMA chat; CREATE TABLE chat.logs (id int PRIMARY KEY); CREATE PUBLICATION a FOR TABLE public.rooms; CREATE PUBLICATION b FOR TABLE public.rooms, TABLES IN SCHEMA chat;",
    expected: "CREATE TABLE public.messages (id int PRIMARY KEY, room int, body text, private boolean); CREATE TABLE public.rooms (id int PRIMARY KEY); CREATE SCHEMA chat; CREATE TABLE chat.logs (id int PRIMARY KEY); CREATE PUBLICATION a FOR ALL TABLES; CREATE PUBLICATION b;",
    finds: ['publication-mismatch'],
  },
  'extended statistics missing, extra and changed': {
    live: "CREATE TABLE public.orders (id int, city text, zip text, total numeric); CREATE STATISTICS public.s_city_zip (ndistinct) ON city, zip FROM public.orders; CREATE STATISTICS public.s_tmp ON city, total FROM public.orders;",
    expected: "CREATE TABLE public.orders (id int, city text, zip text, total numeric); CREATE STATISTICS public.s_city_zip (dependencies) ON city, zip FROM public.orders; CREATE STATISTICS public.s_total (mcv) ON zip, total FROM public.orders; COMMENT ON STATISTICS public.s_total IS 'planner';",
    finds: ['statistics-definition-mismatch', 'missing-statistics', 'extra-statistics'],
  },
  'extended statistics on a missing table': {
    live: '',
    expected: 'CREATE TABLE public.pairs (a int, b int); CREATE STATISTICS public.pairs_ab ON a, b FROM public.pairs;',
    finds: ['missing-table', 'missing-statistics'],
  },
  'a partition key': {
    live: 'CREATE TABLE public.events (id int, at date, tenant int) PARTITION BY RANGE (at); CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM (\'2026-01-01\') TO (\'2027-01-01\');',
    expected: 'CREATE TABLE public.events (id int, at date, tenant int) PARTITION BY LIST (tenant); CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES IN (1);',
    finds: ['table-partitioning-mismatch'],
    manual: ['extra-table', 'missing-table', 'table-partitioning-mismatch'],
  },
};

/**
 * One object kind: the DDL it needs first (setup), the object as `base`, and the same object with
 * one property changed per `variants` entry. Each kind yields cases for the object missing, extra,
 * and each property changed in both directions (set and unset).
 */
interface KindSpec {
  rule: string;
  setup: string;
  base: string;
  variants: Record<string, string>;
}

const KINDS: Record<string, KindSpec> = {
  'range type': {
    rule: 'range-type',
    setup: `CREATE FUNCTION public.fdiff(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT a - b $$;`,
    base: 'CREATE TYPE public.floatrange AS RANGE (SUBTYPE = float8);',
    variants: {
      subtype: 'CREATE TYPE public.floatrange AS RANGE (SUBTYPE = numeric);',
      'subtype operator class': 'CREATE TYPE public.floatrange AS RANGE (SUBTYPE = text, SUBTYPE_OPCLASS = text_pattern_ops);',
      collation: 'CREATE TYPE public.floatrange AS RANGE (SUBTYPE = text, COLLATION = "C");',
      'subtype_diff function': 'CREATE TYPE public.floatrange AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = public.fdiff);',
      'multirange type name': 'CREATE TYPE public.floatrange AS RANGE (SUBTYPE = float8, MULTIRANGE_TYPE_NAME = public.floatranges);',
    },
  },
  cast: {
    rule: 'cast',
    setup: `CREATE TYPE public.temp AS (c numeric);
      CREATE FUNCTION public.temp_num(t public.temp) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT t.c $$;
      CREATE FUNCTION public.temp_num2(t public.temp) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT t.c * 2 $$;`,
    base: 'CREATE CAST (public.temp AS numeric) WITH FUNCTION public.temp_num(public.temp);',
    variants: {
      function: 'CREATE CAST (public.temp AS numeric) WITH FUNCTION public.temp_num2(public.temp);',
      method: 'CREATE CAST (public.temp AS numeric) WITH INOUT;',
      'context (assignment)': 'CREATE CAST (public.temp AS numeric) WITH FUNCTION public.temp_num(public.temp) AS ASSIGNMENT;',
      'context (implicit)': 'CREATE CAST (public.temp AS numeric) WITH FUNCTION public.temp_num(public.temp) AS IMPLICIT;',
    },
  },
  collation: {
    rule: 'collation',
    setup: '',
    base: "CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);",
    variants: {
      deterministic: "CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2');",
      locale: "CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false);",
      provider: "CREATE COLLATION public.ci (provider = libc, locale = 'C');",
    },
  },
  operator: {
    rule: 'operator',
    setup: `CREATE FUNCTION public.lt_abs(a int, b int) RETURNS bool LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a) < abs(b) $$;
      CREATE FUNCTION public.lt_abs2(a int, b int) RETURNS bool LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a) <= abs(b) $$;`,
    base: 'CREATE OPERATOR public.<<< (FUNCTION = public.lt_abs, LEFTARG = int, RIGHTARG = int);',
    variants: {
      function: 'CREATE OPERATOR public.<<< (FUNCTION = public.lt_abs2, LEFTARG = int, RIGHTARG = int);',
      estimators: 'CREATE OPERATOR public.<<< (FUNCTION = public.lt_abs, LEFTARG = int, RIGHTARG = int, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);',
      commutator: 'CREATE OPERATOR public.<<< (FUNCTION = public.lt_abs, LEFTARG = int, RIGHTARG = int, COMMUTATOR = OPERATOR(public.>>>));',
      negator: 'CREATE OPERATOR public.<<< (FUNCTION = public.lt_abs, LEFTARG = int, RIGHTARG = int, NEGATOR = OPERATOR(public.>>=));',
      'HASHES and MERGES': 'CREATE OPERATOR public.<<< (FUNCTION = public.lt_abs, LEFTARG = int, RIGHTARG = int, HASHES, MERGES);',
      comment: "CREATE OPERATOR public.<<< (FUNCTION = public.lt_abs, LEFTARG = int, RIGHTARG = int); COMMENT ON OPERATOR public.<<< (int, int) IS 'abs';",
    },
  },
  'operator family': {
    rule: 'operator-family',
    setup: '',
    base: 'CREATE OPERATOR FAMILY public.fam USING btree;',
    variants: {
      members: `CREATE OPERATOR FAMILY public.fam USING btree;
        ALTER OPERATOR FAMILY public.fam USING btree ADD OPERATOR 1 pg_catalog.<(integer, bigint), FUNCTION 1 (integer, bigint) pg_catalog.btint48cmp(integer, bigint);`,
    },
  },
  'operator class': {
    rule: 'operator-class',
    setup: `CREATE TYPE public.mood AS ENUM ('sad', 'happy');
      CREATE FUNCTION public.mood_cmp(a public.mood, b public.mood) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT enum_cmp(a, b) $$;
      CREATE FUNCTION public.mood_cmp_rev(a public.mood, b public.mood) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT enum_cmp(b, a) $$;
      CREATE FUNCTION public.mood_lt(a public.mood, b public.mood) RETURNS bool LANGUAGE sql IMMUTABLE AS $$ SELECT a < b $$;
      CREATE FUNCTION public.mood_gt(a public.mood, b public.mood) RETURNS bool LANGUAGE sql IMMUTABLE AS $$ SELECT a > b $$;
      CREATE OPERATOR public.<<< (FUNCTION = public.mood_lt, LEFTARG = public.mood, RIGHTARG = public.mood);
      CREATE OPERATOR public.>>> (FUNCTION = public.mood_gt, LEFTARG = public.mood, RIGHTARG = public.mood);
      CREATE OPERATOR FAMILY public.mood_fam USING btree;`,
    base: 'CREATE OPERATOR CLASS public.mood_ops FOR TYPE public.mood USING btree AS OPERATOR 1 public.<<<, FUNCTION 1 public.mood_cmp(public.mood, public.mood);',
    variants: {
      'support function': 'CREATE OPERATOR CLASS public.mood_ops FOR TYPE public.mood USING btree AS OPERATOR 1 public.<<<, FUNCTION 1 public.mood_cmp_rev(public.mood, public.mood);',
      // An operator on other types (anyenum) would be a loose member of the family, not of the class.
      operators: 'CREATE OPERATOR CLASS public.mood_ops FOR TYPE public.mood USING btree AS OPERATOR 1 public.<<<, OPERATOR 5 public.>>>, FUNCTION 1 public.mood_cmp(public.mood, public.mood);',
      default: 'CREATE OPERATOR CLASS public.mood_ops DEFAULT FOR TYPE public.mood USING btree AS OPERATOR 1 public.<<<, FUNCTION 1 public.mood_cmp(public.mood, public.mood);',
      family: 'CREATE OPERATOR CLASS public.mood_ops FOR TYPE public.mood USING btree FAMILY public.mood_fam AS OPERATOR 1 public.<<<, FUNCTION 1 public.mood_cmp(public.mood, public.mood);',
    },
  },
};

function kindCases(): Record<string, Case> {
  const out: Record<string, Case> = {};
  for (const [kind, k] of Object.entries(KINDS)) {
    out[`${kind}: missing`] = { live: k.setup, expected: `${k.setup}\n${k.base}`, finds: [`missing-${k.rule}`] };
    out[`${kind}: extra`] = { live: `${k.setup}\n${k.base}`, expected: k.setup, finds: [`extra-${k.rule}`] };
    for (const [property, variant] of Object.entries(k.variants)) {
      const rule = property === 'comment' ? 'comment-mismatch' : `${k.rule}-definition-mismatch`;
      const back = property === 'comment' ? 'extra-comment' : rule;
      out[`${kind}: ${property} set`] = { live: `${k.setup}\n${k.base}`, expected: `${k.setup}\n${variant}`, finds: [rule] };
      out[`${kind}: ${property} unset`] = { live: `${k.setup}\n${variant}`, expected: `${k.setup}\n${k.base}`, finds: [back] };
    }
  }
  return out;
}

Object.assign(cases, kindCases(), {
  // Dependency order: names sort the wrong way round on purpose (aa_ uses zz_).
  'a range type with a subtype_diff function, used by table columns': {
    live: '',
    expected: `CREATE FUNCTION public.zz_diff(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT a - b $$;
      CREATE TYPE public.aa_range AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = public.zz_diff);
      CREATE TABLE public.aa_bookings (id int PRIMARY KEY, during public.aa_range, spans public.aa_multirange);`,
    finds: ['missing-function', 'missing-range-type', 'missing-table'],
  },
  'an operator class using functions and an operator, used by an index': {
    live: '',
    expected: `CREATE FUNCTION public.zz_cmp(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN abs(a) < abs(b) THEN -1 WHEN abs(a) > abs(b) THEN 1 ELSE 0 END $$;
      CREATE FUNCTION public.zz_lt(a int, b int) RETURNS bool LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a) < abs(b) $$;
      CREATE OPERATOR public.<<< (FUNCTION = public.zz_lt, LEFTARG = int, RIGHTARG = int);
      CREATE OPERATOR CLASS public.aa_abs_ops FOR TYPE int USING btree AS OPERATOR 1 public.<<<, FUNCTION 1 public.zz_cmp(int, int);
      CREATE TABLE public.aa_nums (n int);
      CREATE INDEX aa_nums_abs ON public.aa_nums (n public.aa_abs_ops);`,
    finds: ['missing-function', 'missing-operator', 'missing-operator-class', 'missing-operator-family', 'missing-table'],
  },
  'a cast using a function': {
    live: '',
    expected: `CREATE TYPE public.zz_temp AS (c numeric);
      CREATE FUNCTION public.zz_temp_num(t public.zz_temp) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT t.c $$;
      CREATE CAST (public.zz_temp AS numeric) WITH FUNCTION public.zz_temp_num(public.zz_temp) AS ASSIGNMENT;
      COMMENT ON CAST (public.zz_temp AS numeric) IS 'temperature';`,
    finds: ['missing-type', 'missing-function', 'missing-cast'],
  },
  'an aggregate using its state, final, moving and inverse functions and a sort operator': {
    live: '',
    expected: `CREATE FUNCTION public.zz_step(s int, v int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT greatest(s, v) $$;
      CREATE FUNCTION public.zz_add(s bigint, v int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT s + v $$;
      CREATE FUNCTION public.zz_sub(s bigint, v int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT s - v $$;
      CREATE FUNCTION public.zz_done(s bigint) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT s::int $$;
      CREATE AGGREGATE public.aa_max(int) (SFUNC = public.zz_step, STYPE = int, SORTOP = >);
      CREATE AGGREGATE public.aa_sum(int) (SFUNC = public.zz_add, STYPE = bigint, INITCOND = '0', FINALFUNC = public.zz_done,
        MSFUNC = public.zz_add, MINVFUNC = public.zz_sub, MSTYPE = bigint, MINITCOND = '0', MFINALFUNC = public.zz_done);`,
    finds: ['missing-function'],
  },
  'an aggregate whose moving-aggregate functions differ': {
    live: `CREATE FUNCTION public.add(s bigint, v int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT s + v $$;
      CREATE FUNCTION public.sub(s bigint, v int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT s - v $$;
      CREATE AGGREGATE public.total(int) (SFUNC = public.add, STYPE = bigint, INITCOND = '0');`,
    expected: `CREATE FUNCTION public.add(s bigint, v int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT s + v $$;
      CREATE FUNCTION public.sub(s bigint, v int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT s - v $$;
      CREATE AGGREGATE public.total(int) (SFUNC = public.add, STYPE = bigint, INITCOND = '0', MSFUNC = public.add, MINVFUNC = public.sub, MSTYPE = bigint, MINITCOND = '0');`,
    finds: ['function-definition-mismatch'],
  },
  'a collation used by a column and a unique constraint': {
    live: '',
    expected: `CREATE COLLATION public.zz_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
      CREATE TABLE public.aa_users (id int PRIMARY KEY, email text COLLATE public.zz_ci UNIQUE);`,
    finds: ['missing-collation', 'missing-table'],
  },
  // Drop order, the other way round: the live database has all of it, the expected schema none.
  'dropped: a range type with a subtype_diff function, used by table columns, and an operator class used by an index': {
    live: `CREATE FUNCTION public.zz_diff(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT a - b $$;
      CREATE TYPE public.aa_range AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = public.zz_diff);
      CREATE TABLE public.aa_bookings (id int PRIMARY KEY, during public.aa_range, spans public.aa_multirange);
      CREATE FUNCTION public.zz_cmp(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT btint4cmp(a, b) $$;
      CREATE FUNCTION public.zz_lt(a int, b int) RETURNS bool LANGUAGE sql IMMUTABLE AS $$ SELECT a < b $$;
      CREATE FUNCTION public.zz_gt(a int, b int) RETURNS bool LANGUAGE sql IMMUTABLE AS $$ SELECT a > b $$;
      CREATE OPERATOR public.<<< (FUNCTION = public.zz_lt, LEFTARG = int, RIGHTARG = int, COMMUTATOR = OPERATOR(public.>>>));
      CREATE OPERATOR public.>>> (FUNCTION = public.zz_gt, LEFTARG = int, RIGHTARG = int, COMMUTATOR = OPERATOR(public.<<<));
      CREATE OPERATOR CLASS public.aa_ops FOR TYPE int USING btree AS OPERATOR 1 public.<<<, OPERATOR 5 public.>>>, FUNCTION 1 public.zz_cmp(int, int);
      CREATE INDEX aa_bookings_id ON public.aa_bookings (id public.aa_ops);
      CREATE TYPE public.zz_temp AS (c numeric);
      CREATE FUNCTION public.zz_temp_num(t public.zz_temp) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT t.c $$;
      CREATE CAST (public.zz_temp AS numeric) WITH FUNCTION public.zz_temp_num(public.zz_temp);
      CREATE COLLATION public.zz_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
      CREATE TABLE public.aa_users (id int PRIMARY KEY, email text COLLATE public.zz_ci UNIQUE);`,
    expected: '',
    finds: ['extra-range-type', 'extra-operator-class', 'extra-operator-family', 'extra-operator', 'extra-cast', 'extra-collation', 'extra-table', 'extra-function'],
  },
  // No safe automatic fix: the object is in use, so the finding says what to do by hand.
  "a range type's subtype while a column uses it": {
    live: 'CREATE TYPE public.span AS RANGE (SUBTYPE = float8); CREATE TABLE public.slots (id int, during public.span);',
    expected: 'CREATE TYPE public.span AS RANGE (SUBTYPE = numeric); CREATE TABLE public.slots (id int, during public.span);',
    finds: ['range-type-definition-mismatch'],
    manual: ['range-type-definition-mismatch'],
  },
  'a collation while a column uses it': {
    live: "CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2'); CREATE TABLE public.people (name text COLLATE public.ci);",
    expected: "CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false); CREATE TABLE public.people (name text COLLATE public.ci);",
    finds: ['collation-definition-mismatch'],
    manual: ['collation-definition-mismatch'],
  },
  'an operator class while an index uses it': {
    live: `CREATE FUNCTION public.c1(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT btint4cmp(a, b) $$;
      CREATE FUNCTION public.c2(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT btint4cmp(b, a) $$;
      CREATE OPERATOR CLASS public.o FOR TYPE int USING btree AS OPERATOR 1 <, FUNCTION 1 public.c1(int, int);
      CREATE TABLE public.n (v int); CREATE INDEX n_v ON public.n (v public.o);`,
    expected: `CREATE FUNCTION public.c1(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT btint4cmp(a, b) $$;
      CREATE FUNCTION public.c2(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT btint4cmp(b, a) $$;
      CREATE OPERATOR CLASS public.o FOR TYPE int USING btree AS OPERATOR 1 <, FUNCTION 1 public.c2(int, int);
      CREATE TABLE public.n (v int); CREATE INDEX n_v ON public.n (v public.o);`,
    finds: ['operator-class-definition-mismatch'],
    manual: ['operator-class-definition-mismatch'],
  },
  // Found by the DDL fuzz (seed 7): an identity column cannot be added to a table that already has children.
  'an identity column added to a parent, and a new table that inherits from it': {
    live: 'CREATE TABLE public.zz_parent (id int);',
    expected: `CREATE TABLE public.zz_parent (id int, n bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5));
      CREATE TABLE public.aa_child (extra text) INHERITS (public.zz_parent);`,
    finds: ['missing-column', 'missing-table'],
  },
  // Found by the DDL fuzz (seed -105374528): the statistics went after the table that held them,
  // so DROP STATISTICS IF EXISTS printed a NOTICE; a publication's DROP TABLE would fail the same way.
  'a dropped table with extended statistics, in a publication that keeps another table': {
    live: `CREATE TABLE public.keep (id int PRIMARY KEY); CREATE TABLE public.gone (a int, b int);
      CREATE STATISTICS public.gone_ab (dependencies) ON a, b FROM public.gone;
      CREATE PUBLICATION pub FOR TABLE public.keep, public.gone;`,
    expected: 'CREATE TABLE public.keep (id int PRIMARY KEY); CREATE PUBLICATION pub FOR TABLE public.keep;',
    finds: ['extra-table', 'extra-statistics', 'publication-mismatch'],
  },
  'a dropped table with extended statistics, in a publication left empty': {
    live: `CREATE TABLE public.gone (a int, b int); CREATE STATISTICS public.gone_ab (dependencies) ON a, b FROM public.gone;
      CREATE PUBLICATION pub FOR TABLE public.gone;`,
    expected: 'CREATE PUBLICATION pub;',
    finds: ['extra-table', 'extra-statistics', 'publication-mismatch'],
  },
  // Found by the DDL fuzz (seed 1356633938): SET TABLE public.film also published film's
  // inheritance child, which the expected publication did not have.
  'a publication of a table that has an inheritance child it does not publish': {
    live: 'CREATE TABLE public.p (id int); CREATE TABLE public.other (id int); CREATE TABLE public.c () INHERITS (public.p); CREATE PUBLICATION pub FOR TABLE public.other;',
    expected: 'CREATE TABLE public.p (id int); CREATE TABLE public.other (id int); CREATE PUBLICATION pub FOR TABLE public.p; CREATE TABLE public.c () INHERITS (public.p); CREATE PUBLICATION pub2 FOR TABLE public.p;',
    finds: ['publication-mismatch', 'missing-publication'],
  },
  // Also found by it: an identity column's sequence options were not compared.
  'the sequence options of an identity column': {
    live: 'CREATE TABLE public.counters (id int, n bigint GENERATED BY DEFAULT AS IDENTITY, m smallint GENERATED ALWAYS AS IDENTITY (MAXVALUE 1000 CYCLE));',
    expected: 'CREATE TABLE public.counters (id int, n bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5 CACHE 3), m smallint GENERATED BY DEFAULT AS IDENTITY);',
    finds: ['column-identity-mismatch'],
  },
  'an identity column that counts the other way': {
    live: 'CREATE TABLE public.counters (id int, n integer GENERATED ALWAYS AS IDENTITY (INCREMENT BY -1));',
    expected: 'CREATE TABLE public.counters (id int, n integer GENERATED ALWAYS AS IDENTITY);',
    finds: ['column-identity-mismatch'],
    manual: ['column-identity-mismatch'],
  },
  // Found by the DDL fuzz (seed 750812797): DROP TABLE of the parent failed, its child still inherited from it.
  'two extra tables, one inheriting from the other': {
    live: 'CREATE TABLE public.pa (id int); CREATE TABLE public.pa_child (extra text) INHERITS (public.pa);',
    expected: 'CREATE TABLE public.other (id int);',
    finds: ['extra-table'],
  },
  // Also found by it (seed 750812797): dropping the parent's CHECK drops the child's inherited copy,
  // so a second DROP CONSTRAINT IF EXISTS on the child only printed a NOTICE.
  'an extra CHECK on a table with an inheritance child': {
    live: 'CREATE TABLE public.pa (id int); CREATE TABLE public.pa_child (extra text) INHERITS (public.pa); ALTER TABLE public.pa ADD CONSTRAINT k CHECK (id IS NOT NULL);',
    expected: 'CREATE TABLE public.pa (id int); CREATE TABLE public.pa_child (extra text) INHERITS (public.pa);',
    finds: ['extra-constraint'],
  },
  'an identity column with sequence options, missing': {
    live: 'CREATE TABLE public.counters (id int);',
    expected: 'CREATE TABLE public.counters (id int, n integer GENERATED ALWAYS AS IDENTITY (MINVALUE 10 MAXVALUE 1000 START WITH 20));',
    finds: ['missing-column'],
  },
} satisfies Record<string, Case>);

describe('the fix script applies with psql -v ON_ERROR_STOP=1 and a re-run is empty', async () => {
  const { adminQuery } = await import('../../../test/harness/db.ts');
  await adminQuery("DO $$ BEGIN CREATE ROLE cv_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  for (const [name, c] of Object.entries(cases)) {
    test(name, async () => {
      const live = await database(c.live);
      const expected = await database(c.expected);
      await expectConverges(name, c, live, expected, { dir, expectedWarnings });
    });
  }
});
