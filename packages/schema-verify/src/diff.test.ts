/**
 * Diff + fix SQL against a real PostgreSQL 15: every mutation of a rich base schema is detected
 * with the right rule and object, and applying fixScript to the live database makes a second
 * diff come back empty (errors and warnings).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding } from '@preflight/core';
import { adminQuery, createDatabase, urlFor, type TestDatabase, withTestClient } from '../../../test/harness/db.ts';
import { introspect } from './introspect.ts';
import { diffSchemas } from './diff.ts';
import { fixScript } from './fix-order.ts';
import { RULE_IDS } from './rules.ts';
import type { SchemaModel } from './model.ts';

const BASE = `
DO $$ BEGIN CREATE ROLE sv_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE SCHEMA app;
CREATE SCHEMA audit;
COMMENT ON SCHEMA app IS 'application';
CREATE TYPE app.status AS ENUM ('draft', 'sent', 'paid');
CREATE DOMAIN app.positive AS numeric CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE DOMAIN app."bıgınt" AS bigint;
CREATE TYPE app.money_pair AS (amount numeric, currency text);
CREATE SEQUENCE app.invoice_no_seq START 1000;
CREATE SEQUENCE app.ticket_seq;
CREATE TABLE app.customers (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  email text COLLATE "C" UNIQUE,
  tenant_id integer NOT NULL
);
CREATE TABLE app.invoices (
  id bigserial PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES app.customers (id) ON DELETE CASCADE,
  number integer NOT NULL DEFAULT nextval('app.invoice_no_seq'),
  status app.status NOT NULL DEFAULT 'draft',
  total numeric(12,2) NOT NULL CHECK (total >= 0),
  nit varchar(20),
  total_cents bigint GENERATED ALWAYS AS ((total * 100)::bigint) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  during tstzrange,
  EXCLUDE USING gist (customer_id WITH =, during WITH &&)
);
CREATE INDEX idx_invoices_nit ON app.invoices (nit);
CREATE INDEX idx_invoices_open ON app.invoices (customer_id) WHERE status <> 'paid';
CREATE INDEX idx_invoices_lower_nit ON app.invoices (lower(nit));
CREATE TABLE app.events (id bigint NOT NULL, at date NOT NULL, payload jsonb, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX idx_events_payload ON app.events USING gin (payload);
CREATE UNLOGGED TABLE app.cache (k text PRIMARY KEY, v text);
CREATE TABLE app."Mixed Case" ("Weird Col" app."bıgınt", "select" integer);
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
CREATE FUNCTION app.invoice_total(p_customer integer) RETURNS numeric LANGUAGE sql STABLE
  AS $$ SELECT coalesce(sum(total), 0) FROM app.invoices WHERE customer_id = p_customer $$;
CREATE PROCEDURE app.archive(p_before date) LANGUAGE sql AS $$ DELETE FROM app.events WHERE at < p_before $$;
CREATE AGGREGATE app.concat_all(text) (SFUNC = textcat, STYPE = text, INITCOND = '');
CREATE TRIGGER invoices_touch BEFORE INSERT ON app.invoices FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE VIEW app.invoice_nits AS SELECT id, nit FROM app.invoices;
CREATE VIEW app.open_invoices AS SELECT id, customer_id, total FROM app.invoices WHERE status <> 'paid';
CREATE VIEW app.open_totals AS SELECT customer_id, sum(total) AS total FROM app.open_invoices GROUP BY customer_id;
CREATE MATERIALIZED VIEW app.customer_totals AS SELECT customer_id, sum(total) AS total FROM app.invoices GROUP BY customer_id;
CREATE UNIQUE INDEX customer_totals_pk ON app.customer_totals (customer_id);
ALTER TABLE app.customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.customers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.customers USING (tenant_id = current_setting('app.tenant')::integer);
COMMENT ON TABLE app.invoices IS 'Invoices';
COMMENT ON COLUMN app.invoices.nit IS 'Tax id';
COMMENT ON FUNCTION app.invoice_total(integer) IS 'Sum of a customer''s invoices';
GRANT USAGE ON SCHEMA app TO sv_reader;
GRANT SELECT ON app.invoices TO sv_reader;
GRANT SELECT (name) ON app.customers TO sv_reader;
REVOKE EXECUTE ON FUNCTION app.invoice_total(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.invoice_total(integer) TO sv_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO sv_reader;
`;

interface Mutation {
  name: string;
  /** Applied to the live copy. */
  live?: string;
  /** Applied to the expected copy (for differences live SQL cannot produce, like a missing enum label). */
  expected?: string;
  rule: string;
  object: string;
  /** Some differences have no automatic fix (e.g. the base type of a domain). */
  noFix?: boolean;
}

