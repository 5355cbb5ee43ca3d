/**
 * The catalog queries behind `introspect`: two statements that each return one row of json_agg
 * arrays, one column per object kind, so a database with thousands of tables costs one round trip
 * (or two statements on two connections at once) and a few JSON parses instead of a query per table.
 *
 * Statement A reads what needs (almost) no relation to be opened (columns, tables, sequences,
 * functions, types, ...; only views and partitions are opened); statement B holds the deparsers that open every table (pg_get_indexdef,
 * CHECK constraints, triggers, policies), so on a fresh connection only B pays for building the
 * relation cache, and the two balance when run in parallel.
 *
 * Rows are json arrays (positional; see the Raw* tuple types in introspect.ts): about half the text
 * of objects with repeated keys, and about half the time to build on the server and to parse. Columns, constraints,
 * triggers, policies and indexes name their relation by OID; the JS side maps it to the `schema.name`
 * key using the tables and views rows of the same transaction (OIDs never leave introspect).
 *
 * The queries must run with an empty search_path (see SESSION_SETUP): then format_type,
 * pg_get_*def and regproc output are fully schema-qualified and identical across databases.
 *
 * Measured on 5,000 tables (PostgreSQL 15): per-row correlated sub-selects for comments and FK
 * targets became joins; extension members come from one index range scan of pg_depend
 * (refclassid = pg_extension); column defaults are deparsed without opening their table
 * (pg_get_expr(adbin, 0); only generated columns can reference columns); json_build_object rows
 * became json_build_array rows; parallel workers are off.
 */

export interface IntrospectQueryOptions {
  schemas?: string[];
  /** A SQL LIKE pattern over user schema names (schema per tenant: `tenant_%`); with `schemas`, both must hold. */
  schemasLike?: string;
  ignorePrivileges?: boolean;
}

/** Settings that make every deparsed definition deterministic (names, timestamps in bounds). */
export const SESSION_SETUP = [
  `SELECT pg_catalog.set_config('search_path', '', true)`,
  `SET LOCAL TimeZone = 'UTC'`,
  `SET LOCAL DateStyle = 'ISO, YMD'`,
  `SET LOCAL IntervalStyle = 'postgres'`,
  `SET LOCAL extra_float_digits = 3`,
  `SET LOCAL quote_all_identifiers = off`,
  // JIT compiling these wide queries costs far more (seconds on 5,000 tables) than running them.
  `SET LOCAL jit = off`,
  // Parallel workers only add CPU here (measured: ~15% more in total, no faster on two cores), and
  // schema-verify usually reads two databases at once.
  `SET LOCAL max_parallel_workers_per_gather = 0`,
];

