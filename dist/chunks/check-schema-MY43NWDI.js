import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  loadDump,
  onDatabase,
  shadowName
} from "./chunk-TUIOCTZN.js";
import {
  diffSchemas,
  introspect
} from "./chunk-V63QWCG6.js";
import {
  connectClient,
  quoteIdent
} from "./chunk-I72KYDSH.js";
import "./chunk-DTPCLYKG.js";
import "./chunk-LJFF4CTR.js";
import "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";

// packages/schema-verify/src/rules.ts
var rule = (id, title, severity, description, example, fix) => ({ id, title, severity, description, example, fix }), EXTRA = "Present only in the live database: a warning, or an error with strict. Often a hot-fix nobody put in a migration, or a migration that was rolled back by hand.", RULES = [
  rule(
    "missing-schema",
    "Schema missing",
    "error",
    "A schema of the expected schema does not exist in the live database.",
    "Schema billing is missing in the live database.",
    "CREATE SCHEMA IF NOT EXISTS billing;"
  ),
  rule("extra-schema", "Extra schema", "warning", EXTRA, "Schema tmp exists in the live database but not in the expected schema.", "DROP SCHEMA IF EXISTS tmp CASCADE;"),
  rule(
    "missing-extension",
    "Extension missing",
    "error",
    "An extension the schema relies on is not installed.",
    "Extension btree_gist (version 1.7) is missing in the live database.",
    "CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public VERSION '1.7';"
  ),
  rule("extra-extension", "Extra extension", "warning", EXTRA, "Extension pg_trgm is installed in the live database but not in the expected schema.", "DROP EXTENSION IF EXISTS pg_trgm;"),
  rule(
    "extension-version-mismatch",
    "Extension version differs",
    "error",
    "The installed extension version differs from the expected one.",
    "Extension postgis is version 3.2.0 in the live database but 3.3.2 in the expected schema.",
    "ALTER EXTENSION postgis UPDATE TO '3.3.2';"
  ),
  rule(
    "extension-schema-mismatch",
    "Extension in another schema",
    "error",
    "The extension is installed in a different schema, so its objects resolve differently.",
    "Extension hstore is installed in schema public in the live database but in extensions in the expected schema.",
    "ALTER EXTENSION hstore SET SCHEMA extensions;"
  ),
  rule(
    "missing-table",
    "Table missing",
    "error",
    "A table of the expected schema does not exist in the live database.",
    "Table public.invoices is missing in the live database.",
    "CREATE TABLE with its columns, then its defaults, constraints, indexes, triggers, policies, comments and grants."
  ),
  rule("extra-table", "Extra table", "warning", EXTRA, "Table public.tmp_import exists in the live database but not in the expected schema.", "DROP TABLE IF EXISTS public.tmp_import;"),
  rule(
    "table-partitioning-mismatch",
    "Partitioning differs",
    "error",
    "The table is partitioned differently, or is (not) a partition of another table, or has another partition bound.",
    "Table public.payment_p2024_01 should be a partition of public.payment FOR VALUES FROM ('2024-01-01') TO ('2024-02-01') but in the live database is not a partition.",
    "ALTER TABLE ... DETACH PARTITION / ATTACH PARTITION ... FOR VALUES ...; a different partition key needs the table re-created and its rows copied, which the finding spells out and the fix script leaves to be done by hand (it moves data)."
  ),
  rule(
    "table-storage-mismatch",
    "Storage parameters differ",
    "warning",
    "A table has other storage parameters (fillfactor, per-table autovacuum settings) TOAST storage parameters, another table access method (CREATE TABLE ... USING) or another CLUSTER ON index: performance and vacuum behaviour differ from what was tested, results do not.",
    "Table public.events has storage parameters none in the live database but (autovacuum_vacuum_scale_factor=0.01, fillfactor=70) in the expected schema.",
    "ALTER TABLE public.events SET (autovacuum_vacuum_scale_factor=0.01, fillfactor=70); / RESET (...)"
  ),
  rule(
    "table-type-mismatch",
    "Typed table differs",
    "error",
    "A table is a typed table (CREATE TABLE ... OF type) on one side only, or of another type: ALTER TYPE ... ADD ATTRIBUTE changes a typed table's columns, and only there.",
    "Table public.tt is not a typed table in the live database but OF public.pair in the expected schema.",
    "ALTER TABLE public.tt OF public.pair; / ALTER TABLE public.tt NOT OF;"
  ),
  rule(
    "replica-identity-mismatch",
    "Replica identity differs",
    "error",
    "REPLICA IDENTITY decides which old-row columns logical replication sends; with NOTHING (or DEFAULT and no primary key) a table in a publication refuses UPDATE and DELETE.",
    "Table public.messages has REPLICA IDENTITY DEFAULT in the live database but FULL in the expected schema.",
    "ALTER TABLE public.messages REPLICA IDENTITY FULL;"
  ),
  rule(
    "column-order-differs",
    "Column order differs",
    "notice",
    "The columns both sides have are in another order: SELECT *, and COPY or INSERT without a column list, read them by position.",
    "Columns of table public.invoices are in the order (id, total, nit) in the live database but (id, nit, total) in the expected schema.",
    "Usually nothing: name columns in queries. If something reads by position, re-create the table (no automatic fix: it moves data)."
  ),
  rule(
    "table-inheritance-mismatch",
    "Inheritance differs",
    "error",
    "The table inherits (INHERITS) from other parents than expected.",
    "Table public.cities_capital inherits from (public.cities) in the expected schema but from (nothing) in the live database.",
    "ALTER TABLE ... INHERIT / NO INHERIT ...;"
  ),
  rule(
    "table-persistence-mismatch",
    "Logged/unlogged differs",
    "error",
    "An UNLOGGED table is logged or the other way round; unlogged tables are emptied after a crash.",
    "Table public.sessions is UNLOGGED in the expected schema but logged in the live database.",
    "ALTER TABLE public.sessions SET UNLOGGED;"
  ),
  rule(
    "column-storage-mismatch",
    "Column storage settings differ",
    "warning",
    "A column has another STORAGE, statistics target (ALTER COLUMN ... SET STATISTICS) or attribute options (n_distinct, n_distinct_inherited): TOAST behaviour and the planner's estimates differ from what was tested, results do not.",
    "Column public.t.b has STORAGE DEFAULT, STATISTICS default, no options in the live database but STORAGE DEFAULT, STATISTICS 500, (n_distinct=100) in the expected schema.",
    "ALTER TABLE public.t ALTER COLUMN b SET STATISTICS 500; ALTER TABLE public.t ALTER COLUMN b SET (n_distinct=100);"
  ),
  rule(
    "missing-column",
    "Column missing",
    "error",
    "A column of the expected schema does not exist in the live database: the application will fail on the first query that uses it.",
    "Column public.invoices.nit (character varying(20)) is missing in the live database.",
    "ALTER TABLE public.invoices ADD COLUMN IF NOT EXISTS nit character varying(20);"
  ),
  rule(
    "extra-column",
    "Extra column",
    "warning",
    EXTRA,
    "Column public.invoices.legacy_code (text) exists in the live database but not in the expected schema.",
    "ALTER TABLE public.invoices DROP COLUMN IF EXISTS legacy_code;"
  ),
  rule(
    "column-type-mismatch",
    "Column type differs",
    "error",
    "The column has another data type (or length/precision) than expected.",
    "Column public.invoices.total is numeric(10,2) in the live database but numeric(12,2) in the expected schema.",
    "ALTER TABLE public.invoices ALTER COLUMN total TYPE numeric(12,2) USING total::numeric(12,2); (views that read the table are dropped and re-created around it)"
  ),
  rule(
    "column-collation-mismatch",
    "Column collation differs",
    "error",
    "The column sorts and compares with another collation than expected.",
    'Column public.users.email uses collation pg_catalog."C" in the live database but default in the expected schema.',
    "ALTER TABLE ... ALTER COLUMN ... TYPE ... COLLATE ...;"
  ),
  rule(
    "column-nullability-mismatch",
    "NOT NULL differs",
    "error",
    "The column is nullable where NOT NULL is expected, or the other way round.",
    "Column public.invoices.customer_id is NOT NULL in the expected schema but nullable in the live database.",
    "ALTER TABLE public.invoices ALTER COLUMN customer_id SET NOT NULL;"
  ),
  rule(
    "column-default-mismatch",
    "Column default differs",
    "error",
    "The column default (of a table, or of a view: ALTER VIEW ... SET DEFAULT) is missing or different: inserts that omit the column behave differently.",
    "Column public.invoices.status is missing its DEFAULT 'draft'::text in the live database.",
    "ALTER TABLE public.invoices ALTER COLUMN status SET DEFAULT 'draft'::text;"
  ),
  rule(
    "column-identity-mismatch",
    "Identity differs",
    "error",
    "The column is (not) an identity column, GENERATED ALWAYS vs BY DEFAULT differs, or its sequence options (START, INCREMENT, bounds, CACHE, CYCLE) differ.",
    "Column public.orders.id is GENERATED ALWAYS AS IDENTITY in the expected schema but not an identity column in the live database.",
    "ALTER TABLE ... ALTER COLUMN ... ADD GENERATED ALWAYS AS IDENTITY (...); / SET GENERATED ... SET INCREMENT BY ...; / DROP IDENTITY IF EXISTS;"
  ),
  rule(
    "column-generated-mismatch",
    "Generated column differs",
    "error",
    "The STORED generation expression is missing or different. The same column's type, NOT NULL and default differences are reported in the same run; when the fix re-creates the column, they need no fix of their own.",
    "Column public.film.fulltext should be GENERATED ALWAYS AS (...) STORED but is a plain column in the live database.",
    "ALTER TABLE ... DROP COLUMN then ADD COLUMN ... GENERATED ALWAYS AS (...) STORED; or ALTER COLUMN ... DROP EXPRESSION;"
  ),
  rule(
    "missing-constraint",
    "Constraint missing",
    "error",
    "A primary key, foreign key, unique, check or exclusion constraint is missing.",
    "Primary key constraint public.invoices.invoices_pkey (PRIMARY KEY (id)) is missing in the live database.",
    "ALTER TABLE public.invoices ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);"
  ),
  rule(
    "extra-constraint",
    "Extra constraint",
    "warning",
    EXTRA,
    "Check constraint public.invoices.total_positive (CHECK ((total > (0)::numeric))) exists in the live database but not in the expected schema.",
    "ALTER TABLE public.invoices DROP CONSTRAINT IF EXISTS total_positive;"
  ),
  rule(
    "constraint-definition-mismatch",
    "Constraint differs",
    "error",
    "A constraint with the expected name has another definition (columns, referenced table, ON DELETE, check expression, deferrability).",
    "Constraint public.orders.orders_customer_id_fkey is FOREIGN KEY (customer_id) REFERENCES public.customers(id) in the live database but FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE in the expected schema.",
    "ALTER TABLE ... DROP CONSTRAINT IF EXISTS ...; ALTER TABLE ... ADD CONSTRAINT ...;"
  ),
  rule(
    "missing-index",
    "Index missing",
    "error",
    "An index (including partial and expression indexes) is missing: queries that need it fall back to sequential scans, and unique indexes stop enforcing uniqueness.",
    "Index public.idx_invoices_nit on public.invoices is missing in the live database.",
    "CREATE INDEX IF NOT EXISTS idx_invoices_nit ON public.invoices USING btree (nit);"
  ),
  rule("extra-index", "Extra index", "warning", EXTRA, "Index public.tmp_idx on public.invoices exists in the live database but not in the expected schema.", "DROP INDEX IF EXISTS public.tmp_idx;"),
  rule(
    "index-definition-mismatch",
    "Index differs",
    "error",
    "An index with the expected name has another definition (columns, method, uniqueness, predicate).",
    'Index public.idx_title is "CREATE INDEX idx_title ON public.film USING btree (title)" in the live database but "CREATE INDEX idx_title ON public.film USING btree (title, release_year)" in the expected schema.',
    "DROP INDEX IF EXISTS ...; CREATE INDEX ...;"
  ),
  rule(
    "missing-view",
    "View missing",
    "error",
    "A view or materialized view is missing.",
    "View public.customer_list is missing in the live database.",
    "CREATE OR REPLACE VIEW ... / CREATE MATERIALIZED VIEW IF NOT EXISTS ... with its indexes, comments and grants."
  ),
  rule("extra-view", "Extra view", "warning", EXTRA, "View public.tmp_report exists in the live database but not in the expected schema.", "DROP VIEW IF EXISTS public.tmp_report CASCADE;"),
  rule(
    "view-definition-mismatch",
    "View differs",
    "error",
    "The view query, its options (security_barrier, check option) or its kind differ.",
    "View public.film_list has a different definition in the live database than in the expected schema.",
    "CREATE OR REPLACE VIEW when the columns allow it, else DROP ... CASCADE and CREATE again together with the views that depended on it."
  ),
  rule(
    "missing-function",
    "Function missing",
    "error",
    "A function, procedure or aggregate is missing.",
    "Function public.last_day(timestamp with time zone) is missing in the live database.",
    "The CREATE statement from pg_get_functiondef (CREATE AGGREGATE for aggregates)."
  ),
  rule("extra-function", "Extra function", "warning", EXTRA, "Function public.tmp_fn(integer) exists in the live database but not in the expected schema.", "DROP FUNCTION IF EXISTS public.tmp_fn(integer);"),
  rule(
    "function-definition-mismatch",
    "Function differs",
    "error",
    "The body, language, volatility, settings, arguments or result differ.",
    "Function public.get_customer_balance(integer, timestamp with time zone) has a different definition in the live database than in the expected schema.",
    "CREATE OR REPLACE FUNCTION ...; (DROP first when the result type or argument names change)"
  ),
  rule(
    "missing-trigger",
    "Trigger missing",
    "error",
    "A trigger is missing: whatever it maintained (timestamps, audit rows, search vectors) silently stops.",
    "Trigger public.film.film_fulltext_trigger is missing in the live database.",
    "CREATE TRIGGER ... (pg_get_triggerdef)"
  ),
  rule("extra-trigger", "Extra trigger", "warning", EXTRA, "Trigger public.film.tmp_audit exists in the live database but not in the expected schema.", "DROP TRIGGER IF EXISTS tmp_audit ON public.film;"),
  rule(
    "trigger-definition-mismatch",
    "Trigger differs",
    "error",
    "The trigger fires on other events, timing, columns, condition or function.",
    "Trigger public.actor.last_updated is defined differently in the live database (...) than in the expected schema (...).",
    "DROP TRIGGER IF EXISTS ...; CREATE TRIGGER ...;"
  ),
  rule(
    "trigger-enabled-mismatch",
    "Trigger enabled state differs",
    "error",
    "The trigger is disabled (or replica-only / always) where the expected schema has it otherwise.",
    "Trigger public.actor.last_updated is disabled in the live database but enabled in the expected schema.",
    "ALTER TABLE public.actor ENABLE TRIGGER last_updated;"
  ),
  rule(
    "missing-rule",
    "Rule missing",
    "error",
    "A rewrite rule (CREATE RULE) is missing: the statements it rewrites (an ON DELETE DO INSTEAD NOTHING, an ON INSERT that redirects rows) do what they do without it.",
    "Rule public.t.t_keep is missing in the live database (CREATE RULE t_keep AS ON DELETE TO public.t DO INSTEAD NOTHING).",
    "CREATE RULE ... (pg_get_ruledef)"
  ),
  rule("extra-rule", "Extra rule", "warning", EXTRA, "Rule public.t.t_keep exists in the live database but not in the expected schema (...).", "DROP RULE IF EXISTS t_keep ON public.t;"),
  rule(
    "rule-definition-mismatch",
    "Rule differs",
    "error",
    "A rewrite rule does something else (another event, condition or action), or is disabled (or replica-only / always) where the expected schema has it otherwise.",
    "Rule public.t.t_keep is defined differently in the live database (...) than in the expected schema (...).",
    "DROP RULE IF EXISTS ...; CREATE RULE ...; / ALTER TABLE ... ENABLE RULE ...;"
  ),
  rule(
    "missing-sequence",
    "Sequence missing",
    "error",
    "A sequence is missing.",
    "Sequence public.invoice_number_seq is missing in the live database.",
    "CREATE SEQUENCE IF NOT EXISTS ... AS ... INCREMENT BY ... MINVALUE ... MAXVALUE ... START WITH ... CACHE ... NO CYCLE;"
  ),
  rule("extra-sequence", "Extra sequence", "warning", EXTRA, "Sequence public.tmp_seq exists in the live database but not in the expected schema.", "DROP SEQUENCE IF EXISTS public.tmp_seq;"),
  rule(
    "sequence-mismatch",
    "Sequence attributes differ",
    "error",
    "Type, start, increment, min, max, cache, cycle or UNLOGGED of a sequence differ.",
    "Sequence public.actor_actor_id_seq differs in the live database: type integer instead of bigint.",
    "ALTER SEQUENCE ... AS ... INCREMENT BY ... (all attributes);"
  ),
  rule(
    "sequence-owned-by-mismatch",
    "Sequence owner column differs",
    "error",
    "OWNED BY points at another column (or none), so dropping the column would (not) drop the sequence.",
    "Sequence public.actor_actor_id_seq is owned by no column in the live database but by public.actor.actor_id in the expected schema.",
    "ALTER SEQUENCE ... OWNED BY ...;"
  ),
  rule(
    "missing-type",
    "Type missing",
    "error",
    "An enum, domain or composite type is missing.",
    "Enum public.mpaa_rating is missing in the live database.",
    "CREATE TYPE ... AS ENUM (...); / CREATE DOMAIN ...; / CREATE TYPE ... AS (...);"
  ),
  rule("extra-type", "Extra type", "warning", EXTRA, "Enum public.tmp_status exists in the live database but not in the expected schema.", "DROP TYPE IF EXISTS public.tmp_status;"),
  rule(
    "enum-values-mismatch",
    "Enum labels differ",
    "error",
    "Enum labels are missing, extra or in another order; inserting a missing label fails at run time.",
    "Enum public.mpaa_rating has values (G, PG, R, NC-17) in the live database but (G, PG, PG-13, R, NC-17) in the expected schema.",
    "ALTER TYPE public.mpaa_rating ADD VALUE IF NOT EXISTS 'PG-13' BEFORE 'R'; (run outside the transaction). Removed or reordered labels: the type is re-created in one DO block (new type under a temporary name, every column moved with USING col::text::new, old type dropped, new one renamed); when a function, another type or a generated column uses it, the finding gives those steps to do by hand."
  ),
  rule(
    "domain-definition-mismatch",
    "Domain differs",
    "error",
    "A domain has another base type, default, NOT NULL or CHECK constraints.",
    "Domain public.year differs in the live database: constraint year_check missing.",
    "ALTER DOMAIN ... SET DEFAULT / SET NOT NULL / ADD CONSTRAINT / DROP CONSTRAINT ...; another base type: the domain is re-created in one DO block with its columns moved, as for enums."
  ),
  rule(
    "type-definition-mismatch",
    "Type differs",
    "error",
    "A composite type has other attributes, or a type is of another kind (enum/domain/composite).",
    "Composite type public.address_t is (street text) in the live database but (street text, zip text) in the expected schema.",
    "ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE ...;"
  ),
  rule(
    "rls-disabled",
    "Row level security disabled",
    "error",
    "Row level security is enabled in the expected schema but disabled live: every policy is ignored and all rows are visible.",
    "Row level security is enabled on table public.documents in the expected schema but disabled in the live database.",
    "ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY;"
  ),
  rule(
    "extra-rls",
    "Unexpected row level security",
    "warning",
    EXTRA,
    "Row level security is enabled on table public.documents in the live database but not in the expected schema.",
    "ALTER TABLE public.documents DISABLE ROW LEVEL SECURITY;"
  ),
  rule(
    "rls-not-forced",
    "Row level security not forced",
    "error",
    "FORCE ROW LEVEL SECURITY is expected but missing: the table owner bypasses the policies.",
    "Row level security is forced on table public.documents in the expected schema but not in the live database.",
    "ALTER TABLE public.documents FORCE ROW LEVEL SECURITY;"
  ),
  rule(
    "extra-rls-force",
    "Unexpected forced row level security",
    "warning",
    EXTRA,
    "Row level security is forced on table public.documents in the live database but not in the expected schema.",
    "ALTER TABLE public.documents NO FORCE ROW LEVEL SECURITY;"
  ),
  rule(
    "missing-policy",
    "Policy missing",
    "error",
    "A row level security policy is missing: rows it should expose are invisible (permissive) or rows it should hide are visible (restrictive).",
    "Policy public.documents.owner_only is missing in the live database.",
    "CREATE POLICY owner_only ON public.documents AS PERMISSIVE FOR ALL TO PUBLIC USING (...);"
  ),
  rule("extra-policy", "Extra policy", "warning", EXTRA, "Policy public.documents.debug_all exists in the live database but not in the expected schema.", "DROP POLICY IF EXISTS debug_all ON public.documents;"),
  rule(
    "policy-definition-mismatch",
    "Policy differs",
    "error",
    "A policy has another command, roles, USING or WITH CHECK expression, or is permissive instead of restrictive.",
    'Policy public.documents.owner_only is "CREATE POLICY ... USING (true)" in the live database but "CREATE POLICY ... USING ((owner = CURRENT_USER))" in the expected schema.',
    "DROP POLICY IF EXISTS ...; CREATE POLICY ...;"
  ),
  rule(
    "missing-publication",
    "Publication missing",
    "error",
    "A logical replication publication (Supabase Realtime, Debezium, a logical replica) is missing: changes it should stream reach no subscriber, and nothing errors.",
    "Publication supabase_realtime (public.messages) is missing in the live database, so nothing it should publish reaches its subscribers.",
    "CREATE PUBLICATION supabase_realtime FOR TABLE ONLY public.messages WITH (publish = 'insert, update, delete, truncate', publish_via_partition_root = false);"
  ),
  rule("extra-publication", "Unexpected publication", "warning", EXTRA, "Publication debug_all (all tables) exists in the live database but not in the expected schema.", "DROP PUBLICATION IF EXISTS debug_all;"),
  rule(
    "publication-mismatch",
    "Publication differs",
    "error",
    "A publication streams other tables, columns, rows (row filter) or operations than expected: subscribers miss changes or receive ones they should not.",
    "Publication supabase_realtime differs in the live database: it publishes public.messages instead of public.messages, public.rooms.",
    "ALTER PUBLICATION supabase_realtime SET TABLE ONLY public.messages, TABLE ONLY public.rooms;"
  ),
  rule(
    "missing-statistics",
    "Extended statistics missing",
    "error",
    "CREATE STATISTICS objects tell the planner about correlated columns; without them a query that was fast where it was tested can get a far worse plan.",
    "Extended statistics public.orders_city_zip on public.orders are missing in the live database.",
    "CREATE STATISTICS public.orders_city_zip (dependencies) ON city, zip FROM public.orders;"
  ),
  rule("extra-statistics", "Unexpected extended statistics", "warning", EXTRA, "Extended statistics public.tmp_stats on public.orders exist in the live database but not in the expected schema.", "DROP STATISTICS IF EXISTS public.tmp_stats;"),
  rule(
    "statistics-definition-mismatch",
    "Extended statistics differ",
    "error",
    "Extended statistics cover other columns or kinds (ndistinct, dependencies, mcv) than expected, or have another statistics target (ALTER STATISTICS ... SET STATISTICS).",
    "Extended statistics public.orders_city_zip are CREATE STATISTICS public.orders_city_zip (ndistinct) ON city, zip FROM public.orders in the live database but ... (dependencies) ... in the expected schema.",
    "DROP STATISTICS IF EXISTS public.orders_city_zip; CREATE STATISTICS public.orders_city_zip (dependencies) ON city, zip FROM public.orders;"
  ),
  rule(
    "missing-range-type",
    "Range type missing",
    "error",
    "A range type (CREATE TYPE ... AS RANGE, with its multirange type on PostgreSQL 14+) is missing: columns, functions and casts that use it cannot be created.",
    "Range type public.floatrange (of double precision) is missing in the live database.",
    "CREATE TYPE public.floatrange AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = public.float8_diff);"
  ),
  rule("extra-range-type", "Unexpected range type", "warning", EXTRA, "Range type public.tmp_range (of integer) exists in the live database but not in the expected schema.", "DROP TYPE IF EXISTS public.tmp_range;"),
  rule(
    "range-type-definition-mismatch",
    "Range type differs",
    "error",
    "A range type has another subtype, subtype operator class, collation, canonical or subtype_diff function, or multirange type name. None of these can be altered.",
    "Range type public.floatrange differs in the live database: subtype_diff function none instead of public.float8_diff.",
    "DROP TYPE and CREATE TYPE ... AS RANGE again when nothing uses it; when columns, functions or other types use it, the finding gives the steps to do by hand (new type, columns moved with USING col::text::type, old type dropped)."
  ),
  rule(
    "missing-cast",
    "Cast missing",
    "error",
    'A user-defined cast (CREATE CAST) is missing: expressions that rely on it, explicitly or implicitly, fail with "cannot cast type".',
    "Cast (public.celsius AS public.fahrenheit) (WITH FUNCTION public.to_f(public.celsius) AS IMPLICIT) is missing in the live database.",
    "CREATE CAST (public.celsius AS public.fahrenheit) WITH FUNCTION public.to_f(public.celsius) AS IMPLICIT;"
  ),
  rule("extra-cast", "Unexpected cast", "warning", EXTRA, "Cast (text AS public.celsius) (WITH INOUT AS IMPLICIT) exists in the live database but not in the expected schema.", "DROP CAST IF EXISTS (text AS public.celsius);"),
  rule(
    "cast-definition-mismatch",
    "Cast differs",
    "error",
    "A cast uses another function or method (WITHOUT FUNCTION, WITH INOUT), or applies in another context (explicit, AS ASSIGNMENT, AS IMPLICIT): the same expression converts differently or not at all.",
    "Cast (public.celsius AS public.fahrenheit) is WITH FUNCTION public.to_f(public.celsius) in the live database but WITH FUNCTION public.to_f(public.celsius) AS IMPLICIT in the expected schema.",
    "DROP CAST IF EXISTS (public.celsius AS public.fahrenheit); CREATE CAST (public.celsius AS public.fahrenheit) WITH FUNCTION public.to_f(public.celsius) AS IMPLICIT;"
  ),
  rule(
    "missing-collation",
    "Collation missing",
    "error",
    "A collation object (CREATE COLLATION) is missing: columns, indexes and expressions that name it cannot be created.",
    "Collation public.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false) is missing in the live database.",
    "CREATE COLLATION public.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);"
  ),
  rule("extra-collation", "Unexpected collation", "warning", EXTRA, "Collation public.tmp_c (provider = libc, lc_collate = 'C', lc_ctype = 'C') exists in the live database but not in the expected schema.", "DROP COLLATION IF EXISTS public.tmp_c;"),
  rule(
    "collation-definition-mismatch",
    "Collation differs",
    "error",
    "A collation has another provider, locale, ICU rules or deterministic setting: text sorts and compares differently (a non-deterministic one makes = case- or accent-insensitive).",
    "Collation public.case_insensitive is (provider = icu, locale = 'und-u-ks-level2') in the live database but (provider = icu, locale = 'und-u-ks-level2', deterministic = false) in the expected schema.",
    "DROP COLLATION and CREATE COLLATION again when nothing uses it; when columns or indexes use it, the finding gives the steps to do by hand."
  ),
  rule(
    "missing-operator",
    "Operator missing",
    "error",
    'An operator (CREATE OPERATOR) is missing: queries, indexes and operator classes that use it fail with "operator does not exist".',
    "Operator public.<<<(integer, integer) (FUNCTION = public.abs_lt, LEFTARG = integer, RIGHTARG = integer) is missing in the live database.",
    "CREATE OPERATOR public.<<< (FUNCTION = public.abs_lt, LEFTARG = integer, RIGHTARG = integer);"
  ),
  rule("extra-operator", "Unexpected operator", "warning", EXTRA, "Operator public.===(integer, integer) exists in the live database but not in the expected schema.", "DROP OPERATOR IF EXISTS public.=== (integer, integer);"),
  rule(
    "operator-definition-mismatch",
    "Operator differs",
    "error",
    "An operator calls another function, or has another commutator, negator, selectivity estimator, HASHES or MERGES: results or plans differ.",
    "Operator public.<<<(integer, integer) differs in the live database: RESTRICT none instead of scalarltsel.",
    "ALTER OPERATOR ... SET (RESTRICT = ..., JOIN = ...); anything else: DROP OPERATOR and CREATE OPERATOR again when nothing uses it, else the finding gives the steps to do by hand."
  ),
  rule(
    "missing-operator-family",
    "Operator family missing",
    "error",
    "An operator family (CREATE OPERATOR FAMILY), or one of the operators or support functions added to it, is missing: the classes and indexes that need it cannot be created, or the planner cannot use an index across types.",
    "Operator family public.abs_ops USING btree is missing in the live database.",
    "CREATE OPERATOR FAMILY public.abs_ops USING btree;"
  ),
  rule("extra-operator-family", "Unexpected operator family", "warning", EXTRA, "Operator family public.tmp_ops USING btree exists in the live database but not in the expected schema.", "DROP OPERATOR FAMILY IF EXISTS public.tmp_ops USING btree;"),
  rule(
    "operator-family-definition-mismatch",
    "Operator family differs",
    "error",
    "An operator family lacks, has extra, or has other operators and support functions than expected (those added with ALTER OPERATOR FAMILY ... ADD).",
    "Operator family public.abs_ops USING btree differs in the live database: OPERATOR 1 public.<<<(integer, bigint) missing.",
    "ALTER OPERATOR FAMILY public.abs_ops USING btree DROP ... / ADD OPERATOR 1 public.<<<(integer, bigint);"
  ),
  rule(
    "missing-operator-class",
    "Operator class missing",
    "error",
    "An operator class (CREATE OPERATOR CLASS) is missing: indexes that name it cannot be created, and a missing DEFAULT class changes how every index on the type sorts.",
    "Operator class public.abs_ops USING btree (FOR TYPE integer USING btree FAMILY public.abs_ops AS ...) is missing in the live database.",
    "CREATE OPERATOR CLASS public.abs_ops FOR TYPE integer USING btree FAMILY public.abs_ops AS OPERATOR 1 public.<<<(integer, integer), ..., FUNCTION 1 (integer, integer) public.abs_cmp(integer,integer);"
  ),
  rule("extra-operator-class", "Unexpected operator class", "warning", EXTRA, "Operator class public.tmp_ops USING btree exists in the live database but not in the expected schema.", "DROP OPERATOR CLASS IF EXISTS public.tmp_ops USING btree;"),
  rule(
    "operator-class-definition-mismatch",
    "Operator class differs",
    "error",
    "An operator class has other operators, support functions, type, storage, family or DEFAULT flag: indexes built with it order or match rows differently.",
    "Operator class public.abs_ops USING btree is (... FUNCTION 1 (integer, integer) public.cmp_a(integer,integer)) in the live database but (... public.cmp_b(integer,integer)) in the expected schema.",
    "DROP OPERATOR CLASS and CREATE OPERATOR CLASS again when nothing uses it; when an index (or, for a DEFAULT class, a column of its type) may use it, the finding gives the steps to do by hand."
  ),
  rule(
    "missing-foreign-data-wrapper",
    "Foreign data wrapper missing",
    "error",
    "A foreign data wrapper (one not created by an extension such as postgres_fdw) is missing: its servers and foreign tables cannot exist.",
    "Foreign data wrapper files is missing in the live database.",
    "CREATE FOREIGN DATA WRAPPER files HANDLER public.files_handler;"
  ),
  rule("extra-foreign-data-wrapper", "Unexpected foreign data wrapper", "warning", EXTRA, "Foreign data wrapper tmp_fdw exists in the live database but not in the expected schema.", "DROP FOREIGN DATA WRAPPER IF EXISTS tmp_fdw;"),
  rule(
    "foreign-data-wrapper-mismatch",
    "Foreign data wrapper differs",
    "error",
    "A foreign data wrapper has another handler, validator or options.",
    "Foreign data wrapper files differs in the live database: validator none instead of public.files_validator.",
    "ALTER FOREIGN DATA WRAPPER files VALIDATOR public.files_validator;"
  ),
  rule(
    "missing-foreign-server",
    "Foreign server missing",
    "error",
    "A foreign server is missing: every foreign table on it fails.",
    "Foreign server films (wrapper postgres_fdw) is missing in the live database.",
    "CREATE SERVER films FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'films', host 'films.internal');"
  ),
  rule("extra-foreign-server", "Unexpected foreign server", "warning", EXTRA, "Foreign server old_films (wrapper postgres_fdw) exists in the live database but not in the expected schema.", "DROP SERVER IF EXISTS old_films;"),
  rule(
    "foreign-server-mismatch",
    "Foreign server differs",
    "error",
    "A foreign server points elsewhere (options such as host and dbname), or has another version, type or wrapper: its foreign tables read other data.",
    "Foreign server films differs in the live database: host 'films-staging.internal' instead of 'films.internal'.",
    "ALTER SERVER films OPTIONS (SET host 'films.internal'); another wrapper or type cannot be altered: the finding gives the steps to do by hand."
  ),
  rule(
    "missing-user-mapping",
    "User mapping missing",
    "error",
    "A user mapping is missing: queries on the server's foreign tables fail for that role.",
    "User mapping for app on server films is missing in the live database: queries on its foreign tables fail for that role.",
    "CREATE USER MAPPING FOR app SERVER films OPTIONS (user 'reader'); a password is never written into the fix: see user-mapping-secret-mismatch."
  ),
  rule("extra-user-mapping", "Unexpected user mapping", "warning", EXTRA, "User mapping for PUBLIC on server films exists in the live database but not in the expected schema.", "DROP USER MAPPING IF EXISTS FOR PUBLIC SERVER films;"),
  rule(
    "user-mapping-mismatch",
    "User mapping differs",
    "error",
    "A user mapping has other options (the remote user, ...): the role connects to the remote server as someone else. Compared only where the reading role may see the options.",
    "User mapping for app on server films differs in the live database: user is 'admin' instead of 'reader'.",
    "ALTER USER MAPPING FOR app SERVER films OPTIONS (SET user 'reader');"
  ),
  rule(
    "user-mapping-secret-mismatch",
    "User mapping secret differs",
    "error",
    "A secret option of a user mapping (password) is not set, or has another value, in the live database. Secrets are compared by a short sha256 fingerprint and never shown, stored in a snapshot or written into the fix.",
    "User mapping films.app: password has another value in the live database (the value is a secret, so it is neither shown nor written into the fix).",
    "By hand: ALTER USER MAPPING FOR app SERVER films OPTIONS (SET password '...');"
  ),
  rule(
    "missing-foreign-table",
    "Foreign table missing",
    "error",
    "A foreign table is missing: queries and views that read it fail.",
    "Foreign table public.remote_films (server films) is missing in the live database.",
    "CREATE FOREIGN TABLE public.remote_films (id integer NOT NULL, title text) SERVER films OPTIONS (table_name 'films');"
  ),
  rule("extra-foreign-table", "Unexpected foreign table", "warning", EXTRA, "Foreign table public.tmp_remote (server films) exists in the live database but not in the expected schema.", "DROP FOREIGN TABLE IF EXISTS public.tmp_remote;"),
  rule(
    "foreign-table-mismatch",
    "Foreign table differs",
    "error",
    "A foreign table reads another server or remote table (options), or has other columns (type, NOT NULL, default, column options such as column_name) or CHECK constraints.",
    "Foreign table public.remote_films differs in the live database: option table_name is 'films_old' instead of 'films'.",
    "ALTER FOREIGN TABLE public.remote_films OPTIONS (SET table_name 'films'); another server: DROP FOREIGN TABLE and CREATE FOREIGN TABLE (it holds no rows), with the views that read it."
  ),
  rule(
    "missing-text-search-configuration",
    "Text search configuration missing",
    "error",
    "A text search configuration is missing: to_tsvector/to_tsquery calls and generated columns that name it fail.",
    "Text search configuration public.es_unaccent (parser pg_catalog.default) is missing in the live database.",
    'CREATE TEXT SEARCH CONFIGURATION public.es_unaccent (PARSER = pg_catalog."default"); ALTER TEXT SEARCH CONFIGURATION public.es_unaccent ADD MAPPING FOR word WITH public.unaccent, pg_catalog.spanish_stem;'
  ),
  rule("extra-text-search-configuration", "Unexpected text search configuration", "warning", EXTRA, "Text search configuration public.tmp_cfg exists in the live database but not in the expected schema.", "DROP TEXT SEARCH CONFIGURATION IF EXISTS public.tmp_cfg;"),
  rule(
    "text-search-configuration-mismatch",
    "Text search configuration differs",
    "error",
    "A configuration maps token types to other dictionaries (or none), or uses another parser: documents are indexed and matched differently, and searches return other rows without any error.",
    "Text search configuration public.es_unaccent differs in the live database: word maps to pg_catalog.spanish_stem instead of public.unaccent, pg_catalog.spanish_stem.",
    "ALTER TEXT SEARCH CONFIGURATION public.es_unaccent ALTER MAPPING FOR word WITH public.unaccent, pg_catalog.spanish_stem; another parser: the finding gives the steps to do by hand."
  ),
  rule(
    "missing-text-search-dictionary",
    "Text search dictionary missing",
    "error",
    "A text search dictionary is missing: configurations that use it cannot be created.",
    "Text search dictionary public.es_stop (template pg_catalog.simple) is missing in the live database.",
    "CREATE TEXT SEARCH DICTIONARY public.es_stop (TEMPLATE = pg_catalog.simple, stopwords = 'spanish');"
  ),
  rule("extra-text-search-dictionary", "Unexpected text search dictionary", "warning", EXTRA, "Text search dictionary public.tmp_dict exists in the live database but not in the expected schema.", "DROP TEXT SEARCH DICTIONARY IF EXISTS public.tmp_dict;"),
  rule(
    "text-search-dictionary-mismatch",
    "Text search dictionary differs",
    "error",
    "A dictionary has other options (stop words, language, accept) or another template: words are normalized differently.",
    "Text search dictionary public.es_stop has options (stopwords = 'english') in the live database but (stopwords = 'spanish') in the expected schema.",
    "ALTER TEXT SEARCH DICTIONARY public.es_stop (stopwords = 'spanish'); another template: the finding gives the steps to do by hand."
  ),
  rule(
    "missing-text-search-parser",
    "Text search parser missing",
    "error",
    "A text search parser is missing: configurations that use it cannot be created.",
    "Text search parser public.words is missing in the live database.",
    "CREATE TEXT SEARCH PARSER public.words (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype);"
  ),
  rule("extra-text-search-parser", "Unexpected text search parser", "warning", EXTRA, "Text search parser public.tmp_parser exists in the live database but not in the expected schema.", "DROP TEXT SEARCH PARSER IF EXISTS public.tmp_parser;"),
  rule(
    "text-search-parser-mismatch",
    "Text search parser differs",
    "error",
    "A parser has other support functions: text is split into other tokens. A parser cannot be altered.",
    "Text search parser public.words is (START = prsd_start, ..., HEADLINE = none) in the live database but (..., HEADLINE = prsd_headline) in the expected schema.",
    "By hand: DROP TEXT SEARCH PARSER ... CASCADE and create it and what used it again (the finding gives the statement)."
  ),
  rule(
    "missing-text-search-template",
    "Text search template missing",
    "error",
    "A text search template is missing: dictionaries that use it cannot be created.",
    "Text search template public.simple_copy is missing in the live database.",
    "CREATE TEXT SEARCH TEMPLATE public.simple_copy (INIT = dsimple_init, LEXIZE = dsimple_lexize);"
  ),
  rule("extra-text-search-template", "Unexpected text search template", "warning", EXTRA, "Text search template public.tmp_template exists in the live database but not in the expected schema.", "DROP TEXT SEARCH TEMPLATE IF EXISTS public.tmp_template;"),
  rule(
    "text-search-template-mismatch",
    "Text search template differs",
    "error",
    "A template has other init or lexize functions. A template cannot be altered.",
    "Text search template public.simple_copy is (INIT = none, LEXIZE = dsimple_lexize) in the live database but (INIT = dsimple_init, LEXIZE = dsimple_lexize) in the expected schema.",
    "By hand: DROP TEXT SEARCH TEMPLATE ... CASCADE and create it and what used it again (the finding gives the statement)."
  ),
  rule(
    "missing-event-trigger",
    "Event trigger missing",
    "error",
    "An event trigger is missing: whatever it did on DDL (audit log, blocking DROP, a schema watcher that reloads an API) silently stops.",
    "Event trigger audit_ddl (ON ddl_command_end EXECUTE FUNCTION public.log_ddl()) is missing in the live database.",
    "CREATE EVENT TRIGGER audit_ddl ON ddl_command_end EXECUTE FUNCTION public.log_ddl(); (last in the script, so it does not fire on the fix itself)"
  ),
  rule(
    "extra-event-trigger",
    "Unexpected event trigger",
    "warning",
    EXTRA,
    "Event trigger tmp_block (ON sql_drop EXECUTE FUNCTION public.no_drops()) exists in the live database but not in the expected schema.",
    "DROP EVENT TRIGGER IF EXISTS tmp_block; (first in the script)"
  ),
  rule(
    "event-trigger-mismatch",
    "Event trigger differs",
    "error",
    "An event trigger fires on another event or command tags, calls another function, or is disabled (or replica-only / always) where the expected schema has it otherwise.",
    "Event trigger audit_ddl is disabled in the live database but enabled in the expected schema.",
    "ALTER EVENT TRIGGER audit_ddl ENABLE; other event, tags or function: DROP EVENT TRIGGER and CREATE EVENT TRIGGER."
  ),
  rule(
    "missing-security-label",
    "Security label missing",
    "error",
    "A security label (sepgsql, PostgreSQL Anonymizer masking rules) is missing: a masking rule that is missing exposes the real data.",
    "Security label of provider anon on table column public.users.email is missing in the live database.",
    "SECURITY LABEL FOR anon ON COLUMN public.users.email IS 'MASKED WITH FUNCTION anon.fake_email()';"
  ),
  rule(
    "extra-security-label",
    "Unexpected security label",
    "warning",
    EXTRA,
    "Table column public.users.name has a security label of provider anon in the live database that the expected schema does not have.",
    "SECURITY LABEL FOR anon ON COLUMN public.users.name IS NULL;"
  ),
  rule(
    "security-label-mismatch",
    "Security label differs",
    "error",
    "An object carries another security label of the same provider.",
    "Security label of provider anon on table column public.users.email is 'MASKED WITH VALUE NULL' in the live database but 'MASKED WITH FUNCTION anon.fake_email()' in the expected schema.",
    "SECURITY LABEL FOR anon ON COLUMN public.users.email IS 'MASKED WITH FUNCTION anon.fake_email()';"
  ),
  rule(
    "comment-mismatch",
    "Comment missing or different",
    "error",
    "COMMENT ON an object is missing or different (comments often carry API documentation such as PostGraphile smart tags).",
    "The comment on column public.invoices.nit is missing in the live database.",
    "COMMENT ON COLUMN public.invoices.nit IS 'Tax ID';"
  ),
  rule("extra-comment", "Extra comment", "warning", EXTRA, "Table public.invoices has a comment in the live database that the expected schema does not have.", "COMMENT ON TABLE public.invoices IS NULL;"),
  rule(
    "missing-grant",
    "Privilege missing",
    "error",
    'A role (or PUBLIC) lacks a privilege it has in the expected schema: the application gets "permission denied". Owners and grantors are not compared.',
    "role app is missing SELECT, INSERT on table public.invoices in the live database.",
    "GRANT INSERT, SELECT ON TABLE public.invoices TO app;"
  ),
  rule(
    "extra-grant",
    "Extra privilege",
    "warning",
    EXTRA,
    "PUBLIC has EXECUTE on function public.refund(integer) in the live database, which the expected schema does not grant.",
    "REVOKE EXECUTE ON FUNCTION public.refund(integer) FROM PUBLIC;"
  ),
  rule(
    "missing-default-privilege",
    "Default privilege missing",
    "error",
    "ALTER DEFAULT PRIVILEGES of the expected schema are missing: objects created later will lack grants.",
    "Default privileges of role migrator in schema public do not give role app SELECT on new tables in the live database.",
    "ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA public GRANT SELECT ON TABLES TO app;"
  ),
  rule(
    "extra-default-privilege",
    "Extra default privilege",
    "warning",
    EXTRA,
    "Default privileges of role migrator give PUBLIC EXECUTE on new functions in the live database, which the expected schema does not.",
    "ALTER DEFAULT PRIVILEGES FOR ROLE migrator REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;"
  )
], RULE_IDS = new Set(RULES.map((r) => r.id));

// packages/restore-verify/src/check-schema.ts
async function checkSchema(path, dump, target, opts) {
  let name = shadowName(), admin = await connectClient(onDatabase(target, "postgres"), { applicationName: "preflight restore-verify" });
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    try {
      let shadow = onDatabase(target, name), loaded = await loadDump(path, dump, shadow, { jobs: 1, timeoutMs: opts.timeoutMs, ctx: opts.ctx, schemaOnly: !0 });
      loaded.errors.length && opts.ctx.log.warn(`The dump's schema loaded into the shadow database with ${loaded.errors.length} error line(s); the comparison uses what was created.`);
      let expected = await withClient(shadow, (c) => introspect(c)), actual = await withClient(target, (c) => introspect(c));
      return diffSchemas(expected, actual, {});
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => {
      });
    }
  } finally {
    await admin.end().catch(() => {
    });
  }
}
async function withClient(target, fn) {
  let c = await connectClient(target, { applicationName: "preflight restore-verify" });
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {
    });
  }
}
export {
  checkSchema
};
