/**
 * DDL fuzz steps for the object kinds beyond columns, tables and views (ddl-fuzz.test.ts draws
 * both): sequences and identity, foreign keys, unique and exclusion constraints, triggers,
 * functions and procedures, aggregates, materialized views, range, composite types, casts,
 * collations, operators and operator classes, text search, publications, extended statistics,
 * storage parameters, replica identity, partitions, inheritance, foreign data, event triggers,
 * policies, column order, ownership and default privileges.
 *
 * Each step reads the current catalog and returns SQL valid on it, or undefined when it does not
 * apply; the server may still refuse it (data that breaks a new UNIQUE), and then the fuzz skips it.
 */
import fc from 'fast-check';
import type pg from 'pg';

export const KIND_STEPS = [
  'sequence', 'identity', 'foreignKey', 'uniqueOrExclusion', 'trigger', 'routine', 'routineAlter', 'aggregate',
  'matview', 'rangeType', 'compositeColumn', 'cast', 'collation', 'operator', 'operatorClass', 'textSearch',
  'publication', 'statistics', 'storage', 'replicaIdentity', 'partition', 'inheritance', 'foreignData',
  'eventTrigger', 'policy', 'columnOrder', 'owner', 'defaultPrivileges',
] as const;

export type KindStep = { kind: (typeof KIND_STEPS)[number]; table: number; n: number; flag: boolean };

/** Roles the steps grant to and hand objects to; cluster-wide, so created once by the fuzz. */
export const FUZZ_ROLES = ['fz_reader', 'fz_owner'];

/** Server warnings the steps' objects make psql print when the fix re-creates them. */
export const KIND_WARNINGS = [/^psql:<stdin>:\d+: WARNING:  wal_level is insufficient to publish logical changes\n(HINT:.*\n)?/gm];

export function kindStep(tables: number): fc.Arbitrary<KindStep> {
  return fc.record({ kind: fc.constantFrom(...KIND_STEPS), table: fc.nat(tables - 1), n: fc.nat(50), flag: fc.boolean() });
}

type Rows = Record<string, any>[];