/** A string literal that is safe whatever standard_conforming_strings says. */
export function sqlLiteral(value: string): string {
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

const aclEntry = `CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END
      || ':' || a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END`;

/** Exploded privileges (grantee:PRIV[*]) without the owner's own entries, or NULL when ignored. */
function acl(aclExpr: string, kind: string, owner: string, ignore: boolean, defaultEmpty = false): string {
  if (ignore) return 'NULL';
  // A NULL column ACL (the default: no grants) needs no sub-select at all; this runs per column.
  if (defaultEmpty) {
    return `CASE WHEN ${aclExpr} IS NOT NULL THEN (SELECT coalesce(json_agg(${aclEntry}), '[]'::json)
    FROM aclexplode(${aclExpr}) a WHERE a.grantee <> ${owner}) END`;
  }
  return `(SELECT coalesce(json_agg(${aclEntry}), '[]'::json)
    FROM aclexplode(coalesce(${aclExpr}, acldefault('${kind}', ${owner}))) a WHERE a.grantee <> ${owner})`;
}

/** Comment of an object: a hash join on the `dsc` CTE instead of one index probe per row. */
function commentJoin(alias: string, catalog: string, oidExpr: string, subExpr = '0'): string {
  return `LEFT JOIN pg_description ${alias} ON ${alias}.classoid = '${catalog}'::regclass AND ${alias}.objoid = ${oidExpr} AND ${alias}.objsubid = ${subExpr}`;
}

function notExtensionMember(catalog: string, oidExpr: string): string {
  return `NOT EXISTS (SELECT 1 FROM ext e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oidExpr})`;
}

/**
 * A model key built in SQL exactly as model.ts's qualifiedKey/memberKey build it in TypeScript:
 * each name as is, or double-quoted when it contains `.`, `"`, `(` or `)`. (Not quote_ident: its
 * keyword list depends on the server version, and keys must match across servers.)
 */
function keySql(...names: string[]): string {
  return names.map((n) => `CASE WHEN ${n} ~ '[."()]' THEN '"' || replace(${n}, '"', '""') || '"' ELSE ${n}::text END`).join(" || '.' || ");
}

function collationName(collOid: string): string {
  return `(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = ${collOid})`;
}

/** Shared CTEs: the schemas and relations to read, extension members, comments. */
function ctes(opts: IntrospectQueryOptions): string {
  const userSchemas = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'`;
  const schemaFilter = opts.schemas && opts.schemas.length > 0
    ? `n.nspname = ANY (ARRAY[${opts.schemas.map(sqlLiteral).join(', ')}]::text[])`
    : userSchemas;
  const like = opts.schemasLike === undefined ? '' : ` AND ${userSchemas} AND n.nspname LIKE ${sqlLiteral(opts.schemasLike)}`;
  // Extension members are pg_depend rows of deptype 'e', which always reference pg_extension:
  // one range scan of pg_depend_reference_index instead of a probe per object.
  return `WITH ext AS MATERIALIZED (
  SELECT d.classid, d.objid FROM pg_depend d WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
), ns AS MATERIALIZED (
  SELECT n.oid, n.nspname, n.nspowner, n.nspacl FROM pg_namespace n
  WHERE ${schemaFilter}${like} AND ${notExtensionMember('pg_namespace', 'n.oid')}
), rel AS NOT MATERIALIZED (
  SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.relowner, c.relacl, c.relrowsecurity,
         c.relforcerowsecurity, c.relispartition, c.reloptions, c.relpartbound, c.relreplident, ns.nspname
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${notExtensionMember('pg_class', 'c.oid')}
)`;
}

/** Statement A: everything that can be read without opening tables; one row, one json column per kind. */
export function queryA(opts: IntrospectQueryOptions = {}): string {
  const ig = opts.ignorePrivileges === true;
  return `${ctes(opts)}
SELECT current_setting('server_version_num')::int AS version,
(SELECT json_agg(json_build_array(n.nspname, d.description, ${acl('n.nspacl', 'n', 'n.nspowner', ig)}))
  FROM ns n ${commentJoin('d', 'pg_namespace', 'n.oid')}) AS schemas,
(SELECT json_agg(json_build_array(e.extname, e.extversion, en.nspname,
    -- the version this server's packages install by default (cross-version comparisons)
    (SELECT v.default_version FROM pg_available_extensions v WHERE v.name = e.extname)))
  FROM pg_extension e JOIN pg_namespace en ON en.oid = e.extnamespace) AS extensions,
(SELECT json_agg(json_build_array(r.oid, r.nspname, r.relname, r.relkind, r.relpersistence = 'u',
    CASE WHEN r.relkind = 'p' THEN pg_get_partkeydef(r.oid) END,
    CASE WHEN r.relispartition THEN (SELECT ${keySql('pn.nspname', 'pc.relname')} FROM pg_inherits i
        JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = r.oid) END,
    CASE WHEN r.relispartition THEN pg_get_expr(r.relpartbound, r.oid) END,
    CASE WHEN NOT r.relispartition THEN (SELECT json_agg(${keySql('pn.nspname', 'pc.relname')} ORDER BY i.inhseqno)
        FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE i.inhrelid = r.oid) END,
    r.relrowsecurity, r.relforcerowsecurity, d.description,
    ${acl('r.relacl', 'r', 'r.relowner', ig)},
    r.reloptions,
    -- d (default: the primary key) is left out; i names the index
    CASE r.relreplident WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'
      WHEN 'i' THEN (SELECT 'index ' || quote_ident(ic.relname) FROM pg_index ri JOIN pg_class ic ON ic.oid = ri.indexrelid
        WHERE ri.indrelid = r.oid AND ri.indisreplident) END))
  FROM rel r ${commentJoin('d', 'pg_class', 'r.oid')} WHERE r.relkind IN ('r', 'p')) AS tables,
(SELECT json_agg(json_build_array(r.oid, r.nspname, r.relname, r.relkind, pg_get_viewdef(r.oid, true), r.reloptions,
    (SELECT json_agg(DISTINCT ${keySql('dn.nspname', 'dc.relname')}) FROM pg_rewrite rw
        JOIN pg_depend dp ON dp.classid = 'pg_rewrite'::regclass AND dp.objid = rw.oid AND dp.refclassid = 'pg_class'::regclass
        JOIN pg_class dc ON dc.oid = dp.refobjid JOIN pg_namespace dn ON dn.oid = dc.relnamespace
        WHERE rw.ev_class = r.oid AND dp.refobjid <> r.oid),
    d.description, ${acl('r.relacl', 'r', 'r.relowner', ig)}))
  FROM rel r ${commentJoin('d', 'pg_class', 'r.oid')} WHERE r.relkind IN ('v', 'm')) AS views,
(SELECT json_agg(json_build_array(r.oid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
    -- Only a generated column's expression can reference columns; a plain default deparses the
    -- same without its table, and opening every table just to name no columns is the dearest part.
    pg_get_expr(ad.adbin, CASE WHEN a.attgenerated <> '' THEN ad.adrelid ELSE 0 END), a.attidentity, a.attgenerated,
    CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN ${collationName('a.attcollation')} END,
    a.attinhcount > 0, a.attislocal, d.description,
    ${acl('a.attacl', 'c', 'r.relowner', ig, true)},
    -- An identity column's own sequence (deptype 'i'): its options are part of the column.
    CASE WHEN a.attidentity <> '' THEN (SELECT json_build_array(s.seqstart::text, s.seqincrement::text, s.seqmin::text,
        s.seqmax::text, s.seqcache::text, s.seqcycle) FROM pg_depend dp JOIN pg_sequence s ON s.seqrelid = dp.objid
      WHERE dp.classid = 'pg_class'::regclass AND dp.refclassid = 'pg_class'::regclass AND dp.refobjid = r.oid
        AND dp.refobjsubid = a.attnum AND dp.deptype = 'i') END) ORDER BY r.oid, a.attnum)
  FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  ${commentJoin('d', 'pg_class', 'r.oid', 'a.attnum')}
  WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f')) AS columns,
(SELECT json_agg(json_build_array(r.nspname, r.relname, format_type(s.seqtypid, NULL), s.seqstart::text, s.seqincrement::text,
    s.seqmin::text, s.seqmax::text, s.seqcache::text, s.seqcycle,
    CASE WHEN dep.deptype = 'a' THEN (SELECT ${keySql('tn.nspname', 'tc.relname', 'ta.attname')} FROM pg_class tc
        JOIN pg_namespace tn ON tn.oid = tc.relnamespace JOIN pg_attribute ta ON ta.attrelid = tc.oid AND ta.attnum = dep.refobjsubid
        WHERE tc.oid = dep.refobjid) END,
    d.description, ${acl('r.relacl', 's', 'r.relowner', ig)}))
  FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid ${commentJoin('d', 'pg_class', 'r.oid')}
  -- One pg_depend probe per sequence: its identity column (deptype 'i', sorts first), else its
  -- OWNED BY column (deptype 'a').
  LEFT JOIN LATERAL (SELECT dp.deptype, dp.refobjid, dp.refobjsubid FROM pg_depend dp
      WHERE dp.classid = 'pg_class'::regclass AND dp.objid = r.oid
        AND (dp.deptype = 'i' OR (dp.deptype = 'a' AND dp.refclassid = 'pg_class'::regclass))
      ORDER BY dp.deptype DESC LIMIT 1) dep ON true
  -- identity sequences are part of their column (deptype 'i'), not separate objects
  WHERE r.relkind = 'S' AND dep.deptype IS DISTINCT FROM 'i') AS sequences,
(SELECT json_agg(json_build_array(n.nspname, p.proname, p.prokind,
    oidvectortypes(p.proargtypes), pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid),
    CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) ELSE
      'CREATE AGGREGATE ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '('
      || pg_get_function_arguments(p.oid) || ') (SFUNC = ' || ag.aggtransfn::regproc::text
      || ', STYPE = ' || format_type(ag.aggtranstype, NULL)
      || CASE WHEN ag.aggtransspace <> 0 THEN ', SSPACE = ' || ag.aggtransspace ELSE '' END
      || CASE WHEN ag.aggfinalfn <> 0 THEN ', FINALFUNC = ' || ag.aggfinalfn::regproc::text ELSE '' END
      || CASE WHEN ag.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END
      || CASE WHEN ag.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || ag.aggcombinefn::regproc::text ELSE '' END
      || CASE WHEN ag.aggserialfn <> 0 THEN ', SERIALFUNC = ' || ag.aggserialfn::regproc::text ELSE '' END
      || CASE WHEN ag.aggdeserialfn <> 0 THEN ', DESERIALFUNC = ' || ag.aggdeserialfn::regproc::text ELSE '' END
      || CASE WHEN ag.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(ag.agginitval) ELSE '' END
      || ${aggregateExtrasSql()}
      || CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE' WHEN 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END
      || ')' END,
    d.description, ${acl('p.proacl', 'f', 'p.proowner', ig)}))
  FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
  ${commentJoin('d', 'pg_proc', 'p.oid')}
  WHERE ${notExtensionMember('pg_proc', 'p.oid')}
    -- a range type's constructor functions are part of the type (internal dependency), not objects of their own
    AND NOT EXISTS (SELECT 1 FROM pg_depend pd WHERE pd.classid = 'pg_proc'::regclass AND pd.objid = p.oid AND pd.deptype = 'i')) AS functions,
(SELECT json_agg(json_build_array(n.nspname, t.typname, t.typtype,
    CASE WHEN t.typtype = 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) END,
    CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
    CASE WHEN t.typtype = 'd' THEN pg_get_expr(t.typdefaultbin, 0) END,
    t.typnotnull,
    CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> (SELECT bt.typcollation FROM pg_type bt WHERE bt.oid = t.typbasetype)
      THEN ${collationName('t.typcollation')} END,
    CASE WHEN t.typtype = 'd' THEN (SELECT json_agg(json_build_array(c.conname, pg_get_constraintdef(c.oid)))
        FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') END,
    CASE WHEN t.typtype = 'c' THEN (SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod),
        CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN ${collationName('a.attcollation')} END) ORDER BY a.attnum)
        FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END,
    d.description, ${acl('t.typacl', 'T', 't.typowner', ig)}))
  FROM pg_type t JOIN ns n ON n.oid = t.typnamespace ${commentJoin('d', 'pg_type', 't.oid')}
  -- enums, domains and free-standing composite types; a table's row type and array types are
  -- implied by their table/element type
  WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c')))
    AND ${notExtensionMember('pg_type', 't.oid')}) AS types,
${ig ? 'NULL::json' : `(SELECT json_agg(json_build_array(pg_get_userbyid(d.defaclrole)::text, coalesce(dn.nspname, ''), d.defaclobjtype,
    (SELECT coalesce(json_agg(${aclEntry}), '[]'::json) FROM aclexplode(d.defaclacl) a WHERE a.grantee <> d.defaclrole)))
  FROM pg_default_acl d LEFT JOIN pg_namespace dn ON dn.oid = d.defaclnamespace
  WHERE d.defaclnamespace = 0 OR d.defaclnamespace IN (SELECT oid FROM ns))`} AS "defaultPrivileges",
${publicationsSql()} AS publications,
(SELECT json_agg(json_build_array(n.nspname, s.stxname, ${keySql('tn.nspname', 'tc.relname')}, pg_get_statisticsobjdef(s.oid), d.description))
  FROM pg_statistic_ext s JOIN ns n ON n.oid = s.stxnamespace
  JOIN pg_class tc ON tc.oid = s.stxrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
  ${commentJoin('d', 'pg_statistic_ext', 's.oid')}
  WHERE ${notExtensionMember('pg_statistic_ext', 's.oid')}) AS statistics,
${rangeTypesSql(ig)} AS "rangeTypes",
${castsSql(opts)} AS casts,
${collationsSql()} AS collations,
${operatorsSql()} AS operators,
${operatorFamiliesSql()} AS "operatorFamilies",
${operatorClassesSql()} AS "operatorClasses",
${foreignDataWrappersSql(ig)} AS "foreignDataWrappers",
${foreignServersSql(ig)} AS "foreignServers",
${userMappingsSql()} AS "userMappings",
${foreignTablesSql(ig)} AS "foreignTables",
${textSearchParsersSql()} AS "textSearchParsers",
${textSearchTemplatesSql()} AS "textSearchTemplates",
${textSearchDictionariesSql()} AS "textSearchDictionaries",
${textSearchConfigurationsSql()} AS "textSearchConfigurations",
${eventTriggersSql()} AS "eventTriggers",
${securityLabelsSql()} AS "securityLabels"`;
}

/**
 * Publications, readable on PostgreSQL 13 to 17: column lists and row filters (15+) are read
 * through to_jsonb of the catalog rows, so a column an older server lacks is simply absent, and
 * FOR TABLES IN SCHEMA (15+, pg_publication_namespace) is derived from pg_publication_tables:
 * published tables that are neither named nor partitions of a named table.
 */
function publicationsSql(): string {
  return `(SELECT json_agg(json_build_array(p.pubname, p.puballtables,
    json_build_array(p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate), p.pubviaroot,
    (SELECT json_agg(json_build_array(${keySql('n.nspname', 'c.relname')},
        CASE WHEN to_jsonb(pr)->>'prattrs' IS NOT NULL THEN to_jsonb(pt)->'attnames' END,
        to_jsonb(pt)->>'rowfilter'))
      FROM pg_publication_rel pr JOIN pg_class c ON c.oid = pr.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_publication_tables pt ON pt.pubname = p.pubname AND pt.schemaname = n.nspname AND pt.tablename = c.relname
      WHERE pr.prpubid = p.oid),
    (SELECT json_agg(DISTINCT pt.schemaname) FROM pg_publication_tables pt
      JOIN pg_namespace n ON n.nspname = pt.schemaname JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename
      WHERE pt.pubname = p.pubname AND NOT p.puballtables
        AND NOT EXISTS (SELECT 1 FROM pg_publication_rel pr WHERE pr.prpubid = p.oid
          AND (pr.prrelid = c.oid OR pr.prrelid IN (SELECT relid FROM pg_partition_ancestors(c.oid))))),
    d.description))
  FROM pg_publication p ${commentJoin('d', 'pg_publication', 'p.oid')})`;
}

/** Statement B: the deparsers that open every table (indexes, CHECK constraints, triggers, policies). */
export function queryB(opts: IntrospectQueryOptions = {}): string {
  return `${ctes(opts)}
SELECT
(SELECT json_agg(json_build_array(r.oid, k.conname, k.contype, pg_get_constraintdef(k.oid),
    CASE WHEN k.contype = 'f' THEN ${keySql('fn.nspname', 'fc.relname')} END,
    k.coninhcount > 0 OR k.conparentid <> 0,
    CASE WHEN k.conparentid <> 0 THEN (SELECT ${keySql('pn.nspname', 'pc.relname', 'pk.conname')}
        FROM pg_constraint pk JOIN pg_class pc ON pc.oid = pk.conrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE pk.oid = k.conparentid) END,
    d.description))
  FROM rel r JOIN pg_constraint k ON k.conrelid = r.oid
  LEFT JOIN pg_class fc ON fc.oid = k.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
  ${commentJoin('d', 'pg_constraint', 'k.oid')}
  WHERE r.relkind IN ('r', 'p', 'f') AND k.contype IN ('p', 'f', 'u', 'c', 'x')
    -- FK clones on partitions (and on the referencing side of partitioned targets) are derived
    -- from the parent's FK; pg_dump does not dump them and they share the parent's name.
    AND NOT (k.contype = 'f' AND k.conparentid <> 0)) AS constraints,
(SELECT json_agg(json_build_array(r.oid, ic.relname, pg_get_indexdef(i.indexrelid),
    (SELECT ${keySql('pn.nspname', 'pc.relname')} FROM pg_inherits ih JOIN pg_class pc ON pc.oid = ih.inhparent
        JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE ih.inhrelid = i.indexrelid),
    d.description))
  FROM rel r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid
  ${commentJoin('d', 'pg_class', 'i.indexrelid')}
  WHERE r.relkind IN ('r', 'p', 'm')
    -- indexes that back a PK/UNIQUE/EXCLUDE constraint are reported as that constraint
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = r.oid
        AND k.contype IN ('p', 'u', 'x'))) AS indexes,
(SELECT json_agg(json_build_array(r.oid, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled, d.description))
  FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid ${commentJoin('d', 'pg_trigger', 't.oid')}
  -- internal (FK) triggers belong to their constraint; clones on partitions to the parent's trigger
  WHERE NOT t.tgisinternal AND t.tgparentid = 0) AS triggers,
(SELECT json_agg(json_build_array(r.oid, p.polname, p.polpermissive, p.polcmd,
    (SELECT json_agg(CASE WHEN x = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x)::text END) FROM unnest(p.polroles) x),
    pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), d.description))
  FROM rel r JOIN pg_policy p ON p.polrelid = r.oid ${commentJoin('d', 'pg_policy', 'p.oid')}) AS policies`;
}


/**
 * The CREATE AGGREGATE clauses beyond the basic ones: moving-aggregate mode (MSFUNC ...), SORTOP,
 * HYPOTHETICAL and FINALFUNC_MODIFY. Each is printed only when it differs from the default, so the
 * definition of an aggregate that uses none of them reads as it always did (stored snapshots
 * keep comparing equal).
 */
function aggregateExtrasSql(): string {
  // FINALFUNC_MODIFY defaults to READ_ONLY, and to READ_WRITE for ordered-set aggregates.
  const modify = (col: string) => `CASE ${col} WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END`;
  const defaultModify = `CASE WHEN ag.aggkind = 'n' THEN 'r' ELSE 'w' END`;
  return `CASE WHEN ag.aggfinalfn <> 0 AND ag.aggfinalmodify <> ${defaultModify} THEN ', FINALFUNC_MODIFY = ' || ${modify('ag.aggfinalmodify')} ELSE '' END
      || CASE WHEN ag.aggmtransfn <> 0 THEN ', MSFUNC = ' || ag.aggmtransfn::regproc::text
        || ', MINVFUNC = ' || ag.aggminvtransfn::regproc::text || ', MSTYPE = ' || format_type(ag.aggmtranstype, NULL)
        || CASE WHEN ag.aggmtransspace <> 0 THEN ', MSSPACE = ' || ag.aggmtransspace ELSE '' END
        || CASE WHEN ag.aggmfinalfn <> 0 THEN ', MFINALFUNC = ' || ag.aggmfinalfn::regproc::text ELSE '' END
        || CASE WHEN ag.aggmfinalextra THEN ', MFINALFUNC_EXTRA' ELSE '' END
        || CASE WHEN ag.aggmfinalfn <> 0 AND ag.aggmfinalmodify <> ${defaultModify} THEN ', MFINALFUNC_MODIFY = ' || ${modify('ag.aggmfinalmodify')} ELSE '' END
        || CASE WHEN ag.aggminitval IS NOT NULL THEN ', MINITCOND = ' || quote_literal(ag.aggminitval) ELSE '' END
      ELSE '' END
      || CASE WHEN ag.aggsortop <> 0 THEN ', SORTOP = ' || ${operatorRef('ag.aggsortop')} ELSE '' END
      || CASE WHEN ag.aggkind = 'h' THEN ', HYPOTHETICAL' ELSE '' END`;
}

/** `OPERATOR(schema.name)`: an operator as CREATE OPERATOR, CREATE AGGREGATE and expressions name it. */
function operatorRef(oidExpr: string): string {
  return `(SELECT 'OPERATOR(' || quote_ident(rn.nspname) || '.' || ro.oprname || ')' FROM pg_operator ro
      JOIN pg_namespace rn ON rn.oid = ro.oprnamespace WHERE ro.oid = ${oidExpr})`;
}

/**
 * Range types (CREATE TYPE ... AS RANGE) with their multirange (PostgreSQL 14+; read through
 * to_jsonb so that 13 simply has none). The subtype's operator class and collation only when they
 * are not the subtype's defaults, as pg_dump prints them.
 */
function rangeTypesSql(ig: boolean): string {
  return `(SELECT json_agg(json_build_array(n.nspname, t.typname, format_type(r.rngsubtype, NULL),
    CASE WHEN NOT opc.opcdefault THEN quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname) END,
    CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN ${collationName('r.rngcollation')} END,
    CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END,
    CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END,
    (SELECT format_type(mt.oid, NULL) FROM pg_type mt WHERE mt.oid = (to_jsonb(r)->>'rngmultitypid')::oid),
    d.description, ${acl('t.typacl', 'T', 't.typowner', ig)}))
  FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN ns n ON n.oid = t.typnamespace
  JOIN pg_type st ON st.oid = r.rngsubtype
  JOIN pg_opclass opc ON opc.oid = r.rngsubopc JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
  ${commentJoin('d', 'pg_type', 't.oid')}
  WHERE ${notExtensionMember('pg_type', 't.oid')})`;
}

/**
 * User-defined casts (CREATE CAST): those made after initdb, not by an extension, and not the
 * ones a type makes for itself (a multirange's constructor casts depend on it internally). With a
 * schema list, only casts whose source, target or function is in one of those schemas.
 */
function castsSql(opts: IntrospectQueryOptions): string {
  const inSchemas = opts.schemas && opts.schemas.length > 0
    ? `AND (EXISTS (SELECT 1 FROM pg_type ct JOIN ns ON ns.oid = ct.typnamespace WHERE ct.oid IN (c.castsource, c.casttarget))
        OR EXISTS (SELECT 1 FROM pg_proc cp JOIN ns ON ns.oid = cp.pronamespace WHERE cp.oid = c.castfunc))`
    : '';
  return `(SELECT json_agg(json_build_array(format_type(c.castsource, NULL), format_type(c.casttarget, NULL), c.castmethod,
    CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END, c.castcontext, d.description))
  FROM pg_cast c ${commentJoin('d', 'pg_cast', 'c.oid')}
  WHERE c.oid >= 16384 AND ${notExtensionMember('pg_cast', 'c.oid')}
    AND NOT EXISTS (SELECT 1 FROM pg_depend cd WHERE cd.classid = 'pg_cast'::regclass AND cd.objid = c.oid AND cd.deptype = 'i')
    ${inSchemas})`;
}

/**
 * Collations as objects (CREATE COLLATION). The locale columns moved between versions (ICU locale
 * in collcollate up to 14, colliculocale in 15 and 16, colllocale from 17; ICU rules from 16), so
 * the row is read through to_jsonb and the JS side picks what the server has. collversion is the
 * library's version on that machine, not part of the definition.
 */
function collationsSql(): string {
  return `(SELECT json_agg(json_build_array(n.nspname, co.collname, co.collprovider, co.collisdeterministic,
    j.v->>'collcollate', j.v->>'collctype', coalesce(j.v->>'colllocale', j.v->>'colliculocale'), j.v->>'collicurules', d.description))
  FROM pg_collation co JOIN ns n ON n.oid = co.collnamespace CROSS JOIN LATERAL (SELECT to_jsonb(co) AS v) j
  ${commentJoin('d', 'pg_collation', 'co.oid')}
  WHERE ${notExtensionMember('pg_collation', 'co.oid')})`;
}

/** Operators (CREATE OPERATOR); the function and estimators as regproc, which qualifies user schemas. */
function operatorsSql(): string {
  return `(SELECT json_agg(json_build_array(n.nspname, o.oprname,
    CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END, format_type(o.oprright, NULL), format_type(o.oprresult, NULL),
    o.oprcode::regproc::text,
    CASE WHEN o.oprcom <> 0 THEN ${operatorRef('o.oprcom')} END,
    CASE WHEN o.oprnegate <> 0 THEN ${operatorRef('o.oprnegate')} END,
    CASE WHEN o.oprrest <> 0 THEN o.oprrest::regproc::text END,
    CASE WHEN o.oprjoin <> 0 THEN o.oprjoin::regproc::text END,
    o.oprcanhash, o.oprcanmerge, d.description))
  FROM pg_operator o JOIN ns n ON n.oid = o.oprnamespace ${commentJoin('d', 'pg_operator', 'o.oid')}
  -- a shell operator (no function yet) is what COMMUTATOR or NEGATOR of another one made; pg_dump skips it too
  WHERE o.oprcode <> 0 AND ${notExtensionMember('pg_operator', 'o.oid')})`;
}

/**
 * Members of an operator family or class as json [identity, clause] pairs: the identity
 * (`OPERATOR 1 (integer, integer)`) is what ALTER OPERATOR FAMILY ... DROP takes, the clause what
 * CREATE OPERATOR CLASS and ALTER OPERATOR FAMILY ... ADD take. A class's members depend on the
 * class internally; a family's own ("loose") members depend on the family (deptype 'a').
 */
function opMembersSql(refCatalog: string, refOid: string, deptype: string): string {
  const types = (l: string, r: string) => `'(' || format_type(${l}, NULL) || ', ' || format_type(${r}, NULL) || ')'`;
  return `(SELECT json_agg(m.pair ORDER BY m.k, m.num, m.sort) FROM (
      SELECT 1 AS k, ao.amopstrategy AS num, json_build_array('OPERATOR ' || ao.amopstrategy || ' ' || ${types('ao.amoplefttype', 'ao.amoprighttype')},
        'OPERATOR ' || ao.amopstrategy || ' ' || quote_ident(mn.nspname) || '.' || mo.oprname || ${types('ao.amoplefttype', 'ao.amoprighttype')}
        || CASE WHEN ao.amoppurpose = 'o' THEN ' FOR ORDER BY ' || (SELECT quote_ident(sn.nspname) || '.' || quote_ident(sf.opfname)
            FROM pg_opfamily sf JOIN pg_namespace sn ON sn.oid = sf.opfnamespace WHERE sf.oid = ao.amopsortfamily) ELSE '' END) AS pair,
        format_type(ao.amoplefttype, NULL) || format_type(ao.amoprighttype, NULL) AS types
      FROM pg_amop ao JOIN pg_depend md ON md.classid = 'pg_amop'::regclass AND md.objid = ao.oid
        AND md.refclassid = '${refCatalog}'::regclass AND md.refobjid = ${refOid} AND md.deptype = '${deptype}'
      JOIN pg_operator mo ON mo.oid = ao.amopopr JOIN pg_namespace mn ON mn.oid = mo.oprnamespace
      UNION ALL
      SELECT 2, ap.amprocnum, json_build_array('FUNCTION ' || ap.amprocnum || ' ' || ${types('ap.amproclefttype', 'ap.amprocrighttype')},
        'FUNCTION ' || ap.amprocnum || ' ' || ${types('ap.amproclefttype', 'ap.amprocrighttype')} || ' ' || ap.amproc::regprocedure::text),
        format_type(ap.amproclefttype, NULL) || format_type(ap.amprocrighttype, NULL)
      FROM pg_amproc ap JOIN pg_depend md ON md.classid = 'pg_amproc'::regclass AND md.objid = ap.oid
        AND md.refclassid = '${refCatalog}'::regclass AND md.refobjid = ${refOid} AND md.deptype = '${deptype}'
    ) m(k, num, pair, sort))`;
}

/** Operator families (CREATE OPERATOR FAMILY) with their loose members (ALTER OPERATOR FAMILY ... ADD). */
function operatorFamiliesSql(): string {
  return `(SELECT json_agg(json_build_array(n.nspname, f.opfname, am.amname, ${opMembersSql('pg_opfamily', 'f.oid', 'a')}, d.description))
  FROM pg_opfamily f JOIN ns n ON n.oid = f.opfnamespace JOIN pg_am am ON am.oid = f.opfmethod
  ${commentJoin('d', 'pg_opfamily', 'f.oid')}
  WHERE ${notExtensionMember('pg_opfamily', 'f.oid')})`;
}

/** Operator classes (CREATE OPERATOR CLASS): type, DEFAULT, family, STORAGE and their members. */
function operatorClassesSql(): string {
  return `(SELECT json_agg(json_build_array(n.nspname, c.opcname, am.amname, format_type(c.opcintype, NULL), c.opcdefault,
    quote_ident(fn.nspname) || '.' || quote_ident(f.opfname),
    CASE WHEN c.opckeytype <> 0 THEN format_type(c.opckeytype, NULL) END,
    ${opMembersSql('pg_opclass', 'c.oid', 'i')}, d.description))
  FROM pg_opclass c JOIN ns n ON n.oid = c.opcnamespace JOIN pg_am am ON am.oid = c.opcmethod
  JOIN pg_opfamily f ON f.oid = c.opcfamily JOIN pg_namespace fn ON fn.oid = f.opfnamespace
  ${commentJoin('d', 'pg_opclass', 'c.oid')}
  WHERE ${notExtensionMember('pg_opclass', 'c.oid')})`;
}

// ---- foreign data, text search, event triggers, security labels (one fragment per kind) ----
// Database-wide objects (wrappers, servers, user mappings, event triggers) are read whatever the
// schema filter, like publications; schema-bound ones only in the schemas read.

/** Foreign data wrappers; those an extension creates (postgres_fdw, file_fdw) come with it. */
export function foreignDataWrappersSql(ig: boolean): string {
  return `(SELECT json_agg(json_build_array(w.fdwname,
    CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::regproc::text END,
    CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::regproc::text END,
    w.fdwoptions, d.description, ${acl('w.fdwacl', 'F', 'w.fdwowner', ig)}))
  FROM pg_foreign_data_wrapper w ${commentJoin('d', 'pg_foreign_data_wrapper', 'w.oid')}
  WHERE ${notExtensionMember('pg_foreign_data_wrapper', 'w.oid')})`;
}

export function foreignServersSql(ig: boolean): string {
  return `(SELECT json_agg(json_build_array(s.srvname, w.fdwname, s.srvtype, s.srvversion, s.srvoptions, d.description,
    ${acl('s.srvacl', 'S', 's.srvowner', ig)}))
  FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw ${commentJoin('d', 'pg_foreign_server', 's.oid')}
  WHERE ${notExtensionMember('pg_foreign_server', 's.oid')})`;
}

/**
 * User mappings through pg_user_mappings (pg_user_mapping itself is superuser-only). The view
 * shows umoptions only to the mapped user, the server's owner or a superuser; the third element
 * says whether they were visible, so hidden options are not mistaken for none.
 */
export function userMappingsSql(): string {
  return `(SELECT json_agg(json_build_array(m.srvname, CASE WHEN m.umuser = 0 THEN 'PUBLIC' ELSE m.usename::text END,
    (m.umuser <> 0 AND m.usename = current_user AND (pg_has_role(s.srvowner, 'USAGE') OR has_server_privilege(s.oid, 'USAGE')))
      OR (m.umuser = 0 AND pg_has_role(s.srvowner, 'USAGE'))
      OR (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user),
    m.umoptions))
  FROM pg_user_mappings m JOIN pg_foreign_server s ON s.oid = m.srvid
  WHERE ${notExtensionMember('pg_foreign_server', 's.oid')})`;
}

/** Foreign tables: server, options and per-column options (columns themselves come with the columns row). */
export function foreignTablesSql(ig: boolean): string {
  return `(SELECT json_agg(json_build_array(r.oid, r.nspname, r.relname, s.srvname, ft.ftoptions,
    (SELECT json_agg(json_build_array(a.attname, a.attfdwoptions) ORDER BY a.attnum) FROM pg_attribute a
      WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attfdwoptions IS NOT NULL),
    d.description, ${acl('r.relacl', 'r', 'r.relowner', ig)}))
  FROM rel r JOIN pg_foreign_table ft ON ft.ftrelid = r.oid JOIN pg_foreign_server s ON s.oid = ft.ftserver
  ${commentJoin('d', 'pg_class', 'r.oid')}
  WHERE r.relkind = 'f')`;
}

export function textSearchParsersSql(): string {
  return `(SELECT json_agg(json_build_array(n.nspname, p.prsname, p.prsstart::regproc::text, p.prstoken::regproc::text,
    p.prsend::regproc::text, p.prslextype::regproc::text, CASE WHEN p.prsheadline <> 0 THEN p.prsheadline::regproc::text END, d.description))
  FROM pg_ts_parser p JOIN ns n ON n.oid = p.prsnamespace ${commentJoin('d', 'pg_ts_parser', 'p.oid')}
  WHERE ${notExtensionMember('pg_ts_parser', 'p.oid')})`;
}

export function textSearchTemplatesSql(): string {
  return `(SELECT json_agg(json_build_array(n.nspname, t.tmplname, CASE WHEN t.tmplinit <> 0 THEN t.tmplinit::regproc::text END,
    t.tmpllexize::regproc::text, d.description))
  FROM pg_ts_template t JOIN ns n ON n.oid = t.tmplnamespace ${commentJoin('d', 'pg_ts_template', 't.oid')}
  WHERE ${notExtensionMember('pg_ts_template', 't.oid')})`;
}

export function textSearchDictionariesSql(): string {
  return `(SELECT json_agg(json_build_array(n.nspname, t.dictname, ${keySql('tn.nspname', 'tt.tmplname')}, t.dictinitoption, d.description))
  FROM pg_ts_dict t JOIN ns n ON n.oid = t.dictnamespace
  JOIN pg_ts_template tt ON tt.oid = t.dicttemplate JOIN pg_namespace tn ON tn.oid = tt.tmplnamespace
  ${commentJoin('d', 'pg_ts_dict', 't.oid')}
  WHERE ${notExtensionMember('pg_ts_dict', 't.oid')})`;
}

/** Configurations with their mappings: token type alias → dictionaries in the order they are tried. */
export function textSearchConfigurationsSql(): string {
  return `(SELECT json_agg(json_build_array(n.nspname, c.cfgname, ${keySql('pn.nspname', 'p.prsname')},
    (SELECT json_object_agg(tt.alias, (SELECT json_agg(${keySql('dn.nspname', 'dd.dictname')} ORDER BY m.mapseqno)
        FROM pg_ts_config_map m JOIN pg_ts_dict dd ON dd.oid = m.mapdict JOIN pg_namespace dn ON dn.oid = dd.dictnamespace
        WHERE m.mapcfg = c.oid AND m.maptokentype = tt.tokid))
      FROM ts_token_type(c.cfgparser) tt WHERE EXISTS (SELECT 1 FROM pg_ts_config_map m WHERE m.mapcfg = c.oid AND m.maptokentype = tt.tokid)),
    d.description))
  FROM pg_ts_config c JOIN ns n ON n.oid = c.cfgnamespace
  JOIN pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_namespace pn ON pn.oid = p.prsnamespace
  ${commentJoin('d', 'pg_ts_config', 'c.oid')}
  WHERE ${notExtensionMember('pg_ts_config', 'c.oid')})`;
}

export function eventTriggersSql(): string {
  return `(SELECT json_agg(json_build_array(et.evtname, et.evtevent, et.evtfoid::regproc::text, et.evtenabled, et.evttags, d.description))
  FROM pg_event_trigger et ${commentJoin('d', 'pg_event_trigger', 'et.oid')}
  WHERE ${notExtensionMember('pg_event_trigger', 'et.oid')})`;
}

/**
 * Security labels of objects in the database (pg_seclabel; labels of roles and databases live in
 * pg_shseclabel and are not part of a schema dump's objects), named by pg_identify_object.
 */
export function securityLabelsSql(): string {
  return `(SELECT json_agg(json_build_array(l.provider, o.type, o.identity, l.label))
  FROM pg_seclabel l CROSS JOIN LATERAL pg_identify_object(l.classoid, l.objoid, l.objsubid) o
  WHERE (o.schema IS NULL OR o.schema IN (SELECT nspname FROM ns))
    AND NOT EXISTS (SELECT 1 FROM ext e WHERE e.classid = l.classoid AND e.objid = l.objoid))`;
}