const MUTATIONS: Mutation[] = [
  { name: 'schema missing', live: 'DROP SCHEMA audit', rule: 'missing-schema', object: 'audit' },
  { name: 'schema extra', live: 'CREATE SCHEMA tmp', rule: 'extra-schema', object: 'tmp' },
  { name: 'extension missing', live: 'DROP EXTENSION hstore', rule: 'missing-extension', object: 'hstore' },
  { name: 'extension extra', live: 'CREATE EXTENSION pg_trgm', rule: 'extra-extension', object: 'pg_trgm' },
  { name: 'table missing', live: 'DROP TABLE app.cache', rule: 'missing-table', object: 'app.cache' },
  { name: 'table extra', live: 'CREATE TABLE app.tmp_x (id int PRIMARY KEY, c int REFERENCES app.customers(id))', rule: 'extra-table', object: 'app.tmp_x' },
  { name: 'partition missing', live: 'DROP TABLE app.events_2025', rule: 'missing-table', object: 'app.events_2025' },
  { name: 'partitioned table missing', live: 'DROP PROCEDURE app.archive(date); DROP TABLE app.events', rule: 'missing-table', object: 'app.events' },
  { name: 'partition bound', live: "ALTER TABLE app.events DETACH PARTITION app.events_2025; ALTER TABLE app.events ATTACH PARTITION app.events_2025 FOR VALUES FROM ('2025-01-01') TO ('2025-07-01')", rule: 'table-partitioning-mismatch', object: 'app.events_2025' },
  { name: 'unlogged', live: 'ALTER TABLE app.cache SET LOGGED', rule: 'table-persistence-mismatch', object: 'app.cache' },
  { name: 'column missing', live: 'ALTER TABLE app.invoices DROP COLUMN nit CASCADE', rule: 'missing-column', object: 'app.invoices.nit' },
  { name: 'column missing (quoted names)', live: 'ALTER TABLE app."Mixed Case" DROP COLUMN "Weird Col"', rule: 'missing-column', object: 'app.Mixed Case.Weird Col' },
  { name: 'column missing on partitioned table', live: 'ALTER TABLE app.events DROP COLUMN payload', rule: 'missing-column', object: 'app.events.payload' },
  { name: 'column extra', live: 'ALTER TABLE app.invoices ADD COLUMN legacy text', rule: 'extra-column', object: 'app.invoices.legacy' },
  { name: 'column type', live: 'ALTER TABLE app.customers ALTER COLUMN name TYPE varchar(100)', rule: 'column-type-mismatch', object: 'app.customers.name' },
  { name: 'column type under a view', live: 'DROP VIEW app.invoice_nits; ALTER TABLE app.invoices ALTER COLUMN nit TYPE varchar(40); CREATE VIEW app.invoice_nits AS SELECT id, nit FROM app.invoices', rule: 'column-type-mismatch', object: 'app.invoices.nit' },
  { name: 'column collation', live: 'ALTER TABLE app.customers ALTER COLUMN email TYPE text COLLATE "POSIX"', rule: 'column-collation-mismatch', object: 'app.customers.email' },
  { name: 'column nullability', live: 'ALTER TABLE app.invoices ALTER COLUMN created_at DROP NOT NULL', rule: 'column-nullability-mismatch', object: 'app.invoices.created_at' },
  { name: 'column nullability on partitions', live: 'ALTER TABLE app.events ALTER COLUMN payload SET NOT NULL', rule: 'column-nullability-mismatch', object: 'app.events.payload' },
  { name: 'column default', live: "ALTER TABLE app.invoices ALTER COLUMN status SET DEFAULT 'sent'", rule: 'column-default-mismatch', object: 'app.invoices.status' },
  { name: 'column default missing', live: 'ALTER TABLE app.invoices ALTER COLUMN created_at DROP DEFAULT', rule: 'column-default-mismatch', object: 'app.invoices.created_at' },
  { name: 'identity kind', live: 'ALTER TABLE app.customers ALTER COLUMN id SET GENERATED BY DEFAULT', rule: 'column-identity-mismatch', object: 'app.customers.id' },
  { name: 'identity dropped', live: 'ALTER TABLE app.customers ALTER COLUMN id DROP IDENTITY', rule: 'column-identity-mismatch', object: 'app.customers.id' },
  { name: 'generated column type', live: 'ALTER TABLE app.invoices ALTER COLUMN total_cents TYPE integer', rule: 'column-type-mismatch', object: 'app.invoices.total_cents' },
  { name: 'generated column', live: 'ALTER TABLE app.invoices ALTER COLUMN total_cents DROP EXPRESSION', rule: 'column-generated-mismatch', object: 'app.invoices.total_cents' },
  { name: 'check constraint missing', live: 'ALTER TABLE app.invoices DROP CONSTRAINT invoices_total_check', rule: 'missing-constraint', object: 'app.invoices.invoices_total_check' },
  { name: 'primary key missing', live: 'ALTER TABLE app.cache DROP CONSTRAINT cache_pkey', rule: 'missing-constraint', object: 'app.cache.cache_pkey' },
  { name: 'primary key on partitioned table missing', live: 'ALTER TABLE app.events DROP CONSTRAINT events_pkey', rule: 'missing-constraint', object: 'app.events.events_pkey' },
  { name: 'exclusion constraint missing', live: 'ALTER TABLE app.invoices DROP CONSTRAINT invoices_customer_id_during_excl', rule: 'missing-constraint', object: 'app.invoices.invoices_customer_id_during_excl' },
  { name: 'unique constraint extra', live: 'ALTER TABLE app.invoices ADD CONSTRAINT invoices_number_key UNIQUE (number)', rule: 'extra-constraint', object: 'app.invoices.invoices_number_key' },
  { name: 'foreign key differs', live: 'ALTER TABLE app.invoices DROP CONSTRAINT invoices_customer_id_fkey; ALTER TABLE app.invoices ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES app.customers (id)', rule: 'constraint-definition-mismatch', object: 'app.invoices.invoices_customer_id_fkey' },
  { name: 'primary key referenced by FK differs', live: 'ALTER TABLE app.invoices DROP CONSTRAINT invoices_customer_id_fkey; ALTER TABLE app.customers DROP CONSTRAINT customers_pkey; ALTER TABLE app.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id, tenant_id); ALTER TABLE app.customers ADD CONSTRAINT customers_id_key UNIQUE (id); ALTER TABLE app.invoices ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES app.customers (id) ON DELETE CASCADE', rule: 'constraint-definition-mismatch', object: 'app.customers.customers_pkey' },
  { name: 'partial index missing', live: 'DROP INDEX app.idx_invoices_open', rule: 'missing-index', object: 'app.idx_invoices_open' },
  { name: 'expression index differs', live: 'DROP INDEX app.idx_invoices_lower_nit; CREATE INDEX idx_invoices_lower_nit ON app.invoices (upper(nit))', rule: 'index-definition-mismatch', object: 'app.idx_invoices_lower_nit' },
  { name: 'partitioned index missing', live: 'DROP INDEX app.idx_events_payload', rule: 'missing-index', object: 'app.idx_events_payload' },
  { name: 'index extra', live: 'CREATE INDEX tmp_idx ON app.invoices (created_at)', rule: 'extra-index', object: 'app.tmp_idx' },
  { name: 'view missing', live: 'DROP VIEW app.open_totals', rule: 'missing-view', object: 'app.open_totals' },
  { name: 'view differs', live: "CREATE OR REPLACE VIEW app.open_invoices AS SELECT id, customer_id, total FROM app.invoices WHERE status = 'draft'", rule: 'view-definition-mismatch', object: 'app.open_invoices' },
  { name: 'view differs in columns (with dependent view)', live: "DROP VIEW app.open_invoices CASCADE; CREATE VIEW app.open_invoices AS SELECT id, total, customer_id FROM app.invoices WHERE status <> 'paid'", rule: 'view-definition-mismatch', object: 'app.open_invoices' },
  { name: 'materialized view differs', live: 'DROP MATERIALIZED VIEW app.customer_totals; CREATE MATERIALIZED VIEW app.customer_totals AS SELECT customer_id, count(*) AS total FROM app.invoices GROUP BY customer_id', rule: 'view-definition-mismatch', object: 'app.customer_totals' },
  { name: 'view extra', live: 'CREATE VIEW app.tmp_v AS SELECT 1 AS one', rule: 'extra-view', object: 'app.tmp_v' },
  { name: 'procedure missing', live: 'DROP PROCEDURE app.archive(date)', rule: 'missing-function', object: 'app.archive(date)' },
  { name: 'function differs', live: 'CREATE OR REPLACE FUNCTION app.invoice_total(p_customer integer) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT 0::numeric $$', rule: 'function-definition-mismatch', object: 'app.invoice_total(integer)' },
  { name: 'aggregate missing', live: 'DROP AGGREGATE app.concat_all(text)', rule: 'missing-function', object: 'app.concat_all(text)' },
  { name: 'function extra', live: "CREATE FUNCTION app.tmp_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'", rule: 'extra-function', object: 'app.tmp_fn()' },
  { name: 'trigger missing', live: 'DROP TRIGGER invoices_touch ON app.invoices', rule: 'missing-trigger', object: 'app.invoices.invoices_touch' },
  { name: 'trigger disabled', live: 'ALTER TABLE app.invoices DISABLE TRIGGER invoices_touch', rule: 'trigger-enabled-mismatch', object: 'app.invoices.invoices_touch' },
  { name: 'trigger differs', live: 'DROP TRIGGER invoices_touch ON app.invoices; CREATE TRIGGER invoices_touch BEFORE UPDATE ON app.invoices FOR EACH ROW EXECUTE FUNCTION app.touch()', rule: 'trigger-definition-mismatch', object: 'app.invoices.invoices_touch' },
  { name: 'sequence missing', live: 'DROP SEQUENCE app.ticket_seq', rule: 'missing-sequence', object: 'app.ticket_seq' },
  { name: 'sequence attributes', live: 'ALTER SEQUENCE app.invoice_no_seq INCREMENT BY 5 CACHE 10 CYCLE', rule: 'sequence-mismatch', object: 'app.invoice_no_seq' },
  { name: 'sequence owned by', live: 'ALTER SEQUENCE app.invoices_id_seq OWNED BY NONE', rule: 'sequence-owned-by-mismatch', object: 'app.invoices_id_seq' },
  { name: 'enum label missing', expected: "ALTER TYPE app.status ADD VALUE 'void' BEFORE 'paid'", rule: 'enum-values-mismatch', object: 'app.status' },
  { name: 'domain missing', live: 'DROP DOMAIN app.positive', rule: 'missing-type', object: 'app.positive' },
  { name: 'domain constraint', live: 'ALTER DOMAIN app.positive DROP CONSTRAINT positive_check', rule: 'domain-definition-mismatch', object: 'app.positive' },
  { name: 'composite type', live: 'ALTER TYPE app.money_pair ADD ATTRIBUTE note text', rule: 'type-definition-mismatch', object: 'app.money_pair' },
  { name: 'type extra', live: "CREATE TYPE app.tmp_kind AS ENUM ('a')", rule: 'extra-type', object: 'app.tmp_kind' },
  { name: 'rls disabled', live: 'ALTER TABLE app.customers DISABLE ROW LEVEL SECURITY', rule: 'rls-disabled', object: 'app.customers' },
  { name: 'rls not forced', live: 'ALTER TABLE app.customers NO FORCE ROW LEVEL SECURITY', rule: 'rls-not-forced', object: 'app.customers' },
  { name: 'policy missing', live: 'DROP POLICY tenant_isolation ON app.customers', rule: 'missing-policy', object: 'app.customers.tenant_isolation' },
  { name: 'policy differs', live: 'ALTER POLICY tenant_isolation ON app.customers USING (true)', rule: 'policy-definition-mismatch', object: 'app.customers.tenant_isolation' },
  { name: 'policy extra', live: 'CREATE POLICY tmp_p ON app.customers FOR SELECT TO sv_reader USING (true)', rule: 'extra-policy', object: 'app.customers.tmp_p' },
  { name: 'column comment missing', live: 'COMMENT ON COLUMN app.invoices.nit IS NULL', rule: 'comment-mismatch', object: 'app.invoices.nit' },
  { name: 'table comment differs', live: "COMMENT ON TABLE app.invoices IS 'Bills'", rule: 'comment-mismatch', object: 'app.invoices' },
  { name: 'function comment missing', live: 'COMMENT ON FUNCTION app.invoice_total(integer) IS NULL', rule: 'comment-mismatch', object: 'app.invoice_total(integer)' },
  { name: 'trigger comment extra', live: "COMMENT ON TRIGGER invoices_touch ON app.invoices IS 'x'", rule: 'extra-comment', object: 'app.invoices.invoices_touch' },
  { name: 'index comment extra', live: "COMMENT ON INDEX app.idx_invoices_nit IS 'x'", rule: 'extra-comment', object: 'app.idx_invoices_nit' },
  { name: 'table grant missing', live: 'REVOKE SELECT ON app.invoices FROM sv_reader', rule: 'missing-grant', object: 'app.invoices' },
  { name: 'column grant missing', live: 'REVOKE SELECT (name) ON app.customers FROM sv_reader', rule: 'missing-grant', object: 'app.customers.name' },
  { name: 'schema grant missing', live: 'REVOKE USAGE ON SCHEMA app FROM sv_reader', rule: 'missing-grant', object: 'app' },
  { name: 'function grant extra', live: 'GRANT EXECUTE ON FUNCTION app.invoice_total(integer) TO PUBLIC', rule: 'extra-grant', object: 'app.invoice_total(integer)' },
  { name: 'sequence grant extra', live: 'GRANT USAGE ON SEQUENCE app.ticket_seq TO sv_reader WITH GRANT OPTION', rule: 'extra-grant', object: 'app.ticket_seq' },
  { name: 'type grant missing', live: 'REVOKE USAGE ON TYPE app.status FROM PUBLIC', rule: 'missing-grant', object: 'app.status' },
  { name: 'default privileges missing', live: 'ALTER DEFAULT PRIVILEGES IN SCHEMA app REVOKE SELECT ON TABLES FROM sv_reader', rule: 'missing-default-privilege', object: 'app.default-privileges(postgres, tables)' },
  { name: 'default privileges (database-wide) differ', live: 'ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC', rule: 'missing-default-privilege', object: 'default-privileges(postgres, functions)' },
];