/** SQL for one kind step on `t` (a schema-qualified table that exists), `i` the step's index (unique names). */
export async function kindStepSql(client: pg.Client, s: KindStep, t: string, i: number): Promise<string | undefined> {
  const rows = async (sql: string, params: unknown[] = []): Promise<Rows> => (await client.query(sql, params)).rows;
  const pick = <T>(list: T[]): T | undefined => (list.length ? list[s.n % list.length] : undefined);
  const columns = () =>
    rows(`SELECT quote_ident(attname) AS name, format_type(atttypid, atttypmod) AS type, attnotnull, atthasdef, attidentity FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, [t]);
  const publicObjects = (sql: string) => rows(sql).then((r) => r.map((x) => x.name as string));
  switch (s.kind) {
    case 'sequence': {
      if (s.flag) return `CREATE SEQUENCE public.fz_s${i} AS ${s.n % 2 ? 'integer' : 'bigint'} INCREMENT BY ${(s.n % 5) + 1} MINVALUE ${s.n % 3} START WITH ${(s.n % 3) + 1}${s.n % 4 === 0 ? ' CYCLE' : ''} CACHE ${(s.n % 3) + 1}`;
      const seq = pick(await publicObjects("SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY 1"));
      if (!seq) return undefined;
      return [`ALTER SEQUENCE ${seq} INCREMENT BY ${(s.n % 3) + 2}`, `ALTER SEQUENCE ${seq} MAXVALUE ${1_000_000 + s.n}`, `ALTER SEQUENCE ${seq} CACHE 10`, `ALTER SEQUENCE ${seq} OWNED BY NONE`][s.n % 4];
    }
    case 'identity': {
      const identity = (await columns()).find((c) => c.attidentity);
      if (identity && s.n % 2) {
        return s.n % 3 === 0
          ? `ALTER TABLE ${t} ALTER COLUMN ${identity.name} DROP IDENTITY`
          : `ALTER TABLE ${t} ALTER COLUMN ${identity.name} SET GENERATED ${identity.attidentity === 'a' ? 'BY DEFAULT' : 'ALWAYS'}, ALTER COLUMN ${identity.name} SET INCREMENT BY ${(s.n % 4) + 2}`;
      }
      return `ALTER TABLE ${t} ADD COLUMN fz_id${i} ${s.n % 2 ? 'bigint' : 'integer'} GENERATED ${s.flag ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${s.n % 3 === 0 ? ' (START WITH 100 INCREMENT BY 5)' : ''}`;
    }
    case 'foreignKey': {
      const actions = ['NO ACTION', 'CASCADE', 'SET NULL', 'RESTRICT', 'SET DEFAULT'];
      const action = actions[s.n % actions.length];
      const fks = await rows('SELECT conname AS name, pg_get_constraintdef(oid) AS def, convalidated FROM pg_constraint WHERE conrelid = $1::regclass AND contype = $2 ORDER BY 1', [t, 'f']);
      const fk = pick(fks);
      if (fk && s.n % 3 === 1) return `ALTER TABLE ${t} DROP CONSTRAINT ${fk.name}`;
      if (fk && s.n % 3 === 2) {
        // Same name, another ON DELETE (and NOT VALID when drawn): a changed definition or state.
        const bare = String(fk.def).replace(/ ON (DELETE|UPDATE) (NO ACTION|CASCADE|SET NULL|SET DEFAULT|RESTRICT)/g, '').replace(/ NOT VALID$/, '');
        return `ALTER TABLE ${t} DROP CONSTRAINT ${fk.name}, ADD CONSTRAINT ${fk.name} ${bare} ON DELETE ${action}${s.flag ? ' NOT VALID' : ''}`;
      }
      if (fk && !fk.convalidated && s.flag) return `ALTER TABLE ${t} VALIDATE CONSTRAINT ${fk.name}`;
      // A new column referencing one of pagila's single-column primary keys.
      const target = pick(await rows("SELECT c.conrelid::regclass::text AS tbl, quote_ident(a.attname) AS col, format_type(a.atttypid, a.atttypmod) AS type FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace WHERE c.contype = 'p' AND cardinality(c.conkey) = 1 AND n.nspname = 'public' AND r.relkind = 'r' AND NOT r.relispartition ORDER BY 1"));
      if (!target) return undefined;
      return `ALTER TABLE ${t} ADD COLUMN fz_r${i} ${target.type}, ADD CONSTRAINT fz_fk${i} FOREIGN KEY (fz_r${i}) REFERENCES ${target.tbl} (${target.col}) ON DELETE ${action}${s.n % 4 === 0 ? ' DEFERRABLE INITIALLY DEFERRED' : ''}${s.flag ? ' NOT VALID' : ''}`;
    }
    case 'uniqueOrExclusion': {
      const cols = await columns();
      const c = pick(cols.filter((x) => /^(integer|smallint|bigint|text|character varying.*)$/.test(x.type)));
      if (!c) return undefined;
      if (s.n % 3 === 0) return `ALTER TABLE ${t} ADD CONSTRAINT fz_x${i} EXCLUDE USING btree (${c.name} WITH =)${s.flag ? ' WHERE (' + c.name + ' IS NOT NULL)' : ''}`;
      return `ALTER TABLE ${t} ADD CONSTRAINT fz_u${i} UNIQUE ${s.n % 3 === 2 ? 'NULLS NOT DISTINCT ' : ''}(${c.name})${s.flag ? ' DEFERRABLE INITIALLY DEFERRED' : ''}`;
    }
    case 'trigger': {
      const triggers = await rows('SELECT quote_ident(tgname) AS name, tgenabled FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY 1', [t]);
      const tg = pick(triggers);
      if (tg && s.n % 2) {
        const states = ['DISABLE', 'ENABLE', 'ENABLE REPLICA', 'ENABLE ALWAYS'];
        return `ALTER TABLE ${t} ${states[s.n % states.length]} TRIGGER ${tg.name}`;
      }
      if (tg && s.n % 5 === 0) return `DROP TRIGGER ${tg.name} ON ${t}`;
      const events = ['INSERT', 'UPDATE', 'INSERT OR DELETE', 'UPDATE OF last_update', 'TRUNCATE'];
      const event = events[s.n % events.length];
      const forEach = event === 'TRUNCATE' ? 'STATEMENT' : s.flag ? 'ROW' : 'STATEMENT';
      return `CREATE TRIGGER fz_tg${i} ${s.flag ? 'BEFORE' : 'AFTER'} ${event} ON ${t} FOR EACH ${forEach} EXECUTE FUNCTION public.last_updated()`;
    }
    case 'routine': {
      const body = s.flag ? `BEGIN ATOMIC SELECT ${s.n}; END` : `AS $$ SELECT ${s.n} $$`;
      switch (s.n % 4) {
        case 0:
          return `CREATE PROCEDURE public.fz_pr${i}(a integer) LANGUAGE plpgsql AS $$ BEGIN PERFORM a + ${s.n}; END $$`;
        case 1:
          return `CREATE PROCEDURE public.fz_pr${i}() LANGUAGE sql ${body}`;
        case 2:
          return `CREATE FUNCTION public.fz_f${i}(a integer DEFAULT ${s.n}, VARIADIC b integer[] DEFAULT '{}') RETURNS TABLE (x integer) LANGUAGE sql STABLE AS $$ SELECT a $$`;
        default:
          // A changed body of a function the schema's views and functions do not call.
          return `CREATE OR REPLACE FUNCTION public.last_day(timestamp with time zone) RETURNS date LANGUAGE sql IMMUTABLE STRICT ${s.flag ? `BEGIN ATOMIC SELECT ($1)::date + ${s.n}; END` : `AS $$ SELECT ($1)::date + ${s.n} $$`}`;
      }
    }
    case 'routineAlter': {
      const fn = pick(await publicObjects("SELECT p.oid::regprocedure::text AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prokind = 'f' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') ORDER BY 1"));
      if (!fn) return undefined;
      const changes = [s.flag ? 'VOLATILE' : 'STABLE', s.flag ? 'SECURITY DEFINER' : 'SECURITY INVOKER', `SET search_path = public${s.flag ? ', pg_temp' : ''}`, `COST ${s.n + 2}`, s.flag ? 'STRICT' : 'CALLED ON NULL INPUT', s.flag ? 'PARALLEL SAFE' : 'LEAKPROOF', 'RESET ALL'];
      return `ALTER FUNCTION ${fn} ${changes[s.n % changes.length]}`;
    }
    case 'aggregate':
      if (s.n % 4 === 0) return 'DROP AGGREGATE public.group_concat(text) CASCADE';
      return `CREATE AGGREGATE public.fz_ag${i}(${s.flag ? 'integer' : 'text'}) (SFUNC = ${s.flag ? 'int4pl' : 'public._group_concat'}, STYPE = ${s.flag ? 'integer' : 'text'}${s.n % 2 ? `, INITCOND = '${s.flag ? s.n : 'x'}'` : ''}${s.n % 3 === 0 ? ', PARALLEL = SAFE' : ''})`;
    case 'matview': {
      const mv = pick(await publicObjects("SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'm' ORDER BY 1"));
      if (mv && s.n % 3 === 0) return `DROP MATERIALIZED VIEW ${mv} CASCADE`;
      if (mv && s.n % 3 === 1) return `CREATE INDEX fz_mi${i} ON ${mv} ((1))`;
      return `CREATE MATERIALIZED VIEW public.fz_mv${i} AS SELECT * FROM ${t}${s.n % 2 ? ' WHERE true' : ''} WITH ${s.flag ? 'NO ' : ''}DATA`;
    }
    case 'rangeType': {
      const subtypes = ['integer', 'float8', 'timestamptz', 'text', 'date'];
      const sub = subtypes[s.n % subtypes.length];
      const range = `CREATE TYPE public.fz_rg${i} AS RANGE (SUBTYPE = ${sub}${sub === 'text' ? ', COLLATION = "C"' : ''}${sub === 'float8' && s.flag ? ', SUBTYPE_DIFF = float8mi' : ''})`;
      return s.flag || s.n % 2 ? `${range}; ALTER TABLE ${t} ADD COLUMN fz_rc${i} public.fz_rg${i}` : range;
    }
    case 'compositeColumn': {
      const composite = pick(await publicObjects("SELECT t.oid::regtype::text AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid WHERE n.nspname = 'public' AND c.relkind = 'c' ORDER BY 1"));
      if (composite && s.n % 3 === 0) return `ALTER TYPE ${composite} ADD ATTRIBUTE fz_a${i} ${s.flag ? 'integer' : 'text'}`;
      if (composite && s.n % 3 === 1) return `ALTER TABLE ${t} ADD COLUMN fz_cp${i} ${composite}`;
      return `CREATE TYPE public.fz_t${i} AS (a integer, b ${s.flag ? 'public.mpaa_rating' : 'text[]'}); ALTER TABLE ${t} ADD COLUMN fz_cp${i} public.fz_t${i}`;
    }
    case 'cast': {
      const contexts = ['', ' AS ASSIGNMENT', ' AS IMPLICIT'];
      const context = contexts[s.n % contexts.length];
      if (s.flag) return `CREATE CAST (public.mpaa_rating AS ${['integer', 'bigint', 'boolean'][s.n % 3]}) WITH INOUT${context}`;
      return `CREATE TYPE public.fz_ct${i} AS (a integer); CREATE FUNCTION public.fz_ctf${i}(public.fz_ct${i}) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT $1.a $$; CREATE CAST (public.fz_ct${i} AS integer) WITH FUNCTION public.fz_ctf${i}(public.fz_ct${i})${context}`;
    }
    case 'collation': {
      const defs = ["provider = libc, locale = 'C'", "provider = icu, locale = 'und-u-ks-level2', deterministic = false", "provider = icu, locale = 'de-DE'", "provider = libc, lc_collate = 'C', lc_ctype = 'C.UTF-8'"];
      const create = `CREATE COLLATION public.fz_co${i} (${defs[s.n % defs.length]})`;
      return s.flag ? `${create}; ALTER TABLE ${t} ADD COLUMN fz_cc${i} text COLLATE public.fz_co${i}` : create;
    }
    case 'operator': {
      const names = ['===', '%%%', '&&&&', '@@@', '<<<'];
      const name = names[s.n % names.length];
      const fn = ['int4eq', 'int4lt', 'int4ne'][s.n % 3];
      const extra = s.flag ? `, COMMUTATOR = OPERATOR(public.${name}), RESTRICT = eqsel, JOIN = eqjoinsel${fn === 'int4eq' ? ', HASHES, MERGES' : ''}` : '';
      return `CREATE OPERATOR public.${name} (LEFTARG = integer, RIGHTARG = ${s.n % 2 ? 'integer' : 'bigint'}, FUNCTION = ${s.n % 2 ? fn : fn.replace('int4', 'int48')}${s.n % 2 ? extra : ''})`;
    }
    case 'operatorClass': {
      const family = s.flag ? ` FAMILY public.fz_of${i}` : '';
      const create = `${s.flag ? `CREATE OPERATOR FAMILY public.fz_of${i} USING btree; ` : ''}CREATE OPERATOR CLASS public.fz_oc${i} FOR TYPE integer USING btree${family} AS OPERATOR 1 >, OPERATOR 2 >=, OPERATOR 3 =, OPERATOR 4 <=, OPERATOR 5 <, FUNCTION 1 btint4cmp(integer, integer)`;
      const col = (await columns()).find((c) => c.type === 'integer');
      if (s.n % 3 === 0 && col) return `${create}; CREATE INDEX fz_oi${i} ON ${t} (${col.name} public.fz_oc${i})`;
      if (s.n % 3 === 1 && s.flag) return `${create}; ALTER OPERATOR FAMILY public.fz_of${i} USING btree ADD OPERATOR 3 = (integer, bigint), FUNCTION 1 (integer, bigint) btint48cmp(integer, bigint)`;
      return create;
    }
    case 'textSearch': {
      const dict = pick(await publicObjects("SELECT d.oid::regdictionary::text AS name FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE n.nspname = 'public' ORDER BY 1"));
      if (dict && s.n % 3 === 0) return `ALTER TEXT SEARCH DICTIONARY ${dict} (STOPWORDS = ${s.flag ? 'english' : 'german'})`;
      const config = pick(await publicObjects("SELECT c.oid::regconfig::text AS name FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace WHERE n.nspname = 'public' ORDER BY 1"));
      if (config && s.n % 3 === 1) return `ALTER TEXT SEARCH CONFIGURATION ${config} ${s.flag ? 'DROP MAPPING FOR email, url' : 'ALTER MAPPING FOR asciiword WITH simple, english_stem'}`;
      const d = `CREATE TEXT SEARCH DICTIONARY public.fz_td${i} (TEMPLATE = ${s.flag ? 'simple, STOPWORDS = english, ACCEPT = false' : 'snowball, LANGUAGE = spanish'})`;
      const c = `CREATE TEXT SEARCH CONFIGURATION public.fz_tc${i} (${s.n % 2 ? 'COPY = pg_catalog.english' : 'PARSER = default'}); ALTER TEXT SEARCH CONFIGURATION public.fz_tc${i} ${s.n % 2 ? 'ALTER' : 'ADD'} MAPPING FOR asciiword, word WITH public.fz_td${i}, simple`;
      return `${d}; ${c}`;
    }
    case 'publication': {
      const pub = pick(await publicObjects('SELECT quote_ident(pubname) AS name FROM pg_publication ORDER BY 1'));
      if (pub && s.n % 3 === 0) {
        const inPub = (await rows('SELECT 1 FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid WHERE quote_ident(p.pubname) = $1 AND r.prrelid = $2::regclass', [pub, t])).length > 0;
        return `ALTER PUBLICATION ${pub} ${inPub ? 'DROP' : 'ADD'} TABLE ${t}`;
      }
      if (pub && s.n % 3 === 1) return s.flag ? `ALTER PUBLICATION ${pub} SET (publish = 'insert, update')` : `DROP PUBLICATION ${pub}`;
      const what = [`FOR TABLE ${t}`, `FOR TABLE ${t} WHERE (true)`, 'FOR TABLES IN SCHEMA public', 'FOR ALL TABLES', ''][s.n % 5];
      return `CREATE PUBLICATION fz_pub${i} ${what}${s.flag ? " WITH (publish = 'insert', publish_via_partition_root = true)" : ''}`;
    }
    case 'statistics': {
      const stat = pick(await publicObjects("SELECT s.oid::regclass::text AS name FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE n.nspname = 'public' ORDER BY 1").catch(() => []));
      if (stat && s.n % 3 === 0) return s.flag ? `ALTER STATISTICS ${stat} SET STATISTICS ${s.n + 10}` : `DROP STATISTICS ${stat}`;
      const cols = (await columns()).filter((c) => !/\[\]|tsvector/.test(c.type));
      if (cols.length < 2) return undefined;
      const kinds = ['ndistinct', 'dependencies', 'mcv', 'ndistinct, mcv'][s.n % 4];
      return `CREATE STATISTICS public.fz_st${i} (${kinds}) ON ${cols[s.n % cols.length].name}, ${cols[(s.n + 1) % cols.length].name} FROM ${t}`;
    }
    case 'storage': {
      const settings = [`fillfactor = ${50 + s.n}`, `autovacuum_vacuum_scale_factor = 0.0${(s.n % 9) + 1}`, 'autovacuum_enabled = false', `toast_tuple_target = ${256 + s.n}`, `autovacuum_analyze_threshold = ${s.n}`];
      const setting = settings[s.n % settings.length];
      return s.flag ? `ALTER TABLE ${t} SET (${setting})` : `ALTER TABLE ${t} RESET (${setting.split(' =')[0]})`;
    }
    case 'replicaIdentity': {
      const pk = (await rows("SELECT quote_ident(i.relname) AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = $1::regclass AND x.indisprimary", [t]))[0];
      const choices = ['FULL', 'NOTHING', 'DEFAULT', ...(pk ? [`USING INDEX ${pk.name}`] : [])];
      return `ALTER TABLE ${t} REPLICA IDENTITY ${choices[s.n % choices.length]}`;
    }
    case 'partition': {
      const parts = await publicObjects("SELECT c.oid::regclass::text AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid WHERE h.inhparent = 'public.payment'::regclass ORDER BY 1");
      const part = pick(parts);
      if (part && s.n % 3 === 0) return `ALTER TABLE public.payment DETACH PARTITION ${part}`;
      if (s.n % 3 === 1) {
        // A detached month, attached back (or a new table shaped like a partition).
        const loose = pick(await publicObjects("SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname ~ '^payment_p20' AND NOT c.relispartition AND c.relkind = 'r' ORDER BY 1"));
        if (loose) {
          const [, y, m] = /p(\d{4})_(\d{2})$/.exec(loose) ?? [];
          const next = Number(m) === 12 ? `${Number(y) + 1}-01-01` : `${y}-${String(Number(m) + 1).padStart(2, '0')}-01`;
          return `ALTER TABLE public.payment ATTACH PARTITION ${loose} FOR VALUES FROM ('${y}-${m}-01') TO ('${next}')`;
        }
      }
      if (s.flag) return `CREATE TABLE public.fz_pp${i} PARTITION OF public.payment FOR VALUES FROM ('${2030 + i}-01-01') TO ('${2030 + i}-02-01')`;
      return `CREATE TABLE public.fz_pt${i} (id integer NOT NULL, k ${s.n % 2 ? 'text' : 'integer'}) PARTITION BY ${s.n % 2 ? 'LIST' : 'HASH'} (k); CREATE TABLE public.fz_pt${i}_a PARTITION OF public.fz_pt${i} FOR VALUES ${s.n % 2 ? "IN ('a', 'b')" : 'WITH (MODULUS 2, REMAINDER 0)'}`;
    }
    case 'inheritance': {
      const child = pick(await publicObjects("SELECT h.inhrelid::regclass::text AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid WHERE NOT c.relispartition ORDER BY 1"));
      if (child && s.n % 2) {
        const parent = (await rows('SELECT inhparent::regclass::text AS name FROM pg_inherits WHERE inhrelid = $1::regclass', [child]))[0]?.name;
        return parent ? `ALTER TABLE ${child} NO INHERIT ${parent}` : undefined;
      }
      return `CREATE TABLE public.fz_ih${i} (${s.flag ? 'extra text' : ''}) INHERITS (${t})`;
    }
    case 'foreignData': {
      const fdw = 'CREATE EXTENSION IF NOT EXISTS postgres_fdw';
      const server = pick(await publicObjects('SELECT quote_ident(srvname) AS name FROM pg_foreign_server ORDER BY 1'));
      switch (s.n % 5) {
        case 0:
          return `CREATE FOREIGN DATA WRAPPER fz_w${i}${s.flag ? ' OPTIONS (debug \'true\')' : ''}`;
        case 1:
          return `${fdw}; CREATE SERVER fz_srv${i} ${s.flag ? "TYPE 'pg' VERSION '15' " : ''}FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'h${s.n}', dbname 'films')`;
        case 2:
          if (server) return s.flag ? `ALTER SERVER ${server} OPTIONS (ADD port '${5000 + s.n}')` : `CREATE USER MAPPING FOR ${s.n % 2 ? 'fz_reader' : 'PUBLIC'} SERVER ${server} OPTIONS (user 'u${s.n}')`;
          return undefined;
        case 3:
          if (server) return `CREATE FOREIGN TABLE public.fz_ft${i} (id integer NOT NULL, name text${s.flag ? " OPTIONS (column_name 'NAME')" : ''}) SERVER ${server} OPTIONS (table_name 't${s.n}')`;
          return undefined;
        default:
          return server ? `DROP SERVER ${server} CASCADE` : undefined;
      }
    }
    case 'eventTrigger': {
      const et = pick(await publicObjects('SELECT quote_ident(evtname) AS name FROM pg_event_trigger ORDER BY 1'));
      if (et && s.n % 2) return [`ALTER EVENT TRIGGER ${et} DISABLE`, `ALTER EVENT TRIGGER ${et} ENABLE ALWAYS`, `DROP EVENT TRIGGER ${et}`][s.n % 3];
      const events = ['ddl_command_end', 'ddl_command_start', 'sql_drop'];
      return `CREATE FUNCTION public.fz_ev${i}() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$; CREATE EVENT TRIGGER fz_et${i} ON ${events[s.n % 3]}${s.flag ? " WHEN TAG IN ('CREATE TABLE', 'DROP TABLE')" : ''} EXECUTE FUNCTION public.fz_ev${i}()`;
    }
    case 'policy': {
      const policy = pick(await rows('SELECT quote_ident(polname) AS name FROM pg_policy WHERE polrelid = $1::regclass ORDER BY 1', [t]));
      if (policy && s.n % 3 === 0) return `ALTER POLICY ${policy.name} ON ${t} ${s.flag ? 'TO fz_reader' : 'USING (false)'}`;
      if (policy && s.n % 3 === 1) return `DROP POLICY ${policy.name} ON ${t}`;
      if (s.n % 4 === 2) return `ALTER TABLE ${t} ${s.flag ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`;
      const command = ['ALL', 'SELECT', 'INSERT', 'UPDATE', 'DELETE'][s.n % 5];
      const using = command === 'INSERT' ? '' : ` USING (${s.flag ? 'current_user = \'fz_reader\'' : 'true'})`;
      const check = command === 'SELECT' || command === 'DELETE' ? '' : ' WITH CHECK (true)';
      return `CREATE POLICY fz_p${i} ON ${t} AS ${s.flag ? 'RESTRICTIVE' : 'PERMISSIVE'} FOR ${command} TO ${s.n % 2 ? 'fz_reader' : 'PUBLIC'}${using}${check}`;
    }
    case 'columnOrder': {
      // Drop a plain column and add it back: it moves to the end (a notice), nothing else differs.
      const c = pick((await columns()).filter((x) => !x.attnotnull && !x.atthasdef && !x.attidentity));
      return c ? `ALTER TABLE ${t} DROP COLUMN ${c.name}; ALTER TABLE ${t} ADD COLUMN ${c.name} ${c.type}` : undefined;
    }
    case 'owner': {
      const owner = s.flag ? 'fz_owner' : 'CURRENT_USER';
      const targets = [
        `TABLE ${t}`,
        'FUNCTION public.last_day(timestamp with time zone)',
        'TYPE public.mpaa_rating',
        'VIEW public.actor_info',
        'SEQUENCE public.actor_actor_id_seq',
        'MATERIALIZED VIEW public.rental_by_category',
        'SCHEMA public',
      ];
      return `ALTER ${targets[s.n % targets.length]} OWNER TO ${owner}`;
    }
    case 'defaultPrivileges': {
      const forRole = s.n % 2 ? ' FOR ROLE fz_owner' : '';
      const inSchema = s.n % 3 ? ' IN SCHEMA public' : '';
      const grants = [
        'GRANT SELECT ON TABLES TO fz_reader',
        'GRANT USAGE, SELECT ON SEQUENCES TO fz_reader',
        'REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC',
        'GRANT EXECUTE ON FUNCTIONS TO fz_reader',
        'REVOKE USAGE ON TYPES FROM PUBLIC',
        'GRANT INSERT, UPDATE ON TABLES TO fz_reader WITH GRANT OPTION',
      ];
      const grant = grants[s.n % grants.length];
      // Global REVOKE ... FROM PUBLIC needs no schema; a schema-scoped revoke of a default is a no-op.
      return `ALTER DEFAULT PRIVILEGES${forRole}${grant.startsWith('REVOKE') ? '' : inSchema} ${grant}`;
    }
  }
}