// ---------- helpers ----------

const modelOf = (url: string) => withTestClient(url, (c) => introspect(c, {}));

let copies = 0;
async function copyOf(template: TestDatabase, sql?: string): Promise<TestDatabase> {
  const name = `${template.name.slice(0, 40)}_c${++copies}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template.name}"`);
  const url = urlFor(name);
  const db: TestDatabase = {
    name,
    url,
    sql: (text, params) => withTestClient(url, async (c) => {
      const r: any = await c.query(text, params);
      return Array.isArray(r) ? r[r.length - 1].rows : r.rows;
    }),
    drop: async () => void (await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
  if (sql) await db.sql(sql);
  return db;
}

function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.rule} ${f.object}: ${f.message}`);
}

/** Applies the fix script to `live` and returns what still differs. */
async function fixAndRediff(expected: SchemaModel, live: TestDatabase, findings: Finding[]): Promise<Finding[]> {
  const script = fixScript(findings);
  try {
    await live.sql(script);
  } catch (error) {
    throw new Error(`fix script failed: ${(error as Error).message}\n${script}`);
  }
  // A column the fix adds goes to the end: the column-order notice that may follow is information, not drift.
  return diffSchemas(expected, await modelOf(live.url)).filter((f) => f.severity !== 'notice');
}

// ---------- tests ----------

let base: TestDatabase;
let baseModel: SchemaModel;

beforeAll(async () => {
  base = await createDatabase('sv_base', BASE);
  baseModel = await modelOf(base.url);
});
afterAll(async () => {
  await base?.drop();
});

describe('diffSchemas', () => {
  test('identical schemas give zero findings', async () => {
    const copy = await copyOf(base);
    try {
      expect(summary(diffSchemas(baseModel, await modelOf(copy.url)))).toEqual([]);
      expect(fixScript([])).toBe('');
    } finally {
      await copy.drop();
    }
  });

  test('the invoices incident: missing column and index, with the exact fix', async () => {
    const expected = await createDatabase('sv_inc_e', `
      CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL, nit VARCHAR(20));
      CREATE INDEX idx_invoices_nit ON invoices (nit);
      CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);`);
    const live = await createDatabase('sv_inc_l', `
      CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);
      CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);`);
    try {
      const exp = await modelOf(expected.url);
      const findings = diffSchemas(exp, await modelOf(live.url));
      expect(findings).toEqual([
        {
          rule: 'missing-column',
          severity: 'error',
          object: 'public.invoices.nit',
          message: 'Column public.invoices.nit (character varying(20)) is missing in the live database.',
          fix: 'ALTER TABLE public.invoices ADD COLUMN IF NOT EXISTS nit character varying(20);',
        },
        {
          rule: 'missing-index',
          severity: 'error',
          object: 'public.idx_invoices_nit',
          message: 'Index public.idx_invoices_nit on public.invoices is missing in the live database.',
          fix: 'CREATE INDEX IF NOT EXISTS idx_invoices_nit ON public.invoices USING btree (nit);',
        },
      ]);
      const script = fixScript(findings);
      expect(script.indexOf('ADD COLUMN IF NOT EXISTS nit')).toBeLessThan(script.indexOf('CREATE INDEX IF NOT EXISTS idx_invoices_nit'));
      expect(await fixAndRediff(exp, live, findings)).toEqual([]);
    } finally {
      await expected.drop();
      await live.drop();
    }
  });

  test.each(MUTATIONS)('$name → $rule on $object, and the fix round-trips', async (m) => {
    const live = await copyOf(base, m.live);
    const exp = m.expected ? await copyOf(base, m.expected) : undefined;
    try {
      const expected = exp ? await modelOf(exp.url) : baseModel;
      const findings = diffSchemas(expected, await modelOf(live.url));
      const hit = findings.find((f) => f.rule === m.rule && f.object === m.object);
      expect(hit, summary(findings).join('\n')).toBeDefined();
      expect(hit!.message).toMatch(/\.$/);
      expect(hit!.severity).toBe(m.rule.startsWith('extra-') ? 'warning' : 'error');
      for (const f of findings) expect(RULE_IDS.has(f.rule), f.rule).toBe(true);
      if (m.noFix) return;
      expect(hit!.fix).toBeTruthy();
      expect(summary(await fixAndRediff(expected, live, findings))).toEqual([]);
    } finally {
      await live.drop();
      await exp?.drop();
    }
  });

  test('many mutations at once: one fix script brings live back to zero findings', async () => {
    const compatible = MUTATIONS.filter((m) => m.live && !m.expected && ![
      // these overlap with other rows on the same objects
      'partitioned table missing', 'column type under a view', 'unlogged', 'primary key missing', 'expression index differs',
      'trigger differs', 'sequence grant extra', 'policy differs', 'identity dropped', 'view differs',
      'primary key referenced by FK differs', 'domain constraint', 'trigger disabled', 'trigger comment extra',
      'column comment missing', 'index comment extra', 'column nullability on partitions', 'partition missing',
      'column missing on partitioned table', 'column default missing', 'function comment missing', 'function grant extra',
      'foreign key differs', 'table extra',
    ].includes(m.name));
    const live = await copyOf(base, compatible.map((m) => `${m.live};`).join('\n'));
    try {
      const findings = diffSchemas(baseModel, await modelOf(live.url));
      for (const m of compatible) {
        expect(findings.some((f) => f.rule === m.rule && f.object === m.object), `${m.name}\n${summary(findings).join('\n')}`).toBe(true);
      }
      expect(summary(await fixAndRediff(baseModel, live, findings))).toEqual([]);
    } finally {
      await live.drop();
    }
  });

  test('schema a.b with table c and schema a with table b.c are different objects, named so', async () => {
    const expected = await createDatabase('sv_dot_e', 'CREATE SCHEMA "a.b"; CREATE TABLE "a.b".c (id int PRIMARY KEY); CREATE TYPE "a.b".k AS ENUM (\'x\');');
    const live = await createDatabase('sv_dot_l', 'CREATE SCHEMA a; CREATE TABLE a."b.c" (id int PRIMARY KEY); CREATE TYPE a."b.k" AS ENUM (\'x\');');
    try {
      const exp = await modelOf(expected.url);
      const findings = diffSchemas(exp, await modelOf(live.url));
      // Before keys were quoted, both tables were "a.b.c" (and both types "a.b.k"): no difference at all.
      expect(findings.map((f) => `${f.rule} ${f.object}`)).toEqual([
        'missing-schema "a.b"',
        'extra-schema a',
        'missing-type "a.b".k',
        'extra-type a."b.k"',
        'missing-table "a.b".c',
        'extra-table a."b.c"',
      ]);
      expect(summary(await fixAndRediff(exp, live, findings))).toEqual([]);
    } finally {
      await expected.drop();
      await live.drop();
    }
  });

  test('names with dots in references (partitions, foreign keys, views, OWNED BY, indexes): same is same, and fixes round-trip', async () => {
    const ddl = `CREATE SCHEMA "s.x";
      CREATE TABLE "s.x"."p.t" (id int, "c.d" int, PRIMARY KEY (id)) PARTITION BY RANGE (id);
      CREATE TABLE "s.x"."p.t_1" PARTITION OF "s.x"."p.t" FOR VALUES FROM (0) TO (10);
      CREATE INDEX "i.x" ON "s.x"."p.t" ("c.d");
      CREATE TABLE "s.x".r (id serial PRIMARY KEY, pid int REFERENCES "s.x"."p.t" (id));
      CREATE VIEW "s.x"."v.w" AS SELECT r.id, p."c.d" FROM "s.x".r JOIN "s.x"."p.t" p ON p.id = r.pid;`;
    const expected = await createDatabase('sv_dots_e', ddl);
    const same = await createDatabase('sv_dots_s', ddl);
    const live = await createDatabase('sv_dots_l', `${ddl}
      ALTER SEQUENCE "s.x".r_id_seq OWNED BY NONE;
      DROP INDEX "s.x"."i.x";
      DROP VIEW "s.x"."v.w";
      ALTER TABLE "s.x"."p.t" ALTER COLUMN "c.d" TYPE bigint;
      CREATE VIEW "s.x"."v.w" AS SELECT r.id, p."c.d" FROM "s.x".r JOIN "s.x"."p.t" p ON p.id = r.pid;`);
    try {
      const exp = await modelOf(expected.url);
      expect(exp.tables['"s.x"."p.t_1"'].partitionOf).toBe('"s.x"."p.t"');
      expect(exp.sequences['"s.x".r_id_seq'].ownedBy).toBe('"s.x".r.id');
      expect(summary(diffSchemas(exp, await modelOf(same.url)))).toEqual([]);
      const findings = diffSchemas(exp, await modelOf(live.url));
      expect(findings.map((f) => `${f.rule} ${f.object}`)).toEqual(expect.arrayContaining([
        'sequence-owned-by-mismatch "s.x".r_id_seq',
        'column-type-mismatch "s.x"."p.t"."c.d"',
        'missing-index "s.x"."i.x"',
      ]));
      expect(summary(await fixAndRediff(exp, live, findings))).toEqual([]);
    } finally {
      await Promise.all([expected.drop(), same.drop(), live.drop()]);
    }
  });

  test('a generated column whose expression, type and nullability differ: every difference in one run, and the fix converges', async () => {
    const expected = await createDatabase('sv_gen_e', `CREATE TABLE t (id int PRIMARY KEY, total numeric NOT NULL,
      cents bigint GENERATED ALWAYS AS ((total * 100)::bigint) STORED,
      plain integer NOT NULL DEFAULT 0);
      INSERT INTO t (id, total) VALUES (1, 2.5);`);
    const live = await createDatabase('sv_gen_l', `CREATE TABLE t (id int PRIMARY KEY, total numeric NOT NULL,
      cents integer GENERATED ALWAYS AS ((total * 10)::integer) STORED NOT NULL,
      plain bigint GENERATED ALWAYS AS (7) STORED);
      INSERT INTO t (id, total) VALUES (1, 2.5);`);
    try {
      const exp = await modelOf(expected.url);
      const findings = diffSchemas(exp, await modelOf(live.url));
      expect(findings.map((f) => `${f.rule} ${f.object}`).sort()).toEqual([
        'column-default-mismatch public.t.plain',
        'column-generated-mismatch public.t.cents',
        'column-generated-mismatch public.t.plain',
        'column-nullability-mismatch public.t.cents',
        'column-nullability-mismatch public.t.plain',
        'column-type-mismatch public.t.cents',
        'column-type-mismatch public.t.plain',
      ]);
      expect(summary(await fixAndRediff(exp, live, findings))).toEqual([]);
      // The re-created column holds what the expected expression computes.
      expect(await live.sql('SELECT cents, plain FROM t')).toEqual([{ cents: '250', plain: 7 }]);
    } finally {
      await expected.drop();
      await live.drop();
    }
  });

  test('strict turns extras into errors; ignore globs drop findings', async () => {
    const live = await copyOf(base, 'CREATE TABLE app.tmp_a (id int); CREATE TABLE app.tmp_b (id int); CREATE SCHEMA scratch; CREATE TABLE scratch.t (id int)');
    try {
      const model = await modelOf(live.url);
      expect(diffSchemas(baseModel, model).every((f) => f.severity === 'warning')).toBe(true);
      expect(diffSchemas(baseModel, model, { strict: true }).every((f) => f.severity === 'error')).toBe(true);
      expect(summary(diffSchemas(baseModel, model, { ignore: ['app.tmp_?', 'scratch', 'scratch.*'] }))).toEqual([]);
      expect(diffSchemas(baseModel, model, { ignore: ['app.tmp_a'] }).map((f) => f.object).sort()).toEqual(['app.tmp_b', 'scratch', 'scratch.t']);
    } finally {
      await live.drop();
    }
  });

  test('privileges compare without owners and can be ignored', async () => {
    const live = await copyOf(base, `
      DO $$ BEGIN CREATE ROLE sv_other_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
      ALTER TABLE app.invoices OWNER TO sv_other_owner;
      ALTER FUNCTION app.invoice_total(integer) OWNER TO sv_other_owner;
      REVOKE SELECT ON app.invoices FROM sv_reader;`);
    try {
      const model = await modelOf(live.url);
      expect(summary(diffSchemas(baseModel, model))).toEqual([
        'error missing-grant app.invoices: role sv_reader is missing SELECT on table app.invoices in the live database.',
      ]);
      expect(diffSchemas(baseModel, model, { ignorePrivileges: true })).toEqual([]);
      const noAcl = await withTestClient(live.url, (c) => introspect(c, { ignorePrivileges: true }));
      expect(noAcl.tables['app.invoices'].privileges).toBeUndefined();
      expect(diffSchemas(baseModel, noAcl)).toEqual([]);
    } finally {
      await live.drop();
    }
  });

  test('introspect honours the schemas option and leaves the session search_path alone', async () => {
    await withTestClient(base.url, async (c) => {
      await c.query('SET search_path = app, public');
      const m = await introspect(c, { schemas: ['audit'] });
      expect(Object.keys(m.schemas)).toEqual(['audit']);
      expect(Object.keys(m.tables)).toEqual([]);
      const r = await c.query('SHOW search_path');
      expect(r.rows[0].search_path).toBe('app, public');
    });
  });
});
