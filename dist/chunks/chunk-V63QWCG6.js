import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  esm_default,
  quoteIdent,
  scanSql
} from "./chunk-I72KYDSH.js";
import {
  compareText,
  emptyModel,
  escapeRegExp,
  functionKey,
  keyPart,
  memberKey,
  qualifiedKey,
  splitKey,
  unquotedKey
} from "./chunk-LJFF4CTR.js";
import {
  CouldNotRunError,
  UsageError,
  isSecretName,
  messageOf,
  registerSecret
} from "./chunk-KNCBXDSL.js";

// packages/schema-verify/src/introspect.sql.ts
var SESSION_SETUP = [
  "SELECT pg_catalog.set_config('search_path', '', true)",
  "SET LOCAL TimeZone = 'UTC'",
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  "SET LOCAL extra_float_digits = 3",
  "SET LOCAL quote_all_identifiers = off",
  // JIT compiling these wide queries costs far more (seconds on 5,000 tables) than running them.
  "SET LOCAL jit = off",
  // Parallel workers only add CPU here (measured: ~15% more in total, no faster on two cores), and
  // schema-verify usually reads two databases at once.
  "SET LOCAL max_parallel_workers_per_gather = 0"
];
function sqlLiteral(value) {
  return `E'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}
var aclEntry = `CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END
      || ':' || a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END`;
function acl(aclExpr, kind, owner, ignore, defaultEmpty = !1) {
  return ignore ? "NULL" : defaultEmpty ? `CASE WHEN ${aclExpr} IS NOT NULL THEN (SELECT coalesce(json_agg(${aclEntry}), '[]'::json)
    FROM aclexplode(${aclExpr}) a WHERE a.grantee <> ${owner}) END` : `(SELECT coalesce(json_agg(${aclEntry}), '[]'::json)
    FROM aclexplode(coalesce(${aclExpr}, acldefault('${kind}', ${owner}))) a WHERE a.grantee <> ${owner})`;
}
function commentJoin(alias, catalog, oidExpr, subExpr = "0") {
  return `LEFT JOIN pg_description ${alias} ON ${alias}.classoid = '${catalog}'::regclass AND ${alias}.objoid = ${oidExpr} AND ${alias}.objsubid = ${subExpr}`;
}
function notExtensionMember(catalog, oidExpr) {
  return `NOT EXISTS (SELECT 1 FROM ext e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oidExpr})`;
}
function keySql(...names) {
  return names.map((n) => `CASE WHEN ${n} ~ '[."()]' THEN '"' || replace(${n}, '"', '""') || '"' ELSE ${n}::text END`).join(" || '.' || ");
}
function collationName(collOid) {
  return `(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = ${collOid})`;
}
function ctes(opts) {
  let userSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'", schemaFilter = opts.schemas && opts.schemas.length > 0 ? `n.nspname = ANY (ARRAY[${opts.schemas.map(sqlLiteral).join(", ")}]::text[])` : userSchemas, like = opts.schemasLike === void 0 ? "" : ` AND ${userSchemas} AND n.nspname LIKE ${sqlLiteral(opts.schemasLike)}`;
  return `WITH ext AS MATERIALIZED (
  SELECT d.classid, d.objid FROM pg_depend d WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
), ns AS MATERIALIZED (
  SELECT n.oid, n.nspname, n.nspowner, n.nspacl FROM pg_namespace n
  WHERE ${schemaFilter}${like} AND ${notExtensionMember("pg_namespace", "n.oid")}
), rel AS NOT MATERIALIZED (
  SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.relowner, c.relacl, c.relrowsecurity,
         c.relforcerowsecurity, c.relispartition, c.reloptions, c.relpartbound, c.relreplident, c.relam, c.reloftype, c.reltoastrelid, ns.nspname
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${notExtensionMember("pg_class", "c.oid")}
)`;
}
function queryA(opts = {}) {
  let ig = opts.ignorePrivileges === !0;
  return `${ctes(opts)}
SELECT current_setting('server_version_num')::int AS version,
(SELECT json_agg(json_build_array(n.nspname, d.description, ${acl("n.nspacl", "n", "n.nspowner", ig)}))
  FROM ns n ${commentJoin("d", "pg_namespace", "n.oid")}) AS schemas,
(SELECT json_agg(json_build_array(e.extname, e.extversion, en.nspname,
    -- the version this server's packages install by default (cross-version comparisons)
    (SELECT v.default_version FROM pg_available_extensions v WHERE v.name = e.extname)))
  FROM pg_extension e JOIN pg_namespace en ON en.oid = e.extnamespace) AS extensions,
(SELECT json_agg(json_build_array(r.oid, r.nspname, r.relname, r.relkind, r.relpersistence = 'u',
    CASE WHEN r.relkind = 'p' THEN pg_get_partkeydef(r.oid) END,
    CASE WHEN r.relispartition THEN (SELECT ${keySql("pn.nspname", "pc.relname")} FROM pg_inherits i
        JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = r.oid) END,
    CASE WHEN r.relispartition THEN pg_get_expr(r.relpartbound, r.oid) END,
    CASE WHEN NOT r.relispartition THEN (SELECT json_agg(${keySql("pn.nspname", "pc.relname")} ORDER BY i.inhseqno)
        FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE i.inhrelid = r.oid) END,
    r.relrowsecurity, r.relforcerowsecurity, d.description,
    ${acl("r.relacl", "r", "r.relowner", ig)},
    r.reloptions,
    -- d (default: the primary key) is left out; i names the index
    CASE r.relreplident WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'
      WHEN 'i' THEN (SELECT 'index ' || quote_ident(ic.relname) FROM pg_index ri JOIN pg_class ic ON ic.oid = ri.indexrelid
        WHERE ri.indrelid = r.oid AND ri.indisreplident) END,
    -- heap (and none: a partitioned table before 17) is every server's default
    CASE WHEN r.relam <> 0 THEN (SELECT am.amname FROM pg_am am WHERE am.oid = r.relam AND am.amname <> 'heap') END,
    CASE WHEN r.reloftype <> 0 THEN format_type(r.reloftype, NULL) END, cl.relname, tst.reloptions))
  FROM rel r ${commentJoin("d", "pg_class", "r.oid")}
  -- WITH (toast.autovacuum_enabled = ...) is kept on the TOAST table
  LEFT JOIN (SELECT tc.oid, tc.reloptions FROM pg_class tc WHERE tc.relkind = 't' AND tc.reloptions IS NOT NULL) tst ON tst.oid = r.reltoastrelid
  LEFT JOIN (SELECT ci.indrelid, ic.relname FROM pg_index ci JOIN pg_class ic ON ic.oid = ci.indexrelid WHERE ci.indisclustered) cl ON cl.indrelid = r.oid
  WHERE r.relkind IN ('r', 'p')) AS tables,
(SELECT json_agg(json_build_array(r.oid, r.nspname, r.relname, r.relkind, pg_get_viewdef(r.oid, true), r.reloptions,
    (SELECT json_agg(DISTINCT ${keySql("dn.nspname", "dc.relname")}) FROM pg_rewrite rw
        JOIN pg_depend dp ON dp.classid = 'pg_rewrite'::regclass AND dp.objid = rw.oid AND dp.refclassid = 'pg_class'::regclass
        JOIN pg_class dc ON dc.oid = dp.refobjid JOIN pg_namespace dn ON dn.oid = dc.relnamespace
        WHERE rw.ev_class = r.oid AND dp.refobjid <> r.oid),
    d.description, ${acl("r.relacl", "r", "r.relowner", ig)}))
  FROM rel r ${commentJoin("d", "pg_class", "r.oid")} WHERE r.relkind IN ('v', 'm')) AS views,
-- before the columns: a foreign table's row must arrive before the column rows that name it
${foreignTablesSql(ig)} AS "foreignTables",
(SELECT json_agg(json_build_array(r.oid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
    -- Only a generated column's expression can reference columns; a plain default deparses the
    -- same without its table, and opening every table just to name no columns is the dearest part.
    pg_get_expr(ad.adbin, CASE WHEN a.attgenerated <> '' THEN ad.adrelid ELSE 0 END), a.attidentity, a.attgenerated,
    CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN ${collationName("a.attcollation")} END,
    a.attinhcount > 0, a.attislocal, d.description,
    ${acl("a.attacl", "c", "r.relowner", ig, !0)},
    -- storage settings pg_dump writes as ALTER COLUMN ... SET STORAGE / STATISTICS / (options)
    CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text || t.typstorage::text END,
    CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END, a.attoptions,
    CASE WHEN a.attidentity <> '' THEN (SELECT json_build_array(format_type(s.seqtypid, NULL), s.seqstart::text, s.seqincrement::text,
        s.seqmin::text, s.seqmax::text, s.seqcache::text, s.seqcycle)
      FROM pg_depend dp JOIN pg_sequence s ON s.seqrelid = dp.objid
      WHERE dp.refclassid = 'pg_class'::regclass AND dp.refobjid = a.attrelid AND dp.refobjsubid = a.attnum
        AND dp.classid = 'pg_class'::regclass AND dp.deptype = 'i') END) ORDER BY r.oid, a.attnum)
  FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  ${commentJoin("d", "pg_class", "r.oid", "a.attnum")}
  WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f')) AS columns,
${columnCompressionSql()} AS "columnCompression",
(SELECT json_agg(json_build_array(r.nspname, r.relname, format_type(s.seqtypid, NULL), s.seqstart::text, s.seqincrement::text,
    s.seqmin::text, s.seqmax::text, s.seqcache::text, s.seqcycle,
    CASE WHEN dep.deptype = 'a' THEN (SELECT ${keySql("tn.nspname", "tc.relname", "ta.attname")} FROM pg_class tc
        JOIN pg_namespace tn ON tn.oid = tc.relnamespace JOIN pg_attribute ta ON ta.attrelid = tc.oid AND ta.attnum = dep.refobjsubid
        WHERE tc.oid = dep.refobjid) END,
    d.description, ${acl("r.relacl", "s", "r.relowner", ig)}, r.relpersistence = 'u'))
  FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid ${commentJoin("d", "pg_class", "r.oid")}
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
    d.description, ${acl("p.proacl", "f", "p.proowner", ig)}))
  FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
  ${commentJoin("d", "pg_proc", "p.oid")}
  WHERE ${notExtensionMember("pg_proc", "p.oid")}
    -- a range type's constructor functions are part of the type (internal dependency), not objects of their own
    AND NOT EXISTS (SELECT 1 FROM pg_depend pd WHERE pd.classid = 'pg_proc'::regclass AND pd.objid = p.oid AND pd.deptype = 'i')) AS functions,
(SELECT json_agg(json_build_array(n.nspname, t.typname, t.typtype,
    CASE WHEN t.typtype = 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) END,
    CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
    CASE WHEN t.typtype = 'd' THEN pg_get_expr(t.typdefaultbin, 0) END,
    t.typnotnull,
    CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> (SELECT bt.typcollation FROM pg_type bt WHERE bt.oid = t.typbasetype)
      THEN ${collationName("t.typcollation")} END,
    CASE WHEN t.typtype = 'd' THEN (SELECT json_agg(json_build_array(c.conname, pg_get_constraintdef(c.oid)))
        FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') END,
    CASE WHEN t.typtype = 'c' THEN (SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod),
        CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN ${collationName("a.attcollation")} END) ORDER BY a.attnum)
        FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END,
    d.description, ${acl("t.typacl", "T", "t.typowner", ig)}))
  FROM pg_type t JOIN ns n ON n.oid = t.typnamespace ${commentJoin("d", "pg_type", "t.oid")}
  -- enums, domains and free-standing composite types; a table's row type and array types are
  -- implied by their table/element type
  WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c')))
    AND ${notExtensionMember("pg_type", "t.oid")}) AS types,
${ig ? "NULL::json" : `(SELECT json_agg(json_build_array(pg_get_userbyid(d.defaclrole)::text, coalesce(dn.nspname, ''), d.defaclobjtype,
    (SELECT coalesce(json_agg(${aclEntry}), '[]'::json) FROM aclexplode(d.defaclacl) a WHERE a.grantee <> d.defaclrole)))
  FROM pg_default_acl d LEFT JOIN pg_namespace dn ON dn.oid = d.defaclnamespace
  WHERE d.defaclnamespace = 0 OR d.defaclnamespace IN (SELECT oid FROM ns))`} AS "defaultPrivileges",
${publicationsSql()} AS publications,
(SELECT json_agg(json_build_array(n.nspname, s.stxname, ${keySql("tn.nspname", "tc.relname")}, pg_get_statisticsobjdef(s.oid), d.description,
    CASE WHEN s.stxstattarget >= 0 THEN s.stxstattarget END))
  FROM pg_statistic_ext s JOIN ns n ON n.oid = s.stxnamespace
  JOIN pg_class tc ON tc.oid = s.stxrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
  ${commentJoin("d", "pg_statistic_ext", "s.oid")}
  WHERE ${notExtensionMember("pg_statistic_ext", "s.oid")}) AS statistics,
${rangeTypesSql(ig)} AS "rangeTypes",
${castsSql(opts)} AS casts,
${collationsSql()} AS collations,
${operatorsSql()} AS operators,
${operatorFamiliesSql()} AS "operatorFamilies",
${operatorClassesSql()} AS "operatorClasses",
${foreignDataWrappersSql(ig)} AS "foreignDataWrappers",
${foreignServersSql(ig)} AS "foreignServers",
${userMappingsSql()} AS "userMappings",
${textSearchParsersSql()} AS "textSearchParsers",
${textSearchTemplatesSql()} AS "textSearchTemplates",
${textSearchDictionariesSql()} AS "textSearchDictionaries",
${textSearchConfigurationsSql()} AS "textSearchConfigurations",
${eventTriggersSql()} AS "eventTriggers",
${securityLabelsSql()} AS "securityLabels"`;
}
function columnCompressionSql() {
  return `(SELECT json_agg(json_build_array(r.oid, convert_from(decode(split_part(w.word, ':', 3), 'hex'), 'UTF8'), split_part(w.word, ':', 2)))
  FROM ts_stat(CASE WHEN current_setting('server_version_num')::int >= 140000 THEN ${sqlLiteral(`SELECT pg_catalog.array_to_tsvector(pg_catalog.array_agg(a.attrelid::text || ':' || a.attcompression::text || ':'
      || pg_catalog.encode(pg_catalog.convert_to(a.attname, 'UTF8'), 'hex')))
    FROM pg_catalog.pg_attribute a WHERE a.attrelid >= 16384 AND a.attnum > 0 AND NOT a.attisdropped AND a.attcompression <> ''`)} ELSE 'SELECT NULL::pg_catalog.tsvector' END) w
  JOIN rel r ON r.oid = split_part(w.word, ':', 1)::oid)`;
}
function publicationsSql() {
  return `(SELECT json_agg(json_build_array(p.pubname, p.puballtables,
    json_build_array(p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate), p.pubviaroot,
    (SELECT json_agg(json_build_array(${keySql("n.nspname", "c.relname")},
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
  FROM pg_publication p ${commentJoin("d", "pg_publication", "p.oid")})`;
}
function queryB(opts = {}) {
  return `${ctes(opts)}
SELECT
(SELECT json_agg(json_build_array(r.oid, k.conname, k.contype, pg_get_constraintdef(k.oid),
    CASE WHEN k.contype = 'f' THEN ${keySql("fn.nspname", "fc.relname")} END,
    k.coninhcount > 0 OR k.conparentid <> 0,
    CASE WHEN k.conparentid <> 0 THEN (SELECT ${keySql("pn.nspname", "pc.relname", "pk.conname")}
        FROM pg_constraint pk JOIN pg_class pc ON pc.oid = pk.conrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE pk.oid = k.conparentid) END,
    d.description))
  FROM rel r JOIN pg_constraint k ON k.conrelid = r.oid
  LEFT JOIN pg_class fc ON fc.oid = k.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
  ${commentJoin("d", "pg_constraint", "k.oid")}
  WHERE r.relkind IN ('r', 'p', 'f') AND k.contype IN ('p', 'f', 'u', 'c', 'x')
    -- FK clones on partitions (and on the referencing side of partitioned targets) are derived
    -- from the parent's FK; pg_dump does not dump them and they share the parent's name.
    AND NOT (k.contype = 'f' AND k.conparentid <> 0)) AS constraints,
(SELECT json_agg(json_build_array(r.oid, ic.relname, pg_get_indexdef(i.indexrelid),
    (SELECT ${keySql("pn.nspname", "pc.relname")} FROM pg_inherits ih JOIN pg_class pc ON pc.oid = ih.inhparent
        JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE ih.inhrelid = i.indexrelid),
    d.description,
    -- only expression columns take SET STATISTICS
    CASE WHEN i.indexprs IS NOT NULL THEN (SELECT json_agg(ia.attnum || '=' || ia.attstattarget ORDER BY ia.attnum) FROM pg_attribute ia
        WHERE ia.attrelid = i.indexrelid AND ia.attstattarget >= 0) END))
  FROM rel r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid
  ${commentJoin("d", "pg_class", "i.indexrelid")}
  WHERE r.relkind IN ('r', 'p', 'm')
    -- indexes that back a PK/UNIQUE/EXCLUDE constraint are reported as that constraint
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = r.oid
        AND k.contype IN ('p', 'u', 'x'))) AS indexes,
(SELECT json_agg(json_build_array(r.oid, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled, d.description))
  FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid ${commentJoin("d", "pg_trigger", "t.oid")}
  -- internal (FK) triggers belong to their constraint; clones on partitions to the parent's trigger
  WHERE NOT t.tgisinternal AND t.tgparentid = 0) AS triggers,
(SELECT json_agg(json_build_array(r.oid, rw.rulename, pg_get_ruledef(rw.oid), rw.ev_enabled, d.description))
  FROM rel r JOIN pg_rewrite rw ON rw.ev_class = r.oid ${commentJoin("d", "pg_rewrite", "rw.oid")}
  -- _RETURN is a view's own definition
  WHERE rw.rulename <> '_RETURN') AS rules,
(SELECT json_agg(json_build_array(r.oid, p.polname, p.polpermissive, p.polcmd,
    (SELECT json_agg(CASE WHEN x = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x)::text END) FROM unnest(p.polroles) x),
    pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), d.description))
  FROM rel r JOIN pg_policy p ON p.polrelid = r.oid ${commentJoin("d", "pg_policy", "p.oid")}) AS policies`;
}
function aggregateExtrasSql() {
  let modify = (col) => `CASE ${col} WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END`, defaultModify = "CASE WHEN ag.aggkind = 'n' THEN 'r' ELSE 'w' END";
  return `CASE WHEN ag.aggfinalfn <> 0 AND ag.aggfinalmodify <> ${defaultModify} THEN ', FINALFUNC_MODIFY = ' || ${modify("ag.aggfinalmodify")} ELSE '' END
      || CASE WHEN ag.aggmtransfn <> 0 THEN ', MSFUNC = ' || ag.aggmtransfn::regproc::text
        || ', MINVFUNC = ' || ag.aggminvtransfn::regproc::text || ', MSTYPE = ' || format_type(ag.aggmtranstype, NULL)
        || CASE WHEN ag.aggmtransspace <> 0 THEN ', MSSPACE = ' || ag.aggmtransspace ELSE '' END
        || CASE WHEN ag.aggmfinalfn <> 0 THEN ', MFINALFUNC = ' || ag.aggmfinalfn::regproc::text ELSE '' END
        || CASE WHEN ag.aggmfinalextra THEN ', MFINALFUNC_EXTRA' ELSE '' END
        || CASE WHEN ag.aggmfinalfn <> 0 AND ag.aggmfinalmodify <> ${defaultModify} THEN ', MFINALFUNC_MODIFY = ' || ${modify("ag.aggmfinalmodify")} ELSE '' END
        || CASE WHEN ag.aggminitval IS NOT NULL THEN ', MINITCOND = ' || quote_literal(ag.aggminitval) ELSE '' END
      ELSE '' END
      || CASE WHEN ag.aggsortop <> 0 THEN ', SORTOP = ' || ${operatorRef("ag.aggsortop")} ELSE '' END
      || CASE WHEN ag.aggkind = 'h' THEN ', HYPOTHETICAL' ELSE '' END`;
}
function operatorRef(oidExpr) {
  return `(SELECT 'OPERATOR(' || quote_ident(rn.nspname) || '.' || ro.oprname || ')' FROM pg_operator ro
      JOIN pg_namespace rn ON rn.oid = ro.oprnamespace WHERE ro.oid = ${oidExpr})`;
}
function rangeTypesSql(ig) {
  return `(SELECT json_agg(json_build_array(n.nspname, t.typname, format_type(r.rngsubtype, NULL),
    CASE WHEN NOT opc.opcdefault THEN quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname) END,
    CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN ${collationName("r.rngcollation")} END,
    CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END,
    CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END,
    (SELECT format_type(mt.oid, NULL) FROM pg_type mt WHERE mt.oid = (to_jsonb(r)->>'rngmultitypid')::oid),
    d.description, ${acl("t.typacl", "T", "t.typowner", ig)}))
  FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN ns n ON n.oid = t.typnamespace
  JOIN pg_type st ON st.oid = r.rngsubtype
  JOIN pg_opclass opc ON opc.oid = r.rngsubopc JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
  ${commentJoin("d", "pg_type", "t.oid")}
  WHERE ${notExtensionMember("pg_type", "t.oid")})`;
}
function castsSql(opts) {
  let inSchemas = opts.schemas && opts.schemas.length > 0 ? `AND (EXISTS (SELECT 1 FROM pg_type ct JOIN ns ON ns.oid = ct.typnamespace WHERE ct.oid IN (c.castsource, c.casttarget))
        OR EXISTS (SELECT 1 FROM pg_proc cp JOIN ns ON ns.oid = cp.pronamespace WHERE cp.oid = c.castfunc))` : "";
  return `(SELECT json_agg(json_build_array(format_type(c.castsource, NULL), format_type(c.casttarget, NULL), c.castmethod,
    CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END, c.castcontext, d.description))
  FROM pg_cast c ${commentJoin("d", "pg_cast", "c.oid")}
  WHERE c.oid >= 16384 AND ${notExtensionMember("pg_cast", "c.oid")}
    AND NOT EXISTS (SELECT 1 FROM pg_depend cd WHERE cd.classid = 'pg_cast'::regclass AND cd.objid = c.oid AND cd.deptype = 'i')
    ${inSchemas})`;
}
function collationsSql() {
  return `(SELECT json_agg(json_build_array(n.nspname, co.collname, co.collprovider, co.collisdeterministic,
    j.v->>'collcollate', j.v->>'collctype', coalesce(j.v->>'colllocale', j.v->>'colliculocale'), j.v->>'collicurules', d.description))
  FROM pg_collation co JOIN ns n ON n.oid = co.collnamespace CROSS JOIN LATERAL (SELECT to_jsonb(co) AS v) j
  ${commentJoin("d", "pg_collation", "co.oid")}
  WHERE ${notExtensionMember("pg_collation", "co.oid")})`;
}
function operatorsSql() {
  return `(SELECT json_agg(json_build_array(n.nspname, o.oprname,
    CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END, format_type(o.oprright, NULL), format_type(o.oprresult, NULL),
    o.oprcode::regproc::text,
    CASE WHEN o.oprcom <> 0 THEN ${operatorRef("o.oprcom")} END,
    CASE WHEN o.oprnegate <> 0 THEN ${operatorRef("o.oprnegate")} END,
    CASE WHEN o.oprrest <> 0 THEN o.oprrest::regproc::text END,
    CASE WHEN o.oprjoin <> 0 THEN o.oprjoin::regproc::text END,
    o.oprcanhash, o.oprcanmerge, d.description))
  FROM pg_operator o JOIN ns n ON n.oid = o.oprnamespace ${commentJoin("d", "pg_operator", "o.oid")}
  -- a shell operator (no function yet) is what COMMUTATOR or NEGATOR of another one made; pg_dump skips it too
  WHERE o.oprcode <> 0 AND ${notExtensionMember("pg_operator", "o.oid")})`;
}
function opMembersSql(refCatalog, refOid, deptype) {
  let types = (l, r) => `'(' || format_type(${l}, NULL) || ', ' || format_type(${r}, NULL) || ')'`;
  return `(SELECT json_agg(m.pair ORDER BY m.k, m.num, m.sort) FROM (
      SELECT 1 AS k, ao.amopstrategy AS num, json_build_array('OPERATOR ' || ao.amopstrategy || ' ' || ${types("ao.amoplefttype", "ao.amoprighttype")},
        'OPERATOR ' || ao.amopstrategy || ' ' || quote_ident(mn.nspname) || '.' || mo.oprname || ${types("ao.amoplefttype", "ao.amoprighttype")}
        || CASE WHEN ao.amoppurpose = 'o' THEN ' FOR ORDER BY ' || (SELECT quote_ident(sn.nspname) || '.' || quote_ident(sf.opfname)
            FROM pg_opfamily sf JOIN pg_namespace sn ON sn.oid = sf.opfnamespace WHERE sf.oid = ao.amopsortfamily) ELSE '' END) AS pair,
        format_type(ao.amoplefttype, NULL) || format_type(ao.amoprighttype, NULL) AS types
      FROM pg_amop ao JOIN pg_depend md ON md.classid = 'pg_amop'::regclass AND md.objid = ao.oid
        AND md.refclassid = '${refCatalog}'::regclass AND md.refobjid = ${refOid} AND md.deptype = '${deptype}'
      JOIN pg_operator mo ON mo.oid = ao.amopopr JOIN pg_namespace mn ON mn.oid = mo.oprnamespace
      UNION ALL
      SELECT 2, ap.amprocnum, json_build_array('FUNCTION ' || ap.amprocnum || ' ' || ${types("ap.amproclefttype", "ap.amprocrighttype")},
        'FUNCTION ' || ap.amprocnum || ' ' || ${types("ap.amproclefttype", "ap.amprocrighttype")} || ' ' || ap.amproc::regprocedure::text),
        format_type(ap.amproclefttype, NULL) || format_type(ap.amprocrighttype, NULL)
      FROM pg_amproc ap JOIN pg_depend md ON md.classid = 'pg_amproc'::regclass AND md.objid = ap.oid
        AND md.refclassid = '${refCatalog}'::regclass AND md.refobjid = ${refOid} AND md.deptype = '${deptype}'
    ) m(k, num, pair, sort))`;
}
function operatorFamiliesSql() {
  return `(SELECT json_agg(json_build_array(n.nspname, f.opfname, am.amname, ${opMembersSql("pg_opfamily", "f.oid", "a")}, d.description))
  FROM pg_opfamily f JOIN ns n ON n.oid = f.opfnamespace JOIN pg_am am ON am.oid = f.opfmethod
  ${commentJoin("d", "pg_opfamily", "f.oid")}
  WHERE ${notExtensionMember("pg_opfamily", "f.oid")})`;
}
function operatorClassesSql() {
  return `(SELECT json_agg(json_build_array(n.nspname, c.opcname, am.amname, format_type(c.opcintype, NULL), c.opcdefault,
    quote_ident(fn.nspname) || '.' || quote_ident(f.opfname),
    CASE WHEN c.opckeytype <> 0 THEN format_type(c.opckeytype, NULL) END,
    ${opMembersSql("pg_opclass", "c.oid", "i")}, d.description))
  FROM pg_opclass c JOIN ns n ON n.oid = c.opcnamespace JOIN pg_am am ON am.oid = c.opcmethod
  JOIN pg_opfamily f ON f.oid = c.opcfamily JOIN pg_namespace fn ON fn.oid = f.opfnamespace
  ${commentJoin("d", "pg_opclass", "c.oid")}
  WHERE ${notExtensionMember("pg_opclass", "c.oid")})`;
}
function foreignDataWrappersSql(ig) {
  return `(SELECT json_agg(json_build_array(w.fdwname,
    CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::regproc::text END,
    CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::regproc::text END,
    w.fdwoptions, d.description, ${acl("w.fdwacl", "F", "w.fdwowner", ig)}))
  FROM pg_foreign_data_wrapper w ${commentJoin("d", "pg_foreign_data_wrapper", "w.oid")}
  WHERE ${notExtensionMember("pg_foreign_data_wrapper", "w.oid")})`;
}
function foreignServersSql(ig) {
  return `(SELECT json_agg(json_build_array(s.srvname, w.fdwname, s.srvtype, s.srvversion, s.srvoptions, d.description,
    ${acl("s.srvacl", "S", "s.srvowner", ig)}))
  FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw ${commentJoin("d", "pg_foreign_server", "s.oid")}
  WHERE ${notExtensionMember("pg_foreign_server", "s.oid")})`;
}
function userMappingsSql() {
  return `(SELECT json_agg(json_build_array(m.srvname, CASE WHEN m.umuser = 0 THEN 'PUBLIC' ELSE m.usename::text END,
    (m.umuser <> 0 AND m.usename = current_user AND (pg_has_role(s.srvowner, 'USAGE') OR has_server_privilege(s.oid, 'USAGE')))
      OR (m.umuser = 0 AND pg_has_role(s.srvowner, 'USAGE'))
      OR (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user),
    m.umoptions))
  FROM pg_user_mappings m JOIN pg_foreign_server s ON s.oid = m.srvid
  WHERE ${notExtensionMember("pg_foreign_server", "s.oid")})`;
}
function foreignTablesSql(ig) {
  return `(SELECT json_agg(json_build_array(r.oid, r.nspname, r.relname, s.srvname, ft.ftoptions,
    (SELECT json_agg(json_build_array(a.attname, a.attfdwoptions) ORDER BY a.attnum) FROM pg_attribute a
      WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attfdwoptions IS NOT NULL),
    d.description, ${acl("r.relacl", "r", "r.relowner", ig)},
    CASE WHEN r.relispartition THEN (SELECT ${keySql("pn.nspname", "pc.relname")} FROM pg_inherits i
        JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = r.oid) END,
    CASE WHEN r.relispartition THEN pg_get_expr(r.relpartbound, r.oid) END))
  FROM rel r JOIN pg_foreign_table ft ON ft.ftrelid = r.oid JOIN pg_foreign_server s ON s.oid = ft.ftserver
  ${commentJoin("d", "pg_class", "r.oid")}
  WHERE r.relkind = 'f')`;
}
function textSearchParsersSql() {
  return `(SELECT json_agg(json_build_array(n.nspname, p.prsname, p.prsstart::regproc::text, p.prstoken::regproc::text,
    p.prsend::regproc::text, p.prslextype::regproc::text, CASE WHEN p.prsheadline <> 0 THEN p.prsheadline::regproc::text END, d.description))
  FROM pg_ts_parser p JOIN ns n ON n.oid = p.prsnamespace ${commentJoin("d", "pg_ts_parser", "p.oid")}
  WHERE ${notExtensionMember("pg_ts_parser", "p.oid")})`;
}
function textSearchTemplatesSql() {
  return `(SELECT json_agg(json_build_array(n.nspname, t.tmplname, CASE WHEN t.tmplinit <> 0 THEN t.tmplinit::regproc::text END,
    t.tmpllexize::regproc::text, d.description))
  FROM pg_ts_template t JOIN ns n ON n.oid = t.tmplnamespace ${commentJoin("d", "pg_ts_template", "t.oid")}
  WHERE ${notExtensionMember("pg_ts_template", "t.oid")})`;
}
function textSearchDictionariesSql() {
  return `(SELECT json_agg(json_build_array(n.nspname, t.dictname, ${keySql("tn.nspname", "tt.tmplname")}, t.dictinitoption, d.description))
  FROM pg_ts_dict t JOIN ns n ON n.oid = t.dictnamespace
  JOIN pg_ts_template tt ON tt.oid = t.dicttemplate JOIN pg_namespace tn ON tn.oid = tt.tmplnamespace
  ${commentJoin("d", "pg_ts_dict", "t.oid")}
  WHERE ${notExtensionMember("pg_ts_dict", "t.oid")})`;
}
function textSearchConfigurationsSql() {
  return `(SELECT json_agg(json_build_array(n.nspname, c.cfgname, ${keySql("pn.nspname", "p.prsname")},
    (SELECT json_object_agg(tt.alias, (SELECT json_agg(${keySql("dn.nspname", "dd.dictname")} ORDER BY m.mapseqno)
        FROM pg_ts_config_map m JOIN pg_ts_dict dd ON dd.oid = m.mapdict JOIN pg_namespace dn ON dn.oid = dd.dictnamespace
        WHERE m.mapcfg = c.oid AND m.maptokentype = tt.tokid))
      FROM ts_token_type(c.cfgparser) tt WHERE EXISTS (SELECT 1 FROM pg_ts_config_map m WHERE m.mapcfg = c.oid AND m.maptokentype = tt.tokid)),
    d.description))
  FROM pg_ts_config c JOIN ns n ON n.oid = c.cfgnamespace
  JOIN pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_namespace pn ON pn.oid = p.prsnamespace
  ${commentJoin("d", "pg_ts_config", "c.oid")}
  WHERE ${notExtensionMember("pg_ts_config", "c.oid")})`;
}
function eventTriggersSql() {
  return `(SELECT json_agg(json_build_array(et.evtname, et.evtevent, et.evtfoid::regproc::text, et.evtenabled, et.evttags, d.description))
  FROM pg_event_trigger et ${commentJoin("d", "pg_event_trigger", "et.oid")}
  WHERE ${notExtensionMember("pg_event_trigger", "et.oid")})`;
}
function securityLabelsSql() {
  return `(SELECT json_agg(json_build_array(l.provider, o.type, o.identity, l.label))
  FROM pg_seclabel l CROSS JOIN LATERAL pg_identify_object(l.classoid, l.objoid, l.objsubid) o
  WHERE (o.schema IS NULL OR o.schema IN (SELECT nspname FROM ns))
    AND NOT EXISTS (SELECT 1 FROM ext e WHERE e.classid = l.classoid AND e.objid = l.objoid))`;
}

// packages/schema-verify/src/introspect-objects.ts
function put(target3, key, value) {
  value != null && (target3[key] = value);
}
function castKey(source, target3) {
  return `(${source} AS ${target3})`;
}
function operatorKey(schema, name, left, right) {
  return `${keyPart(schema)}.${name}(${left ?? "NONE"}, ${right})`;
}
function opclassKey(schema, name, method) {
  return `${qualifiedKey(schema, name)} USING ${method}`;
}
var castMethods = { f: "function", b: "binary", i: "inout" }, castContexts = { e: "explicit", a: "assignment", i: "implicit" }, providers = { c: "libc", i: "icu", b: "builtin", d: "default" };
function members(rows) {
  let out = {};
  for (let [identity, clause] of rows ?? []) out[identity] = clause;
  return out;
}
function privileges(acl2, ignore) {
  if (!(ignore || acl2 === null))
    return [...acl2].sort(compareText);
}
function buildObjects(raw, model, ignorePrivileges) {
  let ranges = {};
  for (let [s, n, subtype, opc, coll, canon, diff, multi, cmt, acl2] of raw.rangeTypes ?? []) {
    let def = { schema: s, name: n, subtype };
    put(def, "subtypeOpClass", opc), put(def, "collation", coll), put(def, "canonical", canon), put(def, "subtypeDiff", diff), put(def, "multirange", multi), put(def, "comment", cmt), put(def, "privileges", privileges(acl2, ignorePrivileges)), ranges[qualifiedKey(s, n)] = def;
  }
  model.rangeTypes = ranges;
  let casts = {};
  for (let [source, target3, method, fn, context, cmt] of raw.casts ?? []) {
    let def = { source, target: target3, method: castMethods[method] ?? "function", context: castContexts[context] ?? "explicit" };
    put(def, "function", fn), put(def, "comment", cmt), casts[castKey(source, target3)] = def;
  }
  model.casts = casts;
  let collations = {};
  for (let [s, n, provider, deterministic, collate, ctype, locale, rules, cmt] of raw.collations ?? []) {
    let def = { schema: s, name: n, provider: providers[provider] ?? "libc", deterministic };
    def.provider === "libc" ? (put(def, "lcCollate", collate), put(def, "lcCtype", ctype)) : put(def, "locale", locale ?? collate), put(def, "rules", rules), put(def, "comment", cmt), collations[qualifiedKey(s, n)] = def;
  }
  model.collations = collations;
  let operators = {};
  for (let [s, n, left, right, result, fn, com, neg, rest, join, hashes, merges, cmt] of raw.operators ?? []) {
    let def = { schema: s, name: n, right, result, function: fn ?? "", hashes, merges };
    put(def, "left", left), put(def, "commutator", com), put(def, "negator", neg), put(def, "restrict", rest), put(def, "join", join), put(def, "comment", cmt), operators[operatorKey(s, n, left ?? void 0, right)] = def;
  }
  model.operators = operators;
  let families = {};
  for (let [s, n, method, rows, cmt] of raw.operatorFamilies ?? []) {
    let def = { schema: s, name: n, method, members: members(rows) };
    put(def, "comment", cmt), families[opclassKey(s, n, method)] = def;
  }
  model.operatorFamilies = families;
  let classes = {};
  for (let [s, n, method, type, dflt, family, storage, rows, cmt] of raw.operatorClasses ?? []) {
    let def = { schema: s, name: n, method, type, default: dflt, family, members: members(rows) };
    put(def, "storage", storage), put(def, "comment", cmt), classes[opclassKey(s, n, method)] = def;
  }
  model.operatorClasses = classes;
}

// packages/schema-verify/src/introspect-kinds.ts
import { createHash } from "node:crypto";
var NOT_SECRET = /_required$/;
function fdwOptions(list) {
  return (list ?? []).map((entry) => {
    let at = entry.indexOf("="), name = at < 0 ? entry : entry.slice(0, at), value = at < 0 ? "" : entry.slice(at + 1);
    return !isSecretName(name) || NOT_SECRET.test(name) ? entry : (registerSecret(value), `${name} ${secretFingerprint(value)}`);
  }).sort(compareText);
}
var FINGERPRINT = /^<secret sha256:[0-9a-f]{12}>$/;
function secretFingerprint(value) {
  return `<secret sha256:${createHash("sha256").update(value).digest("hex").slice(0, 12)}>`;
}
function isFingerprint(value) {
  return FINGERPRINT.test(value);
}
function put2(target3, key, value) {
  value != null && (target3[key] = value);
}
function privileges2(acl2, ignore) {
  if (!(ignore || acl2 === null))
    return [...acl2].sort(compareText);
}
function buildForeignTables(raw, model, ig, byOid) {
  for (let [oid, s, n, server, opts, cols, cmt, acl2, pof, bound] of raw.foreignTables ?? []) {
    let def = { schema: s, name: n, server, options: fdwOptions(opts), columns: [], constraints: {}, triggers: {} };
    put2(def, "partitionOf", pof), put2(def, "partitionBound", bound), put2(def, "comment", cmt), put2(def, "privileges", privileges2(acl2, ig)), model.foreignTables[qualifiedKey(s, n)] = def, byOid.set(oid, def), cols && columnOptions.set(def, cols);
  }
  return byOid;
}
var columnOptions = /* @__PURE__ */ new WeakMap();
function attachColumnOptions(tables) {
  for (let t of tables)
    for (let [name, opts] of columnOptions.get(t) ?? []) {
      let col = t.columns.find((c) => c.name === name);
      col && opts.length > 0 && (col.options = fdwOptions(opts));
    }
}
function splitDictionaryOptions(text) {
  if (!text) return [];
  let out = [];
  for (let m of text.matchAll(/\s*([^=,\s]+)\s*=\s*('(?:[^']|'')*'|[^,]*)\s*(?:,|$)/g)) out.push(`${m[1]} = ${m[2].trim()}`);
  return out.sort(compareText);
}
function buildKindsB(raw, model, ig) {
  for (let [n, handler, validator, opts, cmt, acl2] of raw.foreignDataWrappers ?? []) {
    let w = { name: n, options: fdwOptions(opts) };
    put2(w, "handler", handler), put2(w, "validator", validator), put2(w, "comment", cmt), put2(w, "privileges", privileges2(acl2, ig)), model.foreignDataWrappers[n] = w;
  }
  for (let [n, fdw, type, version2, opts, cmt, acl2] of raw.foreignServers ?? []) {
    let s = { name: n, wrapper: fdw, options: fdwOptions(opts) };
    put2(s, "type", type), put2(s, "version", version2), put2(s, "comment", cmt), put2(s, "privileges", privileges2(acl2, ig)), model.foreignServers[n] = s;
  }
  for (let [server, user, visible, opts] of raw.userMappings ?? []) {
    let m = { user, server };
    visible && (m.options = fdwOptions(opts)), model.userMappings[memberKey(keyPart(server), user)] = m;
  }
  for (let [s, n, start, token, end, lextypes, headline, cmt] of raw.textSearchParsers ?? []) {
    let def = { schema: s, name: n, start, token, end, lextypes };
    put2(def, "headline", headline), put2(def, "comment", cmt), model.textSearchParsers[qualifiedKey(s, n)] = def;
  }
  for (let [s, n, init, lexize, cmt] of raw.textSearchTemplates ?? []) {
    let def = { schema: s, name: n, lexize };
    put2(def, "init", init), put2(def, "comment", cmt), model.textSearchTemplates[qualifiedKey(s, n)] = def;
  }
  for (let [s, n, template, opts, cmt] of raw.textSearchDictionaries ?? []) {
    let def = { schema: s, name: n, template, options: splitDictionaryOptions(opts) };
    put2(def, "comment", cmt), model.textSearchDictionaries[qualifiedKey(s, n)] = def;
  }
  for (let [s, n, parser, maps, cmt] of raw.textSearchConfigurations ?? []) {
    let mappings = {};
    for (let token of Object.keys(maps ?? {}).sort(compareText)) mappings[token] = maps[token];
    let def = { schema: s, name: n, parser, mappings };
    put2(def, "comment", cmt), model.textSearchConfigurations[qualifiedKey(s, n)] = def;
  }
  for (let [n, event, fn, enabled, tags, cmt] of raw.eventTriggers ?? []) {
    let def = { name: n, event, function: fn, enabled };
    tags && tags.length > 0 && (def.tags = [...tags].sort(compareText)), put2(def, "comment", cmt), model.eventTriggers[n] = def;
  }
  for (let [provider, type, identity, label] of raw.securityLabels ?? [])
    model.securityLabels[`${provider}|${type}|${identity}`] = { provider, objectType: type, object: identity, label };
}

// packages/schema-verify/src/diff/sql.ts
function qname(schema, name) {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
function quoteLiteral(value) {
  let body = value.replace(/'/g, "''");
  return value.includes("\\") ? `E'${body.replace(/\\/g, "\\\\")}'` : `'${body}'`;
}
function quoteRole(role) {
  return role === "PUBLIC" ? "PUBLIC" : quoteIdent(role);
}
function normalizeSql(text) {
  return (text ?? "").replace(/\s+/g, " ").trim();
}
function statement(sql) {
  return sql.replace(/;?\s*$/, ";");
}
function comment(kindAndTarget, text) {
  return `COMMENT ON ${kindAndTarget} IS ${text === void 0 ? "NULL" : quoteLiteral(text)};`;
}
function keyToSql(key) {
  return splitKey(key).map(quoteIdent).join(".");
}
function splitColumnKey(key) {
  let [schema, table2, column3] = splitKey(key);
  return [qualifiedKey(schema, table2), column3];
}
function columnSql(col, withDefault) {
  let s = `${quoteIdent(col.name)} ${col.type}`;
  return col.collation && (s += ` COLLATE ${col.collation}`), col.generated !== void 0 ? s += ` GENERATED ALWAYS AS (${col.generated}) STORED` : withDefault && col.default !== void 0 && (s += ` DEFAULT ${col.default}`), col.identity && (s += ` GENERATED ${col.identity === "always" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY${identityOptionsSql(col)}`), col.notNull && (s += " NOT NULL"), s;
}
function identityOptionsSql(col) {
  let o = col.identityOptions;
  return o ? ` (INCREMENT BY ${o.increment} MINVALUE ${o.min} MAXVALUE ${o.max} START WITH ${o.start} CACHE ${o.cache}${o.cycle ? " CYCLE" : " NO CYCLE"})` : "";
}
function createIndexSql(definition) {
  return statement(
    definition.replace(/^CREATE (UNIQUE )?INDEX (?!IF NOT EXISTS )/, (_m, u) => `CREATE ${u ?? ""}INDEX IF NOT EXISTS `).replace(/ ON ONLY /, " ON ")
  );
}

// packages/schema-verify/src/diff/sequence-bounds.ts
var TYPE_MAX = { smallint: 32767n, integer: 2147483647n, bigint: 9223372036854775807n };
function defaultSequenceOptions(type, increment = "1") {
  let max = TYPE_MAX[type] ?? TYPE_MAX.bigint, up = BigInt(increment) > 0n, min = up ? "1" : String(-max - 1n), top = up ? String(max) : "-1";
  return { start: up ? min : top, increment, min, max: top, cache: "1", cycle: !1 };
}
function sequenceOptionClauses(o) {
  return [`INCREMENT BY ${o.increment}`, `MINVALUE ${o.min}`, `MAXVALUE ${o.max}`, `START WITH ${o.start}`, `CACHE ${o.cache}`, o.cycle ? "CYCLE" : "NO CYCLE"];
}
function narrowBoundsSql(regclass, want, have) {
  return BigInt(want.min) <= BigInt(have.min) && BigInt(want.max) >= BigInt(have.max) ? [] : [`SELECT pg_catalog.setval(q.s, CASE WHEN q.last IS NULL THEN ${want.start} WHEN q.last < ${want.min} THEN ${want.min} ELSE ${want.max} END, q.last IS NOT NULL AND q.last > ${want.max}) FROM (SELECT r.s, pg_catalog.pg_sequence_last_value(r.s) AS last FROM (SELECT ${regclass} AS s) r) q WHERE q.last IS NULL OR q.last < ${want.min} OR q.last > ${want.max};`];
}
function sequenceRegclass(qualifiedSql) {
  return `${quoteLiteral(qualifiedSql)}::regclass`;
}
function identityRegclass(relSql, column3) {
  return `pg_catalog.pg_get_serial_sequence(${quoteLiteral(relSql)}, ${quoteLiteral(column3)})::regclass`;
}

// packages/schema-verify/src/introspect-rows.ts
function scanCode(sql, visit, from = 0, to = sql.length) {
  let depth = 0, i = from;
  for (; i < to; ) {
    let ch = sql[i], next = sql[i + 1];
    if (ch === "-" && next === "-") {
      let end = sql.indexOf(`
`, i);
      i = end === -1 ? to : end + 1;
      continue;
    }
    if (ch === "/" && next === "*") {
      let nest = 1;
      for (i += 2; i < to && nest > 0; )
        sql[i] === "/" && sql[i + 1] === "*" ? (nest++, i += 2) : sql[i] === "*" && sql[i + 1] === "/" ? (nest--, i += 2) : i++;
      continue;
    }
    if (ch === "'") {
      let escapes = (sql[i - 1] === "E" || sql[i - 1] === "e") && !/[\w$]/.test(sql[i - 2] ?? "");
      for (i++; i < to; )
        if (escapes && sql[i] === "\\") i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else {
          if (sql[i] === "'") break;
          i++;
        }
      i++;
      continue;
    }
    if (ch === '"') {
      for (i++; i < to && !(sql[i] === '"' && sql[i + 1] !== '"'); ) i += sql[i] === '"' ? 2 : 1;
      i++;
      continue;
    }
    if (ch === "$" && !/[\w$]/.test(sql[i - 1] ?? "")) {
      let tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        let end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? to : end + tag[0].length;
        continue;
      }
    }
    if (ch === "(") {
      if (visit(i, depth)) return;
      depth++;
    } else if (ch === ")") {
      if (depth--, visit(i, depth)) return;
    } else if (visit(i, depth)) return;
    i++;
  }
}
function closing(sql, open) {
  let at = -1;
  if (scanCode(sql, (i, depth) => {
    if (i > open && depth === 0 && sql[i] === ")")
      return at = i, !0;
  }, open), at === -1) throw new Error(`unbalanced parenthesis at ${open}`);
  return at;
}
function topLevelWords(sql, word, from = 0, to = sql.length) {
  let out = [], re = new RegExp(`^${word}(?![\\w$])`, "i");
  return scanCode(sql, (i, depth) => {
    depth === 0 && !/[\w$.]/.test(sql[i - 1] ?? "") && re.test(sql.slice(i, i + word.length + 1)) && out.push(i);
  }, from, to), out;
}
function splitTopLevel(sql, from, to) {
  let cuts = [from - 1];
  return scanCode(sql, (i, depth) => {
    depth === 0 && sql[i] === "," && cuts.push(i);
  }, from, to), cuts.push(to), cuts.slice(1).map((cut, k) => sql.slice(cuts[k] + 1, cut));
}
var literal = (s) => `'${s.replace(/'/g, "''")}'`;
function columnName(alias) {
  let a = alias.trim();
  return a.startsWith('"') ? a.slice(1, -1).replace(/""/g, '"') : a.toLowerCase();
}
function withoutLeadingComments(sql) {
  let start = sql.length;
  return scanCode(sql, (i) => {
    if (/\S/.test(sql[i]))
      return start = i, !0;
  }), sql.slice(start);
}
var NOT_PLAIN = ["GROUP", "HAVING", "WINDOW", "LIMIT", "OFFSET", "FETCH", "UNION", "INTERSECT", "EXCEPT", "ORDER"];
function elementBranch(kind, expr) {
  let e = withoutLeadingComments(expr).trim();
  if (!e.startsWith("(") || closing(e, 0) !== e.length - 1) return;
  let inner = e.slice(1, -1), head = /^\s*SELECT\s+json_agg\s*\(/i.exec(inner);
  if (!head) return;
  let open = head[0].length - 1, close = closing(inner, open), arg = inner.slice(open + 1, close), rest = inner.slice(close + 1);
  if (!/^\s+FROM\b/i.test(rest) && rest.trim() !== "" || NOT_PLAIN.some((w) => topLevelWords(rest, w).length > 0) || /^\s*(DISTINCT|ALL)\b/i.test(arg)) return;
  let orders = topLevelWords(arg, "ORDER");
  if (orders.length > 1) return;
  let element = orders.length ? arg.slice(0, orders[0]) : arg, orderBy = orders.length ? `
${arg.slice(orders[0])}` : "";
  return `(SELECT ${literal(kind)}::text, true, to_json(${element})${rest}${orderBy}
)`;
}
function rowsStatement(statement2) {
  let rewritten = rewrites.get(statement2);
  return rewritten === void 0 && (rewritten = rewrite(statement2), rewrites.set(statement2, rewritten)), rewritten;
}
var rewrites = /* @__PURE__ */ new Map();
function rewrite(statement2) {
  let selects = topLevelWords(statement2, "SELECT");
  if (selects.length !== 1) throw new Error("rowsStatement: expected one top-level SELECT");
  let listStart = selects[0] + 6;
  for (let w of ["FROM", "WHERE", "GROUP", "UNION", "ORDER", "LIMIT"])
    if (topLevelWords(statement2, w, listStart).length) throw new Error(`rowsStatement: top-level ${w} is not supported`);
  let end = statement2.replace(/[\s;]+$/, "").length, branches = splitTopLevel(statement2, listStart, end).map((item) => {
    let as = topLevelWords(item, "AS").at(-1);
    if (as === void 0) throw new Error(`rowsStatement: a column without AS: ${item.trim().slice(0, 80)}`);
    let kind = columnName(item.slice(as + 2)), expr = item.slice(0, as);
    return elementBranch(kind, expr) ?? `(SELECT ${literal(kind)}::text, false, to_json(${expr}
))`;
  });
  return `${statement2.slice(0, selects[0])}${branches.join(`
UNION ALL
`)}`;
}
function streamRows(client, text, onRow) {
  return new Promise((resolve, reject) => {
    let query = new esm_default.Query({ text, rowMode: "array" }), failed;
    query.on("row", (row) => {
      if (!(failed !== void 0 || row.length !== 3))
        try {
          onRow(row[0], row[1], row[2]);
        } catch (error) {
          failed = error;
        }
    }), query.on("error", reject), query.on("end", () => failed === void 0 ? resolve() : reject(failed)), client.query(query);
  });
}

// packages/schema-verify/src/introspect.ts
async function introspect(client, opts = {}) {
  try {
    return opts.connect ? await readParallel(client, opts, opts.connect) : await readOne(client, opts);
  } catch (error) {
    throw await client.query("ROLLBACK").catch(() => {
    }), new CouldNotRunError(`Reading the database catalog failed: ${messageOf(error)}.`, { cause: error });
  }
}
var BATCH_ROWS = 4096, Batcher = class {
  constructor(opts) {
    this.opts = opts;
  }
  opts;
  batch = {};
  rows = 0;
  state;
  /**
   * One string for each short value that repeats across objects (`bigint`, `PRIMARY KEY (id)`,
   * `app:SELECT`, a schema's name): the driver makes a new string per row, and at 20,000 tables
   * the copies are tens of MB per database.
   */
  strings = /* @__PURE__ */ new Map();
  intern(tuple) {
    for (let i = 0; i < tuple.length; i++) {
      let v = tuple[i];
      if (typeof v == "string") {
        if (v.length > 64) continue;
        let known = this.strings.get(v);
        known !== void 0 ? tuple[i] = known : (this.strings.size >= 8192 && this.strings.clear(), this.strings.set(v, v));
      } else Array.isArray(v) && this.intern(v);
    }
  }
  add = (kind, element, value) => {
    Array.isArray(value) && this.intern(value), element ? (this.batch[kind] ??= []).push(value) : this.batch[kind] = value, ++this.rows >= BATCH_ROWS && this.flush();
  };
  /** Builds what has arrived; the relations' own rows come first in the statements, so later rows find them. */
  flush(more) {
    let raw = this.batch;
    this.state ??= buildState(raw.version), buildModel(raw, this.opts, this.state), more && buildModel(more, this.opts, this.state), this.batch = {}, this.rows = 0;
  }
  finish() {
    return this.flush(), this.state.model;
  }
};
async function readOne(client, opts) {
  let batcher = new Batcher(opts), text = ["BEGIN READ ONLY", ...SESSION_SETUP, rowsStatement(queryA(opts)), rowsStatement(queryB(opts)), "COMMIT"].join(`;
`);
  return await streamRows(client, text, batcher.add), batcher.finish();
}
async function readParallel(client, opts, connect) {
  let begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", batcher = new Batcher(opts), opening = Promise.resolve().then(connect).catch(() => {
  }), b = Promise.resolve(void 0);
  try {
    await client.query([begin, ...SESSION_SETUP].join(`;
`));
    let snapshot = await client.query("SELECT pg_catalog.pg_export_snapshot() AS s").then(
      (r) => r.rows[0].s,
      () => {
      }
    );
    snapshot === void 0 && await client.query(["ROLLBACK", begin, ...SESSION_SETUP].join(`;
`));
    let second = await opening;
    second && snapshot !== void 0 ? b = readB(second, begin, snapshot, opts) : second?.end().catch(() => {
    });
  } catch (error) {
    throw opening.then((c) => c?.end().catch(() => {
    })), error;
  }
  b.catch(() => {
  }), await streamRows(client, rowsStatement(queryA(opts)), batcher.add);
  let rawB = await b;
  return rawB ? batcher.flush(rawB) : await streamRows(client, rowsStatement(queryB(opts)), batcher.add), await client.query("COMMIT"), batcher.finish();
}
async function readB(second, begin, snapshot, opts) {
  try {
    try {
      await second.query(`${begin};
SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "''")}'`);
    } catch {
      return;
    }
    let raw = {};
    return await streamRows(second, [...SESSION_SETUP, rowsStatement(queryB(opts)), "COMMIT"].join(`;
`), (kind, element, value) => {
      element ? (raw[kind] ??= []).push(value) : raw[kind] = value;
    }), raw;
  } finally {
    await second.end().catch(() => {
    });
  }
}
var constraintTypes = {
  p: "primary key",
  f: "foreign key",
  u: "unique",
  c: "check",
  x: "exclusion"
}, storageNames = { p: "plain", e: "external", x: "extended", m: "main" }, functionKinds = { f: "function", p: "procedure", a: "aggregate", w: "window" }, policyCommands = { r: "SELECT", a: "INSERT", w: "UPDATE", d: "DELETE", "*": "ALL" };
function put3(target3, key, value) {
  value != null && (target3[key] = value);
}
function privileges3(acl2, ignore) {
  if (!(ignore || acl2 === null))
    return [...acl2].sort(compareText);
}
function stripSemicolon(def) {
  return def.replace(/;\s*$/, "");
}
function buildState(version2) {
  return { model: emptyModel(version2), tableOf: /* @__PURE__ */ new Map(), viewOf: /* @__PURE__ */ new Map(), keyOf: /* @__PURE__ */ new Map(), foreignOf: /* @__PURE__ */ new Map() };
}
function buildModel(raw, opts = {}, state = buildState(raw.version)) {
  let ig = opts.ignorePrivileges, { model, tableOf, viewOf, keyOf } = state;
  for (let row of raw.schemas ?? []) {
    let n = row[0], cmt = row[1], acl2 = row[2], def = { name: n };
    put3(def, "comment", cmt), put3(def, "privileges", privileges3(acl2, ig)), model.schemas[keyPart(n)] = def;
  }
  for (let row of raw.extensions ?? []) {
    let n = row[0], v = row[1], s = row[2], dv = row[3];
    model.extensions[n] = { name: n, version: v, schema: s, ...dv ? { defaultVersion: dv } : {} };
  }
  for (let row of raw.tables ?? []) {
    let oid = row[0], s = row[1], n = row[2], k = row[3], unlogged = row[4], pkey = row[5], pof = row[6], bound = row[7], inh = row[8], rls = row[9], frls = row[10], cmt = row[11], acl2 = row[12], opts2 = row[13], replica = row[14], am = row[15], of = row[16], cluster = row[17], toast = row[18], def = {
      schema: s,
      name: n,
      kind: k === "p" ? "partitioned table" : "table",
      unlogged,
      rowSecurity: rls,
      forceRowSecurity: frls,
      columns: [],
      constraints: {},
      triggers: {},
      policies: {}
    };
    put3(def, "partitionKey", pkey), put3(def, "partitionOf", pof), put3(def, "partitionBound", bound), inh && inh.length > 0 && (def.inherits = inh);
    let storage = [...opts2 ?? [], ...(toast ?? []).map((o) => `toast.${o}`)];
    storage.length > 0 && (def.storage = storage.sort(compareText)), put3(def, "replicaIdentity", replica), put3(def, "accessMethod", am), put3(def, "ofType", of), put3(def, "clusterOn", cluster), put3(def, "comment", cmt), put3(def, "privileges", privileges3(acl2, ig));
    let key = qualifiedKey(s, n);
    model.tables[key] = def, tableOf.set(oid, def), keyOf.set(oid, key);
  }
  for (let row of raw.views ?? []) {
    let oid = row[0], s = row[1], n = row[2], k = row[3], viewDef = row[4], opts2 = row[5], deps = row[6], cmt = row[7], acl2 = row[8], options = (opts2 ?? []).filter((o) => !o.startsWith("check_option=")).sort(compareText), check = (opts2 ?? []).find((o) => o.startsWith("check_option=")), def = {
      schema: s,
      name: n,
      kind: k === "m" ? "materialized view" : "view",
      definition: stripSemicolon(viewDef),
      options,
      dependsOn: [...deps ?? []].sort(compareText),
      columns: [],
      triggers: {}
    };
    check && (def.checkOption = check.slice(13).toUpperCase()), put3(def, "comment", cmt), put3(def, "privileges", privileges3(acl2, ig));
    let key = qualifiedKey(s, n);
    model.views[key] = def, viewOf.set(oid, def), keyOf.set(oid, key);
  }
  let foreignOf = buildForeignTables(raw, model, ig, state.foreignOf);
  for (let row of raw.columns ?? []) {
    let r = row[0], n = row[1], t = row[2], nn = row[3], dflt = row[4], idn = row[5], gen = row[6], coll = row[7], inh = row[8], local = row[9], cmt = row[10], acl2 = row[11], storage = row[12], stats = row[13], attopts = row[14], idopts = row[15], owner = tableOf.get(r) ?? viewOf.get(r) ?? foreignOf.get(r);
    if (!owner) continue;
    let col = { name: n, type: t, notNull: nn };
    if (gen === "s" ? col.generated = dflt ?? "" : put3(col, "default", dflt), idn === "a" ? col.identity = "always" : idn === "d" && (col.identity = "by default"), idopts) {
      let [seqType, start, increment, min, max, cache, cycle] = idopts, options = { start, increment, min, max, cache, cycle }, dflt2 = { ...defaultSequenceOptions(seqType, increment), increment: "1" };
      Object.keys(options).some((k) => options[k] !== dflt2[k]) && (col.identityOptions = options);
    }
    put3(col, "collation", coll), inh && (col.inherited = !0), local || (col.notLocal = !0), storage && (col.storage = storageNames[storage[0]], col.typeStorage = storageNames[storage[1]]), put3(col, "statisticsTarget", stats), attopts && attopts.length > 0 && (col.attributeOptions = [...attopts].sort(compareText)), put3(col, "comment", cmt), !ig && acl2 && acl2.length > 0 && (col.privileges = [...acl2].sort(compareText)), owner.columns.push(col);
  }
  for (let [r, n, c] of raw.columnCompression ?? []) {
    let col = tableOf.get(r)?.columns.find((x) => x.name === n);
    col && (col.compression = c === "l" ? "lz4" : c === "p" ? "pglz" : c);
  }
  for (let row of raw.constraints ?? []) {
    let r = row[0], n = row[1], ct = row[2], definition = row[3], ref = row[4], inh = row[5], parent = row[6], cmt = row[7], table2 = tableOf.get(r) ?? foreignOf.get(r);
    if (!table2) continue;
    let def = { name: n, type: constraintTypes[ct], definition };
    put3(def, "references", ref), inh && (def.inherited = !0), put3(def, "parent", parent), put3(def, "comment", cmt), table2.constraints[n] = def;
  }
  for (let row of raw.indexes ?? []) {
    let r = row[0], n = row[1], definition = row[2], parent = row[3], cmt = row[4], stats = row[5], owner = tableOf.get(r) ?? viewOf.get(r), table2 = keyOf.get(r);
    if (!owner || table2 === void 0) continue;
    let def = { schema: owner.schema, name: n, table: table2, definition };
    put3(def, "parent", parent), stats && stats.length > 0 && (def.statistics = stats), put3(def, "comment", cmt), model.indexes[qualifiedKey(owner.schema, n)] = def;
  }
  for (let row of raw.triggers ?? []) {
    let r = row[0], n = row[1], definition = row[2], en = row[3], cmt = row[4], owner = tableOf.get(r) ?? viewOf.get(r) ?? foreignOf.get(r);
    if (!owner?.triggers) continue;
    let def = { name: n, definition, enabled: en };
    put3(def, "comment", cmt), owner.triggers[n] = def;
  }
  for (let row of raw.rules ?? []) {
    let r = row[0], n = row[1], definition = row[2], en = row[3], cmt = row[4], owner = tableOf.get(r) ?? viewOf.get(r);
    if (!owner) continue;
    let def = { name: n, definition: stripSemicolon(definition), enabled: en };
    put3(def, "comment", cmt), (owner.rules ??= {})[n] = def;
  }
  for (let row of raw.policies ?? []) {
    let r = row[0], n = row[1], perm = row[2], cmd = row[3], roles = row[4], using = row[5], check = row[6], cmt = row[7], table2 = tableOf.get(r);
    if (!table2) continue;
    let def = {
      name: n,
      permissive: perm,
      command: policyCommands[cmd] ?? "ALL",
      roles: [...roles ?? ["PUBLIC"]].sort(compareText)
    };
    put3(def, "using", using), put3(def, "withCheck", check), put3(def, "comment", cmt), table2.policies[n] = def;
  }
  for (let row of raw.sequences ?? []) {
    let s = row[0], n = row[1], t = row[2], start = row[3], inc = row[4], min = row[5], max = row[6], cache = row[7], cycle = row[8], owned = row[9], cmt = row[10], acl2 = row[11], unlogged = row[12], def = {
      schema: s,
      name: n,
      type: t,
      start,
      increment: inc,
      min,
      max,
      cache,
      cycle
    };
    unlogged && (def.unlogged = !0), put3(def, "ownedBy", owned), put3(def, "comment", cmt), put3(def, "privileges", privileges3(acl2, ig)), model.sequences[qualifiedKey(s, n)] = def;
  }
  for (let row of raw.functions ?? []) {
    let s = row[0], n = row[1], k = row[2], args = row[3], iargs = row[4], res = row[5], fnDef = row[6], cmt = row[7], acl2 = row[8], def = {
      schema: s,
      name: n,
      kind: functionKinds[k] ?? "function",
      argTypes: args,
      identityArgs: iargs,
      definition: fnDef.replace(/\s+$/, "")
    };
    put3(def, "result", res), put3(def, "comment", cmt), put3(def, "privileges", privileges3(acl2, ig)), model.functions[functionKey(s, n, args)] = def;
  }
  for (let row of raw.types ?? []) {
    let s = row[0], n = row[1], k = row[2], vals = row[3], base = row[4], dflt = row[5], nn = row[6], coll = row[7], cons = row[8], attrs = row[9], cmt = row[10], acl2 = row[11], kind = k === "e" ? "enum" : k === "d" ? "domain" : "composite", def = { schema: s, name: n, kind };
    if (kind === "enum" && (def.values = vals ?? []), kind === "domain") {
      def.baseType = base ?? "", put3(def, "default", dflt), def.notNull = nn, put3(def, "collation", coll), def.constraints = {};
      for (let c of cons ?? []) def.constraints[c[0]] = { name: c[0], definition: c[1] };
    }
    kind === "composite" && (def.attributes = (attrs ?? []).map((a) => {
      let attr = { name: a[0], type: a[1] };
      return put3(attr, "collation", a[2]), attr;
    })), put3(def, "comment", cmt), put3(def, "privileges", privileges3(acl2, ig)), model.types[qualifiedKey(s, n)] = def;
  }
  let operations = ["insert", "update", "delete", "truncate"];
  for (let row of raw.publications ?? []) {
    let n = row[0], all = row[1], ops = row[2], viaRoot = row[3], tables = row[4], schemas = row[5], cmt = row[6], def = {
      name: n,
      allTables: all,
      publish: operations.filter((_, i) => ops[i]),
      viaRoot,
      tables: {},
      schemas: [...schemas ?? []].sort(compareText)
    };
    for (let [key, cols, where] of tables ?? []) {
      let t = {};
      put3(t, "columns", cols), put3(t, "where", where), def.tables[key] = t;
    }
    put3(def, "comment", cmt), model.publications[n] = def;
  }
  for (let row of raw.statistics ?? []) {
    let s = row[0], n = row[1], table2 = row[2], definition = row[3], cmt = row[4], target3 = row[5], def = { schema: s, name: n, table: table2, definition };
    put3(def, "target", target3), put3(def, "comment", cmt), model.statistics[qualifiedKey(s, n)] = def;
  }
  if (buildObjects(raw, model, ig), attachColumnOptions(foreignOf.values()), buildKindsB(raw, model, ig), !ig)
    for (let row of raw.defaultPrivileges ?? []) {
      let role = row[0], s = row[1], k = row[2], acl2 = row[3];
      model.defaultPrivileges[`${role}|${s}|${k}`] = {
        role,
        schema: s,
        objectType: k,
        privileges: [...acl2].sort(compareText)
      };
    }
  return model;
}

// packages/schema-verify/src/fix-order.ts
var NAME = String.raw`(?:"(?:[^"]|"")*"|[^\s."(]+)`, QN = `${NAME}\\.${NAME}`, table = (action) => new RegExp(`^ALTER TABLE (?:ONLY )?${QN} ${action}`), column = (action) => table(`ALTER COLUMN ${NAME} ${action}`), P = {
  dropPolicy: 10,
  dropTrigger: 11,
  detach: 12,
  noInherit: 13,
  dropView: 14,
  dropIndex: 15,
  dropConstraint: 16,
  dropDefault: 17,
  dropColumn: 18,
  dropAggregate: 19,
  dropRoutine: 20,
  dropTable: 21,
  dropSequence: 22,
  dropDomainConstraint: 23,
  dropTypeAttribute: 24,
  dropDomain: 25,
  dropType: 26,
  dropExtension: 27,
  dropSchema: 28,
  schema: 40,
  extension: 41,
  type: 42,
  alterType: 43,
  domain: 44,
  alterDomain: 45,
  sequence: 46,
  table: 47,
  persistence: 48,
  routine: 49,
  aggregate: 50,
  addColumn: 51,
  columnType: 52,
  notNull: 53,
  identity: 54,
  setDefault: 55,
  constraint: 56,
  view: 57,
  index: 58,
  attach: 59,
  inherit: 60,
  attachIndex: 61,
  foreignKey: 62,
  trigger: 63,
  triggerState: 64,
  rls: 65,
  policy: 66,
  ownedBy: 67,
  other: 68,
  comment: 69,
  revoke: 70,
  grant: 71,
  // Foreign data, text search, event triggers, security labels: between the phases above, so the
  // numbers of the others stay as they are.
  dropEventTrigger: 9,
  dropForeignTable: 21.1,
  dropUserMapping: 21.2,
  dropServer: 21.3,
  dropWrapper: 21.4,
  dropTextSearchConfiguration: 21.5,
  dropTextSearchDictionary: 21.6,
  dropTextSearchSupport: 21.7,
  textSearchSupport: 46.1,
  textSearchDictionary: 46.2,
  textSearchConfiguration: 46.3,
  textSearchMapping: 46.4,
  wrapper: 49.1,
  server: 49.2,
  userMapping: 49.3,
  foreignTable: 49.4,
  alterForeignTable: 49.5,
  securityLabel: 69.5,
  eventTrigger: 72
}, OPERATOR_RULES = [
  { re: /^ALTER OPERATOR FAMILY .* DROP /, phase: P.dropAggregate + 0.1 },
  { re: /^DROP OPERATOR CLASS /, phase: P.dropAggregate + 0.2 },
  { re: /^DROP OPERATOR FAMILY /, phase: P.dropAggregate + 0.3 },
  { re: /^DROP OPERATOR /, phase: P.dropAggregate + 0.4 },
  { re: /^DROP CAST /, phase: P.dropAggregate + 0.5 },
  { re: /^DROP COLLATION /, phase: P.dropType + 0.5 },
  { re: /^CREATE COLLATION /, phase: P.extension + 0.5 },
  { re: /^CREATE OPERATOR FAMILY /, phase: P.aggregate + 0.3 },
  { re: /^CREATE OPERATOR CLASS /, phase: P.aggregate + 0.4 },
  { re: /^ALTER OPERATOR FAMILY /, phase: P.aggregate + 0.5 },
  { re: /^CREATE OPERATOR /, phase: P.aggregate + 0.1 },
  { re: /^ALTER OPERATOR /, phase: P.aggregate + 0.15 },
  { re: /^CREATE CAST /, phase: P.aggregate + 0.2 }
], RULES = [
  ...OPERATOR_RULES,
  // An event trigger fires on the script's own DDL: a removed one goes first, a new one last
  // (after the grants), as pg_dump does.
  { re: /^DROP EVENT TRIGGER /, phase: P.dropEventTrigger },
  { re: /^(CREATE|ALTER|COMMENT ON) EVENT TRIGGER /, phase: P.eventTrigger },
  // Foreign tables before their server's user mappings, before the server, before its wrapper.
  { re: /^DROP FOREIGN TABLE /, phase: P.dropForeignTable },
  { re: /^DROP USER MAPPING /, phase: P.dropUserMapping },
  { re: /^DROP SERVER /, phase: P.dropServer },
  { re: /^DROP FOREIGN DATA WRAPPER /, phase: P.dropWrapper },
  { re: /^DROP TEXT SEARCH CONFIGURATION /, phase: P.dropTextSearchConfiguration },
  { re: /^DROP TEXT SEARCH DICTIONARY /, phase: P.dropTextSearchDictionary },
  { re: /^DROP TEXT SEARCH (PARSER|TEMPLATE) /, phase: P.dropTextSearchSupport },
  // Before tables: a generated column or default may name a configuration ('x'::regconfig is
  // resolved when the table is created), and their support functions are built in.
  { re: /^CREATE TEXT SEARCH (PARSER|TEMPLATE) /, phase: P.textSearchSupport },
  { re: /^(CREATE|ALTER) TEXT SEARCH DICTIONARY /, phase: P.textSearchDictionary },
  { re: /^CREATE TEXT SEARCH CONFIGURATION /, phase: P.textSearchConfiguration },
  { re: /^ALTER TEXT SEARCH CONFIGURATION /, phase: P.textSearchMapping },
  // After routines (a wrapper's handler may be one), before views that read foreign tables.
  { re: /^(CREATE|ALTER) FOREIGN DATA WRAPPER /, phase: P.wrapper },
  { re: /^(CREATE|ALTER) SERVER /, phase: P.server },
  { re: /^(CREATE|ALTER) USER MAPPING /, phase: P.userMapping },
  { re: /^CREATE FOREIGN TABLE /, phase: P.foreignTable },
  { re: /^ALTER FOREIGN TABLE /, phase: P.alterForeignTable },
  { re: /^SECURITY LABEL /, phase: P.securityLabel },
  { re: /^DROP POLICY /, phase: P.dropPolicy },
  { re: /^DROP TRIGGER /, phase: P.dropTrigger },
  // A rule's action may name other tables: dropped with the triggers, created with them.
  { re: /^DROP RULE /, phase: P.dropTrigger },
  { re: table("DETACH PARTITION "), phase: P.detach },
  { re: table("NO INHERIT "), phase: P.noInherit },
  { re: /^DROP (MATERIALIZED )?VIEW /, phase: P.dropView },
  { re: /^DROP INDEX /, phase: P.dropIndex },
  { re: table("DROP CONSTRAINT "), phase: P.dropConstraint },
  { re: column("(DROP DEFAULT|DROP IDENTITY|DROP EXPRESSION)"), phase: P.dropDefault },
  { re: table("DROP COLUMN "), phase: P.dropColumn },
  { re: /^DROP AGGREGATE /, phase: P.dropAggregate },
  { re: /^DROP (FUNCTION|PROCEDURE|ROUTINE) /, phase: P.dropRoutine },
  { re: /^DROP TABLE /, phase: P.dropTable },
  { re: /^DROP SEQUENCE /, phase: P.dropSequence },
  { re: /^ALTER DOMAIN .* DROP CONSTRAINT /, phase: P.dropDomainConstraint },
  { re: /^ALTER TYPE .* DROP ATTRIBUTE /, phase: P.dropTypeAttribute },
  { re: /^DROP DOMAIN /, phase: P.dropDomain },
  { re: /^DROP TYPE /, phase: P.dropType },
  { re: /^DROP EXTENSION /, phase: P.dropExtension },
  { re: /^DROP SCHEMA /, phase: P.dropSchema },
  { re: /^CREATE SCHEMA /, phase: P.schema },
  { re: /^(CREATE|ALTER) EXTENSION /, phase: P.extension },
  { re: /^CREATE TYPE /, phase: P.type },
  // A type re-created in place (diff/type-swap.ts): after new types exist, before columns use it.
  { re: /^DO \$preflight_type_swap\$/, phase: P.alterType },
  { re: /^ALTER TYPE /, phase: P.alterType },
  { re: /^CREATE DOMAIN /, phase: P.domain },
  { re: /^ALTER DOMAIN /, phase: P.alterDomain },
  { re: /^CREATE SEQUENCE /, phase: P.sequence },
  // Moves a sequence's value inside bounds the next ALTER narrows (diff/sequence-bounds.ts).
  { re: /^SELECT pg_catalog\.setval\(q\.s, /, phase: P.sequence - 0.5 },
  { re: /^ALTER SEQUENCE .* OWNED BY /, phase: P.ownedBy },
  { re: /^ALTER SEQUENCE /, phase: P.sequence },
  { re: /^CREATE (UNLOGGED )?TABLE /, phase: P.table },
  { re: table("SET (UN)?LOGGED"), phase: P.persistence },
  { re: /^CREATE (OR REPLACE )?(FUNCTION|PROCEDURE) /, phase: P.routine },
  { re: /^CREATE (OR REPLACE )?AGGREGATE /, phase: P.aggregate },
  { re: table("ADD COLUMN "), phase: P.addColumn },
  { re: column("(SET DATA )?TYPE "), phase: P.columnType },
  { re: column("(SET|DROP) NOT NULL"), phase: P.notNull },
  { re: column("(ADD|SET) GENERATED "), phase: P.identity },
  { re: column("SET DEFAULT "), phase: P.setDefault },
  { re: table(`ADD CONSTRAINT ${NAME} FOREIGN KEY `), phase: P.foreignKey },
  { re: table("ADD CONSTRAINT "), phase: P.constraint },
  { re: /^CREATE (OR REPLACE )?(MATERIALIZED )?VIEW /, phase: P.view },
  { re: /^CREATE (UNIQUE )?INDEX /, phase: P.index },
  { re: table("ATTACH PARTITION "), phase: P.attach },
  { re: table("INHERIT "), phase: P.inherit },
  { re: /^ALTER INDEX .* ATTACH PARTITION /, phase: P.attachIndex },
  // USING INDEX needs the index.
  { re: table("REPLICA IDENTITY "), phase: P.attachIndex },
  { re: /^CREATE (OR REPLACE )?(CONSTRAINT )?TRIGGER /, phase: P.trigger },
  { re: table("(ENABLE|DISABLE)( REPLICA| ALWAYS)? TRIGGER "), phase: P.triggerState },
  { re: /^CREATE (OR REPLACE )?RULE /, phase: P.trigger },
  { re: table("(ENABLE|DISABLE)( REPLICA| ALWAYS)? RULE "), phase: P.triggerState },
  { re: table("(ENABLE|DISABLE|FORCE|NO FORCE) ROW LEVEL SECURITY"), phase: P.rls },
  { re: /^(CREATE|ALTER) POLICY /, phase: P.policy },
  // A table leaves its publications and loses its statistics when it is dropped, so these go
  // before the tables are dropped (a later DROP ... IF EXISTS would only print a NOTICE; ALTER
  // PUBLICATION ... DROP TABLE of a dropped table fails).
  { re: /^ALTER PUBLICATION .* DROP TABLES? /, phase: P.dropIndex },
  { re: /^DROP STATISTICS /, phase: P.dropIndex },
  // After the tables they publish exist (and their columns, for a column list).
  { re: /^(CREATE|ALTER) PUBLICATION /, phase: P.other },
  // After the columns they name; a changed one is dropped first (same phase, input order).
  { re: /^(CREATE|DROP|ALTER) STATISTICS /, phase: P.other },
  { re: /^COMMENT ON /, phase: P.comment },
  // A table-level REVOKE also takes away column-level grants of the same privilege: revoke first.
  { re: /^REVOKE /, phase: P.revoke },
  { re: /^(GRANT|ALTER DEFAULT PRIVILEGES) /, phase: P.grant }
], OUTSIDE_TRANSACTION = /^ALTER TYPE .* ADD VALUE /;
function withoutLeadingComments2(stmt) {
  return stmt.replace(/^(?:\s*--[^\n]*\n)+\s*/, "");
}
function phaseOf(stmt) {
  let head = withoutLeadingComments2(stmt).replace(/\s+/g, " ");
  for (let r of RULES) if (r.re.test(head)) return r.phase;
  return P.other;
}
function splitStatements(sql) {
  let out = [], from = 0;
  for (let st of scanSql(sql).statements) {
    let text = sql.slice(from, st.end).trim();
    from = st.end, out.push(text.endsWith(";") ? text : `${text};`);
  }
  return out;
}
var IDENT = String.raw`(?:"(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`, QUALIFIED_NAME = `${IDENT}\\.${IDENT}`, CREATES = new RegExp(
  String.raw`^CREATE (?:OR REPLACE )?(?:UNLOGGED |MATERIALIZED |RECURSIVE )?(?:TYPE|DOMAIN|TABLE|SEQUENCE|VIEW|FUNCTION|PROCEDURE|AGGREGATE|FOREIGN TABLE|TEXT SEARCH (?:CONFIGURATION|DICTIONARY|PARSER|TEMPLATE)) (?:IF NOT EXISTS )?(${QUALIFIED_NAME})`
), CREATES_NAMED = new RegExp(String.raw`^CREATE (?:COLLATION|OPERATOR FAMILY|OPERATOR CLASS) (?:IF NOT EXISTS )?(${QUALIFIED_NAME})`), QUALIFIED = new RegExp(QUALIFIED_NAME, "g"), ADDS_COLUMN = new RegExp(String.raw`^ALTER TABLE (?:ONLY )?(${QUALIFIED_NAME}) ADD COLUMN `), PARENTS = new RegExp(String.raw`^CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?${QUALIFIED_NAME} (?:PARTITION OF (${QUALIFIED_NAME})|.*\) INHERITS \(([^)]*)\))`), QUOTED = /\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$|'(?:[^']|'')*'/g;
function inDependencyOrder(stmts) {
  let flat = stmts.map((s) => s.sql.replace(/\s+/g, " ")), creator = /* @__PURE__ */ new Map();
  flat.forEach((text, i) => {
    let name = CREATES.exec(text)?.[1] ?? CREATES_NAMED.exec(text)?.[1];
    name && !creator.has(name) && creator.set(name, i);
  });
  let columnsAddedTo = /* @__PURE__ */ new Map();
  flat.forEach((text, i) => {
    let parent = ADDS_COLUMN.exec(text)?.[1];
    parent && columnsAddedTo.set(parent, [...columnsAddedTo.get(parent) ?? [], i]);
  });
  let waitsFor = flat.map((text, i) => {
    let deps = /* @__PURE__ */ new Set();
    for (let m of text.replace(QUOTED, "''").matchAll(QUALIFIED)) {
      let j = creator.get(m[0]);
      j !== void 0 && j !== i && deps.add(j);
    }
    let parents = columnsAddedTo.size ? PARENTS.exec(text.replace(QUOTED, "''")) : null;
    if (parents)
      for (let m of (parents[1] ?? parents[2]).matchAll(QUALIFIED)) for (let j of columnsAddedTo.get(m[0]) ?? []) deps.add(j);
    return deps;
  });
  return topologicalOrder(waitsFor).map((i) => stmts[i].sql);
}
function topologicalOrder(waitsFor) {
  let waiting = waitsFor.map((deps) => deps.size), dependents = waitsFor.map(() => []);
  waitsFor.forEach((deps, i) => deps.forEach((j) => dependents[j].push(i)));
  let ready = new MinHeap();
  waiting.forEach((n, i) => n === 0 && ready.push(i));
  let placed = new Array(waitsFor.length).fill(!1), out = [], earliest = 0;
  for (; out.length < waitsFor.length; ) {
    let pick2 = ready.pop();
    if (pick2 === void 0) {
      for (; placed[earliest]; ) earliest++;
      pick2 = earliest;
    }
    if (!placed[pick2]) {
      placed[pick2] = !0, out.push(pick2);
      for (let d of dependents[pick2]) --waiting[d] === 0 && !placed[d] && ready.push(d);
    }
  }
  return out;
}
var DROP_AFTER = "-- drop after: ", DROP_BEFORE = "-- drop before: ", DROPS = new RegExp(String.raw`^DROP (?:[A-Z]+ )+?(?:IF EXISTS )?(${QUALIFIED_NAME}(?=[\s(;])|${IDENT}\.[^\s(;]+)`);
function notes(sql, prefix) {
  return sql.split(`
`).filter((l) => l.startsWith(prefix)).flatMap((l) => l.slice(prefix.length).split(", ").map((n) => n.trim()).filter(Boolean));
}
function dropsInOrder(drops) {
  let byName = /* @__PURE__ */ new Map();
  drops.forEach((sql, i) => {
    let name = DROPS.exec(withoutLeadingComments2(sql).replace(/\s+/g, " "))?.[1];
    name && byName.set(name, [...byName.get(name) ?? [], i]);
  });
  let waitsFor = drops.map(() => /* @__PURE__ */ new Set());
  return drops.forEach((sql, i) => {
    for (let name of notes(sql, DROP_AFTER)) for (let j of byName.get(name) ?? []) j !== i && waitsFor[i].add(j);
    for (let name of notes(sql, DROP_BEFORE)) for (let j of byName.get(name) ?? []) j !== i && waitsFor[j].add(i);
  }), topologicalOrder(waitsFor).map((i) => drops[i]);
}
var MinHeap = class {
  items = [];
  push(value) {
    let a = this.items;
    a.push(value);
    for (let i = a.length - 1; i > 0; ) {
      let parent = i - 1 >> 1;
      if (a[parent] <= a[i]) break;
      [a[parent], a[i]] = [a[i], a[parent]], i = parent;
    }
  }
  pop() {
    let a = this.items;
    if (a.length === 0) return;
    let top = a[0], last = a.pop();
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        let l = 2 * i + 1, r = l + 1, m = i;
        if (l < a.length && a[l] < a[m] && (m = l), r < a.length && a[r] < a[m] && (m = r), m === i) break;
        [a[m], a[i]] = [a[i], a[m]], i = m;
      }
    }
    return top;
  }
};
function fixScript(findings) {
  let seen = /* @__PURE__ */ new Set(), statements = [];
  for (let f of findings)
    if (f.fix)
      for (let sql of splitStatements(f.fix)) {
        let key = sql.replace(/\s+/g, " ");
        seen.has(key) || (seen.add(key), statements.push({ sql, phase: OUTSIDE_TRANSACTION.test(key) ? 0 : phaseOf(sql), seq: statements.length }));
      }
  if (statements.length === 0) return "";
  statements.sort((a, b) => a.phase - b.phase || a.seq - b.seq);
  let before = statements.filter((s) => s.phase === 0).map((s) => s.sql), drops = statements.filter((s) => s.phase > 0 && s.phase < P.schema).map((s) => s.sql), inside = [...dropsInOrder(drops), ...inDependencyOrder(statements.filter((s) => s.phase >= P.schema))], lines = [
    "-- Makes the live database match the expected schema (generated by Preflight schema-verify).",
    "-- Review it first: DROP statements remove objects, and their data, that only the live database has."
  ];
  return before.length && lines.push("", "-- Enum labels are added outside the transaction: a label added inside one cannot be used before it commits.", ...before), inside.length && lines.push(
    "",
    "BEGIN;",
    // Definitions were printed with an empty search_path, so they resolve the same way here; function
    // bodies are checked when called, not now, because they may mention objects created further down.
    "SELECT pg_catalog.set_config('search_path', '', true);",
    "SET LOCAL check_function_bodies = off;",
    ...inside,
    "COMMIT;"
  ), `${lines.join(`
`)}
`;
}

// packages/schema-verify/src/diff/context.ts
function push(ctx, finding, fix) {
  let text = Array.isArray(fix) ? fix.filter(Boolean).join(`
`) : fix;
  text && (finding.fix = text), ctx.findings.push(finding);
}
function problem(ctx, rule, object2, message, fix) {
  push(ctx, { rule, severity: "error", object: object2, message }, fix);
}
function extra(ctx, rule, object2, message, fix) {
  push(ctx, { rule, severity: ctx.strict ? "error" : "warning", object: object2, message }, fix);
}
function advise(ctx, rule, object2, message, fix, severity = "warning") {
  push(ctx, { rule, severity, object: object2, message }, fix);
}
function sortedKeys(...maps) {
  return [...new Set(maps.flatMap((m) => Object.keys(m)))].sort(compareText);
}

// packages/schema-verify/src/diff/privileges.ts
function parse(entry) {
  let at = entry.lastIndexOf(":"), privilege = entry.slice(at + 1), grantable = privilege.endsWith("*");
  return grantable && (privilege = privilege.slice(0, -1)), { grantee: entry.slice(0, at), privilege, grantable };
}
function byGrantee(entries) {
  let out = /* @__PURE__ */ new Map();
  for (let e of entries) {
    let g = parse(e);
    out.has(g.grantee) || out.set(g.grantee, /* @__PURE__ */ new Map()), out.get(g.grantee).set(g.privilege, g.grantable);
  }
  return out;
}
function deltas(to, from) {
  let want = byGrantee(to), have = byGrantee(from), grantees = [.../* @__PURE__ */ new Set([...want.keys(), ...have.keys()])].sort(compareText), out = [];
  for (let grantee of grantees) {
    let w = want.get(grantee) ?? /* @__PURE__ */ new Map(), h = have.get(grantee) ?? /* @__PURE__ */ new Map(), d = { grantee, grant: [], grantWithOption: [], revoke: [], revokeOption: [] };
    for (let [priv, opt2] of w)
      h.has(priv) ? opt2 && !h.get(priv) && d.grantWithOption.push(priv) : (opt2 ? d.grantWithOption : d.grant).push(priv);
    for (let [priv, opt2] of h)
      w.has(priv) ? opt2 && !w.get(priv) && d.revokeOption.push(priv) : d.revoke.push(priv);
    for (let list of [d.grant, d.grantWithOption, d.revoke, d.revokeOption]) list.sort(compareText);
    d.grant.length + d.grantWithOption.length + d.revoke.length + d.revokeOption.length > 0 && out.push(d);
  }
  return out;
}
function privList(privs, column3) {
  return privs.map((p) => column3 ? `${p} (${quoteIdent(column3)})` : p).join(", ");
}
function statementsFor(target3, d) {
  let to = quoteRole(d.grantee), grants = [], revokes = [];
  return d.grant.length && grants.push(`GRANT ${privList(d.grant, target3.column)} ON ${target3.on} TO ${to};`), d.grantWithOption.length && grants.push(`GRANT ${privList(d.grantWithOption, target3.column)} ON ${target3.on} TO ${to} WITH GRANT OPTION;`), d.revoke.length && revokes.push(`REVOKE ${privList(d.revoke, target3.column)} ON ${target3.on} FROM ${to};`), d.revokeOption.length && revokes.push(`REVOKE GRANT OPTION FOR ${privList(d.revokeOption, target3.column)} ON ${target3.on} FROM ${to};`), { grants, revokes };
}
function describe(privs) {
  return privs.join(", ");
}
function diffPrivileges(ctx, target3, expected, actual) {
  if (!(ctx.ignorePrivileges || !expected || !actual))
    for (let d of deltas(expected, actual)) {
      let { grants, revokes } = statementsFor(target3, d), who = d.grantee === "PUBLIC" ? "PUBLIC" : `role ${d.grantee}`;
      if (grants.length) {
        let privs = [...d.grant, ...d.grantWithOption.map((p) => `${p} WITH GRANT OPTION`)];
        problem(ctx, "missing-grant", target3.object, `${who} is missing ${describe(privs)} on ${target3.label} in the live database.`, grants);
      }
      if (revokes.length) {
        let privs = [...d.revoke, ...d.revokeOption.map((p) => `GRANT OPTION for ${p}`)];
        extra(ctx, "extra-grant", target3.object, `${who} has ${describe(privs)} on ${target3.label} in the live database, which the expected schema does not grant.`, revokes);
      }
    }
}
function creationGrants(target3, expected, baseline) {
  if (!expected) return [];
  let out = [];
  for (let d of deltas(expected, baseline)) out.push(...statementsFor(target3, d).revokes);
  for (let d of deltas(expected, [])) out.push(...statementsFor(target3, d).grants);
  return out;
}
function newObjectBaseline(ctx, schema, objectType) {
  let out = new Set(builtinDefault(objectType));
  for (let d of Object.values(ctx.actual.defaultPrivileges))
    if (!(d.objectType !== objectType || d.schema !== "" && d.schema !== schema))
      for (let p of d.privileges) out.add(p.replace(/\*$/, ""));
  return [...out].sort(compareText);
}
function diffComment(ctx, object2, label, on, expected, actual) {
  (expected ?? null) !== (actual ?? null) && (expected !== void 0 ? problem(ctx, "comment-mismatch", object2, `The comment on ${label} ${actual === void 0 ? "is missing" : "differs"} in the live database.`, comment(on, expected)) : extra(ctx, "extra-comment", object2, `${label[0].toUpperCase()}${label.slice(1)} has a comment in the live database that the expected schema does not have.`, comment(on, void 0)));
}
var objectTypeWords = {
  r: "TABLES",
  S: "SEQUENCES",
  f: "FUNCTIONS",
  T: "TYPES",
  n: "SCHEMAS"
};
function builtinDefault(objectType) {
  return objectType === "f" ? ["PUBLIC:EXECUTE"] : objectType === "T" ? ["PUBLIC:USAGE"] : [];
}
function diffDefaultPrivileges(ctx) {
  if (ctx.ignorePrivileges) return;
  let exp = ctx.expected.defaultPrivileges, act = ctx.actual.defaultPrivileges;
  for (let key of [.../* @__PURE__ */ new Set([...Object.keys(exp), ...Object.keys(act)])].sort(compareText)) {
    let def = exp[key] ?? act[key], fallback = def.schema === "" ? builtinDefault(def.objectType) : [], want = exp[key]?.privileges ?? fallback, have = act[key]?.privileges ?? fallback, word = objectTypeWords[def.objectType], scope = def.schema ? ` IN SCHEMA ${quoteIdent(def.schema)}` : "", prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(def.role)}${scope}`, object2 = `${def.schema ? `${keyPart(def.schema)}.` : ""}default-privileges(${def.role}, ${word.toLowerCase()})`, where = `${def.schema ? ` in schema ${def.schema}` : ""}`;
    for (let d of deltas(want, have)) {
      let to = quoteRole(d.grantee), grants = [], revokes = [];
      d.grant.length && grants.push(`${prefix} GRANT ${d.grant.join(", ")} ON ${word} TO ${to};`), d.grantWithOption.length && grants.push(`${prefix} GRANT ${d.grantWithOption.join(", ")} ON ${word} TO ${to} WITH GRANT OPTION;`), d.revoke.length && revokes.push(`${prefix} REVOKE ${d.revoke.join(", ")} ON ${word} FROM ${to};`), d.revokeOption.length && revokes.push(`${prefix} REVOKE GRANT OPTION FOR ${d.revokeOption.join(", ")} ON ${word} FROM ${to};`);
      let who = d.grantee === "PUBLIC" ? "PUBLIC" : `role ${d.grantee}`;
      grants.length && problem(
        ctx,
        "missing-default-privilege",
        object2,
        `Default privileges of role ${def.role}${where} do not give ${who} ${[...d.grant, ...d.grantWithOption].join(", ")} on new ${word.toLowerCase()} in the live database.`,
        grants
      ), revokes.length && extra(
        ctx,
        "extra-default-privilege",
        object2,
        `Default privileges of role ${def.role}${where} give ${who} ${[...d.revoke, ...d.revokeOption.map((p) => `GRANT OPTION for ${p}`)].join(", ")} on new ${word.toLowerCase()} in the live database, which the expected schema does not.`,
        revokes
      );
    }
  }
}

// packages/schema-verify/src/diff/rules.ts
var states = { O: "ENABLE", D: "DISABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" }, words = { O: "enabled", D: "disabled", R: "enabled for replicas only", A: "enabled always" };
function enableRuleSql(relSql, rule) {
  return `ALTER TABLE ${relSql} ${states[rule.enabled]} RULE ${quoteIdent(rule.name)};`;
}
function ruleStatements(relSql, rules) {
  let out = [];
  for (let name of Object.keys(rules ?? {}).sort(compareText)) {
    let rule = rules[name];
    out.push(statement(rule.definition)), rule.enabled !== "O" && out.push(enableRuleSql(relSql, rule)), rule.comment !== void 0 && out.push(comment(`RULE ${quoteIdent(name)} ON ${relSql}`, rule.comment));
  }
  return out;
}
function diffRules(ctx, key, relSql, exp = {}, act = {}) {
  for (let name of sortedKeys(exp, act)) {
    let e = exp[name], a = act[name], object2 = memberKey(key, name), drop = `DROP RULE IF EXISTS ${quoteIdent(name)} ON ${relSql};`;
    e && !a ? problem(ctx, "missing-rule", object2, `Rule ${object2} is missing in the live database (${e.definition}).`, ruleStatements(relSql, { [name]: e })) : !e && a ? extra(ctx, "extra-rule", object2, `Rule ${object2} exists in the live database but not in the expected schema (${a.definition}).`, drop) : normalizeSql(e.definition) !== normalizeSql(a.definition) ? problem(
      ctx,
      "rule-definition-mismatch",
      object2,
      `Rule ${object2} is defined differently in the live database (${a.definition}) than in the expected schema (${e.definition}).`,
      [drop, ...ruleStatements(relSql, { [name]: e })]
    ) : (e.enabled !== a.enabled && problem(ctx, "rule-definition-mismatch", object2, `Rule ${object2} is ${words[a.enabled]} in the live database but ${words[e.enabled]} in the expected schema.`, enableRuleSql(relSql, e)), diffComment(ctx, object2, `rule ${object2}`, `RULE ${quoteIdent(name)} ON ${relSql}`, e.comment, a.comment));
  }
}

// packages/schema-verify/src/diff/column-storage.ts
var optionName = (option) => option.slice(0, option.indexOf("="));
function columnStorageSql(rel, want, live) {
  let alter = `ALTER TABLE ${rel} ALTER COLUMN ${quoteIdent(want.name)}`, out = [];
  if (want.storage !== live?.storage) {
    let storage = want.storage ?? live?.typeStorage;
    storage && out.push(`${alter} SET STORAGE ${storage.toUpperCase()};`);
  }
  want.compression !== live?.compression && out.push(`${alter} SET COMPRESSION ${want.compression ?? "DEFAULT"};`), want.statisticsTarget !== live?.statisticsTarget && out.push(`${alter} SET STATISTICS ${want.statisticsTarget ?? -1};`);
  let have = new Set(live?.attributeOptions ?? []), set = (want.attributeOptions ?? []).filter((o) => !have.has(o)), kept = new Set((want.attributeOptions ?? []).map(optionName)), reset = (live?.attributeOptions ?? []).map(optionName).filter((n) => !kept.has(n));
  return set.length && out.push(`${alter} SET (${set.join(", ")});`), reset.length && out.push(`${alter} RESET (${reset.join(", ")});`), out;
}
function describe2(c) {
  let parts = [`STORAGE ${(c.storage ?? "default").toUpperCase()}`, `COMPRESSION ${c.compression ?? "default"}`, `STATISTICS ${c.statisticsTarget ?? "default"}`];
  return parts.push(c.attributeOptions?.length ? `(${c.attributeOptions.join(", ")})` : "no options"), parts.join(", ");
}
function diffColumnStorage(ctx, object2, rel, want, live) {
  let fix = columnStorageSql(rel, want, live);
  fix.length && advise(ctx, "column-storage-mismatch", object2, `Column ${object2} has ${describe2(live)} in the live database but ${describe2(want)} in the expected schema.`, fix);
}

// packages/schema-verify/src/diff/usage.ts
var OPERATOR_CHARS = String.raw`+\-*/<>=~!@#%^&|\`?`;
function strings(value, out = []) {
  if (typeof value == "string") out.push(value);
  else if (Array.isArray(value)) for (let v of value) strings(v, out);
  else if (value && typeof value == "object") for (let v of Object.values(value)) strings(v, out);
  return out;
}
function mentionPattern(names) {
  let alternatives = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return new RegExp(`(?<![\\w$."])(?:${alternatives})(?![\\w$"${OPERATOR_CHARS}])`);
}
function sqlNamesOf(kind, key, def) {
  if (kind === "operator") {
    let o = def;
    return [`${quoteIdent(o.schema)}.${o.name}`];
  }
  if (kind === "cast") return [];
  if (kind === "index") return [keyToSql(key), keyToSql(def.table)];
  let bare = kind === "function" ? key.slice(0, key.indexOf("(")) : kind.startsWith("operator ") ? key.slice(0, key.indexOf(" USING ")) : key;
  return [keyToSql(bare)];
}
function usersOf(model, names, except = []) {
  let re = mentionPattern(names), skip = new Set(except), kinds = [
    ["table", model.tables],
    ["view", model.views],
    ["index", model.indexes],
    ["type", model.types],
    ["range type", model.rangeTypes],
    ["function", model.functions],
    ["cast", model.casts],
    ["operator", model.operators],
    ["operator class", model.operatorClasses],
    ["operator family", model.operatorFamilies],
    ["statistics", model.statistics]
  ], out = [];
  for (let [kind, objects] of kinds)
    for (let [key, def] of Object.entries(objects ?? {}))
      skip.has(key) || strings(def).some((s) => re.test(s)) && out.push({ label: `${kind} ${key}`, kind, sql: sqlNamesOf(kind, key, def) });
  return out;
}
function dropWithNotes(drop, after, before) {
  let uniq = (names) => [...new Set(names.filter(Boolean))], lines = [];
  return uniq(after).length && lines.push(`${DROP_AFTER}${uniq(after).join(", ")}`), uniq(before).length && lines.push(`${DROP_BEFORE}${uniq(before).join(", ")}`), [...lines, drop].join(`
`);
}
function routineName(ref) {
  return (ref ?? "").replace(/\(.*$/, "");
}
function listUsers(users, max = 5) {
  let labels = users.map((u) => u.label);
  return labels.length <= max ? labels.join(", ") : `${labels.slice(0, max).join(", ")} and ${labels.length - max} more`;
}

// packages/schema-verify/src/diff/tables.ts
function parentsOf(t) {
  return t.partitionOf ? [t.partitionOf] : t.inherits ?? [];
}
function triggerStatements(relSql, trigger2) {
  let out = [statement(trigger2.definition)];
  return trigger2.enabled !== "O" && out.push(enableTriggerSql(relSql, trigger2)), trigger2.comment !== void 0 && out.push(comment(`TRIGGER ${quoteIdent(trigger2.name)} ON ${relSql}`, trigger2.comment)), out;
}
function enableTriggerSql(relSql, trigger2) {
  let how2 = { O: "ENABLE", D: "DISABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" }[trigger2.enabled];
  return `ALTER TABLE ${relSql} ${how2} TRIGGER ${quoteIdent(trigger2.name)};`;
}
function policySql(relSql, p) {
  let s = `CREATE POLICY ${quoteIdent(p.name)} ON ${relSql} AS ${p.permissive ? "PERMISSIVE" : "RESTRICTIVE"} FOR ${p.command} TO ${p.roles.map(quoteRole).join(", ")}`;
  return p.using !== void 0 && (s += ` USING (${p.using})`), p.withCheck !== void 0 && (s += ` WITH CHECK (${p.withCheck})`), `${s};`;
}
function policyStatements(relSql, p) {
  let out = [policySql(relSql, p)];
  return p.comment !== void 0 && out.push(comment(`POLICY ${quoteIdent(p.name)} ON ${relSql}`, p.comment)), out;
}
function addConstraintSql(relSql, c) {
  return `ALTER TABLE ${relSql} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition};`;
}
function dropConstraintSql(relSql, name) {
  return `ALTER TABLE ${relSql} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)};`;
}
function indexStatements(ctx, relKey) {
  let out = [];
  for (let key of indexesByTable(ctx.expected).get(relKey) ?? []) {
    let idx = ctx.expected.indexes[key];
    out.push(createIndexSql(idx.definition), ...indexStatisticsSql(idx)), idx.comment !== void 0 && out.push(comment(`INDEX ${qname(idx.schema, idx.name)}`, idx.comment));
  }
  return out;
}
function indexStatisticsSql(want, have) {
  let target3 = (list) => new Map((list ?? []).map((s) => s.split("="))), w = target3(want.statistics), h = target3(have?.statistics), out = [];
  for (let n of /* @__PURE__ */ new Set([...w.keys(), ...h.keys()]))
    w.get(n) !== h.get(n) && out.push(`ALTER INDEX ${qname(want.schema, want.name)} ALTER COLUMN ${n} SET STATISTICS ${w.get(n) ?? -1};`);
  return out;
}
function clusterSql(ctx, idx) {
  let t = ctx.expected.tables[idx.table];
  return t?.clusterOn === idx.name ? [`ALTER TABLE ${qname(t.schema, t.name)} CLUSTER ON ${quoteIdent(idx.name)};`] : [];
}
var indexKeysByTable = /* @__PURE__ */ new WeakMap();
function indexesByTable(model) {
  let byTable = indexKeysByTable.get(model.indexes);
  if (!byTable) {
    byTable = /* @__PURE__ */ new Map();
    for (let key of Object.keys(model.indexes).sort(compareText)) {
      let table2 = model.indexes[key].table, list = byTable.get(table2);
      list ? list.push(key) : byTable.set(table2, [key]);
    }
    indexKeysByTable.set(model.indexes, byTable);
  }
  return byTable;
}
function columnExtras(relSql, col) {
  let out = [];
  return col.comment !== void 0 && out.push(comment(`COLUMN ${relSql}.${quoteIdent(col.name)}`, col.comment)), col.privileges && out.push(...creationGrants({ object: "", label: "", on: `TABLE ${relSql}`, column: col.name }, col.privileges, [])), out;
}
function createTableStatements(ctx, key) {
  let t = ctx.expected.tables[key], rel = qname(t.schema, t.name), isPartition = t.partitionOf !== void 0, cols = isPartition ? t.columns : t.columns.filter((c) => !c.notLocal), create = `CREATE ${t.unlogged ? "UNLOGGED " : ""}TABLE ${rel} (`;
  create += cols.length ? `
${cols.map((c) => `    ${columnSql(c, !1)}`).join(`,
`)}
)` : ")", !isPartition && t.inherits?.length && (create += ` INHERITS (${t.inherits.map((p) => keyToSql(p)).join(", ")})`), t.partitionKey && (create += ` PARTITION BY ${t.partitionKey}`);
  let out = [`${create};`];
  for (let c of t.columns)
    c.default !== void 0 && out.push(`ALTER TABLE ${rel} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${c.default};`);
  for (let name of Object.keys(t.constraints).sort(compareText)) {
    let c = t.constraints[name];
    !isPartition && c.inherited && !c.parent && t.inherits?.length || (out.push(addConstraintSql(rel, c)), c.comment !== void 0 && out.push(comment(`CONSTRAINT ${quoteIdent(c.name)} ON ${rel}`, c.comment)));
  }
  out.push(...indexStatements(ctx, key)), isPartition && out.push(`ALTER TABLE ${keyToSql(t.partitionOf)} ATTACH PARTITION ${rel} ${t.partitionBound};`);
  for (let name of Object.keys(t.triggers).sort(compareText)) out.push(...triggerStatements(rel, t.triggers[name]));
  out.push(...ruleStatements(rel, t.rules)), out.push(...storageSql(rel, t.storage, void 0)), t.replicaIdentity !== void 0 && out.push(`ALTER TABLE ${rel} REPLICA IDENTITY ${replicaIdentitySql(t)};`), t.rowSecurity && out.push(`ALTER TABLE ${rel} ENABLE ROW LEVEL SECURITY;`), t.forceRowSecurity && out.push(`ALTER TABLE ${rel} FORCE ROW LEVEL SECURITY;`);
  for (let name of Object.keys(t.policies).sort(compareText)) out.push(...policyStatements(rel, t.policies[name]));
  t.comment !== void 0 && out.push(comment(`TABLE ${rel}`, t.comment)), out.push(...creationGrants({ object: key, label: "", on: `TABLE ${rel}` }, t.privileges, newObjectBaseline(ctx, t.schema, "r")));
  for (let c of t.columns) out.push(...columnExtras(rel, c), ...columnStorageSql(rel, c));
  return t.accessMethod && out.push(accessMethodSql(rel, t)), t.ofType && out.push(`ALTER TABLE ${rel} OF ${t.ofType};`), t.clusterOn && out.push(`ALTER TABLE ${rel} CLUSTER ON ${quoteIdent(t.clusterOn)};`), out;
}
function accessMethodSql(rel, t) {
  return `ALTER TABLE ${rel} SET ACCESS METHOD ${t.accessMethod ? quoteIdent(t.accessMethod) : "heap"};`;
}
function diffAccessMethodAndType(ctx, key, rel, exp, act) {
  if ((exp.accessMethod ?? "") !== (act.accessMethod ?? "") && advise(
    ctx,
    "table-storage-mismatch",
    key,
    `Table ${key} uses access method ${act.accessMethod ?? "heap"} in the live database but ${exp.accessMethod ?? "heap"} in the expected schema (the fix rewrites the table).`,
    accessMethodSql(rel, exp)
  ), (exp.clusterOn ?? "") !== (act.clusterOn ?? "") && advise(
    ctx,
    "table-storage-mismatch",
    key,
    `Table ${key} is marked CLUSTER ON ${act.clusterOn ?? "no index"} in the live database but ${exp.clusterOn ?? "no index"} in the expected schema (CLUSTER without an index name uses it).`,
    exp.clusterOn ? `ALTER TABLE ${rel} CLUSTER ON ${quoteIdent(exp.clusterOn)};` : `ALTER TABLE ${rel} SET WITHOUT CLUSTER;`
  ), (exp.ofType ?? "") !== (act.ofType ?? "")) {
    let fix = [];
    act.ofType && fix.push(`ALTER TABLE ${rel} NOT OF;`), exp.ofType && fix.push(`ALTER TABLE ${rel} OF ${exp.ofType};`), problem(
      ctx,
      "table-type-mismatch",
      key,
      `Table ${key} is ${act.ofType ? `a typed table OF ${act.ofType}` : "not a typed table"} in the live database but ${exp.ofType ? `OF ${exp.ofType}` : "not a typed table"} in the expected schema: its columns ${exp.ofType ? "do not" : "do"} follow ALTER TYPE.`,
      fix
    );
  }
}
function diffTables(ctx) {
  let { expected, actual } = ctx;
  for (let key of sortedKeys(expected.tables, actual.tables)) {
    let exp = expected.tables[key], act = actual.tables[key];
    if (exp && !act) {
      if (exp.partitionOf && partitioningDiffers(ctx, exp.partitionOf)) {
        problem(ctx, "missing-table", key, `Table ${key} is missing in the live database; it is a partition of ${exp.partitionOf}, which has to be re-created by hand first (see table-partitioning-mismatch).`);
        continue;
      }
      problem(ctx, "missing-table", key, `Table ${key} is missing in the live database.`, createTableStatements(ctx, key));
    } else if (!exp && act) {
      if (act.partitionOf && !expected.tables[act.partitionOf] && actual.tables[act.partitionOf]) continue;
      if (act.partitionOf && partitioningDiffers(ctx, act.partitionOf)) {
        extra(ctx, "extra-table", key, `Table ${key} exists in the live database but not in the expected schema; it is a partition of ${act.partitionOf}, whose rows move when that table is re-created by hand (see table-partitioning-mismatch).`);
        continue;
      }
      let rel = qname(act.schema, act.name), fks = Object.values(act.constraints).filter((c) => c.type === "foreign key" && !c.inherited).map((c) => dropConstraintSql(rel, c.name)), children = Object.entries(actual.tables).filter(([k, t]) => !expected.tables[k] && parentsOf(t).includes(key)).map(([, t]) => qname(t.schema, t.name));
      extra(ctx, "extra-table", key, `Table ${key} exists in the live database but not in the expected schema.`, [
        // FKs first, so extra tables that reference each other drop in any order.
        ...fks,
        dropWithNotes(`DROP TABLE IF EXISTS ${rel};`, children, [])
      ]);
    } else exp && act && diffTable(ctx, key, exp, act);
  }
}
function diffTable(ctx, key, exp, act) {
  let rel = qname(exp.schema, exp.name), label = `table ${key}`;
  if (partitioningDiffers(ctx, key) && problem(
    ctx,
    "table-partitioning-mismatch",
    key,
    `Table ${key} is ${describePartitioning(exp)} in the expected schema but ${describePartitioning(act)} in the live database; changing that means re-creating the table and moving its rows, so the fix script leaves it to be done by hand: create the expected table under a new name with its partitions, copy the rows (INSERT INTO new SELECT * FROM ${rel}), then in one transaction rename ${rel} away and the new table to ${exp.name}, and drop the old one once the copy is checked.`
  ), exp.partitionOf !== void 0 && partitioningDiffers(ctx, exp.partitionOf) && (exp.partitionOf !== act.partitionOf || normalizeSql(exp.partitionBound) !== normalizeSql(act.partitionBound)))
    problem(ctx, "table-partitioning-mismatch", key, `Table ${key} should be a partition of ${exp.partitionOf} ${exp.partitionBound}; it is attached when ${exp.partitionOf} is re-created by hand.`);
  else if ((exp.partitionOf ?? "") !== (act.partitionOf ?? "") || normalizeSql(exp.partitionBound) !== normalizeSql(act.partitionBound)) {
    let fix = [];
    act.partitionOf && fix.push(`ALTER TABLE ${keyToSql(act.partitionOf)} DETACH PARTITION ${rel};`), exp.partitionOf && fix.push(`ALTER TABLE ${keyToSql(exp.partitionOf)} ATTACH PARTITION ${rel} ${exp.partitionBound};`);
    let want = exp.partitionOf ? `a partition of ${exp.partitionOf} ${exp.partitionBound}` : "not a partition", have = act.partitionOf ? `a partition of ${act.partitionOf} ${act.partitionBound}` : "not a partition";
    problem(ctx, "table-partitioning-mismatch", key, `Table ${key} should be ${want} but in the live database is ${have}.`, fix);
  }
  let expInh = (exp.partitionOf ? [] : exp.inherits ?? []).join(", "), actInh = (act.partitionOf ? [] : act.inherits ?? []).join(", ");
  if (expInh !== actInh) {
    let fix = [];
    for (let p of act.inherits ?? []) (exp.inherits ?? []).includes(p) || fix.push(`ALTER TABLE ${rel} NO INHERIT ${keyToSql(p)};`);
    for (let p of exp.inherits ?? []) (act.inherits ?? []).includes(p) || fix.push(`ALTER TABLE ${rel} INHERIT ${keyToSql(p)};`);
    problem(
      ctx,
      "table-inheritance-mismatch",
      key,
      `Table ${key} inherits from (${expInh || "nothing"}) in the expected schema but from (${actInh || "nothing"}) in the live database.`,
      fix
    );
  }
  exp.unlogged !== act.unlogged && problem(
    ctx,
    "table-persistence-mismatch",
    key,
    `Table ${key} is ${exp.unlogged ? "UNLOGGED" : "logged"} in the expected schema but ${act.unlogged ? "UNLOGGED" : "logged"} in the live database.`,
    `ALTER TABLE ${rel} SET ${exp.unlogged ? "UNLOGGED" : "LOGGED"};`
  ), diffStorage(ctx, key, rel, exp, act), diffAccessMethodAndType(ctx, key, rel, exp, act), (exp.replicaIdentity ?? "") !== (act.replicaIdentity ?? "") && problem(
    ctx,
    "replica-identity-mismatch",
    key,
    `Table ${key} has REPLICA IDENTITY ${replicaIdentitySql(act)} in the live database but ${replicaIdentitySql(exp)} in the expected schema; logical replication (a publication, Supabase Realtime) then sends other old-row data, or refuses UPDATE and DELETE.`,
    `ALTER TABLE ${rel} REPLICA IDENTITY ${replicaIdentitySql(exp)};`
  ), diffColumns(ctx, key, exp, act), diffConstraints(ctx, key, exp, act), diffTriggers(ctx, key, rel, exp.triggers, act.triggers), diffRules(ctx, key, rel, exp.rules, act.rules), exp.rowSecurity !== act.rowSecurity && (exp.rowSecurity ? problem(ctx, "rls-disabled", key, `Row level security is enabled on table ${key} in the expected schema but disabled in the live database.`, `ALTER TABLE ${rel} ENABLE ROW LEVEL SECURITY;`) : extra(ctx, "extra-rls", key, `Row level security is enabled on table ${key} in the live database but not in the expected schema.`, `ALTER TABLE ${rel} DISABLE ROW LEVEL SECURITY;`)), exp.forceRowSecurity !== act.forceRowSecurity && (exp.forceRowSecurity ? problem(ctx, "rls-not-forced", key, `Row level security is forced on table ${key} in the expected schema but not in the live database.`, `ALTER TABLE ${rel} FORCE ROW LEVEL SECURITY;`) : extra(ctx, "extra-rls-force", key, `Row level security is forced on table ${key} in the live database but not in the expected schema.`, `ALTER TABLE ${rel} NO FORCE ROW LEVEL SECURITY;`)), diffPolicies(ctx, key, rel, exp, act), diffComment(ctx, key, label, `TABLE ${rel}`, exp.comment, act.comment), diffPrivileges(ctx, { object: key, label, on: `TABLE ${rel}` }, exp.privileges, act.privileges);
}
function replicaIdentitySql(t) {
  let r = t.replicaIdentity;
  return r === void 0 ? "DEFAULT" : r.startsWith("index ") ? `USING INDEX ${r.slice(6)}` : r.toUpperCase();
}
function storageOption(option) {
  let at = option.indexOf("="), name = option.slice(0, at), value = option.slice(at + 1);
  return [name, /^[\w.+-]+$/.test(value) ? value : quoteLiteral(value)];
}
function storageSql(rel, want, have) {
  let w = new Map((want ?? []).map(storageOption)), h = new Map((have ?? []).map(storageOption)), set = [...w].filter(([k, v]) => h.get(k) !== v).map(([k, v]) => `${k}=${v}`), reset = [...h.keys()].filter((k) => !w.has(k)), out = [];
  return set.length && out.push(`ALTER TABLE ${rel} SET (${set.join(", ")});`), reset.length && out.push(`ALTER TABLE ${rel} RESET (${reset.join(", ")});`), out;
}
function diffStorage(ctx, key, rel, exp, act) {
  let fix = storageSql(rel, exp.storage, act.storage);
  if (!fix.length) return;
  let show = (t) => t.storage?.length ? `(${t.storage.join(", ")})` : "none";
  advise(ctx, "table-storage-mismatch", key, `Table ${key} has storage parameters ${show(act)} in the live database but ${show(exp)} in the expected schema.`, fix);
}
function partitioningDiffers(ctx, key) {
  let exp = ctx.expected.tables[key], act = ctx.actual.tables[key];
  return exp !== void 0 && act !== void 0 && (exp.kind !== act.kind || (exp.partitionKey ?? "") !== (act.partitionKey ?? ""));
}
function describePartitioning(t) {
  return t.kind === "partitioned table" ? `partitioned by ${t.partitionKey}` : "not partitioned";
}
function columnMap(cols) {
  return new Map(cols.map((c) => [c.name, c]));
}
function parentHasSame(ctx, exp, colName, pick2) {
  for (let p of parentsOf(exp)) {
    let pe = ctx.expected.tables[p]?.columns.find((c) => c.name === colName), pa = ctx.actual.tables[p]?.columns.find((c) => c.name === colName), te = exp.columns.find((c) => c.name === colName), ta = ctx.actual.tables[qualifiedKey(exp.schema, exp.name)]?.columns.find((c) => c.name === colName);
    if (ctx.expected.tables[p] && ctx.actual.tables[p] && pick2(pe) === pick2(te) && pick2(pa) === pick2(ta) && pick2(pe) !== pick2(pa)) return !0;
  }
  return !1;
}
var present = (c) => c ? "yes" : "no";
function diffColumns(ctx, key, exp, act) {
  let rel = qname(exp.schema, exp.name), expCols = columnMap(exp.columns), actCols = columnMap(act.columns), livePartsOf = (t) => t.columns.map((c) => c.name);
  for (let col of exp.columns) {
    let object2 = memberKey(key, col.name), live = actCols.get(col.name);
    if (!live) {
      if (col.inherited && parentHasSame(ctx, exp, col.name, present)) continue;
      problem(ctx, "missing-column", object2, `Column ${object2} (${col.type}) is missing in the live database.`, [
        `ALTER TABLE ${rel} ADD COLUMN IF NOT EXISTS ${columnSql(col, !0)};`,
        ...columnExtras(rel, col),
        ...columnStorageSql(rel, col)
      ]);
      continue;
    }
    diffColumn(ctx, key, rel, exp, col, live);
  }
  for (let live of act.columns) {
    if (expCols.has(live.name)) continue;
    let object2 = memberKey(key, live.name);
    live.inherited && parentsOf(act).some((p) => {
      let pa = ctx.actual.tables[p], pe = ctx.expected.tables[p];
      return pa && pe && livePartsOf(pa).includes(live.name) && !livePartsOf(pe).includes(live.name);
    }) || extra(
      ctx,
      "extra-column",
      object2,
      `Column ${object2} (${live.type}) exists in the live database but not in the expected schema.`,
      `ALTER TABLE ${rel} DROP COLUMN IF EXISTS ${quoteIdent(live.name)};`
    );
  }
  diffColumnOrder(ctx, key, exp, act);
}
function diffColumnOrder(ctx, key, exp, act) {
  if (exp.partitionOf || act.partitionOf || exp.inherits?.length || act.inherits?.length) return;
  let inExp = new Set(exp.columns.map((c) => c.name)), inAct = new Set(act.columns.map((c) => c.name)), want = exp.columns.map((c) => c.name).filter((n) => inAct.has(n)), have = act.columns.map((c) => c.name).filter((n) => inExp.has(n));
  want.join("\0") !== have.join("\0") && advise(
    ctx,
    "column-order-differs",
    key,
    `Columns of table ${key} are in the order (${have.join(", ")}) in the live database but (${want.join(", ")}) in the expected schema; SELECT *, and COPY or INSERT without a column list, see them in another order. Re-create the table to change it, if anything depends on it.`,
    void 0,
    "notice"
  );
}
function diffColumn(ctx, key, rel, table2, col, live) {
  let object2 = memberKey(key, col.name), ident = quoteIdent(col.name), alter = `ALTER TABLE ${rel} ALTER COLUMN ${ident}`, same = (pick2) => col.inherited && parentHasSame(ctx, table2, col.name, pick2), collate = col.collation ? ` COLLATE ${col.collation}` : "", recreated = !1;
  col.generated !== live.generated && (col.generated === void 0 ? problem(
    ctx,
    "column-generated-mismatch",
    object2,
    `Column ${object2} is a generated column in the live database but a plain column in the expected schema.`,
    `${alter} DROP EXPRESSION IF EXISTS;`
  ) : (recreated = !0, same((c) => c?.generated ?? "") || problem(
    ctx,
    "column-generated-mismatch",
    object2,
    `Column ${object2} should be GENERATED ALWAYS AS (${col.generated}) STORED but is ${live.generated === void 0 ? "a plain column" : `generated as (${live.generated})`} in the live database.`,
    [`ALTER TABLE ${rel} DROP COLUMN IF EXISTS ${ident};`, `ALTER TABLE ${rel} ADD COLUMN IF NOT EXISTS ${columnSql(col, !0)};`, ...columnExtras(rel, col)]
  )));
  let covered = " The column-generated-mismatch fix re-creates the column with it.", report = (rule, message, fix) => recreated ? problem(ctx, rule, object2, message + covered) : problem(ctx, rule, object2, message, fix);
  if (col.type !== live.type && !same((c) => c?.type ?? "")) {
    let aroundDefault = live.default !== void 0 && live.generated === void 0;
    report("column-type-mismatch", `Column ${object2} is ${live.type} in the live database but ${col.type} in the expected schema.`, [
      // Views that read the table block ALTER COLUMN TYPE; drop and re-create them around it.
      ...dependentViewRecreation(ctx, key),
      ...aroundDefault ? [`${alter} DROP DEFAULT;`] : [],
      // A generated column (same expression on both sides) recomputes itself and refuses USING.
      `${alter} TYPE ${col.type}${collate}${col.generated === void 0 ? ` USING ${ident}::${col.type}` : ""};`,
      ...aroundDefault && col.default !== void 0 ? [`${alter} SET DEFAULT ${col.default};`] : []
    ]);
  } else (col.collation ?? "") !== (live.collation ?? "") && !same((c) => c?.collation ?? "") && report(
    "column-collation-mismatch",
    `Column ${object2} uses collation ${live.collation ?? "default"} in the live database but ${col.collation ?? "default"} in the expected schema.`,
    [
      ...dependentViewRecreation(ctx, key),
      `${alter} TYPE ${col.type} COLLATE ${col.collation ?? 'pg_catalog."default"'};`
    ]
  );
  if (col.notNull !== live.notNull && !same((c) => String(c?.notNull)) && report(
    "column-nullability-mismatch",
    col.notNull ? `Column ${object2} is NOT NULL in the expected schema but nullable in the live database.` : `Column ${object2} is nullable in the expected schema but NOT NULL in the live database.`,
    `${alter} ${col.notNull ? "SET" : "DROP"} NOT NULL;`
  ), (col.default ?? "") !== (live.default ?? "") && !same((c) => c?.default ?? "") && report(
    "column-default-mismatch",
    col.default === void 0 ? `Column ${object2} has DEFAULT ${live.default} in the live database but no default in the expected schema.` : live.default === void 0 ? `Column ${object2} is missing its DEFAULT ${col.default} in the live database.` : `Column ${object2} has DEFAULT ${live.default} in the live database but DEFAULT ${col.default} in the expected schema.`,
    col.default === void 0 ? `${alter} DROP DEFAULT;` : `${alter} SET DEFAULT ${col.default};`
  ), col.identity !== live.identity) {
    let word = (i) => i === "always" ? "ALWAYS" : "BY DEFAULT", fix = col.identity === void 0 ? [`${alter} DROP IDENTITY IF EXISTS;`] : live.identity === void 0 ? [...live.default !== void 0 ? [`${alter} DROP DEFAULT;`] : [], `${alter} SET NOT NULL;`, `${alter} ADD GENERATED ${word(col.identity)} AS IDENTITY${identityOptionsSql(col)};`] : [`${alter} SET GENERATED ${word(col.identity)};`];
    report(
      "column-identity-mismatch",
      `Column ${object2} is ${col.identity ? `GENERATED ${word(col.identity)} AS IDENTITY` : "not an identity column"} in the expected schema but ${live.identity ? `GENERATED ${word(live.identity)} AS IDENTITY` : "not an identity column"} in the live database.`,
      fix
    );
  }
  col.identity !== void 0 && live.identity !== void 0 && !same((c) => JSON.stringify(c?.identityOptions ?? null)) && diffIdentityOptions(ctx, object2, rel, col, live), diffColumnStorage(ctx, object2, rel, col, live), diffComment(ctx, object2, `column ${object2}`, `COLUMN ${rel}.${ident}`, col.comment, live.comment);
  let liveTable = ctx.actual.tables[key];
  diffPrivileges(
    ctx,
    { object: object2, label: `column ${object2}`, on: `TABLE ${rel}`, column: col.name },
    col.privileges ?? (table2.privileges ? [] : void 0),
    live.privileges ?? (liveTable?.privileges ? [] : void 0)
  );
}
function diffIdentityOptions(ctx, object2, rel, col, live) {
  let want = col.identityOptions ?? defaultSequenceOptions(identityType(col.type)), have = live.identityOptions ?? defaultSequenceOptions(identityType(live.type)), fields = ["start", "increment", "min", "max", "cache", "cycle"].filter((f) => want[f] !== have[f]);
  if (!fields.length) return;
  let message = `Identity column ${object2} has sequence options ${fields.map((f) => `${f} ${have[f]}`).join(", ")} in the live database but ${fields.map((f) => `${f} ${want[f]}`).join(", ")} in the expected schema.`;
  if (BigInt(want.increment) > 0n != BigInt(have.increment) > 0n) {
    problem(ctx, "column-identity-mismatch", object2, `${message} The sequence counts the other way: fix it by hand, with ALTER TABLE ${rel} ALTER COLUMN ${quoteIdent(col.name)} ${sequenceOptionClauses(want).map((o) => `SET ${o}`).join(" ")} RESTART WITH a value no row uses.`);
    return;
  }
  problem(
    ctx,
    "column-identity-mismatch",
    object2,
    message,
    [
      ...narrowBoundsSql(identityRegclass(rel, col.name), want, have),
      `ALTER TABLE ${rel} ALTER COLUMN ${quoteIdent(col.name)} ${sequenceOptionClauses(want).map((o) => `SET ${o}`).join(" ")};`
    ]
  );
}
function identityType(type) {
  return type === "smallint" || type === "integer" ? type : "bigint";
}
function parentConstraint(ctx, table2, c) {
  if (c.parent) {
    let [schema, relation, name] = splitKey(c.parent), parent = qualifiedKey(schema, relation);
    if (parentsOf(table2).includes(parent)) return { table: parent, name };
  }
  if (c.inherited) {
    for (let p of parentsOf(table2)) if (ctx.expected.tables[p]?.constraints[c.name] ?? ctx.actual.tables[p]?.constraints[c.name]) return { table: p, name: c.name };
  }
}
function constraintState(ctx, tableKey, name) {
  let e = ctx.expected.tables[tableKey]?.constraints[name], a = ctx.actual.tables[tableKey]?.constraints[name];
  return e && !a ? "missing" : !e && a ? "extra" : e && a && (e.type !== a.type || normalizeSql(e.definition) !== normalizeSql(a.definition)) ? "different" : "same";
}
function dependentForeignKeys(ctx, tableKey) {
  let drops = [], adds = [];
  for (let k of Object.keys(ctx.actual.tables).sort(compareText)) {
    let t = ctx.actual.tables[k];
    for (let c of Object.values(t.constraints)) {
      if (c.type !== "foreign key" || c.references !== tableKey) continue;
      let rel = qname(t.schema, t.name);
      drops.push(dropConstraintSql(rel, c.name));
      let want = ctx.expected.tables[k]?.constraints[c.name];
      want && adds.push(addConstraintSql(rel, want));
    }
  }
  return [...drops, ...adds];
}
function diffConstraints(ctx, key, exp, act) {
  let rel = qname(exp.schema, exp.name);
  for (let name of sortedKeys(exp.constraints, act.constraints)) {
    let e = exp.constraints[name], a = act.constraints[name], object2 = memberKey(key, name), state = constraintState(ctx, key, name), inheritedFrom = parentConstraint(ctx, exp, e ?? a);
    if (!(state !== "same" && inheritedFrom && constraintState(ctx, inheritedFrom.table, inheritedFrom.name) === state)) {
      if (state === "missing") {
        let fix = [addConstraintSql(rel, e)], parent = e.parent && parentConstraint(ctx, exp, e);
        if (parent && e.type !== "check" && ctx.actual.tables[parent.table]?.constraints[parent.name]) {
          let pt = ctx.expected.tables[parent.table];
          fix.push(`ALTER INDEX ${qname(pt.schema, parent.name)} ATTACH PARTITION ${qname(exp.schema, e.name)};`);
        }
        e.comment !== void 0 && fix.push(comment(`CONSTRAINT ${quoteIdent(name)} ON ${rel}`, e.comment)), problem(ctx, "missing-constraint", object2, `${cap(e.type)} constraint ${object2} (${e.definition}) is missing in the live database.`, fix);
      } else if (state === "extra") {
        let fks = a.type === "primary key" || a.type === "unique" ? dependentForeignKeys(ctx, key) : [];
        extra(
          ctx,
          "extra-constraint",
          object2,
          `${cap(a.type)} constraint ${object2} (${a.definition}) exists in the live database but not in the expected schema.`,
          [...fks.filter((s) => s.includes(" DROP ")), dropConstraintSql(rel, name), ...fks.filter((s) => !s.includes(" DROP "))]
        );
      } else if (state === "different") {
        let fks = a.type === "primary key" || a.type === "unique" ? dependentForeignKeys(ctx, key) : [], fix = [...fks.filter((s) => s.includes(" DROP ")), dropConstraintSql(rel, name), addConstraintSql(rel, e), ...fks.filter((s) => !s.includes(" DROP "))];
        e.comment !== void 0 && fix.push(comment(`CONSTRAINT ${quoteIdent(name)} ON ${rel}`, e.comment)), problem(
          ctx,
          "constraint-definition-mismatch",
          object2,
          `Constraint ${object2} is ${a.definition} in the live database but ${e.definition} in the expected schema.`,
          fix
        );
      }
      e && a && state === "same" && diffComment(ctx, object2, `constraint ${object2}`, `CONSTRAINT ${quoteIdent(name)} ON ${rel}`, e.comment, a.comment);
    }
  }
}
function cap(s) {
  return s[0].toUpperCase() + s.slice(1);
}
function diffTriggers(ctx, key, rel, exp, act) {
  for (let name of sortedKeys(exp, act)) {
    let e = exp[name], a = act[name], object2 = memberKey(key, name), drop = `DROP TRIGGER IF EXISTS ${quoteIdent(name)} ON ${rel};`;
    if (e && !a)
      problem(ctx, "missing-trigger", object2, `Trigger ${object2} is missing in the live database.`, triggerStatements(rel, e));
    else if (!e && a)
      extra(ctx, "extra-trigger", object2, `Trigger ${object2} exists in the live database but not in the expected schema.`, drop);
    else if (e && a) {
      if (normalizeSql(e.definition) !== normalizeSql(a.definition)) {
        problem(
          ctx,
          "trigger-definition-mismatch",
          object2,
          `Trigger ${object2} is defined differently in the live database (${a.definition}) than in the expected schema (${e.definition}).`,
          [drop, ...triggerStatements(rel, e)]
        );
        continue;
      }
      if (e.enabled !== a.enabled) {
        let words2 = { O: "enabled", D: "disabled", R: "enabled on replicas only", A: "always enabled" };
        problem(
          ctx,
          "trigger-enabled-mismatch",
          object2,
          `Trigger ${object2} is ${words2[a.enabled]} in the live database but ${words2[e.enabled]} in the expected schema.`,
          enableTriggerSql(rel, e)
        );
      }
      diffComment(ctx, object2, `trigger ${object2}`, `TRIGGER ${quoteIdent(name)} ON ${rel}`, e.comment, a.comment);
    }
  }
}
function diffPolicies(ctx, key, rel, exp, act) {
  for (let name of sortedKeys(exp.policies, act.policies)) {
    let e = exp.policies[name], a = act.policies[name], object2 = memberKey(key, name), drop = `DROP POLICY IF EXISTS ${quoteIdent(name)} ON ${rel};`;
    if (e && !a)
      problem(ctx, "missing-policy", object2, `Policy ${object2} is missing in the live database.`, policyStatements(rel, e));
    else if (!e && a)
      extra(ctx, "extra-policy", object2, `Policy ${object2} exists in the live database but not in the expected schema.`, drop);
    else if (e && a) {
      if (policySql(rel, e) !== policySql(rel, a)) {
        problem(
          ctx,
          "policy-definition-mismatch",
          object2,
          `Policy ${object2} is "${policySql(rel, a).slice(0, -1)}" in the live database but "${policySql(rel, e).slice(0, -1)}" in the expected schema.`,
          [drop, ...policyStatements(rel, e)]
        );
        continue;
      }
      diffComment(ctx, object2, `policy ${object2}`, `POLICY ${quoteIdent(name)} ON ${rel}`, e.comment, a.comment);
    }
  }
}
function relationExistsInBoth(ctx, relKey) {
  return !!(ctx.expected.tables[relKey] && ctx.actual.tables[relKey] || ctx.expected.views[relKey] && ctx.actual.views[relKey]);
}
function indexState(ctx, key) {
  let e = ctx.expected.indexes[key], a = ctx.actual.indexes[key];
  return e && !a ? "missing" : !e && a ? "extra" : e && a && normalizeSql(e.definition) !== normalizeSql(a.definition) ? "different" : "same";
}
function diffIndexes(ctx) {
  let { expected, actual } = ctx;
  for (let key of sortedKeys(expected.indexes, actual.indexes)) {
    let e = expected.indexes[key], a = actual.indexes[key], state = indexState(ctx, key), idx = e ?? a;
    if (state === "missing" && !relationExistsInBoth(ctx, e.table) || state === "extra" && !relationExistsInBoth(ctx, a.table)) continue;
    let parent = idx.parent;
    if (state !== "same" && parent && indexState(ctx, parent) === state) continue;
    let name = qname(idx.schema, idx.name);
    if (state === "missing") {
      let fix = [createIndexSql(e.definition), ...indexStatisticsSql(e), ...clusterSql(ctx, e)];
      e.parent && actual.indexes[e.parent] && fix.push(`ALTER INDEX ${keyToSql(e.parent)} ATTACH PARTITION ${name};`), e.comment !== void 0 && fix.push(comment(`INDEX ${name}`, e.comment)), problem(ctx, "missing-index", key, `Index ${key} on ${e.table} is missing in the live database.`, fix);
    } else if (state === "extra")
      extra(ctx, "extra-index", key, `Index ${key} on ${a.table} exists in the live database but not in the expected schema.`, dropWithNotes(`DROP INDEX IF EXISTS ${name};`, [], [keyToSql(a.table)]));
    else if (state === "different") {
      let fix = [`DROP INDEX IF EXISTS ${name};`, createIndexSql(e.definition), ...indexStatisticsSql(e), ...clusterSql(ctx, e)];
      e.parent && actual.indexes[e.parent] && fix.push(`ALTER INDEX ${keyToSql(e.parent)} ATTACH PARTITION ${name};`), e.comment !== void 0 && fix.push(comment(`INDEX ${name}`, e.comment)), problem(ctx, "index-definition-mismatch", key, `Index ${key} is "${a.definition}" in the live database but "${e.definition}" in the expected schema.`, fix);
    } else if (e && a) {
      let stats = indexStatisticsSql(e, a);
      stats.length && advise(
        ctx,
        "column-storage-mismatch",
        key,
        `Index ${key} has statistics targets (${a.statistics?.join(", ") ?? "default"}) in the live database but (${e.statistics?.join(", ") ?? "default"}) in the expected schema (by column number).`,
        stats
      ), diffComment(ctx, key, `index ${key}`, `INDEX ${name}`, e.comment, a.comment);
    }
  }
}

// packages/schema-verify/src/diff/views.ts
function kindWord(v) {
  return v.kind === "materialized view" ? "MATERIALIZED VIEW" : "VIEW";
}
function createViewSql(v) {
  let name = qname(v.schema, v.name), opts = v.options.length ? ` WITH (${v.options.join(", ")})` : "";
  if (v.kind === "materialized view") return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${name}${opts} AS
${v.definition}
WITH DATA;`;
  let check = v.checkOption ? `
WITH ${v.checkOption} CHECK OPTION` : "";
  return `CREATE OR REPLACE VIEW ${name}${opts} AS
${v.definition}${check};`;
}
function createViewStatements(ctx, key) {
  let v = ctx.expected.views[key], name = qname(v.schema, v.name), out = [createViewSql(v), ...indexStatements(ctx, key)];
  for (let t of Object.keys(v.triggers).sort(compareText)) out.push(...triggerStatements(name, v.triggers[t]));
  out.push(...ruleStatements(name, v.rules)), v.comment !== void 0 && out.push(comment(`${kindWord(v)} ${name}`, v.comment)), out.push(...creationGrants({ object: key, label: "", on: `TABLE ${name}` }, v.privileges, newObjectBaseline(ctx, v.schema, "r")));
  for (let c of v.columns)
    v.kind === "view" && c.default !== void 0 && out.push(`ALTER VIEW ${name} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${c.default};`), c.comment !== void 0 && out.push(comment(`COLUMN ${name}.${quoteIdent(c.name)}`, c.comment)), c.privileges && out.push(...creationGrants({ object: key, label: "", on: `TABLE ${name}`, column: c.name }, c.privileges, []));
  return out;
}
function dropViewSql(v) {
  return `DROP ${kindWord(v)} IF EXISTS ${qname(v.schema, v.name)} CASCADE;`;
}
var viewReaders = /* @__PURE__ */ new WeakMap();
function readersOf(model) {
  let readers = viewReaders.get(model.views);
  if (!readers) {
    readers = /* @__PURE__ */ new Map();
    for (let [key, v] of Object.entries(model.views))
      for (let dep of v.dependsOn) {
        let list = readers.get(dep);
        list ? list.push(key) : readers.set(dep, [key]);
      }
    viewReaders.set(model.views, readers);
  }
  return readers;
}
function liveDependents(ctx, relKey) {
  let readers = readersOf(ctx.actual), direct = [...readers.get(relKey) ?? []].sort(compareText), seen = /* @__PURE__ */ new Set(), queue = [...direct];
  for (; queue.length; ) {
    let k = queue.shift();
    seen.has(k) || k === relKey || (seen.add(k), queue.push(...readers.get(k) ?? []));
  }
  return { direct, all: [...seen].sort(compareText) };
}
function dependentViewRecreation(ctx, relKey) {
  let { direct, all } = liveDependents(ctx, relKey);
  if (!direct.length) return [];
  let out = direct.map((k) => dropViewSql(ctx.actual.views[k]));
  for (let k of all) ctx.expected.views[k] && out.push(...createViewStatements(ctx, k));
  return out;
}
function sameColumns(live, want) {
  return live.columns.length <= want.columns.length && live.columns.every((c, i) => want.columns[i].name === c.name && want.columns[i].type === c.type);
}
function diffViews(ctx) {
  let { expected, actual } = ctx, keys = sortedKeys(expected.views, actual.views);
  for (let key of keys) {
    let e = expected.views[key], a = actual.views[key];
    if (e && !a) {
      problem(ctx, "missing-view", key, `${e.kind === "view" ? "View" : "Materialized view"} ${key} is missing in the live database.`, createViewStatements(ctx, key));
      continue;
    }
    if (!e && a) {
      extra(
        ctx,
        "extra-view",
        key,
        `${a.kind === "view" ? "View" : "Materialized view"} ${key} exists in the live database but not in the expected schema.`,
        [dropViewSql(a), ...dependentViewRecreation(ctx, key).filter((s) => !s.startsWith("DROP "))]
      );
      continue;
    }
    let same = e.kind === a.kind && normalizeSql(e.definition) === normalizeSql(a.definition) && e.options.join(",") === a.options.join(",") && (e.checkOption ?? "") === (a.checkOption ?? ""), name = qname(e.schema, e.name);
    if (!same) {
      let replaceable = e.kind === "view" && a.kind === "view" && sameColumns(a, e), fix = replaceable ? [createViewSql(e)] : [dropViewSql(a), ...createViewStatements(ctx, key), ...dependentViewRecreation(ctx, key).filter((s) => !s.startsWith("DROP "))], what = e.kind !== a.kind ? `is a ${a.kind} in the live database but a ${e.kind} in the expected schema` : "has a different definition in the live database than in the expected schema";
      if (problem(ctx, "view-definition-mismatch", key, `${e.kind === "view" ? "View" : "Materialized view"} ${key} ${what}.`, fix), !replaceable) continue;
    }
    diffTriggers(ctx, key, name, e.triggers, a.triggers), diffRules(ctx, key, name, e.rules, a.rules), diffComment(ctx, key, `${e.kind} ${key}`, `${kindWord(e)} ${name}`, e.comment, a.comment), diffPrivileges(ctx, { object: key, label: `${e.kind} ${key}`, on: `TABLE ${name}` }, e.privileges, a.privileges);
    let liveCols = new Map(a.columns.map((c) => [c.name, c]));
    for (let c of e.columns) {
      let l = liveCols.get(c.name);
      if (!l) continue;
      let object2 = memberKey(key, c.name);
      e.kind === "view" && (c.default ?? "") !== (l.default ?? "") && problem(
        ctx,
        "column-default-mismatch",
        object2,
        `Column ${object2} of view ${key} has ${l.default === void 0 ? "no default" : `DEFAULT ${l.default}`} in the live database but ${c.default === void 0 ? "no default" : `DEFAULT ${c.default}`} in the expected schema (INSERT through the view fills it in).`,
        `ALTER VIEW ${name} ALTER COLUMN ${quoteIdent(c.name)} ${c.default === void 0 ? "DROP DEFAULT" : `SET DEFAULT ${c.default}`};`
      ), diffComment(ctx, object2, `column ${object2}`, `COLUMN ${name}.${quoteIdent(c.name)}`, c.comment, l.comment), diffPrivileges(
        ctx,
        { object: object2, label: `column ${object2}`, on: `TABLE ${name}`, column: c.name },
        c.privileges ?? (e.privileges ? [] : void 0),
        l.privileges ?? (a.privileges ? [] : void 0)
      );
    }
  }
}

// packages/schema-verify/src/diff/type-swap.ts
var TYPE_SWAP_TAG = "$preflight_type_swap$";
function typeSwap(ctx, key, e, createType) {
  let name = qname(e.schema, e.name), word = e.kind === "domain" ? "DOMAIN" : "TYPE", blockers = otherUsers(ctx, name, key);
  if (blockers.length)
    return {
      note: `it is also used by ${blockers.join(", ")}, so re-create it by hand: create the expected type under a new name, move those objects and every column to it (ALTER TABLE ... ALTER COLUMN ... TYPE ... USING), drop ${name}, then rename the new type`
    };
  let temp = `${e.name}__preflight_new`, tempName = qname(e.schema, temp), uses = columnUses(ctx, name), via = e.kind === "enum" ? "text" : e.baseType, body = createType({ ...e, name: temp });
  for (let u of uses) {
    let alter = `ALTER TABLE ${u.table} ALTER COLUMN ${quoteIdent(u.column.name)}`, suffix = u.array ? "[]" : "";
    u.column.default !== void 0 && body.push(`${alter} DROP DEFAULT;`), body.push(`${alter} TYPE ${tempName}${suffix} USING ${quoteIdent(u.column.name)}::${via}${suffix}::${tempName}${suffix};`);
  }
  body.push(`DROP ${word} ${name};`, `ALTER ${word} ${tempName} RENAME TO ${quoteIdent(e.name)};`);
  for (let u of uses) {
    let want = expectedDefault(ctx, u) ?? u.column.default;
    want !== void 0 && body.push(`ALTER TABLE ${u.table} ALTER COLUMN ${quoteIdent(u.column.name)} SET DEFAULT ${want};`);
  }
  let views = [...new Set(uses.map((u) => u.tableKey))].flatMap((table2) => dependentViewRecreation(ctx, table2)), block = [`DO ${TYPE_SWAP_TAG}`, "BEGIN", ...body.map((s) => `  ${s.replace(/\n/g, `
  `)}`), "END", `${TYPE_SWAP_TAG};`].join(`
`), moved = uses.length ? `moves ${uses.length} column(s) to it (rows holding a value the new type lacks make it fail, and it then changes nothing)` : "no column uses it";
  return { fix: [...views.filter((s) => s.startsWith("DROP ")), block, ...views.filter((s) => !s.startsWith("DROP "))], note: `the fix re-creates it and ${moved}` };
}
function columnUses(ctx, name) {
  let out = [];
  for (let tableKey of Object.keys(ctx.actual.tables).sort(compareText)) {
    let t = ctx.actual.tables[tableKey];
    for (let column3 of t.columns)
      column3.inherited || (column3.type === name || column3.type === `${name}[]`) && out.push({ tableKey, table: qname(t.schema, t.name), column: column3, array: column3.type !== name });
  }
  return out;
}
function expectedDefault(ctx, use) {
  return ctx.expected.tables[use.tableKey]?.columns.find((c) => c.name === use.column.name)?.default;
}
function otherUsers(ctx, name, key) {
  let mentions = (text) => text !== void 0 && new RegExp(`(^|[^\\w$."])${escapeRegExp(name)}($|[^\\w$"])`).test(text), out = [];
  for (let [k, f] of Object.entries(ctx.actual.functions))
    ctx.expected.functions[k] && (mentions(f.argTypes) || mentions(f.result)) && out.push(`${f.kind} ${k}`);
  for (let [k, t] of Object.entries(ctx.actual.types))
    k === key || !ctx.expected.types[k] || (mentions(t.baseType) || (t.attributes ?? []).some((a) => mentions(a.type))) && out.push(`type ${k}`);
  for (let [k, t] of Object.entries(ctx.actual.tables)) {
    let kept = ctx.expected.tables[k];
    kept && t.columns.some((c) => c.generated !== void 0 && mentions(c.generated) && kept.columns.some((e) => e.name === c.name)) && out.push(`a generated column of ${k}`);
  }
  return out.sort(compareText);
}

// packages/schema-verify/src/diff/version-defaults.ts
var publicSchemaDefault = (serverVersionNum) => serverVersionNum >= 15e4 ? ["PUBLIC:USAGE"] : ["PUBLIC:CREATE", "PUBLIC:USAGE"], sameSet = (a, b) => a.length === b.length && [...a].sort().join(`
`) === [...b].sort().join(`
`);
function bothVersionDefaults(key, expected, actual) {
  if (key !== "public") return !1;
  let e = expected.schemas[key]?.privileges, a = actual.schemas[key]?.privileges;
  return !e || !a || !expected.serverVersionNum || !actual.serverVersionNum ? !1 : sameSet(e, publicSchemaDefault(expected.serverVersionNum)) && sameSet(a, publicSchemaDefault(actual.serverVersionNum));
}
var major = (serverVersionNum) => Math.floor(serverVersionNum / 1e4);
function bothDefaultExtensionVersions(e, a, expected, actual) {
  return !expected.serverVersionNum || !actual.serverVersionNum || major(expected.serverVersionNum) === major(actual.serverVersionNum) ? !1 : e.defaultVersion !== void 0 && e.version === e.defaultVersion && a.defaultVersion !== void 0 && a.version === a.defaultVersion;
}

// packages/schema-verify/src/diff/objects.ts
function diffSchemaObjects(ctx) {
  let { expected, actual } = ctx;
  for (let key of sortedKeys(expected.schemas, actual.schemas)) {
    let e = expected.schemas[key], a = actual.schemas[key], sql = quoteIdent((e ?? a).name);
    if (e && !a) {
      let fix = [`CREATE SCHEMA IF NOT EXISTS ${sql};`];
      e.comment !== void 0 && fix.push(comment(`SCHEMA ${sql}`, e.comment)), fix.push(...creationGrants({ object: key, label: "", on: `SCHEMA ${sql}` }, e.privileges, newObjectBaseline(ctx, e.name, "n"))), problem(ctx, "missing-schema", key, `Schema ${key} is missing in the live database.`, fix);
    } else !e && a ? extra(ctx, "extra-schema", key, `Schema ${key} exists in the live database but not in the expected schema.`, `DROP SCHEMA IF EXISTS ${sql} CASCADE;`) : e && a && (diffComment(ctx, key, `schema ${key}`, `SCHEMA ${sql}`, e.comment, a.comment), bothVersionDefaults(key, expected, actual) || diffPrivileges(ctx, { object: key, label: `schema ${key}`, on: `SCHEMA ${sql}` }, e.privileges, a.privileges));
  }
}
function diffExtensions(ctx) {
  let { expected, actual } = ctx;
  for (let name of sortedKeys(expected.extensions, actual.extensions)) {
    let e = expected.extensions[name], a = actual.extensions[name], sql = quoteIdent(name);
    e && !a ? problem(
      ctx,
      "missing-extension",
      name,
      `Extension ${name} (version ${e.version}) is missing in the live database.`,
      `CREATE EXTENSION IF NOT EXISTS ${sql} WITH SCHEMA ${quoteIdent(e.schema)} VERSION ${quoteLiteral(e.version)};`
    ) : !e && a ? extra(ctx, "extra-extension", name, `Extension ${name} is installed in the live database but not in the expected schema.`, `DROP EXTENSION IF EXISTS ${sql};`) : e && a && (e.version !== a.version && !bothDefaultExtensionVersions(e, a, expected, actual) && problem(
      ctx,
      "extension-version-mismatch",
      name,
      `Extension ${name} is version ${a.version} in the live database but ${e.version} in the expected schema.`,
      `ALTER EXTENSION ${sql} UPDATE TO ${quoteLiteral(e.version)};`
    ), e.schema !== a.schema && problem(
      ctx,
      "extension-schema-mismatch",
      name,
      `Extension ${name} is installed in schema ${a.schema} in the live database but in ${e.schema} in the expected schema.`,
      `ALTER EXTENSION ${sql} SET SCHEMA ${quoteIdent(e.schema)};`
    ));
  }
}
function sequenceOptions(s) {
  return `AS ${s.type} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache} ${s.cycle ? "CYCLE" : "NO CYCLE"}`;
}
function ownedBySql(ctx, seqSql, ownedBy) {
  if (!ownedBy) return `ALTER SEQUENCE ${seqSql} OWNED BY NONE;`;
  let [table2, column3] = splitColumnKey(ownedBy);
  return `ALTER SEQUENCE ${seqSql} OWNED BY ${keyToSql(table2)}.${quoteIdent(column3)};`;
}
function diffSequences(ctx) {
  let { expected, actual } = ctx;
  for (let key of sortedKeys(expected.sequences, actual.sequences)) {
    let e = expected.sequences[key], a = actual.sequences[key];
    if (e && !a) {
      let name = qname(e.schema, e.name), fix = [`CREATE SEQUENCE IF NOT EXISTS ${name} ${sequenceOptions(e)};`];
      e.unlogged && fix.push(`ALTER SEQUENCE ${name} SET UNLOGGED;`), e.ownedBy && fix.push(ownedBySql(ctx, name, e.ownedBy)), e.comment !== void 0 && fix.push(comment(`SEQUENCE ${name}`, e.comment)), fix.push(...creationGrants({ object: key, label: "", on: `SEQUENCE ${name}` }, e.privileges, newObjectBaseline(ctx, e.schema, "S"))), problem(ctx, "missing-sequence", key, `Sequence ${key} is missing in the live database.`, fix);
    } else if (!e && a)
      extra(ctx, "extra-sequence", key, `Sequence ${key} exists in the live database but not in the expected schema.`, `DROP SEQUENCE IF EXISTS ${qname(a.schema, a.name)};`);
    else if (e && a) {
      let name = qname(e.schema, e.name), diffs = ["type", "start", "increment", "min", "max", "cache", "cycle"].filter((f) => e[f] !== a[f]).map((f) => `${f} ${a[f]} instead of ${e[f]}`);
      diffs.length && problem(
        ctx,
        "sequence-mismatch",
        key,
        `Sequence ${key} differs in the live database: ${diffs.join(", ")}.`,
        [...narrowBoundsSql(sequenceRegclass(name), e, a), `ALTER SEQUENCE ${name} ${sequenceOptions(e)};`]
      ), !!e.unlogged != !!a.unlogged && problem(
        ctx,
        "sequence-mismatch",
        key,
        `Sequence ${key} is ${a.unlogged ? "UNLOGGED" : "logged"} in the live database but ${e.unlogged ? "UNLOGGED" : "logged"} in the expected schema (an unlogged one is reset after a crash and not replicated).`,
        `ALTER SEQUENCE ${name} SET ${e.unlogged ? "UNLOGGED" : "LOGGED"};`
      ), (e.ownedBy ?? "") !== (a.ownedBy ?? "") && problem(
        ctx,
        "sequence-owned-by-mismatch",
        key,
        `Sequence ${key} is owned by ${a.ownedBy ?? "no column"} in the live database but by ${e.ownedBy ?? "no column"} in the expected schema.`,
        ownedBySql(ctx, name, e.ownedBy)
      ), diffComment(ctx, key, `sequence ${key}`, `SEQUENCE ${name}`, e.comment, a.comment), diffPrivileges(ctx, { object: key, label: `sequence ${key}`, on: `SEQUENCE ${name}` }, e.privileges, a.privileges);
    }
  }
}
var routineWord = {
  function: "FUNCTION",
  window: "FUNCTION",
  procedure: "PROCEDURE",
  aggregate: "AGGREGATE"
};
function routineRef(f) {
  return `${qname(f.schema, f.name)}(${f.identityArgs})`;
}
function grantTarget(f) {
  return `${f.kind === "aggregate" ? "ROUTINE" : routineWord[f.kind]} ${routineRef(f)}`;
}
function functionStatements(ctx, key, f) {
  let out = [statement(f.definition)];
  return f.comment !== void 0 && out.push(comment(`${routineWord[f.kind]} ${routineRef(f)}`, f.comment)), out.push(...creationGrants({ object: key, label: "", on: grantTarget(f) }, f.privileges, newObjectBaseline(ctx, f.schema, "f"))), out;
}
function diffFunctions(ctx) {
  let { expected, actual } = ctx;
  for (let key of sortedKeys(expected.functions, actual.functions)) {
    let e = expected.functions[key], a = actual.functions[key];
    if (e && !a)
      problem(ctx, "missing-function", key, `${cap2(e.kind)} ${key} is missing in the live database.`, functionStatements(ctx, key, e));
    else if (!e && a)
      extra(
        ctx,
        "extra-function",
        key,
        `${cap2(a.kind)} ${key} exists in the live database but not in the expected schema.`,
        `DROP ${routineWord[a.kind]} IF EXISTS ${routineRef(a)};`
      );
    else if (e && a) {
      if (e.kind !== a.kind || normalizeSql(e.definition) !== normalizeSql(a.definition)) {
        let replaceable = e.kind === a.kind && e.kind !== "aggregate" && e.result === a.result && e.identityArgs === a.identityArgs, fix = replaceable ? functionStatements(ctx, key, e) : [`DROP ${routineWord[a.kind]} IF EXISTS ${routineRef(a)};`, ...functionStatements(ctx, key, e)];
        if (problem(ctx, "function-definition-mismatch", key, `${cap2(e.kind)} ${key} has a different definition in the live database than in the expected schema.`, fix), !replaceable) continue;
      }
      diffComment(ctx, key, `${e.kind} ${key}`, `${routineWord[e.kind]} ${routineRef(e)}`, e.comment, a.comment), diffPrivileges(ctx, { object: key, label: `${e.kind} ${key}`, on: grantTarget(e) }, e.privileges, a.privileges);
    }
  }
}
function cap2(s) {
  return s[0].toUpperCase() + s.slice(1);
}
function typeWord(t) {
  return t.kind === "domain" ? "DOMAIN" : "TYPE";
}
function domainConstraintsSql(name, t) {
  return Object.keys(t.constraints ?? {}).sort(compareText).map((c) => `ALTER DOMAIN ${name} ADD CONSTRAINT ${quoteIdent(c)} ${t.constraints[c].definition};`);
}
function createTypeStatements(ctx, key, t) {
  let name = qname(t.schema, t.name), out = [];
  if (t.kind === "enum" && out.push(`CREATE TYPE ${name} AS ENUM (${(t.values ?? []).map(quoteLiteral).join(", ")});`), t.kind === "composite") {
    let attrs = (t.attributes ?? []).map((a) => `${quoteIdent(a.name)} ${a.type}${a.collation ? ` COLLATE ${a.collation}` : ""}`);
    out.push(`CREATE TYPE ${name} AS (${attrs.join(", ")});`);
  }
  if (t.kind === "domain") {
    let s = `CREATE DOMAIN ${name} AS ${t.baseType}`;
    t.collation && (s += ` COLLATE ${t.collation}`), t.default !== void 0 && (s += ` DEFAULT ${t.default}`), t.notNull && (s += " NOT NULL"), out.push(`${s};`, ...domainConstraintsSql(name, t));
  }
  return t.comment !== void 0 && out.push(comment(`${typeWord(t)} ${name}`, t.comment)), out.push(...creationGrants({ object: key, label: "", on: `TYPE ${name}` }, t.privileges, newObjectBaseline(ctx, t.schema, "T"))), out;
}
function enumAdditions(name, want, have) {
  let kept = want.filter((v) => have.includes(v));
  if (have.some((v) => !want.includes(v)) || kept.join("\0") !== have.join("\0")) return;
  let current = [...have], out = [];
  return want.forEach((label, i) => {
    if (current.includes(label)) return;
    let next = want.slice(i + 1).find((v) => current.includes(v)), prev = [...want.slice(0, i)].reverse().find((v) => current.includes(v)), where = next !== void 0 ? ` BEFORE ${quoteLiteral(next)}` : prev !== void 0 ? ` AFTER ${quoteLiteral(prev)}` : "";
    out.push(`ALTER TYPE ${name} ADD VALUE IF NOT EXISTS ${quoteLiteral(label)}${where};`);
    let at = next !== void 0 ? current.indexOf(next) : current.length;
    current.splice(at, 0, label);
  }), out;
}
function diffTypes(ctx) {
  let { expected, actual } = ctx;
  for (let key of sortedKeys(expected.types, actual.types)) {
    let e = expected.types[key], a = actual.types[key];
    if (e && !a) {
      problem(ctx, "missing-type", key, `${cap2(e.kind === "composite" ? "composite type" : e.kind)} ${key} is missing in the live database.`, createTypeStatements(ctx, key, e));
      continue;
    }
    if (!e && a) {
      extra(
        ctx,
        "extra-type",
        key,
        `${cap2(a.kind === "composite" ? "composite type" : a.kind)} ${key} exists in the live database but not in the expected schema.`,
        `DROP ${typeWord(a)} IF EXISTS ${qname(a.schema, a.name)};`
      );
      continue;
    }
    let name = qname(e.schema, e.name);
    if (e.kind !== a.kind) {
      problem(ctx, "type-definition-mismatch", key, `Type ${key} is ${a.kind === "enum" ? "an" : "a"} ${a.kind} in the live database but ${e.kind === "enum" ? "an" : "a"} ${e.kind} in the expected schema; it must be re-created.`);
      continue;
    }
    if (e.kind === "enum") {
      let want = e.values ?? [], have = a.values ?? [];
      if (want.join("\0") !== have.join("\0")) {
        let additions = enumAdditions(name, want, have), swap = additions ? void 0 : typeSwap(ctx, key, e, (t) => createTypeStatements(ctx, key, t)), message = `Enum ${key} has values (${have.join(", ")}) in the live database but (${want.join(", ")}) in the expected schema` + (swap ? `; labels cannot be removed or reordered in place, so ${swap.note}.` : ".");
        problem(ctx, "enum-values-mismatch", key, message, additions ?? swap?.fix);
      }
    }
    if (e.kind === "domain" && diffDomain(ctx, key, name, e, a), e.kind === "composite") {
      let fmt = (t) => (t.attributes ?? []).map((x) => `${x.name} ${x.type}${x.collation ? ` COLLATE ${x.collation}` : ""}`).join(", ");
      if (fmt(e) !== fmt(a)) {
        let fix = [], have = new Map((a.attributes ?? []).map((x) => [x.name, x])), want = new Map((e.attributes ?? []).map((x) => [x.name, x]));
        for (let x of a.attributes ?? []) want.has(x.name) || fix.push(`ALTER TYPE ${name} DROP ATTRIBUTE IF EXISTS ${quoteIdent(x.name)};`);
        for (let x of e.attributes ?? []) {
          let coll = x.collation ? ` COLLATE ${x.collation}` : "", h = have.get(x.name);
          h ? (h.type !== x.type || h.collation !== x.collation) && fix.push(`ALTER TYPE ${name} ALTER ATTRIBUTE ${quoteIdent(x.name)} TYPE ${x.type}${coll};`) : fix.push(`ALTER TYPE ${name} ADD ATTRIBUTE ${quoteIdent(x.name)} ${x.type}${coll};`);
        }
        problem(ctx, "type-definition-mismatch", key, `Composite type ${key} is (${fmt(a)}) in the live database but (${fmt(e)}) in the expected schema.`, fix);
      }
    }
    diffComment(ctx, key, `type ${key}`, `${typeWord(e)} ${name}`, e.comment, a.comment), diffPrivileges(ctx, { object: key, label: `type ${key}`, on: `TYPE ${name}` }, e.privileges, a.privileges);
  }
}
function diffDomain(ctx, key, name, e, a) {
  if (e.baseType !== a.baseType || (e.collation ?? "") !== (a.collation ?? "")) {
    let swap = typeSwap(ctx, key, e, (t) => createTypeStatements(ctx, key, t));
    problem(
      ctx,
      "domain-definition-mismatch",
      key,
      `Domain ${key} is based on ${a.baseType}${a.collation ? ` COLLATE ${a.collation}` : ""} in the live database but on ${e.baseType}${e.collation ? ` COLLATE ${e.collation}` : ""} in the expected schema; it must be re-created: ${swap.note}.`,
      swap.fix
    );
    return;
  }
  let fix = [], what = [];
  (e.default ?? "") !== (a.default ?? "") && (fix.push(e.default === void 0 ? `ALTER DOMAIN ${name} DROP DEFAULT;` : `ALTER DOMAIN ${name} SET DEFAULT ${e.default};`), what.push(`default ${a.default ?? "none"} instead of ${e.default ?? "none"}`)), !!e.notNull != !!a.notNull && (fix.push(`ALTER DOMAIN ${name} ${e.notNull ? "SET" : "DROP"} NOT NULL;`), what.push(e.notNull ? "nullable instead of NOT NULL" : "NOT NULL instead of nullable"));
  let ec = e.constraints ?? {}, ac = a.constraints ?? {};
  for (let c of sortedKeys(ec, ac))
    ec[c] && ac[c] && normalizeSql(ec[c].definition) === normalizeSql(ac[c].definition) || (ac[c] && fix.push(`ALTER DOMAIN ${name} DROP CONSTRAINT IF EXISTS ${quoteIdent(c)};`), ec[c] && fix.push(`ALTER DOMAIN ${name} ADD CONSTRAINT ${quoteIdent(c)} ${ec[c].definition};`), what.push(ac[c] ? ec[c] ? `constraint ${c} is ${ac[c].definition} instead of ${ec[c].definition}` : `extra constraint ${c}` : `constraint ${c} missing`));
  what.length && problem(ctx, "domain-definition-mismatch", key, `Domain ${key} differs in the live database: ${what.join("; ")}.`, fix);
}

// packages/schema-verify/src/diff/event-triggers.ts
var enabledSql = { O: "ENABLE", D: "DISABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" }, enabledWords = { O: "enabled", D: "disabled", R: "enabled for replicas only", A: "enabled always" };
function describe3(t) {
  return `ON ${t.event}${t.tags ? ` WHEN TAG IN (${t.tags.map(quoteLiteral).join(", ")})` : ""} EXECUTE FUNCTION ${t.function}()`;
}
function createStatements(t) {
  let name = quoteIdent(t.name), out = [`CREATE EVENT TRIGGER ${name} ${describe3(t)};`];
  return t.enabled !== "O" && out.push(`ALTER EVENT TRIGGER ${name} ${enabledSql[t.enabled]};`), t.comment !== void 0 && out.push(comment(`EVENT TRIGGER ${name}`, t.comment)), out;
}
function diffEventTriggers(ctx) {
  let expected = ctx.expected.eventTriggers ?? {}, actual = ctx.actual.eventTriggers ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key], name = quoteIdent(key), drop = `DROP EVENT TRIGGER IF EXISTS ${name};`;
    e && !a ? problem(ctx, "missing-event-trigger", key, `Event trigger ${key} (${describe3(e)}) is missing in the live database.`, createStatements(e)) : !e && a ? extra(ctx, "extra-event-trigger", key, `Event trigger ${key} (${describe3(a)}) exists in the live database but not in the expected schema.`, drop) : describe3(e) !== describe3(a) ? problem(
      ctx,
      "event-trigger-mismatch",
      key,
      `Event trigger ${key} is ${describe3(a)} in the live database but ${describe3(e)} in the expected schema.`,
      [drop, ...createStatements(e)]
    ) : (e.enabled !== a.enabled && problem(
      ctx,
      "event-trigger-mismatch",
      key,
      `Event trigger ${key} is ${enabledWords[a.enabled]} in the live database but ${enabledWords[e.enabled]} in the expected schema.`,
      `ALTER EVENT TRIGGER ${name} ${enabledSql[e.enabled]};`
    ), diffComment(ctx, key, `event trigger ${key}`, `EVENT TRIGGER ${name}`, e.comment, a.comment));
  }
}

// packages/schema-verify/src/diff/fdw-options.ts
function parse2(list) {
  let out = /* @__PURE__ */ new Map();
  for (let entry of list ?? []) {
    let secret = /^(\S+) (<secret sha256:[0-9a-f]{12}>)$/.exec(entry);
    if (secret) {
      out.set(secret[1], secret[2]);
      continue;
    }
    let at = entry.indexOf("=");
    out.set(at < 0 ? entry : entry.slice(0, at), at < 0 ? "" : entry.slice(at + 1));
  }
  return out;
}
var shown = (v) => isFingerprint(v) ? "(a secret)" : quoteLiteral(v);
function optionsDelta(expected, actual) {
  let want = parse2(expected), have = parse2(actual), actions = [], changes = [], secrets = [];
  for (let name of [.../* @__PURE__ */ new Set([...want.keys(), ...have.keys()])].sort(compareText)) {
    let w = want.get(name), h = have.get(name);
    w !== h && (w === void 0 ? (actions.push(`DROP ${quoteIdent(name)}`), changes.push(`${name} ${shown(h)} is set`)) : isFingerprint(w) ? (secrets.push(name), changes.push(h === void 0 ? `${name} (a secret) is not set` : `${name} (a secret) has another value`)) : (actions.push(`${h === void 0 ? "ADD" : "SET"} ${quoteIdent(name)} ${quoteLiteral(w)}`), changes.push(h === void 0 ? `${name} is not set (expected ${shown(w)})` : `${name} is ${shown(h)} instead of ${shown(w)}`)));
  }
  return { clause: actions.length ? `OPTIONS (${actions.join(", ")})` : "", changes, secrets };
}
function createOptions(list) {
  let parts = [], secrets = [];
  for (let [name, value] of [...parse2(list)].sort((a, b) => compareText(a[0], b[0])))
    isFingerprint(value) ? secrets.push(name) : parts.push(`${quoteIdent(name)} ${quoteLiteral(value)}`);
  return { clause: parts.length ? ` OPTIONS (${parts.join(", ")})` : "", secrets };
}

// packages/schema-verify/src/diff/foreign.ts
var handlerSql = (word, fn) => fn ? ` ${word} ${fn}` : ` NO ${word}`;
function diffForeignDataWrappers(ctx) {
  let expected = ctx.expected.foreignDataWrappers ?? {}, actual = ctx.actual.foreignDataWrappers ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key], name = quoteIdent(key), target3 = { object: key, label: `foreign data wrapper ${key}`, on: `FOREIGN DATA WRAPPER ${name}` };
    if (e && !a) {
      let fix = [`CREATE FOREIGN DATA WRAPPER ${name}${e.handler ? ` HANDLER ${e.handler}` : ""}${e.validator ? ` VALIDATOR ${e.validator}` : ""}${createOptions(e.options).clause};`];
      e.comment !== void 0 && fix.push(comment(target3.on, e.comment)), fix.push(...creationGrants(target3, e.privileges, [])), problem(ctx, "missing-foreign-data-wrapper", key, `Foreign data wrapper ${key} is missing in the live database.`, fix);
      continue;
    }
    if (!e && a) {
      extra(ctx, "extra-foreign-data-wrapper", key, `Foreign data wrapper ${key} exists in the live database but not in the expected schema.`, `DROP FOREIGN DATA WRAPPER IF EXISTS ${name};`);
      continue;
    }
    let what = [], alter = [];
    e.handler !== a.handler && (what.push(`handler ${a.handler ?? "none"} instead of ${e.handler ?? "none"}`), alter.push(handlerSql("HANDLER", e.handler))), e.validator !== a.validator && (what.push(`validator ${a.validator ?? "none"} instead of ${e.validator ?? "none"}`), alter.push(handlerSql("VALIDATOR", e.validator)));
    let opts = optionsDelta(e.options, a.options);
    what.push(...opts.changes), opts.clause && alter.push(` ${opts.clause}`), what.length && problem(
      ctx,
      "foreign-data-wrapper-mismatch",
      key,
      `Foreign data wrapper ${key} differs in the live database: ${what.join("; ")}.`,
      alter.length ? `ALTER FOREIGN DATA WRAPPER ${name}${alter.join("")};` : void 0
    ), diffComment(ctx, key, target3.label, target3.on, e.comment, a.comment), diffPrivileges(ctx, target3, e.privileges, a.privileges);
  }
}
function createServerSql(key, s) {
  let opts = createOptions(s.options);
  return { sql: `CREATE SERVER ${quoteIdent(key)}${s.type !== void 0 ? ` TYPE ${quoteLiteral(s.type)}` : ""}${s.version !== void 0 ? ` VERSION ${quoteLiteral(s.version)}` : ""} FOREIGN DATA WRAPPER ${quoteIdent(s.wrapper)}${opts.clause};`, secrets: opts.secrets };
}
function diffForeignServers(ctx) {
  let expected = ctx.expected.foreignServers ?? {}, actual = ctx.actual.foreignServers ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key], name = quoteIdent(key), target3 = { object: key, label: `foreign server ${key}`, on: `FOREIGN SERVER ${name}` };
    if (e && !a) {
      let fix = [createServerSql(key, e).sql];
      e.comment !== void 0 && fix.push(comment(`SERVER ${name}`, e.comment)), fix.push(...creationGrants(target3, e.privileges, [])), problem(ctx, "missing-foreign-server", key, `Foreign server ${key} (wrapper ${e.wrapper}) is missing in the live database.`, fix);
      continue;
    }
    if (!e && a) {
      extra(ctx, "extra-foreign-server", key, `Foreign server ${key} (wrapper ${a.wrapper}) exists in the live database but not in the expected schema.`, `DROP SERVER IF EXISTS ${name};`);
      continue;
    }
    if (e.wrapper !== a.wrapper || e.type !== a.type) {
      let why = e.wrapper !== a.wrapper ? `uses wrapper ${a.wrapper} instead of ${e.wrapper}` : `has type ${a.type ?? "none"} instead of ${e.type ?? "none"}`;
      problem(
        ctx,
        "foreign-server-mismatch",
        key,
        `Foreign server ${key} ${why} in the live database. Neither can be altered: fix it by hand by dropping the server with its user mappings and foreign tables (DROP SERVER ${name} CASCADE) and creating them again (${createServerSql(key, e).sql} ...).`
      );
      continue;
    }
    let what = [], alter = [];
    e.version !== a.version && (what.push(`version ${a.version ?? "none"} instead of ${e.version ?? "none"}`), alter.push(` VERSION ${e.version === void 0 ? "NULL" : quoteLiteral(e.version)}`));
    let opts = optionsDelta(e.options, a.options);
    if (what.push(...opts.changes), opts.clause && alter.push(` ${opts.clause}`), what.length) {
      let manual = opts.secrets.length ? ` Set ${opts.secrets.join(", ")} by hand: ALTER SERVER ${name} OPTIONS (SET ${opts.secrets[0]} '...').` : "";
      problem(
        ctx,
        "foreign-server-mismatch",
        key,
        `Foreign server ${key} differs in the live database: ${what.join("; ")}.${manual}`,
        alter.length ? `ALTER SERVER ${name}${alter.join("")};` : void 0
      );
    }
    diffComment(ctx, key, target3.label, `SERVER ${name}`, e.comment, a.comment), diffPrivileges(ctx, target3, e.privileges, a.privileges);
  }
}
var mappingFor = (m) => `USER MAPPING FOR ${m.user === "PUBLIC" ? "PUBLIC" : quoteRole(m.user)} SERVER ${quoteIdent(m.server)}`;
function secretsByHand(ctx, key, m, secrets, missing) {
  if (!secrets.length) return;
  let verb = missing ? "ADD" : "SET";
  problem(
    ctx,
    "user-mapping-secret-mismatch",
    key,
    `User mapping ${key}: ${secrets.join(", ")} ${missing ? "is not set" : "has another value"} in the live database (the value is a secret, so it is neither shown nor written into the fix). Set it by hand: ALTER ${mappingFor(m)} OPTIONS (${secrets.map((s) => `${verb} ${quoteIdent(s)} '...'`).join(", ")});`
  );
}
function diffUserMappings(ctx) {
  let expected = ctx.expected.userMappings ?? {}, actual = ctx.actual.userMappings ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key];
    if (e && !a) {
      let opts2 = createOptions(e.options);
      problem(
        ctx,
        "missing-user-mapping",
        key,
        `User mapping for ${e.user} on server ${e.server} is missing in the live database: queries on its foreign tables fail for that role.`,
        `CREATE ${mappingFor(e)}${opts2.clause};`
      ), secretsByHand(ctx, key, e, opts2.secrets, !0);
      continue;
    }
    if (!e && a) {
      extra(
        ctx,
        "extra-user-mapping",
        key,
        `User mapping for ${a.user} on server ${a.server} exists in the live database but not in the expected schema.`,
        `DROP USER MAPPING IF EXISTS FOR ${a.user === "PUBLIC" ? "PUBLIC" : quoteRole(a.user)} SERVER ${quoteIdent(a.server)};`
      );
      continue;
    }
    if (!e.options || !a.options) continue;
    let opts = optionsDelta(e.options, a.options), plain = opts.changes.filter((c) => !opts.secrets.some((s) => c.startsWith(`${s} (a secret)`)));
    plain.length && problem(
      ctx,
      "user-mapping-mismatch",
      key,
      `User mapping for ${e.user} on server ${e.server} differs in the live database: ${plain.join("; ")}.`,
      opts.clause ? `ALTER ${mappingFor(e)} ${opts.clause};` : void 0
    ), secretsByHand(ctx, key, e, opts.secrets, opts.secrets.some((s) => !a.options.some((o) => o.startsWith(`${s}=`) || o.startsWith(`${s} `))));
  }
}
function columnDefSql(c) {
  let base = columnSql({ ...c, notNull: !1, default: void 0 }, !1), opts = createOptions(c.options).clause;
  return `${base}${opts}${c.default !== void 0 ? ` DEFAULT ${c.default}` : ""}${c.notNull ? " NOT NULL" : ""}`;
}
function createForeignTableStatements(ctx, key, t) {
  let rel = qname(t.schema, t.name), cols = t.columns.map((c) => `    ${columnDefSql(c)}`);
  for (let name of Object.keys(t.constraints).sort(compareText)) cols.push(`    CONSTRAINT ${quoteIdent(name)} ${t.constraints[name].definition}`);
  let out = [`CREATE FOREIGN TABLE ${rel} (${cols.length ? `
${cols.join(`,
`)}
` : ""}) SERVER ${quoteIdent(t.server)}${createOptions(t.options).clause};`];
  t.comment !== void 0 && out.push(comment(`FOREIGN TABLE ${rel}`, t.comment));
  for (let c of t.columns) c.comment !== void 0 && out.push(comment(`COLUMN ${rel}.${quoteIdent(c.name)}`, c.comment));
  for (let c of t.columns) out.push(...columnStorageSql(rel, c));
  out.push(...creationGrants({ object: key, label: "", on: `TABLE ${rel}` }, t.privileges, [])), t.partitionOf && out.push(attachSql(t));
  for (let name of Object.keys(t.triggers ?? {}).sort(compareText)) out.push(...triggerStatements(rel, t.triggers[name]));
  return out;
}
function attachSql(t) {
  return `ALTER TABLE ${keyToSql(t.partitionOf)} ATTACH PARTITION ${qname(t.schema, t.name)} ${t.partitionBound};`;
}
var partitionWords = (t) => t.partitionOf ? `a partition of ${t.partitionOf} ${t.partitionBound}` : "not a partition";
function partitionActions(e, a, what) {
  if ((e.partitionOf ?? "") === (a.partitionOf ?? "") && normalizeSql(e.partitionBound) === normalizeSql(a.partitionBound)) return [];
  what.push(`it is ${partitionWords(a)} instead of ${partitionWords(e)}`);
  let out = [];
  return a.partitionOf && out.push(`ALTER TABLE ${keyToSql(a.partitionOf)} DETACH PARTITION ${qname(a.schema, a.name)};`), e.partitionOf && out.push(attachSql(e)), out;
}
function columnActions(e, a, what) {
  let actions = [], live = new Map(a.columns.map((c) => [c.name, c])), want = new Set(e.columns.map((c) => c.name));
  for (let c of a.columns)
    want.has(c.name) || (what.push(`column ${c.name} exists only live`), actions.push(`DROP COLUMN IF EXISTS ${quoteIdent(c.name)}`));
  for (let c of e.columns) {
    let col = quoteIdent(c.name), l = live.get(c.name);
    if (!l) {
      what.push(`column ${c.name} is missing`), actions.push(`ADD COLUMN ${columnDefSql(c)}`);
      continue;
    }
    (c.type !== l.type || (c.collation ?? "") !== (l.collation ?? "")) && (what.push(`column ${c.name} is ${l.type}${l.collation ? ` COLLATE ${l.collation}` : ""} instead of ${c.type}${c.collation ? ` COLLATE ${c.collation}` : ""}`), actions.push(`ALTER COLUMN ${col} TYPE ${c.type}${c.collation ? ` COLLATE ${c.collation}` : ""}`)), c.notNull !== l.notNull && (what.push(`column ${c.name} is ${l.notNull ? "" : "not "}NOT NULL`), actions.push(`ALTER COLUMN ${col} ${c.notNull ? "SET" : "DROP"} NOT NULL`)), normalizeSql(c.default) !== normalizeSql(l.default) && (what.push(`column ${c.name} has default ${l.default ?? "none"} instead of ${c.default ?? "none"}`), actions.push(c.default !== void 0 ? `ALTER COLUMN ${col} SET DEFAULT ${c.default}` : `ALTER COLUMN ${col} DROP DEFAULT`));
    let opts = optionsDelta(c.options, l.options);
    for (let change of opts.changes) what.push(`column ${c.name} option ${change}`);
    opts.clause && actions.push(`ALTER COLUMN ${col} ${opts.clause}`);
  }
  return actions;
}
function constraintActions(e, a, what) {
  let actions = [];
  for (let name of sortedKeys(e.constraints, a.constraints)) {
    let want = e.constraints[name], have = a.constraints[name];
    want && have && normalizeSql(want.definition) === normalizeSql(have.definition) || (have && actions.push(`DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`), want && actions.push(`ADD CONSTRAINT ${quoteIdent(name)} ${want.definition}`), what.push(have ? want ? `constraint ${name} is ${have.definition} instead of ${want.definition}` : `constraint ${name} (${have.definition}) exists only live` : `constraint ${name} (${want.definition}) is missing`));
  }
  return actions;
}
function diffForeignTables(ctx) {
  let expected = ctx.expected.foreignTables ?? {}, actual = ctx.actual.foreignTables ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key];
    if (e && !a) {
      problem(ctx, "missing-foreign-table", key, `Foreign table ${key} (server ${e.server}) is missing in the live database.`, createForeignTableStatements(ctx, key, e));
      continue;
    }
    if (!e && a) {
      extra(
        ctx,
        "extra-foreign-table",
        key,
        `Foreign table ${key} (server ${a.server}) exists in the live database but not in the expected schema.`,
        `DROP FOREIGN TABLE IF EXISTS ${keyToSql(key)};`
      );
      continue;
    }
    let rel = qname(e.schema, e.name);
    if (e.server !== a.server) {
      problem(
        ctx,
        "foreign-table-mismatch",
        key,
        `Foreign table ${key} reads from server ${a.server} in the live database but from ${e.server} in the expected schema.`,
        (() => {
          let views = dependentViewRecreation(ctx, key);
          return [
            ...views.filter((v) => v.startsWith("DROP ")),
            `DROP FOREIGN TABLE IF EXISTS ${rel};`,
            ...createForeignTableStatements(ctx, key, e),
            ...views.filter((v) => !v.startsWith("DROP "))
          ];
        })()
      );
      continue;
    }
    let what = [], actions = [], opts = optionsDelta(e.options, a.options);
    for (let change of opts.changes) what.push(`option ${change}`);
    opts.clause && actions.push(opts.clause);
    let partition = partitionActions(e, a, what);
    if (actions.push(...constraintActions(e, a, what), ...columnActions(e, a, what)), what.length) {
      let alters = [...actions.map((act) => `ALTER FOREIGN TABLE ${rel} ${act};`), ...partition], views = actions.some((act) => / TYPE |^DROP COLUMN /.test(act)) ? dependentViewRecreation(ctx, key) : [];
      problem(
        ctx,
        "foreign-table-mismatch",
        key,
        `Foreign table ${key} differs in the live database: ${what.join("; ")}.`,
        [...views.filter((v) => v.startsWith("DROP ")), ...alters, ...views.filter((v) => !v.startsWith("DROP "))]
      );
    }
    diffTriggers(ctx, key, rel, e.triggers ?? {}, a.triggers ?? {}), diffComment(ctx, key, `foreign table ${key}`, `FOREIGN TABLE ${rel}`, e.comment, a.comment), diffPrivileges(ctx, { object: key, label: `foreign table ${key}`, on: `TABLE ${rel}` }, e.privileges, a.privileges);
    let live = new Map(a.columns.map((c) => [c.name, c]));
    for (let c of e.columns) {
      let l = live.get(c.name);
      if (!l) continue;
      let object2 = memberKey(key, c.name);
      diffColumnStorage(ctx, object2, rel, c, l), diffComment(ctx, object2, `column ${object2}`, `COLUMN ${rel}.${quoteIdent(c.name)}`, c.comment, l.comment);
    }
  }
}

// packages/schema-verify/src/diff/publications.ts
function tableSql(key, t) {
  let columns = t.columns ? ` (${t.columns.map(quoteIdent).join(", ")})` : "";
  return `TABLE ONLY ${keyToSql(key)}${columns}${t.where !== void 0 ? ` WHERE (${t.where})` : ""}`;
}
function targetsSql(p) {
  return [
    ...Object.keys(p.tables).sort(compareText).map((k) => tableSql(k, p.tables[k])),
    ...p.schemas.map((s) => `TABLES IN SCHEMA ${quoteIdent(s)}`)
  ];
}
function withSql(p) {
  return `publish = ${quoteLiteral(p.publish.join(", "))}, publish_via_partition_root = ${p.viaRoot}`;
}
function createSql(p) {
  let name = quoteIdent(p.name), targets = targetsSql(p), what = p.allTables ? " FOR ALL TABLES" : targets.length ? ` FOR ${targets.join(", ")}` : "", out = [`CREATE PUBLICATION ${name}${what} WITH (${withSql(p)});`];
  return p.comment !== void 0 && out.push(comment(`PUBLICATION ${name}`, p.comment)), out;
}
var describeTables = (p) => p.allTables ? "all tables" : targetsSql(p).map((t) => t.replace(/^TABLE ONLY /, "")).join(", ") || "no tables";
function diffPublications(ctx) {
  let expected = ctx.expected.publications ?? {}, actual = ctx.actual.publications ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key], name = quoteIdent(key);
    if (e && !a) {
      problem(ctx, "missing-publication", key, `Publication ${key} (${describeTables(e)}) is missing in the live database, so nothing it should publish reaches its subscribers.`, createSql(e));
      continue;
    }
    if (!e && a) {
      extra(ctx, "extra-publication", key, `Publication ${key} (${describeTables(a)}) exists in the live database but not in the expected schema.`, `DROP PUBLICATION IF EXISTS ${name};`);
      continue;
    }
    let what = [], fix = [];
    if (e.allTables !== a.allTables)
      what.push(e.allTables ? "it should publish all tables" : "it publishes all tables"), fix.push(`DROP PUBLICATION IF EXISTS ${name};`, ...createSql(e));
    else {
      (e.publish.join() !== a.publish.join() || e.viaRoot !== a.viaRoot) && (what.push(`it publishes (${a.publish.join(", ")}${a.viaRoot ? ", via the partition root" : ""}) instead of (${e.publish.join(", ")}${e.viaRoot ? ", via the partition root" : ""})`), fix.push(`ALTER PUBLICATION ${name} SET (${withSql(e)});`));
      let want = targetsSql(e), have = targetsSql(a);
      if (want.join(`
`) !== have.join(`
`))
        if (what.push(`it publishes ${describeTables(a)} instead of ${describeTables(e)}`), want.length) fix.push(`ALTER PUBLICATION ${name} SET ${want.join(", ")};`);
        else {
          for (let k of Object.keys(a.tables).sort(compareText)) fix.push(`ALTER PUBLICATION ${name} DROP TABLE ONLY ${keyToSql(k)};`);
          for (let s of a.schemas) fix.push(`ALTER PUBLICATION ${name} DROP TABLES IN SCHEMA ${quoteIdent(s)};`);
        }
    }
    what.length && problem(ctx, "publication-mismatch", key, `Publication ${key} differs in the live database: ${what.join("; ")}.`, fix), !e.allTables == !a.allTables && diffComment(ctx, key, `publication ${key}`, `PUBLICATION ${name}`, e.comment, a.comment);
  }
}

// packages/schema-verify/src/diff/security-labels.ts
function objectWords(l) {
  return l.objectType === "table column" ? "COLUMN" : l.objectType.toUpperCase();
}
function labelSql(l, label) {
  return `SECURITY LABEL FOR ${quoteIdent(l.provider)} ON ${objectWords(l)} ${l.object} IS ${label === void 0 ? "NULL" : quoteLiteral(label)};`;
}
function diffSecurityLabels(ctx) {
  let expected = ctx.expected.securityLabels ?? {}, actual = ctx.actual.securityLabels ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key], l = e ?? a, what = `${l.objectType} ${l.object}`;
    e && !a ? problem(ctx, "missing-security-label", l.object, `Security label of provider ${l.provider} on ${what} is missing in the live database.`, labelSql(e, e.label)) : !e && a ? extra(ctx, "extra-security-label", l.object, `${what[0].toUpperCase()}${what.slice(1)} has a security label of provider ${l.provider} in the live database that the expected schema does not have.`, labelSql(a, void 0)) : e.label !== a.label && problem(ctx, "security-label-mismatch", l.object, `Security label of provider ${l.provider} on ${what} is ${quoteLiteral(a.label)} in the live database but ${quoteLiteral(e.label)} in the expected schema.`, labelSql(e, e.label));
  }
}

// packages/schema-verify/src/diff/statistics.ts
function targetSql(key, target3) {
  return target3 === void 0 ? [] : [`ALTER STATISTICS ${keyToSql(key)} SET STATISTICS ${target3};`];
}
function diffStatistics(ctx) {
  let expected = ctx.expected.statistics ?? {}, actual = ctx.actual.statistics ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key], drop = `DROP STATISTICS IF EXISTS ${keyToSql(key)};`;
    if (e && !a) {
      let create = [`${e.definition};`, ...targetSql(key, e.target)];
      e.comment !== void 0 && create.push(comment(`STATISTICS ${keyToSql(key)}`, e.comment)), problem(ctx, "missing-statistics", key, `Extended statistics ${key} on ${e.table} are missing in the live database.`, create);
    } else if (!e && a)
      extra(ctx, "extra-statistics", key, `Extended statistics ${key} on ${a.table} exist in the live database but not in the expected schema.`, drop);
    else if (columnsAsSet(e.definition) !== columnsAsSet(a.definition)) {
      let recreate = [drop, `${e.definition};`, ...targetSql(key, e.target)];
      e.comment !== void 0 && recreate.push(comment(`STATISTICS ${keyToSql(key)}`, e.comment)), problem(ctx, "statistics-definition-mismatch", key, `Extended statistics ${key} are ${a.definition} in the live database but ${e.definition} in the expected schema.`, recreate);
    } else
      e.target !== a.target && problem(
        ctx,
        "statistics-definition-mismatch",
        key,
        `Extended statistics ${key} have statistics target ${a.target ?? "default"} in the live database but ${e.target ?? "default"} in the expected schema.`,
        `ALTER STATISTICS ${keyToSql(key)} SET STATISTICS ${e.target ?? -1};`
      ), diffComment(ctx, key, `statistics ${key}`, `STATISTICS ${keyToSql(key)}`, e.comment, a.comment);
  }
}
function columnsAsSet(definition) {
  let sql = normalizeSql(definition), m = /^(.* ON )([^()]+)( FROM .*)$/.exec(sql);
  return m ? `${m[1]}${m[2].split(",").map((c) => c.trim()).sort().join(", ")}${m[3]}` : sql;
}

// packages/schema-verify/src/diff/text-search.ts
function parserSql(key, p) {
  return `CREATE TEXT SEARCH PARSER ${keyToSql(key)} (START = ${p.start}, GETTOKEN = ${p.token}, END = ${p.end}, LEXTYPES = ${p.lextypes}${p.headline ? `, HEADLINE = ${p.headline}` : ""});`;
}
function templateSql(key, t) {
  return `CREATE TEXT SEARCH TEMPLATE ${keyToSql(key)} (${t.init ? `INIT = ${t.init}, ` : ""}LEXIZE = ${t.lexize});`;
}
function dictionarySql(key, d) {
  return `CREATE TEXT SEARCH DICTIONARY ${keyToSql(key)} (TEMPLATE = ${keyToSql(d.template)}${d.options.map((o) => `, ${o}`).join("")});`;
}
function mappingSql(name, verb, token, dictionaries) {
  return `ALTER TEXT SEARCH CONFIGURATION ${name} ${verb} MAPPING FOR ${quoteIdent(token)} WITH ${dictionaries.map(keyToSql).join(", ")};`;
}
function configurationStatements(key, c) {
  let name = keyToSql(key), out = [`CREATE TEXT SEARCH CONFIGURATION ${name} (PARSER = ${keyToSql(c.parser)});`];
  for (let token of Object.keys(c.mappings).sort(compareText)) out.push(mappingSql(name, "ADD", token, c.mappings[token]));
  return c.comment !== void 0 && out.push(comment(`TEXT SEARCH CONFIGURATION ${name}`, c.comment)), out;
}
function diffSupportObjects(ctx, kind, expected, actual, createSql2, describe5) {
  let word = `TEXT SEARCH ${kind.toUpperCase()}`;
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key];
    if (e && !a) {
      let fix = [createSql2(key, e)];
      e.comment !== void 0 && fix.push(comment(`${word} ${keyToSql(key)}`, e.comment)), problem(ctx, `missing-text-search-${kind}`, key, `Text search ${kind} ${key} is missing in the live database.`, fix);
    } else !e && a ? extra(ctx, `extra-text-search-${kind}`, key, `Text search ${kind} ${key} exists in the live database but not in the expected schema.`, `DROP ${word} IF EXISTS ${keyToSql(key)};`) : describe5(e) !== describe5(a) ? problem(
      ctx,
      `text-search-${kind}-mismatch`,
      key,
      `Text search ${kind} ${key} is (${describe5(a)}) in the live database but (${describe5(e)}) in the expected schema. A ${kind} cannot be altered: fix it by hand by dropping it with what uses it (DROP ${word} ${keyToSql(key)} CASCADE) and creating them again (${createSql2(key, e)} ...).`
    ) : diffComment(ctx, key, `text search ${kind} ${key}`, `${word} ${keyToSql(key)}`, e.comment, a.comment);
  }
}
function diffTextSearch(ctx) {
  diffSupportObjects(
    ctx,
    "parser",
    ctx.expected.textSearchParsers ?? {},
    ctx.actual.textSearchParsers ?? {},
    parserSql,
    (p) => `START = ${p.start}, GETTOKEN = ${p.token}, END = ${p.end}, LEXTYPES = ${p.lextypes}, HEADLINE = ${p.headline ?? "none"}`
  ), diffSupportObjects(
    ctx,
    "template",
    ctx.expected.textSearchTemplates ?? {},
    ctx.actual.textSearchTemplates ?? {},
    templateSql,
    (t) => `INIT = ${t.init ?? "none"}, LEXIZE = ${t.lexize}`
  ), diffDictionaries(ctx), diffConfigurations(ctx);
}
function diffDictionaries(ctx) {
  let expected = ctx.expected.textSearchDictionaries ?? {}, actual = ctx.actual.textSearchDictionaries ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key], name = keyToSql(key);
    if (e && !a) {
      let fix = [dictionarySql(key, e)];
      e.comment !== void 0 && fix.push(comment(`TEXT SEARCH DICTIONARY ${name}`, e.comment)), problem(ctx, "missing-text-search-dictionary", key, `Text search dictionary ${key} (template ${e.template}) is missing in the live database.`, fix);
      continue;
    }
    if (!e && a) {
      extra(ctx, "extra-text-search-dictionary", key, `Text search dictionary ${key} exists in the live database but not in the expected schema.`, `DROP TEXT SEARCH DICTIONARY IF EXISTS ${name};`);
      continue;
    }
    if (e.template !== a.template) {
      problem(
        ctx,
        "text-search-dictionary-mismatch",
        key,
        `Text search dictionary ${key} uses template ${a.template} in the live database but ${e.template} in the expected schema. The template cannot be altered: fix it by hand by dropping the dictionary with the configurations that use it (DROP TEXT SEARCH DICTIONARY ${name} CASCADE) and creating them again (${dictionarySql(key, e)} ...).`
      );
      continue;
    }
    if (e.options.join(`
`) !== a.options.join(`
`)) {
      let names = (list) => new Map(list.map((o) => [o.slice(0, o.indexOf(" = ")), o])), want = names(e.options), set = [...e.options.filter((o) => !a.options.includes(o)), ...[...names(a.options).keys()].filter((n) => !want.has(n))];
      problem(
        ctx,
        "text-search-dictionary-mismatch",
        key,
        `Text search dictionary ${key} has options (${a.options.join(", ")}) in the live database but (${e.options.join(", ")}) in the expected schema.`,
        `ALTER TEXT SEARCH DICTIONARY ${name} (${set.join(", ")});`
      );
    }
    diffComment(ctx, key, `text search dictionary ${key}`, `TEXT SEARCH DICTIONARY ${name}`, e.comment, a.comment);
  }
}
function diffConfigurations(ctx) {
  let expected = ctx.expected.textSearchConfigurations ?? {}, actual = ctx.actual.textSearchConfigurations ?? {}, show = (d) => d ? d.join(", ") : "nothing";
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key], name = keyToSql(key);
    if (e && !a) {
      problem(ctx, "missing-text-search-configuration", key, `Text search configuration ${key} (parser ${e.parser}) is missing in the live database.`, configurationStatements(key, e));
      continue;
    }
    if (!e && a) {
      extra(ctx, "extra-text-search-configuration", key, `Text search configuration ${key} exists in the live database but not in the expected schema.`, `DROP TEXT SEARCH CONFIGURATION IF EXISTS ${name};`);
      continue;
    }
    if (e.parser !== a.parser) {
      problem(
        ctx,
        "text-search-configuration-mismatch",
        key,
        `Text search configuration ${key} uses parser ${a.parser} in the live database but ${e.parser} in the expected schema. The parser cannot be altered: fix it by hand by dropping the configuration with what uses it (DROP TEXT SEARCH CONFIGURATION ${name} CASCADE) and creating them again (${configurationStatements(key, e)[0]} ...).`
      );
      continue;
    }
    let what = [], fix = [];
    for (let token of sortedKeys(e.mappings, a.mappings)) {
      let want = e.mappings[token], have = a.mappings[token];
      show(want) !== show(have) && (what.push(`${token} maps to ${show(have)} instead of ${show(want)}`), want ? fix.push(mappingSql(name, have ? "ALTER" : "ADD", token, want)) : fix.push(`ALTER TEXT SEARCH CONFIGURATION ${name} DROP MAPPING IF EXISTS FOR ${quoteIdent(token)};`));
    }
    what.length && problem(ctx, "text-search-configuration-mismatch", key, `Text search configuration ${key} differs in the live database: ${what.join("; ")}.`, fix), diffComment(ctx, key, `text search configuration ${key}`, `TEXT SEARCH CONFIGURATION ${name}`, e.comment, a.comment);
  }
}

// packages/schema-verify/src/diff/ranges.ts
function defaultMultirange(r) {
  let name = r.name.includes("range") ? r.name.replace("range", "multirange") : `${r.name}_multirange`;
  return qname(r.schema, name);
}
function rangeOptions(r) {
  let opts = [`SUBTYPE = ${r.subtype}`];
  return r.subtypeOpClass && opts.push(`SUBTYPE_OPCLASS = ${r.subtypeOpClass}`), r.collation && opts.push(`COLLATION = ${r.collation}`), r.canonical && opts.push(`CANONICAL = ${r.canonical}`), r.subtypeDiff && opts.push(`SUBTYPE_DIFF = ${r.subtypeDiff}`), r.multirange && r.multirange !== defaultMultirange(r) && opts.push(`MULTIRANGE_TYPE_NAME = ${r.multirange}`), opts.join(", ");
}
function createRangeSql(ctx, key, r) {
  let name = qname(r.schema, r.name), out = [`CREATE TYPE ${name} AS RANGE (${rangeOptions(r)});`];
  return r.comment !== void 0 && out.push(comment(`TYPE ${name}`, r.comment)), out.push(...creationGrants({ object: key, label: "", on: `TYPE ${name}` }, r.privileges, newObjectBaseline(ctx, r.schema, "T"))), out;
}
var PROPERTIES = [
  ["subtype", "subtype"],
  ["subtypeOpClass", "subtype operator class"],
  ["collation", "collation"],
  ["canonical", "canonical function"],
  ["subtypeDiff", "subtype_diff function"],
  ["multirange", "multirange type"]
];
function diffRangeTypes(ctx) {
  let expected = ctx.expected.rangeTypes ?? {}, actual = ctx.actual.rangeTypes ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key];
    if (e && !a) {
      problem(ctx, "missing-range-type", key, `Range type ${key} (of ${e.subtype}) is missing in the live database.`, createRangeSql(ctx, key, e));
      continue;
    }
    let name = qname((e ?? a).schema, (e ?? a).name);
    if (!e && a) {
      extra(
        ctx,
        "extra-range-type",
        key,
        `Range type ${key} (of ${a.subtype}) exists in the live database but not in the expected schema.`,
        dropWithNotes(`DROP TYPE IF EXISTS ${name};`, [], [routineName(a.subtypeDiff), routineName(a.canonical), a.subtypeOpClass ?? ""])
      );
      continue;
    }
    let what = PROPERTIES.filter(([f]) => !(f === "multirange" && (e.multirange === void 0 || a.multirange === void 0))).filter(([f]) => (e[f] ?? "") !== (a[f] ?? "")).map(([f, label]) => `${label} ${a[f] ?? "none"} instead of ${e[f] ?? "none"}`);
    if (what.length) {
      let users = usersOf(ctx.actual, [name, ...a.multirange ? [a.multirange] : []], [key]), message = `Range type ${key} differs in the live database: ${what.join(", ")}`;
      if (users.length === 0)
        problem(
          ctx,
          "range-type-definition-mismatch",
          key,
          `${message}. A range type cannot be altered, so it is dropped and created again (nothing uses it).`,
          [`DROP TYPE IF EXISTS ${name};`, ...createRangeSql(ctx, key, e)]
        );
      else {
        let tmp = qname(e.schema, `${e.name}_old`);
        problem(
          ctx,
          "range-type-definition-mismatch",
          key,
          `${message}. A range type cannot be altered and ${listUsers(users)} use it, so there is no safe automatic fix; do it by hand: ALTER TYPE ${name} RENAME TO ${quoteIdent(`${e.name}_old`)}; CREATE TYPE ${name} AS RANGE (${rangeOptions(e)}); move each column with ALTER TABLE ... ALTER COLUMN ... TYPE ${name} USING col::text::${name}; re-create the functions, types and views that use it; then DROP TYPE ${tmp}.`
        );
      }
      continue;
    }
    diffComment(ctx, key, `range type ${key}`, `TYPE ${name}`, e.comment, a.comment), diffPrivileges(ctx, { object: key, label: `type ${key}`, on: `TYPE ${name}` }, e.privileges, a.privileges);
  }
}

// packages/schema-verify/src/diff/casts.ts
function how(c) {
  return `${c.method === "function" ? `WITH FUNCTION ${c.function}` : c.method === "binary" ? "WITHOUT FUNCTION" : "WITH INOUT"}${c.context === "assignment" ? " AS ASSIGNMENT" : c.context === "implicit" ? " AS IMPLICIT" : ""}`;
}
function createCastSql(key, c) {
  let out = [`CREATE CAST ${key} ${how(c)};`];
  return c.comment !== void 0 && out.push(comment(`CAST ${key}`, c.comment)), out;
}
function diffCasts(ctx) {
  let expected = ctx.expected.casts ?? {}, actual = ctx.actual.casts ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key], drop = `DROP CAST IF EXISTS ${key};`;
    e && !a ? problem(ctx, "missing-cast", key, `Cast ${key} (${how(e)}) is missing in the live database.`, createCastSql(key, e)) : !e && a ? extra(ctx, "extra-cast", key, `Cast ${key} (${how(a)}) exists in the live database but not in the expected schema.`, drop) : how(e) !== how(a) ? problem(ctx, "cast-definition-mismatch", key, `Cast ${key} is ${how(a)} in the live database but ${how(e)} in the expected schema.`, [drop, ...createCastSql(key, e)]) : diffComment(ctx, key, `cast ${key}`, `CAST ${key}`, e.comment, a.comment);
  }
}

// packages/schema-verify/src/diff/collations.ts
function collationOptions(c) {
  let opts = [`provider = ${c.provider}`];
  return c.provider === "libc" ? opts.push(`lc_collate = ${quoteLiteral(c.lcCollate ?? "")}`, `lc_ctype = ${quoteLiteral(c.lcCtype ?? "")}`) : opts.push(`locale = ${quoteLiteral(c.locale ?? "")}`), c.rules !== void 0 && opts.push(`rules = ${quoteLiteral(c.rules)}`), c.deterministic || opts.push("deterministic = false"), opts.join(", ");
}
function createCollationSql(c) {
  let name = qname(c.schema, c.name), out = [`CREATE COLLATION ${name} (${collationOptions(c)});`];
  return c.comment !== void 0 && out.push(comment(`COLLATION ${name}`, c.comment)), out;
}
function diffCollations(ctx) {
  let expected = ctx.expected.collations ?? {}, actual = ctx.actual.collations ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key];
    if (e && !a) {
      problem(ctx, "missing-collation", key, `Collation ${key} (${collationOptions(e)}) is missing in the live database.`, createCollationSql(e));
      continue;
    }
    let name = qname((e ?? a).schema, (e ?? a).name);
    if (!e && a) {
      extra(ctx, "extra-collation", key, `Collation ${key} (${collationOptions(a)}) exists in the live database but not in the expected schema.`, `DROP COLLATION IF EXISTS ${name};`);
      continue;
    }
    if (collationOptions(e) !== collationOptions(a)) {
      let message = `Collation ${key} is (${collationOptions(a)}) in the live database but (${collationOptions(e)}) in the expected schema`, users = usersOf(ctx.actual, [name]);
      users.length === 0 ? problem(
        ctx,
        "collation-definition-mismatch",
        key,
        `${message}. A collation cannot be altered, so it is dropped and created again (nothing uses it).`,
        [`DROP COLLATION IF EXISTS ${name};`, ...createCollationSql(e)]
      ) : problem(
        ctx,
        "collation-definition-mismatch",
        key,
        `${message}. A collation cannot be altered and ${listUsers(users)} use it, so there is no safe automatic fix; do it by hand: CREATE COLLATION under a new name with (${collationOptions(e)}), move each column with ALTER TABLE ... ALTER COLUMN ... TYPE ... COLLATE <new name>, re-create the indexes, constraints and views that use it, then DROP COLLATION ${name} and rename the new one with ALTER COLLATION ... RENAME TO. Unique indexes may start to reject rows that the old collation kept apart.`
      );
      continue;
    }
    diffComment(ctx, key, `collation ${key}`, `COLLATION ${name}`, e.comment, a.comment);
  }
}

// packages/schema-verify/src/diff/operators.ts
function operatorName(o) {
  return `${quoteIdent(o.schema)}.${o.name}`;
}
function signature(o) {
  return `${operatorName(o)} (${o.left ?? "NONE"}, ${o.right})`;
}
function operatorOptions(o) {
  let opts = [`FUNCTION = ${o.function}`];
  return o.left && opts.push(`LEFTARG = ${o.left}`), opts.push(`RIGHTARG = ${o.right}`), o.commutator && opts.push(`COMMUTATOR = ${o.commutator}`), o.negator && opts.push(`NEGATOR = ${o.negator}`), o.restrict && opts.push(`RESTRICT = ${o.restrict}`), o.join && opts.push(`JOIN = ${o.join}`), o.hashes && opts.push("HASHES"), o.merges && opts.push("MERGES"), opts.join(", ");
}
function createOperatorSql(o) {
  let out = [`CREATE OPERATOR ${operatorName(o)} (${operatorOptions(o)});`];
  return o.comment !== void 0 && out.push(comment(`OPERATOR ${signature(o)}`, o.comment)), out;
}
var FIXED = [
  ["function", "function"],
  ["result", "result type"],
  ["commutator", "commutator"],
  ["negator", "negator"],
  ["hashes", "HASHES"],
  ["merges", "MERGES"]
];
function diffOperators(ctx) {
  let expected = ctx.expected.operators ?? {}, actual = ctx.actual.operators ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key];
    if (e && !a) {
      problem(ctx, "missing-operator", key, `Operator ${key} (${operatorOptions(e)}) is missing in the live database.`, createOperatorSql(e));
      continue;
    }
    if (!e && a) {
      extra(
        ctx,
        "extra-operator",
        key,
        `Operator ${key} exists in the live database but not in the expected schema.`,
        dropWithNotes(`DROP OPERATOR IF EXISTS ${signature(a)};`, usersOf(ctx.actual, [operatorName(a)], [key]).filter((u) => u.kind !== "operator").flatMap((u) => u.sql), [routineName(a.function)])
      );
      continue;
    }
    let changed = (f) => String(e[f] ?? "") !== String(a[f] ?? ""), describe5 = (fields) => fields.filter(([f]) => changed(f)).map(([f, label]) => `${label} ${a[f] ?? "none"} instead of ${e[f] ?? "none"}`), fixed = describe5(FIXED), estimators = describe5([["restrict", "RESTRICT"], ["join", "JOIN"]]);
    if (fixed.length) {
      let message = `Operator ${key} differs in the live database: ${[...fixed, ...estimators].join(", ")}`, users = usersOf(ctx.actual, [operatorName(a)], [key]);
      users.length === 0 ? problem(
        ctx,
        "operator-definition-mismatch",
        key,
        `${message}. It is dropped and created again (nothing uses it).`,
        [`DROP OPERATOR IF EXISTS ${signature(a)};`, ...createOperatorSql(e)]
      ) : problem(
        ctx,
        "operator-definition-mismatch",
        key,
        `${message}. That cannot be altered and ${listUsers(users)} use it, so there is no safe automatic fix; do it by hand: drop what uses it, DROP OPERATOR ${signature(a)}; CREATE OPERATOR ${operatorName(e)} (${operatorOptions(e)}); then create those objects again.`
      );
      continue;
    }
    estimators.length && problem(
      ctx,
      "operator-definition-mismatch",
      key,
      `Operator ${key} differs in the live database: ${estimators.join(", ")}.`,
      `ALTER OPERATOR ${signature(e)} SET (RESTRICT = ${e.restrict ?? "NONE"}, JOIN = ${e.join ?? "NONE"});`
    ), diffComment(ctx, key, `operator ${key}`, `OPERATOR ${signature(e)}`, e.comment, a.comment);
  }
}

// packages/schema-verify/src/diff/operator-classes.ts
function target(c) {
  return `${qname(c.schema, c.name)} USING ${c.method}`;
}
function classBody(c) {
  let items = Object.keys(c.members).sort(compareText).map((m) => c.members[m]);
  return c.storage && items.push(`STORAGE ${c.storage}`), `${c.default ? "DEFAULT " : ""}FOR TYPE ${c.type} USING ${c.method} FAMILY ${c.family} AS ${items.join(", ")}`;
}
function createClassSql(c) {
  let out = [`CREATE OPERATOR CLASS ${qname(c.schema, c.name)} ${classBody(c)};`];
  return c.comment !== void 0 && out.push(comment(`OPERATOR CLASS ${target(c)}`, c.comment)), out;
}
function classUsers(model, key, c) {
  let users = usersOf(model, [qname(c.schema, c.name)], [key]);
  if (c.default) {
    for (let [k, t] of Object.entries(model.tables)) t.columns.some((col) => col.type === c.type) && users.push({ label: `table ${k}`, kind: "table", sql: [keyToSql(k)] });
    for (let [k, r] of Object.entries(model.rangeTypes ?? {})) r.subtype === c.type && users.push({ label: `range type ${k}`, kind: "range type", sql: [keyToSql(k)] });
  }
  return users.filter((u, i) => users.findIndex((x) => x.label === u.label) === i);
}
function memberNames(members3) {
  return Object.values(members3).map((m) => {
    let fn = /^FUNCTION \d+ \([^)]*\) (.*)$/.exec(m);
    return fn ? routineName(fn[1]) : m.replace(/^OPERATOR \d+ /, "").replace(/\(.*$/, "");
  });
}
function diffOperatorClasses(ctx) {
  let expected = ctx.expected.operatorClasses ?? {}, actual = ctx.actual.operatorClasses ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key];
    if (e && !a) {
      problem(ctx, "missing-operator-class", key, `Operator class ${key} (${classBody(e)}) is missing in the live database.`, createClassSql(e));
      continue;
    }
    if (!e && a) {
      extra(
        ctx,
        "extra-operator-class",
        key,
        `Operator class ${key} exists in the live database but not in the expected schema.`,
        dropWithNotes(`DROP OPERATOR CLASS IF EXISTS ${target(a)};`, classUsers(ctx.actual, key, a).flatMap((u) => u.sql), [...memberNames(a.members), a.family])
      );
      continue;
    }
    if (classBody(e) !== classBody(a)) {
      let message = `Operator class ${key} is (${classBody(a)}) in the live database but (${classBody(e)}) in the expected schema`, users = classUsers(ctx.actual, key, a);
      users.length === 0 ? problem(
        ctx,
        "operator-class-definition-mismatch",
        key,
        `${message}. An operator class cannot be altered, so it is dropped and created again (nothing uses it).`,
        [`DROP OPERATOR CLASS IF EXISTS ${target(a)};`, ...createClassSql(e)]
      ) : problem(
        ctx,
        "operator-class-definition-mismatch",
        key,
        `${message}. An operator class cannot be altered and ${listUsers(users)} may use it, so there is no safe automatic fix; do it by hand: drop the indexes and constraints that use it, DROP OPERATOR CLASS ${target(a)}; CREATE OPERATOR CLASS ${qname(e.schema, e.name)} ${classBody(e)}; then create them again.`
      );
      continue;
    }
    diffComment(ctx, key, `operator class ${key}`, `OPERATOR CLASS ${target(e)}`, e.comment, a.comment);
  }
}

// packages/schema-verify/src/diff/operator-families.ts
function target2(f) {
  return `${qname(f.schema, f.name)} USING ${f.method}`;
}
function addMembersSql(f, identities) {
  return identities.length ? [`ALTER OPERATOR FAMILY ${target2(f)} ADD ${identities.map((m) => f.members[m]).join(", ")};`] : [];
}
function createFamilySql(f) {
  let out = [`CREATE OPERATOR FAMILY ${target2(f)};`, ...addMembersSql(f, Object.keys(f.members).sort(compareText))];
  return f.comment !== void 0 && out.push(comment(`OPERATOR FAMILY ${target2(f)}`, f.comment)), out;
}
function familyUsers(ctx, f) {
  let name = qname(f.schema, f.name);
  return Object.entries(ctx.actual.operatorClasses ?? {}).filter(([, c]) => c.family === name && c.method === f.method).flatMap(([k, c]) => classUsers(ctx.actual, k, c).flatMap((u) => u.sql));
}
function diffOperatorFamilies(ctx) {
  let expected = ctx.expected.operatorFamilies ?? {}, actual = ctx.actual.operatorFamilies ?? {};
  for (let key of sortedKeys(expected, actual)) {
    let e = expected[key], a = actual[key];
    if (e && !a) {
      problem(ctx, "missing-operator-family", key, `Operator family ${key} is missing in the live database.`, createFamilySql(e));
      continue;
    }
    if (!e && a) {
      extra(
        ctx,
        "extra-operator-family",
        key,
        `Operator family ${key} exists in the live database but not in the expected schema.`,
        dropWithNotes(`DROP OPERATOR FAMILY IF EXISTS ${target2(a)};`, familyUsers(ctx, a), memberNames(a.members))
      );
      continue;
    }
    let identities = sortedKeys(e.members, a.members), removed = identities.filter((m) => a.members[m] !== void 0 && e.members[m] !== a.members[m]), added = identities.filter((m) => e.members[m] !== void 0 && e.members[m] !== a.members[m]);
    if (removed.length || added.length) {
      let what = identities.filter((m) => e.members[m] !== a.members[m]).map((m) => a.members[m] === void 0 ? `${e.members[m]} missing` : e.members[m] === void 0 ? `extra ${a.members[m]}` : `${a.members[m]} instead of ${e.members[m]}`), fix = [
        ...removed.length ? [`ALTER OPERATOR FAMILY ${target2(a)} DROP ${removed.join(", ")};`] : [],
        ...addMembersSql(e, added)
      ];
      problem(ctx, "operator-family-definition-mismatch", key, `Operator family ${key} differs in the live database: ${what.join("; ")}.`, fix);
    }
    diffComment(ctx, key, `operator family ${key}`, `OPERATOR FAMILY ${target2(e)}`, e.comment, a.comment);
  }
}

// packages/schema-verify/src/diff/index.ts
function diffSchemas(expected, actual, opts = {}) {
  let ctx = {
    expected,
    actual,
    strict: opts.strict === !0,
    // A model read with ignorePrivileges carries none; comparing it would report every grant.
    ignorePrivileges: opts.ignorePrivileges === !0 || !hasPrivileges(expected) || !hasPrivileges(actual),
    findings: []
  };
  diffSchemaObjects(ctx), diffExtensions(ctx), diffTypes(ctx), diffSequences(ctx), diffTables(ctx), diffFunctions(ctx), diffIndexes(ctx), diffViews(ctx), diffDefaultPrivileges(ctx), diffPublications(ctx), diffStatistics(ctx), diffCollations(ctx), diffRangeTypes(ctx), diffCasts(ctx), diffOperators(ctx), diffOperatorFamilies(ctx), diffOperatorClasses(ctx), diffForeignDataWrappers(ctx), diffForeignServers(ctx), diffUserMappings(ctx), diffForeignTables(ctx), diffTextSearch(ctx), diffEventTriggers(ctx), diffSecurityLabels(ctx);
  let ignored = compileGlobs(opts.ignore ?? []);
  return ignored ? ctx.findings.filter((f) => !ignored.test(f.object) && !ignored.test(unquotedKey(f.object))) : ctx.findings;
}
function hasPrivileges(model) {
  let schemas = Object.values(model.schemas);
  return schemas.length === 0 || schemas.some((s) => s.privileges !== void 0);
}
function compileGlobs(globs) {
  let parts = globs.filter((g) => g.length > 0).map((g) => g.split("").map((ch) => ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")).join(""));
  return parts.length ? new RegExp(`^(?:${parts.join("|")})$`, "s") : void 0;
}

// packages/schema-verify/src/canonical.ts
var MAX_PASSES = 3, SCRATCH = "pg_temp.preflight_canon_table", constraintTree = "c.convalidated || ' ' || c.connoinherit || ' ' || c.conbin::text AS t";
async function one(client, sql, params = []) {
  let r = await client.query(sql, params), text = r.rows[0]?.d ?? void 0;
  return text === void 0 ? void 0 : { text, tree: r.rows[0]?.t ?? void 0 };
}
var retext = (c, f) => c ? { ...c, text: f(c.text) } : void 0, differs = (e, a) => e !== void 0 && a !== void 0 && e !== a && normalizeSql(e) !== normalizeSql(a), qualifiedRel = String.raw`(?:"(?:[^"]|"")*"|[^\s."]+)\.(?:"(?:[^"]|"")*"|[^\s."]+)`;
function mismatches(expected, actual) {
  let out = [];
  for (let [key, e] of Object.entries(expected.tables)) {
    let a = actual.tables[key];
    if (!a) continue;
    let scratch = scratchTable(e.schema, e.name);
    for (let [name, ec] of Object.entries(e.constraints)) {
      let ac = a.constraints[name];
      !ac || ec.type !== "check" || ac.type !== "check" || !differs(ec.definition, ac.definition) || out.push({
        expected: ec.definition,
        actual: ac.definition,
        canonical: (client, text) => scratch(client, async () => (await client.query(`ALTER TABLE ${SCRATCH} ADD CONSTRAINT preflight_canon ${text}`), one(client, `SELECT pg_catalog.pg_get_constraintdef(c.oid) AS d, ${constraintTree} FROM pg_catalog.pg_constraint c
            WHERE c.conrelid = '${SCRATCH}'::pg_catalog.regclass AND c.conname = 'preflight_canon'`))),
        accept: (m) => {
          let t = m.tables[key];
          m.tables[key] = { ...t, constraints: { ...t.constraints, [name]: { ...t.constraints[name], definition: ac.definition } } };
        }
      });
    }
    let liveCols = new Map(a.columns.map((c) => [c.name, c]));
    for (let ec of e.columns) {
      let ac = liveCols.get(ec.name);
      if (!ac) continue;
      let setColumn = (field, value) => (m) => {
        let t = m.tables[key];
        m.tables[key] = { ...t, columns: t.columns.map((c) => c.name === ec.name ? { ...c, [field]: value } : c) };
      };
      differs(ec.default, ac.default) && out.push({
        expected: ec.default,
        actual: ac.default,
        // On the column itself, so the default is coerced to the column's type as it was.
        canonical: (client, text) => scratch(client, async () => (await client.query(`ALTER TABLE ${SCRATCH} ALTER COLUMN ${quoteIdent(ec.name)} SET DEFAULT ${text}`), one(client, `SELECT pg_catalog.pg_get_expr(d.adbin, 0) AS d, d.adbin::text AS t FROM pg_catalog.pg_attrdef d
              JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
              WHERE d.adrelid = '${SCRATCH}'::pg_catalog.regclass AND a.attname = $1`, [ec.name]))),
        accept: setColumn("default", ac.default)
      }), differs(ec.generated, ac.generated) && ec.type === ac.type && out.push({
        expected: ec.generated,
        actual: ac.generated,
        canonical: (client, text) => scratch(client, async () => (await client.query(`ALTER TABLE ${SCRATCH} ADD COLUMN preflight_canon_generated ${ec.type} GENERATED ALWAYS AS (${text}) STORED`), one(client, `SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS d, d.adbin::text AS t FROM pg_catalog.pg_attrdef d
              JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
              WHERE d.adrelid = '${SCRATCH}'::pg_catalog.regclass AND a.attname = 'preflight_canon_generated'`))),
        accept: setColumn("generated", ac.generated)
      });
    }
    for (let [name, et] of Object.entries(e.triggers)) {
      let at = a.triggers[name];
      !at || !differs(et.definition, at.definition) || out.push({
        expected: et.definition,
        actual: at.definition,
        // WHEN (...) is the part the server rewrites; the rest of the statement comes along.
        canonical: (client, text) => scratch(client, async () => {
          let sql = text.replace(new RegExp(`^(CREATE (?:CONSTRAINT )?TRIGGER )\\S+( .*? ON )${qualifiedRel} `), `$1preflight_canon_trigger$2${SCRATCH} `);
          if (sql === text) return;
          await client.query(sql);
          let def = await one(client, `SELECT pg_catalog.pg_get_triggerdef(t.oid) AS d,
              (pg_catalog.to_jsonb(t) - 'oid' - 'tgrelid' - 'tgname' - 'tgqual')::text || ' ' || coalesce(t.tgqual::text, '') AS t
            FROM pg_catalog.pg_trigger t
            WHERE t.tgrelid = '${SCRATCH}'::pg_catalog.regclass AND t.tgname = 'preflight_canon_trigger'`);
          return retext(def, (d) => d.replace(/^(CREATE (?:CONSTRAINT )?TRIGGER )preflight_canon_trigger( .*? ON )pg_temp(?:_\d+)?\.preflight_canon_table /, (_m, head, mid) => `${head}${quoteIdent(name)}${mid}${qname(e.schema, e.name)} `));
        }),
        accept: (m) => {
          let t = m.tables[key];
          m.tables[key] = { ...t, triggers: { ...t.triggers, [name]: { ...t.triggers[name], definition: at.definition } } };
        }
      });
    }
    for (let [name, ep] of Object.entries(e.policies)) {
      let ap = a.policies[name];
      if (ap)
        for (let field of ["using", "withCheck"])
          differs(ep[field], ap[field]) && out.push({
            expected: ep[field],
            actual: ap[field],
            canonical: (client, text) => scratch(client, async () => {
              await client.query(`CREATE POLICY preflight_canon ON ${SCRATCH} ${field === "using" ? "USING" : "WITH CHECK"} (${text})`);
              let col = field === "using" ? "polqual" : "polwithcheck";
              return one(client, `SELECT pg_catalog.pg_get_expr(p.${col}, p.polrelid) AS d, p.${col}::text AS t
              FROM pg_catalog.pg_policy p WHERE p.polrelid = '${SCRATCH}'::pg_catalog.regclass AND p.polname = 'preflight_canon'`);
            }),
            accept: (m) => {
              let t = m.tables[key];
              m.tables[key] = { ...t, policies: { ...t.policies, [name]: { ...t.policies[name], [field]: ap[field] } } };
            }
          });
    }
  }
  for (let [key, e] of Object.entries(expected.types)) {
    let a = actual.types[key];
    if (!a || e.kind !== "domain" || a.kind !== "domain" || e.baseType !== a.baseType || !e.baseType) continue;
    let domain = (client, fn) => savepoint(client, async () => (await client.query(`CREATE DOMAIN pg_temp.preflight_canon_domain AS ${e.baseType}`), fn()));
    for (let [name, ec] of Object.entries(e.constraints ?? {})) {
      let ac = a.constraints?.[name];
      !ac || !differs(ec.definition, ac.definition) || out.push({
        expected: ec.definition,
        actual: ac.definition,
        canonical: (client, text) => domain(client, async () => (await client.query(`ALTER DOMAIN pg_temp.preflight_canon_domain ADD CONSTRAINT preflight_canon ${text}`), one(client, `SELECT pg_catalog.pg_get_constraintdef(c.oid) AS d, ${constraintTree} FROM pg_catalog.pg_constraint c
            WHERE c.contypid = 'pg_temp.preflight_canon_domain'::pg_catalog.regtype AND c.conname = 'preflight_canon'`))),
        accept: (m) => {
          let t = m.types[key];
          m.types[key] = { ...t, constraints: { ...t.constraints, [name]: { ...t.constraints[name], definition: ac.definition } } };
        }
      });
    }
    differs(e.default, a.default) && out.push({
      expected: e.default,
      actual: a.default,
      canonical: (client, text) => domain(client, async () => (await client.query(`ALTER DOMAIN pg_temp.preflight_canon_domain SET DEFAULT ${text}`), one(client, `SELECT pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS d, t.typdefaultbin::text AS t FROM pg_catalog.pg_type t
            WHERE t.oid = 'pg_temp.preflight_canon_domain'::pg_catalog.regtype`))),
      accept: (m) => {
        m.types[key] = { ...m.types[key], default: a.default };
      }
    });
  }
  for (let [key, e] of Object.entries(expected.indexes)) {
    let a = actual.indexes[key];
    if (!a || e.table !== a.table || !differs(e.definition, a.definition)) continue;
    let rel = expected.tables[e.table] ?? expected.views[e.table];
    if (!rel) continue;
    let scratch = scratchTable(rel.schema, rel.name), onScratch = (text) => text.replace(new RegExp(`^(CREATE (?:UNIQUE )?INDEX \\S+ ON )(?:ONLY )?${qualifiedRel}( USING )`), `$1${SCRATCH}$2`);
    out.push({
      expected: e.definition,
      actual: a.definition,
      canonical: (client, text) => scratch(client, async () => {
        let sql = onScratch(text);
        if (sql === text) return;
        await client.query(sql.replace(/^(CREATE (?:UNIQUE )?INDEX )\S+/, "$1preflight_canon_index"));
        let def = await one(client, `SELECT pg_catalog.pg_get_indexdef(i.indexrelid) AS d,
            (pg_catalog.to_jsonb(i) - 'indexrelid' - 'indrelid')::text || ' ' || ic.relam || ' ' || coalesce(ic.reloptions::text, '') AS t
          FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
          WHERE i.indexrelid = 'pg_temp.preflight_canon_index'::pg_catalog.regclass`);
        return retext(def, (d) => d.replace(/^(CREATE (?:UNIQUE )?INDEX )preflight_canon_index ON pg_temp(?:_\d+)?\.preflight_canon_table/, `$1${quoteIdent(e.name)} ON ${qname(rel.schema, rel.name)}`));
      }),
      accept: (m) => {
        m.indexes[key] = { ...m.indexes[key], definition: a.definition };
      }
    });
  }
  for (let [key, e] of Object.entries(expected.views)) {
    let a = actual.views[key];
    !a || e.kind !== a.kind || !differs(e.definition, a.definition) || out.push({
      expected: e.definition,
      actual: a.definition,
      canonical: (client, text) => savepoint(client, async () => {
        await client.query(`CREATE TEMPORARY VIEW preflight_canon_view AS ${text}`);
        let def = await one(client, `SELECT pg_catalog.pg_get_viewdef(r.ev_class, true) AS d,
            pg_catalog.replace(r.ev_action::text, ':relid ' || r.ev_class::oid::text || ' ', ':relid self ') AS t
          FROM pg_catalog.pg_rewrite r WHERE r.ev_class = 'pg_temp.preflight_canon_view'::pg_catalog.regclass AND r.rulename = '_RETURN'`);
        return retext(def, (d) => d.replace(/;\s*$/, ""));
      }),
      accept: (m) => {
        m.views[key] = { ...m.views[key], definition: a.definition };
      }
    });
  }
  return out;
}
function scratchTable(schema, name) {
  return (client, fn) => savepoint(client, async () => (await client.query(`CREATE TEMPORARY TABLE preflight_canon_table (LIKE ${qname(schema, name)})`), fn()));
}
var environmentRefusals = /* @__PURE__ */ new Set(["42501", "25006"]);
async function savepoint(client, fn) {
  await client.query("SAVEPOINT preflight_canon");
  try {
    return await fn();
  } catch (e) {
    if (environmentRefusals.has(e.code ?? "")) throw e;
    return;
  } finally {
    await client.query("ROLLBACK TO SAVEPOINT preflight_canon; RELEASE SAVEPOINT preflight_canon");
  }
}
function normalFormsUpperCase(text) {
  let call = /(?:"normalize"|\bis_normalized)\(/g, out = "", from = 0;
  for (let m = call.exec(text); m; m = call.exec(text)) {
    let depth = 0, i = m.index + m[0].length;
    for (; i < text.length; i++) {
      let ch = text[i];
      if (ch === "'") i = skipLiteral(text, i);
      else if (ch === "(") depth++;
      else if (ch === ")") {
        if (depth-- === 0) break;
      } else if (ch === "," && depth === 0) break;
    }
    let form = /^, '(nfc|nfd|nfkc|nfkd)'::text\)/.exec(text.slice(i));
    form && (out += text.slice(from, i) + `, '${form[1].toUpperCase()}'::text)`, from = i + form[0].length, call.lastIndex = from);
  }
  return out + text.slice(from);
}
function skipLiteral(text, at) {
  for (let i = at + 1; i < text.length; i++)
    if (text[i] === "'")
      if (text[i + 1] === "'") i++;
      else return i;
  return text.length;
}
async function fixpoint(client, p, text) {
  let current = normalFormsUpperCase(text);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let next = retext(await p.canonical(client, current), normalFormsUpperCase);
    if (next === void 0) return;
    if (normalizeSql(next.text) === normalizeSql(current)) return { text: normalizeSql(next.text), tree: next.tree };
    current = next.text;
  }
}
var displayOnly = /:(?:location|stmt_location|stmt_len|funcformat|relabelformat|coerceformat|convertformat) -?\d+/g;
function sameDefinition(want, have) {
  return want.text === have.text ? !0 : want.tree !== void 0 && have.tree !== void 0 && want.tree.replace(displayOnly, "") === have.tree.replace(displayOnly, "");
}
async function settleRewrites(connect, expected, actual) {
  let pending = mismatches(expected, actual);
  if (pending.length === 0) return { model: expected, settled: 0, candidates: 0 };
  let model = { ...expected, tables: { ...expected.tables }, views: { ...expected.views }, indexes: { ...expected.indexes }, types: { ...expected.types } }, settled = 0, client, error;
  try {
    client = await connect(), await client.query(["BEGIN", ...SESSION_SETUP, "SET LOCAL lock_timeout = '5s'"].join(`;
`));
    for (let p of pending) {
      let want = await fixpoint(client, p, p.expected);
      if (want === void 0) continue;
      let have = await fixpoint(client, p, p.actual);
      have !== void 0 && sameDefinition(want, have) && (p.accept(model), settled++);
    }
    await client.query("ROLLBACK");
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  } finally {
    await client?.end().catch(() => {
    });
  }
  return { model: settled ? model : expected, settled, candidates: pending.length, error };
}

// node_modules/zod/v4/core/util.js
function getEnumValues(entries) {
  let numericValues = Object.values(entries).filter((v) => typeof v == "number");
  return Object.entries(entries).filter(([k, _]) => numericValues.indexOf(+k) === -1).map(([_, v]) => v);
}
function jsonStringifyReplacer(_, value) {
  return typeof value == "bigint" ? value.toString() : value;
}
var Cached = class {
  constructor(getter) {
    this._getter = getter, this._value = void 0;
  }
  get value() {
    let getter = this._getter;
    return getter !== void 0 && (this._value = getter(), this._getter = void 0), this._value;
  }
};
function cached(getter) {
  return new Cached(getter);
}
function cleanRegex(source) {
  let start = source.startsWith("^") ? 1 : 0, end = source.endsWith("$") ? source.length - 1 : source.length;
  return source.slice(start, end);
}
function assignProp(target3, prop, value) {
  Object.defineProperty(target3, prop, {
    value,
    writable: !0,
    enumerable: !0,
    configurable: !0
  });
}
function rawShape(def) {
  let desc = Object.getOwnPropertyDescriptor(def, "shape");
  return desc?.get ? desc.get.raw : desc?.value;
}
function sourceShape(schema) {
  return rawShape(schema._zod.def) ?? schema._zod.def.shape;
}
function deferProp(target3, key, getter) {
  Object.defineProperty(target3, key, {
    get() {
      let value = getter();
      return assignProp(this, key, value), value;
    },
    enumerable: !0,
    configurable: !0
  });
}
function putProp(target3, key, value) {
  key in target3 ? assignProp(target3, key, value) : target3[key] = value;
}
function mirrorShape(target3, source, keys, wrap) {
  let raw = sourceShape(source);
  for (let key of keys) {
    let desc = Object.getOwnPropertyDescriptor(raw, key);
    desc.enumerable && (desc.get ? deferProp(target3, key, () => {
      let value = source._zod.def.shape[key];
      return wrap ? wrap(value, key) : value;
    }) : putProp(target3, key, wrap ? wrap(desc.value, key) : desc.value));
  }
}
function mirrorProps(target3, source) {
  for (let key of Reflect.ownKeys(source)) {
    let desc = Object.getOwnPropertyDescriptor(source, key);
    desc.enumerable && (desc.get ? deferProp(target3, key, () => source[key]) : putProp(target3, key, desc.value));
  }
}
function mergeDefs(...defs) {
  let mergedDescriptors = {};
  for (let def of defs) {
    let descriptors = Object.getOwnPropertyDescriptors(def);
    Object.assign(mergedDescriptors, descriptors);
  }
  return Object.defineProperties({}, mergedDescriptors);
}
var captureStackTrace = "captureStackTrace" in Error ? Error.captureStackTrace : (..._args) => {
};
function isObject(data) {
  return typeof data == "object" && data !== null && !Array.isArray(data);
}
function isPlainObject(o) {
  if (isObject(o) === !1)
    return !1;
  let ctor = o.constructor;
  if (ctor === void 0 || typeof ctor != "function")
    return !0;
  let prot = ctor.prototype;
  return !(isObject(prot) === !1 || Object.prototype.hasOwnProperty.call(prot, "isPrototypeOf") === !1);
}
var propertyKeyTypes = /* @__PURE__ */ new Set(["string", "number", "symbol"]);
function escapeRegex(str2) {
  return str2.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function clone(inst, def, params) {
  let cl = new inst._zod.constr(def ?? inst._zod.def);
  return (!def || params?.parent) && (cl._zod.parent = inst), cl;
}
function normalizeParams(_params) {
  let params = _params;
  if (!params)
    return {};
  if (typeof params == "string")
    return { error: () => params };
  if (params?.message !== void 0) {
    if (params?.error !== void 0)
      throw new Error("Cannot specify both `message` and `error` params");
    params.error = params.message;
  }
  return delete params.message, typeof params.error == "string" ? { ...params, error: () => params.error } : params;
}
function optionalKeys(shape) {
  return Object.keys(shape).filter((k) => shape[k]._zod.optin !== void 0 && shape[k]._zod.optout === "optional");
}
var NUMBER_FORMAT_RANGES = {
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-34028234663852886e22, 34028234663852886e22],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE]
};
function extend(schema, shape) {
  if (!isPlainObject(shape))
    throw new Error("Invalid input to extend: expected a plain object");
  let checks = schema._zod.def.checks;
  if (checks && checks.length > 0) {
    let existingShape = sourceShape(schema);
    for (let key of Reflect.ownKeys(shape))
      if (Object.getOwnPropertyDescriptor(existingShape, key) !== void 0)
        throw new Error("Cannot overwrite keys on object schemas containing refinements. Use `.safeExtend()` instead.");
  }
  return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
function extended(schema, shape) {
  let newShape = {};
  return mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema))), mirrorProps(newShape, shape), newShape;
}
function aborted(x, startIndex = 0) {
  if (x.aborted === !0)
    return !0;
  for (let i = startIndex; i < x.issues.length; i++)
    if (x.issues[i]?.continue !== !0)
      return !0;
  return !1;
}
function explicitlyAborted(x, startIndex = 0) {
  if (x.aborted === !0)
    return !0;
  for (let i = startIndex; i < x.issues.length; i++)
    if (x.issues[i]?.continue === !1)
      return !0;
  return !1;
}
function prefixIssues(path, issues) {
  return issues.map((iss) => {
    var _a2;
    return (_a2 = iss).path ?? (_a2.path = []), iss.path.unshift(path), iss;
  });
}
function unwrapMessage(message) {
  return typeof message == "string" ? message : message?.message;
}
function sizeCaps(defChecks) {
  let caps = [];
  for (let ch of defChecks ?? []) {
    let d = ch._zod.def;
    if (!/_(length|size)$|_equals$/.test(d.check))
      break;
    let max = d.maximum ?? d.length ?? d.size;
    max >= 0 && caps.push([max, ch]);
  }
  return caps;
}
function attachSchema(issues, start, inst) {
  var _a2;
  for (let i = start; i < issues.length; i++)
    (_a2 = issues[i]).schema ?? (_a2.schema = inst);
}
function finalizeIssue(iss, ctx, config2) {
  var _a2;
  let traits = iss.inst?._zod?.traits;
  traits?.has("$ZodType") && (traits.has("$ZodCheck") ? (_a2 = iss).schema ?? (_a2.schema = iss.inst) : iss.schema = iss.inst);
  let schemaError = iss.schema !== iss.inst ? iss.schema?._zod.def?.error : void 0, message = iss.message ? iss.message : unwrapMessage(iss.inst?._zod.def?.error?.(iss)) ?? unwrapMessage(schemaError?.(iss)) ?? unwrapMessage(ctx?.error?.(iss)) ?? unwrapMessage(config2.customError?.(iss)) ?? unwrapMessage(config2.localeError?.(iss)) ?? "Invalid input", full = {};
  for (let k of Object.keys(iss))
    k === "inst" || k === "schema" || k === "continue" || k === "input" || k === "__proto__" || (full[k] = iss[k]);
  return full.path ?? (full.path = []), full.message = message, ctx?.reportInput && (full.input = iss.input), full;
}
function members2(proto, table2) {
  for (let key in table2) {
    let desc = Object.getOwnPropertyDescriptor(table2, key);
    desc.get ? Object.defineProperty(proto, key, { ...desc, enumerable: !1 }) : defineBound(proto, key, desc.value);
  }
}
function own(inst, key, value, enumerable = !0) {
  return Object.defineProperty(inst, key, { configurable: !0, writable: !0, enumerable, value }), value;
}
function hide(inst, key, value) {
  return own(inst, key, value, !1);
}
function defineBound(proto, key, fn) {
  Object.defineProperty(proto, key, {
    configurable: !0,
    get() {
      return this == null ? fn : own(this, key, fn.bind(this));
    },
    set(value) {
      own(this, key, value);
    }
  });
}
function claim(inst, sentinel) {
  let proto = Object.getPrototypeOf(inst);
  return sentinel in proto ? void 0 : proto;
}
var installing, broke = !1, breaker = {
  configurable: !0,
  get() {
    broke = !0;
  }
};
function defineLazyInternal(inst, key, compute) {
  let proto = Object.getPrototypeOf(inst._zod);
  if (key in proto && installing !== inst._zod) {
    installing = void 0;
    return;
  }
  installing = inst._zod, Object.defineProperty(proto, key, {
    configurable: !0,
    get() {
      Object.defineProperty(this, key, breaker);
      let outer = broke;
      broke = !1;
      try {
        let value = compute(this);
        return broke ? delete this[key] : Object.defineProperty(this, key, { configurable: !0, writable: !0, value }), broke = broke || outer, value;
      } catch (err) {
        throw delete this[key], broke = broke || outer, err;
      }
    },
    set(value) {
      Object.defineProperty(this, key, { configurable: !0, writable: !0, value });
    }
  });
}
function installLazyProp(inst, key, make, enumerable) {
  let proto = claim(inst, key);
  proto && Object.defineProperty(proto, key, {
    configurable: !0,
    get() {
      let desc = { configurable: !0, writable: !0, enumerable, value: void 0 };
      return Object.defineProperty(this, key, desc), desc.value = make(this), Object.defineProperty(this, key, desc), desc.value;
    },
    set(value) {
      Object.defineProperty(this, key, { configurable: !0, writable: !0, enumerable, value });
    }
  });
}

// node_modules/zod/v4/core/core.js
var _a;
var _zodDesc = { value: void 0, enumerable: !1 }, _E = "captureStackTrace" in Error ? Error : null;
function newError(Definition) {
  let E = _E;
  if (E) {
    let saved = E.stackTraceLimit;
    if (typeof saved == "number") {
      try {
        E.stackTraceLimit = 0;
      } catch {
        return _E = null, new Definition();
      }
      try {
        return new Definition();
      } finally {
        E.stackTraceLimit = saved;
      }
    }
  }
  return new Definition();
}
// @__NO_SIDE_EFFECTS__
function $constructor(name, initializer2, proto, params) {
  let zodProto = {};
  function Internals(def) {
    this.def = def, this.constr = _, this.traits = /* @__PURE__ */ new Set();
  }
  Internals.prototype = zodProto;
  let protoMembers = proto, initialized = protoMembers && /* @__PURE__ */ new WeakSet();
  function init(inst, def) {
    if (inst._zod) {
      if (inst._zod.traits.has(name))
        return;
    } else {
      _zodDesc.value = new Internals(def);
      try {
        Object.defineProperty(inst, "_zod", _zodDesc);
      } finally {
        _zodDesc.value = void 0;
      }
    }
    if (inst._zod.traits.add(name), initializer2(inst, def), initialized) {
      let own2 = Object.getPrototypeOf(inst), ctorProto = inst._zod.constr.prototype, up = own2;
      for (; up && up !== ctorProto; )
        up = Object.getPrototypeOf(up);
      let target3 = up ?? own2;
      initialized.has(target3) || (initialized.add(target3), members2(target3, protoMembers));
    }
    let proto2 = _.prototype;
    for (let k in proto2)
      Object.prototype.hasOwnProperty.call(proto2, k) && (k in inst || (inst[k] = proto2[k].bind(inst)));
  }
  let Parent = params?.Parent ?? Object;
  class Definition extends Parent {
  }
  Object.defineProperty(Definition, "name", { value: name });
  function _(def) {
    let inst = params?.Parent ? newError(Definition) : this;
    init(inst, def);
    let deferred = inst._zod.deferred;
    if (deferred) {
      for (let fn of deferred)
        fn();
      inst._zod.deferred = void 0;
    }
    let pp = globalThis.__zod_globalConfig?.postProcessor;
    return pp && pp(inst), inst;
  }
  return Object.defineProperty(_, "init", { value: init }), Object.defineProperty(_, Symbol.hasInstance, {
    value: (inst) => params?.Parent && inst instanceof params.Parent ? !0 : inst?._zod?.traits?.has(name)
  }), Object.defineProperty(_, "name", { value: name }), _;
}
var $ZodAsyncError = class extends Error {
  constructor() {
    super("Encountered Promise during synchronous parse. Use .parseAsync() instead.");
  }
};
(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = {});
var globalConfig = globalThis.__zod_globalConfig;
function config(newConfig) {
  return newConfig && Object.assign(globalConfig, newConfig), globalConfig;
}

// node_modules/zod/v4/core/errors.js
function _getMessage() {
  let internals = this._zod;
  return internals.message ?? (internals.message = JSON.stringify(internals.def, jsonStringifyReplacer, 2)), internals.message;
}
function _setMessage(value) {
  this._zod.message = value;
}
var _messageDesc = {
  get: _getMessage,
  set: _setMessage,
  enumerable: !0,
  configurable: !0
}, _issuesDesc = { value: void 0, enumerable: !1 }, _installedToString = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]), initializer = (inst, def) => {
  inst.name = "$ZodError", _issuesDesc.value = def, Object.defineProperty(inst, "issues", _issuesDesc), _issuesDesc.value = void 0, Object.defineProperty(inst, "message", _messageDesc);
  let proto = Object.getPrototypeOf(inst);
  _installedToString.has(proto) || (_installedToString.add(proto), Object.defineProperty(proto, "toString", {
    configurable: !0,
    enumerable: !1,
    get() {
      let value = () => this.message;
      return Object.defineProperty(this, "toString", { value, configurable: !0, writable: !0 }), value;
    },
    set(value) {
      Object.defineProperty(this, "toString", { value, configurable: !0, writable: !0 });
    }
  }));
}, $ZodError = $constructor("$ZodError", initializer), $ZodRealError = $constructor("$ZodError", initializer, void 0, {
  Parent: Error
});

// node_modules/zod/v4/core/parse.js
var _parse = (_Err) => {
  let fn = (schema, value, _ctx, _params) => {
    let ctx = _ctx ? { ..._ctx, async: !1 } : { async: !1 }, result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
      throw new $ZodAsyncError();
    if (result.issues.length) {
      let e = new (_params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      throw captureStackTrace(e, _params?.callee ?? fn), e;
    }
    return result.value;
  };
  return fn;
}, parse3 = /* @__PURE__ */ _parse($ZodRealError), _parseAsync = (_Err) => {
  let fn = async (schema, value, _ctx, params) => {
    let ctx = _ctx ? { ..._ctx, async: !0 } : { async: !0 }, result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise && (result = await result), result.issues.length) {
      let e = new (params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      throw captureStackTrace(e, params?.callee ?? fn), e;
    }
    return result.value;
  };
  return fn;
}, parseAsync = /* @__PURE__ */ _parseAsync($ZodRealError), _safeParse = (_Err) => (schema, value, _ctx) => {
  let ctx = _ctx ? { ..._ctx, async: !1 } : { async: !1 }, result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise)
    throw new $ZodAsyncError();
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: !0, data: result.value };
}, safeParse = /* @__PURE__ */ _safeParse($ZodRealError);
function failure(Err, issues, ctx) {
  let error;
  return {
    success: !1,
    get error() {
      return error || (error = new Err(issues.map((iss) => finalizeIssue(iss, ctx, config()))), issues = void 0, ctx = void 0), error;
    },
    set error(e) {
      error = e, issues = void 0, ctx = void 0;
    }
  };
}
var _safeParseAsync = (_Err) => async (schema, value, _ctx) => {
  let ctx = _ctx ? { ..._ctx, async: !0 } : { async: !0 }, result = schema._zod.run({ value, issues: [] }, ctx);
  return result instanceof Promise && (result = await result), result.issues.length ? failure(_Err, result.issues, ctx) : { success: !0, data: result.value };
}, safeParseAsync = /* @__PURE__ */ _safeParseAsync($ZodRealError);

// node_modules/zod/v4/core/regexes.js
var anyString = /^[\s\S]{0,}$/;
var number = /^-?\d+(?:\.\d+)?$/, boolean = /^(?:true|false)$/i;

// node_modules/zod/v4/core/checks.js
var $ZodCheck = /* @__PURE__ */ $constructor("$ZodCheck", (inst, def) => {
  var _a2;
  inst._zod ?? (inst._zod = {}), inst._zod.def = def, (_a2 = inst._zod).onattach ?? (_a2.onattach = []);
});
var numericOriginMap = {
  number: "number",
  bigint: "bigint",
  object: "date"
};
var $ZodCheckGreaterThan = /* @__PURE__ */ $constructor("$ZodCheckGreaterThan", (inst, def) => {
  $ZodCheck.init(inst, def);
  let origin = numericOriginMap[typeof def.value];
  inst._zod.check = (payload) => {
    (def.inclusive ? payload.value >= def.value : payload.value > def.value) || payload.issues.push({
      origin: numericOriginMap[typeof payload.value] ?? origin,
      code: "too_small",
      minimum: typeof def.value == "object" ? def.value.getTime() : def.value,
      input: payload.value,
      inclusive: def.inclusive,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckNumberFormat = /* @__PURE__ */ $constructor("$ZodCheckNumberFormat", (inst, def) => {
  $ZodCheck.init(inst, def), def.format = def.format || "float64";
  let isInt = def.format?.includes("int"), origin = isInt ? "int" : "number", [minimum, maximum] = NUMBER_FORMAT_RANGES[def.format];
  inst._zod.check = (payload) => {
    let input = payload.value;
    if (isInt) {
      if (!Number.isInteger(input)) {
        payload.issues.push({
          expected: origin,
          format: def.format,
          code: "invalid_type",
          continue: !1,
          input,
          inst
        });
        return;
      }
      if (!Number.isSafeInteger(input)) {
        input > 0 ? payload.issues.push({
          input,
          code: "too_big",
          maximum: Number.MAX_SAFE_INTEGER,
          note: "Integers must be within the safe integer range.",
          inst,
          origin,
          inclusive: !0,
          continue: !def.abort
        }) : payload.issues.push({
          input,
          code: "too_small",
          minimum: Number.MIN_SAFE_INTEGER,
          note: "Integers must be within the safe integer range.",
          inst,
          origin,
          inclusive: !0,
          continue: !def.abort
        });
        return;
      }
    }
    input < minimum && payload.issues.push({
      origin: "number",
      input,
      code: "too_small",
      minimum,
      inclusive: !0,
      inst,
      continue: !def.abort
    }), input > maximum && payload.issues.push({
      origin: "number",
      input,
      code: "too_big",
      maximum,
      inclusive: !0,
      inst,
      continue: !def.abort
    });
  };
});

// node_modules/zod/v4/core/versions.js
var version = {
  major: 4,
  minor: 6,
  patch: 7
};

// node_modules/zod/v4/core/schemas.js
var $ZodType = /* @__PURE__ */ $constructor("$ZodType", (inst, def) => {
  var _a2;
  inst ?? (inst = {}), inst._zod.def = def, inst._zod.bag = inst._zod.bag || {}, inst._zod.version = version;
  let defChecks = inst._zod.def.checks, checks = inst._zod.traits.has("$ZodCheck") ? [inst, ...defChecks ?? []] : defChecks?.length ? [...defChecks] : [];
  for (let ch of checks)
    for (let fn of ch._zod.onattach)
      fn(inst);
  if (checks.length === 0)
    (_a2 = inst._zod).deferred ?? (_a2.deferred = []), inst._zod.deferred?.push(() => {
      inst._zod.run = inst._zod.parse;
    });
  else {
    let runChecks = (payload, checks2, ctx) => {
      if (payload.memo)
        return payload;
      let isAborted = aborted(payload), asyncResult;
      for (let ch of checks2) {
        if (ch._zod.def.when) {
          if (explicitlyAborted(payload) || !ch._zod.def.when(payload))
            continue;
        } else if (isAborted)
          continue;
        let currLen = payload.issues.length, _ = ch._zod.check(payload);
        if (_ instanceof Promise && ctx?.async === !1)
          throw new $ZodAsyncError();
        if (asyncResult || _ instanceof Promise)
          asyncResult = (asyncResult ?? Promise.resolve()).then(async () => {
            await _, payload.issues.length !== currLen && (attachSchema(payload.issues, currLen, inst), isAborted || (isAborted = aborted(payload, currLen)));
          });
        else {
          if (payload.issues.length === currLen)
            continue;
          attachSchema(payload.issues, currLen, inst), isAborted || (isAborted = aborted(payload, currLen));
        }
      }
      return asyncResult ? asyncResult.then(() => payload) : payload;
    }, handleCanaryResult = (canary, payload, ctx) => {
      if (aborted(canary))
        return canary.aborted = !0, canary;
      let checkResult = runChecks(payload, checks, ctx);
      if (checkResult instanceof Promise) {
        if (ctx.async === !1)
          throw new $ZodAsyncError();
        return checkResult.then((checkResult2) => inst._zod.parse(checkResult2, ctx));
      }
      return inst._zod.parse(checkResult, ctx);
    };
    inst._zod.run = (payload, ctx) => {
      if (ctx.skipChecks)
        return inst._zod.parse(payload, ctx);
      if (ctx.direction === "backward") {
        let canary = inst._zod.parse({ value: payload.value, issues: [] }, { ...ctx, skipChecks: !0 });
        return canary instanceof Promise ? canary.then((canary2) => handleCanaryResult(canary2, payload, ctx)) : handleCanaryResult(canary, payload, ctx);
      }
      let result = inst._zod.parse(payload, ctx);
      if (result instanceof Promise) {
        if (ctx.async === !1)
          throw new $ZodAsyncError();
        return result.then((result2) => runChecks(result2, checks, ctx));
      }
      return runChecks(result, checks, ctx);
    };
  }
}, {
  // Wrappers extend this by installing a richer factory over it; reading it eagerly would defeat the laziness.
  get "~standard"() {
    return hide(this, "~standard", standardProps(this));
  },
  set "~standard"(value) {
    own(this, "~standard", value);
  }
}), toStandardResult = (r, ctx) => r.issues.length ? { issues: r.issues.map((iss) => finalizeIssue(iss, ctx, config())) } : { value: r.value };
async function validateAsync(inst, value) {
  let ctx = { async: !0 };
  return toStandardResult(await inst._zod.run({ value, issues: [] }, ctx), ctx);
}
function standardProps(inst) {
  return {
    validate: (value) => {
      let ctx = { async: !1 };
      try {
        let r = inst._zod.run({ value, issues: [] }, ctx);
        if (!(r instanceof Promise))
          return toStandardResult(r, ctx);
      } catch {
      }
      return validateAsync(inst, value);
    },
    vendor: "zod",
    version: 1
  };
}
var $ZodString = /* @__PURE__ */ $constructor("$ZodString", (inst, def) => {
  $ZodType.init(inst, def), inst._zod.pattern = def.pattern ?? anyString, inst._zod.parse = (payload, _) => {
    if (def.coerce)
      try {
        payload.value = String(payload.value);
      } catch {
      }
    return typeof payload.value == "string" || payload.issues.push({
      expected: "string",
      code: "invalid_type",
      input: payload.value,
      inst
    }), payload;
  };
});
var $ZodNumber = /* @__PURE__ */ $constructor("$ZodNumber", (inst, def) => {
  $ZodType.init(inst, def), inst._zod.pattern = number, inst._zod.parse = (payload, _ctx) => {
    if (def.coerce)
      try {
        payload.value = Number(payload.value);
      } catch {
      }
    let input = payload.value;
    if (typeof input == "number" && !Number.isNaN(input) && Number.isFinite(input))
      return payload;
    let received = typeof input == "number" ? Number.isNaN(input) ? "NaN" : Number.isFinite(input) ? void 0 : String(input) : void 0;
    return payload.issues.push({
      expected: "number",
      code: "invalid_type",
      input,
      inst,
      ...received ? { received } : {}
    }), payload;
  };
}), $ZodNumberFormat = /* @__PURE__ */ $constructor("$ZodNumberFormat", (inst, def) => {
  $ZodCheckNumberFormat.init(inst, def), $ZodNumber.init(inst, def);
}), $ZodBoolean = /* @__PURE__ */ $constructor("$ZodBoolean", (inst, def) => {
  $ZodType.init(inst, def), inst._zod.pattern = boolean, inst._zod.parse = (payload, _ctx) => {
    if (def.coerce)
      try {
        payload.value = !!payload.value;
      } catch {
      }
    let input = payload.value;
    return typeof input == "boolean" || payload.issues.push({
      expected: "boolean",
      code: "invalid_type",
      input,
      inst
    }), payload;
  };
});
function capSize(inst, size) {
  let caps = sizeCaps(inst._zod.def.checks);
  if (!caps.length)
    return;
  let cap3 = Math.min(...caps.map((c) => c[0])), parse4 = inst._zod.parse;
  inst._zod.parse = (payload, ctx) => {
    let n = size(payload.value);
    if (n > cap3 && !ctx?.skipChecks && ctx?.direction !== "backward") {
      for (let [max, ch] of sizeCaps(inst._zod.def.checks))
        if (n > max && ch._zod.def.when(payload)) {
          let start = payload.issues.length;
          return ch._zod.check(payload), payload.issues[start].continue = !1, attachSchema(payload.issues, start, inst), payload;
        }
    }
    return parse4(payload, ctx);
  };
}
var arraySize = (input) => Array.isArray(input) ? input.length : -1;
function handleArrayResult(result, final, index) {
  result.issues.length && final.issues.push(...prefixIssues(index, result.issues)), final.value[index] = result.value;
}
var $ZodArray = /* @__PURE__ */ $constructor("$ZodArray", (inst, def) => {
  $ZodType.init(inst, def);
  let memo = globalConfig.memoizer;
  memo?.attach(inst), inst._zod.parse = (payload, ctx) => {
    let input = payload.value;
    if (!Array.isArray(input))
      return payload.issues.push({
        expected: "array",
        code: "invalid_type",
        input,
        inst
      }), payload;
    payload.value = memo ? memo.alloc(inst, payload, Array(input.length), ctx) : Array(input.length);
    let proms = [], abortEarly = ctx?.abortEarly;
    for (let i = 0; i < input.length; i++) {
      let item = input[i], result = def.element._zod.run({
        value: item,
        issues: []
      }, ctx);
      if (result instanceof Promise)
        proms.push(result.then((result2) => handleArrayResult(result2, payload, i)));
      else if (handleArrayResult(result, payload, i), abortEarly && result.issues.length !== 0 && aborted(result))
        break;
    }
    return proms.length ? Promise.all(proms).then(() => payload) : payload;
  }, capSize(inst, arraySize);
});
function handlePropertyResult(result, final, key, input, optin, optout) {
  let isPresent = key in input, isOptionalOut = optout === "optional";
  if (!(!isPresent && isOptionalOut && optin === "optional")) {
    if (result.issues.length) {
      if (optin !== void 0 && isOptionalOut && !isPresent)
        return;
      final.issues.push(...prefixIssues(key, result.issues));
    }
    if (!isPresent && optin === void 0) {
      result.issues.length || final.issues.push({
        code: "invalid_type",
        expected: "nonoptional",
        input: void 0,
        path: [key]
      });
      return;
    }
    result.value === void 0 ? (isPresent || optin === "defaulted" && !isOptionalOut) && (final.value[key] = void 0) : final.value[key] = result.value;
  }
}
var NO_SYMBOL_KEYS = [];
function normalizeDef(def) {
  let keys = Object.keys(def.shape), ownSymbols = Object.getOwnPropertySymbols(def.shape), symbolKeys = ownSymbols.length ? ownSymbols : NO_SYMBOL_KEYS, allKeys = symbolKeys.length ? [...keys, ...symbolKeys] : keys;
  for (let k of allKeys)
    if (!def.shape?.[k]?._zod?.traits?.has("$ZodType"))
      throw new Error(`Invalid element at key "${String(k)}": expected a Zod schema`);
  let okeys = optionalKeys(def.shape);
  return {
    ...def,
    allKeys,
    symbolKeys,
    // string-only: handleCatchall matches it against `for...in`, which never yields a symbol
    keySet: new Set(keys),
    numKeys: keys.length,
    optionalKeys: new Set(okeys)
  };
}
function handleCatchall(proms, input, payload, ctx, def, inst, abortEarly) {
  let unrecognized = [], keySet = def.keySet, _catchall = def.catchall._zod, t = _catchall.def.type, optin = _catchall.optin, optout = _catchall.optout, seen = 0;
  for (let key in input) {
    if (abortEarly && payload.issues.length !== seen) {
      if (aborted(payload, seen))
        break;
      seen = payload.issues.length;
    }
    if (keySet.has(key))
      continue;
    if (key === "__proto__") {
      t === "never" && unrecognized.push(key);
      continue;
    }
    if (t === "never") {
      unrecognized.push(key);
      continue;
    }
    let r = _catchall.run({ value: input[key], issues: [] }, ctx);
    r instanceof Promise ? proms.push(r.then((r2) => handlePropertyResult(r2, payload, key, input, optin, optout))) : handlePropertyResult(r, payload, key, input, optin, optout);
  }
  return unrecognized.length && payload.issues.push({
    code: "unrecognized_keys",
    keys: unrecognized,
    input,
    inst,
    // Describes the shape of the input, not the validity of the parsed value, so it never aborts. The parse still fails; the schema's own checks just get to run first, and an enclosing intersection can reconcile the key against a sibling operand.
    continue: !0
  }), proms.length ? Promise.all(proms).then(() => payload) : payload;
}
var $ZodObject = /* @__PURE__ */ $constructor("$ZodObject", (inst, def) => {
  $ZodType.init(inst, def);
  let desc = Object.getOwnPropertyDescriptor(def, "shape"), sh = desc?.get ? desc.get.raw : def.shape ?? {};
  if (sh) {
    let get = () => {
      let newSh = { ...sh };
      return Object.defineProperty(def, "shape", { value: newSh }), get.raw = newSh, newSh;
    };
    get.raw = sh, Object.defineProperty(def, "shape", { get });
  }
  let _normalized = cached(() => normalizeDef(def));
  defineLazyInternal(inst, "propValues", (zod) => {
    let shape = zod.def.shape, propValues = {};
    for (let key in shape) {
      let field = shape[key]._zod;
      if (field.values) {
        Object.prototype.hasOwnProperty.call(propValues, key) || assignProp(propValues, key, /* @__PURE__ */ new Set());
        for (let v of field.values)
          propValues[key].add(v);
        field.optin !== void 0 && propValues[key].add(void 0);
      }
    }
    return propValues;
  });
  let isObject2 = isObject, catchall = def.catchall, value, memo = globalConfig.memoizer;
  memo?.attach(inst), inst._zod.parse = (payload, ctx) => {
    value ?? (value = _normalized.value);
    let input = payload.value;
    if (!isObject2(input))
      return payload.issues.push({
        expected: "object",
        code: "invalid_type",
        input,
        inst
      }), payload;
    payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
    let proms = [], shape = value.shape, abortEarly = ctx?.abortEarly, seen = payload.issues.length;
    for (let key of value.allKeys) {
      if (abortEarly && payload.issues.length !== seen) {
        if (aborted(payload, seen))
          break;
        seen = payload.issues.length;
      }
      if (key === "__proto__")
        continue;
      let el = shape[key], optin = el._zod.optin, optout = el._zod.optout, r = el._zod.run({ value: input[key], issues: [] }, ctx);
      r instanceof Promise ? proms.push(r.then((r2) => handlePropertyResult(r2, payload, key, input, optin, optout))) : handlePropertyResult(r, payload, key, input, optin, optout);
    }
    return catchall ? handleCatchall(proms, input, payload, ctx, _normalized.value, inst, abortEarly === !0) : proms.length ? Promise.all(proms).then(() => payload) : payload;
  };
});
var $ZodRecord = /* @__PURE__ */ $constructor("$ZodRecord", (inst, def) => {
  $ZodType.init(inst, def);
  let memo = globalConfig.memoizer;
  memo?.attach(inst), inst._zod.parse = (payload, ctx) => {
    let input = payload.value;
    if (!isPlainObject(input))
      return payload.issues.push({
        expected: "record",
        code: "invalid_type",
        input,
        inst
      }), payload;
    let proms = [], values = def.keyType._zod.values;
    if (values && !def.partial) {
      payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
      let recordKeys = /* @__PURE__ */ new Set();
      for (let key of values)
        if (typeof key == "string" || typeof key == "number" || typeof key == "symbol") {
          if (recordKeys.add(typeof key == "number" ? key.toString() : key), key === "__proto__")
            continue;
          let keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
          if (keyResult instanceof Promise)
            throw new Error("Async schemas not supported in object keys currently");
          if (keyResult.issues.length) {
            payload.issues.push({
              code: "invalid_key",
              origin: "record",
              issues: keyResult.issues.map((iss) => finalizeIssue(iss, ctx, config())),
              input: key,
              path: [key],
              inst
            });
            continue;
          }
          let outKey = keyResult.value;
          if (outKey === "__proto__")
            continue;
          let result = def.valueType._zod.run({ value: input[key], issues: [] }, ctx);
          result instanceof Promise ? proms.push(result.then((result2) => {
            result2.issues.length && payload.issues.push(...prefixIssues(key, result2.issues)), payload.value[outKey] = result2.value;
          })) : (result.issues.length && payload.issues.push(...prefixIssues(key, result.issues)), payload.value[outKey] = result.value);
        }
      let unrecognized;
      for (let key in input)
        if (!recordKeys.has(key))
          if (def.mode === "loose") {
            if (key === "__proto__")
              continue;
            payload.value[key] = input[key];
          } else
            unrecognized = unrecognized ?? [], unrecognized.push(key);
      unrecognized && unrecognized.length > 0 && payload.issues.push({
        code: "unrecognized_keys",
        input,
        inst,
        keys: unrecognized,
        continue: !0
      });
    } else {
      payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
      let unrecognized;
      for (let key of Reflect.ownKeys(input)) {
        if (key === "__proto__" || !Object.prototype.propertyIsEnumerable.call(input, key))
          continue;
        let keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
        if (keyResult instanceof Promise)
          throw new Error("Async schemas not supported in object keys currently");
        if (typeof key == "string" && number.test(key) && keyResult.issues.length) {
          let retryResult = def.keyType._zod.run({ value: Number(key), issues: [] }, ctx);
          if (retryResult instanceof Promise)
            throw new Error("Async schemas not supported in object keys currently");
          retryResult.issues.length === 0 && (keyResult = retryResult);
        }
        if (keyResult.issues.length) {
          def.mode === "loose" ? payload.value[key] = input[key] : values ? (unrecognized = unrecognized ?? [], unrecognized.push(key)) : payload.issues.push({
            code: "invalid_key",
            origin: "record",
            issues: keyResult.issues.map((iss) => finalizeIssue(iss, ctx, config())),
            input: key,
            path: [key],
            inst
          });
          continue;
        }
        let outKey = keyResult.value;
        if (outKey === "__proto__")
          continue;
        let result = def.valueType._zod.run({ value: input[key], issues: [] }, ctx);
        result instanceof Promise ? proms.push(result.then((result2) => {
          result2.issues.length && payload.issues.push(...prefixIssues(key, result2.issues)), payload.value[outKey] = result2.value;
        })) : (result.issues.length && payload.issues.push(...prefixIssues(key, result.issues)), payload.value[outKey] = result.value);
      }
      unrecognized && unrecognized.length > 0 && payload.issues.push({
        code: "unrecognized_keys",
        input,
        inst,
        keys: unrecognized,
        continue: !0
      });
    }
    return proms.length ? Promise.all(proms).then(() => payload) : payload;
  };
});
var $ZodEnum = /* @__PURE__ */ $constructor("$ZodEnum", (inst, def) => {
  $ZodType.init(inst, def);
  let values = getEnumValues(def.entries), valuesSet = new Set(values);
  inst._zod.values = valuesSet, defineLazyInternal(inst, "pattern", (zod) => {
    let patternValues = getEnumValues(zod.def.entries).filter((k) => propertyKeyTypes.has(typeof k));
    return new RegExp(patternValues.length ? `^(${patternValues.map((o) => escapeRegex(o.toString())).join("|")})$` : "^[^\\s\\S]$");
  }), inst._zod.parse = (payload, _ctx) => {
    let input = payload.value;
    return valuesSet.has(input) || payload.issues.push({
      code: "invalid_value",
      values,
      input,
      inst
    }), payload;
  };
}), $ZodLiteral = /* @__PURE__ */ $constructor("$ZodLiteral", (inst, def) => {
  $ZodType.init(inst, def);
  let values = new Set(def.values);
  inst._zod.values = values, defineLazyInternal(inst, "pattern", (zod) => {
    let vals = zod.def.values;
    return new RegExp(vals.length ? `^(${vals.map((o) => typeof o == "string" ? escapeRegex(o) : o ? escapeRegex(o.toString()) : String(o)).join("|")})$` : "^[^\\s\\S]$");
  }), inst._zod.parse = (payload, _ctx) => {
    let input = payload.value;
    return values.has(input) || payload.issues.push({
      code: "invalid_value",
      values: def.values,
      input,
      inst
    }), payload;
  };
});
function handleOptionalResult(payload, result) {
  return payload.value = result.issues.length ? void 0 : result.value, payload;
}
var $ZodOptional = /* @__PURE__ */ $constructor("$ZodOptional", (inst, def) => {
  $ZodType.init(inst, def), defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional"), inst._zod.optout = "optional", defineLazyInternal(inst, "values", (zod) => {
    let values = zod.def.innerType._zod.values;
    return values ? /* @__PURE__ */ new Set([...values, void 0]) : void 0;
  }), defineLazyInternal(inst, "pattern", (zod) => {
    let pattern = zod.def.innerType._zod.pattern;
    return pattern ? new RegExp(`^(${cleanRegex(pattern.source)})?$`) : void 0;
  }), inst._zod.parse = (payload, ctx) => {
    if (payload.value === void 0) {
      if (def.innerType._zod.optin !== "defaulted")
        return payload;
      let result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
      return result instanceof Promise ? result.then((result2) => handleOptionalResult(payload, result2)) : handleOptionalResult(payload, result);
    }
    return def.innerType._zod.run(payload, ctx);
  };
});

// node_modules/zod/v4/core/api.js
function snapshotChecks(def) {
  return def.checks && (def.checks = [...def.checks]), def;
}
// @__NO_SIDE_EFFECTS__
function _string(Class, params) {
  return new Class(snapshotChecks({ type: "string", ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _int(Class, params) {
  return new Class({
    type: "number",
    check: "number_format",
    abort: !1,
    format: "safeint",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _boolean(Class, params) {
  return new Class({
    type: "boolean",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _gt(value, params) {
  return new $ZodCheckGreaterThan({
    check: "greater_than",
    ...normalizeParams(params),
    value,
    inclusive: !1
  });
}
// @__NO_SIDE_EFFECTS__
function _positive(params) {
  return /* @__PURE__ */ _gt(0, params);
}

// node_modules/zod/v4/mini/schemas.js
var ZodMiniType = /* @__PURE__ */ $constructor("ZodMiniType", (inst, def) => {
  if (!inst._zod)
    throw new Error("Uninitialized schema in ZodMiniType.");
  $ZodType.init(inst, def), inst.def = def, inst.type = def.type;
}, {
  // `with` is an alias for `check`: the same function object, not a wrapper.
  get with() {
    return this.check;
  },
  set with(value) {
    own(this, "with", value);
  },
  parse(data, params) {
    return parse3(this, data, params, { callee: this.parse });
  },
  parseAsync(data, params) {
    return parseAsync(this, data, params, { callee: this.parseAsync });
  },
  safeParse(data, params) {
    return safeParse(this, data, params);
  },
  safeParseAsync(data, params) {
    return safeParseAsync(this, data, params);
  },
  check(...checks) {
    let def = this.def;
    return this.clone({
      ...def,
      checks: [
        ...def.checks ?? [],
        ...checks.map((ch) => typeof ch == "function" ? { _zod: { check: ch, def: { check: "custom" }, onattach: [] } } : ch)
      ]
    }, { parent: !0 });
  },
  clone(_def, params) {
    return clone(this, _def, params);
  },
  brand() {
    return this;
  },
  register(reg, meta2) {
    return reg.add(this, meta2), this;
  },
  apply(fn, ...args) {
    return args.length === 0 ? fn(this) : fn(this, ...args);
  }
}), ZodMiniString = /* @__PURE__ */ $constructor("ZodMiniString", (inst, def) => {
  $ZodString.init(inst, def), ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function string2(params) {
  return _string(ZodMiniString, params);
}
var ZodMiniNumber = /* @__PURE__ */ $constructor("ZodMiniNumber", (inst, def) => {
  $ZodNumber.init(inst, def), ZodMiniType.init(inst, def);
});
var ZodMiniNumberFormat = /* @__PURE__ */ $constructor("ZodMiniNumberFormat", (inst, def) => {
  $ZodNumberFormat.init(inst, def), ZodMiniNumber.init(inst, def);
});
function int(params) {
  return _int(ZodMiniNumberFormat, params);
}
var ZodMiniBoolean = /* @__PURE__ */ $constructor("ZodMiniBoolean", (inst, def) => {
  $ZodBoolean.init(inst, def), ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function boolean2(params) {
  return _boolean(ZodMiniBoolean, params);
}
var ZodMiniArray = /* @__PURE__ */ $constructor("ZodMiniArray", (inst, def) => {
  $ZodArray.init(inst, def), ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function array(element, params) {
  return new ZodMiniArray({
    type: "array",
    element,
    ...normalizeParams(params)
  });
}
var ZodMiniObject = /* @__PURE__ */ $constructor("ZodMiniObject", (inst, def) => {
  $ZodObject.init(inst, def), ZodMiniType.init(inst, def), installLazyProp(inst, "shape", (self) => self._zod.def.shape, !1);
});
// @__NO_SIDE_EFFECTS__
function object(shape, params) {
  let def = {
    type: "object",
    shape: shape ?? {},
    ...normalizeParams(params)
  };
  return new ZodMiniObject(def);
}
// @__NO_SIDE_EFFECTS__
function extend2(schema, shape) {
  return extend(schema, shape);
}
var ZodMiniRecord = /* @__PURE__ */ $constructor("ZodMiniRecord", (inst, def) => {
  $ZodRecord.init(inst, def), ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function record(keyType, valueType, params) {
  return !valueType || !valueType._zod ? new ZodMiniRecord({
    type: "record",
    keyType: /* @__PURE__ */ string2(),
    valueType: keyType,
    ...normalizeParams(valueType)
  }) : new ZodMiniRecord({
    type: "record",
    keyType,
    valueType,
    ...normalizeParams(params)
  });
}
var ZodMiniEnum = /* @__PURE__ */ $constructor("ZodMiniEnum", (inst, def) => {
  $ZodEnum.init(inst, def), ZodMiniType.init(inst, def), inst.options = [...inst._zod.values];
});
// @__NO_SIDE_EFFECTS__
function _enum(values, params) {
  let entries = Array.isArray(values) ? Object.fromEntries(values.map((v) => [v, v])) : values;
  return new ZodMiniEnum({
    type: "enum",
    entries,
    ...normalizeParams(params)
  });
}
var ZodMiniLiteral = /* @__PURE__ */ $constructor("ZodMiniLiteral", (inst, def) => {
  $ZodLiteral.init(inst, def), ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function literal2(value, params) {
  return new ZodMiniLiteral({
    type: "literal",
    values: Array.isArray(value) ? value : [value],
    ...normalizeParams(params)
  });
}
var ZodMiniOptional = /* @__PURE__ */ $constructor("ZodMiniOptional", (inst, def) => {
  $ZodOptional.init(inst, def), ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function optional(innerType) {
  return new ZodMiniOptional({
    type: "optional",
    innerType
  });
}

// packages/schema-verify/src/legacy-keys.ts
function withCurrentKeys(model) {
  let relationKeys = /* @__PURE__ */ new Map(), known = /* @__PURE__ */ new Set(), remember = (schema, name) => {
    let key = qualifiedKey(schema, name);
    return known.add(key), relationKeys.has(`${schema}.${name}`) || relationKeys.set(`${schema}.${name}`, key), key;
  }, rekey = (map, keyOf = (d) => remember(d.schema, d.name)) => Object.fromEntries(Object.values(map).map((d) => [keyOf(d), d])), tables = rekey(model.tables), views = rekey(model.views), indexes = rekey(model.indexes), sequences = rekey(model.sequences), types = rekey(model.types), functions = rekey(model.functions, (f) => functionKey(f.schema, f.name, f.argTypes)), relation = (ref) => known.has(ref) ? ref : relationKeys.get(ref) ?? ref, tableList = Object.values(tables), member = (ref) => {
    let [schema, name, rest, ...more] = splitKey(ref);
    if (rest !== void 0 && more.length === 0 && known.has(qualifiedKey(schema, name)) && ref === memberKey(qualifiedKey(schema, name), rest)) return ref;
    let owner = tableList.filter((t) => ref.startsWith(`${t.schema}.${t.name}.`)).sort((a, b) => b.schema.length + b.name.length - (a.schema.length + a.name.length))[0];
    return owner ? memberKey(qualifiedKey(owner.schema, owner.name), ref.slice(owner.schema.length + owner.name.length + 2)) : ref;
  };
  for (let t of Object.values(tables)) {
    t.partitionOf && (t.partitionOf = relation(t.partitionOf)), t.inherits && (t.inherits = t.inherits.map(relation));
    for (let c of Object.values(t.constraints))
      c.references && (c.references = relation(c.references)), c.parent && (c.parent = member(c.parent));
  }
  for (let v of Object.values(views)) v.dependsOn = v.dependsOn.map(relation).sort(compareText);
  for (let i of Object.values(indexes))
    i.table = relation(i.table), i.parent && (i.parent = relation(i.parent));
  for (let s of Object.values(sequences)) s.ownedBy && (s.ownedBy = member(s.ownedBy));
  let schemas = Object.fromEntries(Object.values(model.schemas).map((s) => [keyPart(s.name), s]));
  return { ...model, schemas, tables, views, indexes, sequences, types, functions };
}

// packages/schema-verify/src/snapshot.ts
var SNAPSHOT_FORMAT_VERSION = 1, str = string2(), opt = (t) => optional(t), privileges4 = opt(array(str)), record2 = (t) => record(str, t), column2 = object({
  name: str,
  type: str,
  notNull: boolean2(),
  default: opt(str),
  identity: opt(_enum(["always", "by default"])),
  generated: opt(str),
  collation: opt(str),
  inherited: opt(boolean2()),
  notLocal: opt(boolean2()),
  comment: opt(str),
  privileges: privileges4
}), trigger = object({ name: str, definition: str, enabled: _enum(["O", "D", "R", "A"]), comment: opt(str) }), modelSchema = object({
  serverVersionNum: int(),
  schemas: record2(object({ name: str, comment: opt(str), privileges: privileges4 })),
  extensions: record2(object({ name: str, version: str, schema: str, defaultVersion: opt(str) })),
  tables: record2(object({
    schema: str,
    name: str,
    kind: _enum(["table", "partitioned table"]),
    unlogged: boolean2(),
    partitionKey: opt(str),
    partitionOf: opt(str),
    partitionBound: opt(str),
    inherits: opt(array(str)),
    rowSecurity: boolean2(),
    forceRowSecurity: boolean2(),
    storage: opt(array(str)),
    replicaIdentity: opt(str),
    columns: array(column2),
    constraints: record2(object({
      name: str,
      type: _enum(["primary key", "foreign key", "unique", "check", "exclusion"]),
      definition: str,
      references: opt(str),
      inherited: opt(boolean2()),
      parent: opt(str),
      comment: opt(str)
    })),
    triggers: record2(trigger),
    policies: record2(object({
      name: str,
      permissive: boolean2(),
      command: str,
      roles: array(str),
      using: opt(str),
      withCheck: opt(str),
      comment: opt(str)
    })),
    comment: opt(str),
    privileges: privileges4
  })),
  views: record2(object({
    schema: str,
    name: str,
    kind: _enum(["view", "materialized view"]),
    definition: str,
    options: array(str),
    checkOption: opt(str),
    dependsOn: array(str),
    columns: array(column2),
    triggers: record2(trigger),
    comment: opt(str),
    privileges: privileges4
  })),
  indexes: record2(object({ schema: str, name: str, table: str, definition: str, parent: opt(str), comment: opt(str) })),
  sequences: record2(object({
    schema: str,
    name: str,
    type: str,
    start: str,
    increment: str,
    min: str,
    max: str,
    cache: str,
    cycle: boolean2(),
    ownedBy: opt(str),
    comment: opt(str),
    privileges: privileges4
  })),
  functions: record2(object({
    schema: str,
    name: str,
    kind: _enum(["function", "procedure", "aggregate", "window"]),
    argTypes: str,
    identityArgs: str,
    result: opt(str),
    definition: str,
    comment: opt(str),
    privileges: privileges4
  })),
  types: record2(object({
    schema: str,
    name: str,
    kind: _enum(["enum", "domain", "composite"]),
    values: opt(array(str)),
    baseType: opt(str),
    default: opt(str),
    notNull: opt(boolean2()),
    collation: opt(str),
    constraints: opt(record2(object({ name: str, definition: str }))),
    attributes: opt(array(object({ name: str, type: str, collation: opt(str) }))),
    comment: opt(str),
    privileges: privileges4
  })),
  defaultPrivileges: record2(object({ role: str, schema: str, objectType: _enum(["r", "S", "f", "T", "n"]), privileges: array(str) })),
  publications: opt(record2(object({
    name: str,
    allTables: boolean2(),
    publish: array(str),
    viaRoot: boolean2(),
    tables: record2(object({ columns: opt(array(str)), where: opt(str) })),
    schemas: array(str),
    comment: opt(str)
  }))),
  statistics: opt(record2(object({ schema: str, name: str, table: str, definition: str, comment: opt(str) }))),
  rangeTypes: opt(record2(object({
    schema: str,
    name: str,
    subtype: str,
    subtypeOpClass: opt(str),
    collation: opt(str),
    canonical: opt(str),
    subtypeDiff: opt(str),
    multirange: opt(str),
    comment: opt(str),
    privileges: privileges4
  }))),
  casts: opt(record2(object({
    source: str,
    target: str,
    method: _enum(["function", "binary", "inout"]),
    function: opt(str),
    context: _enum(["explicit", "assignment", "implicit"]),
    comment: opt(str)
  }))),
  collations: opt(record2(object({
    schema: str,
    name: str,
    provider: _enum(["libc", "icu", "builtin", "default"]),
    deterministic: boolean2(),
    lcCollate: opt(str),
    lcCtype: opt(str),
    locale: opt(str),
    rules: opt(str),
    comment: opt(str)
  }))),
  operators: opt(record2(object({
    schema: str,
    name: str,
    left: opt(str),
    right: str,
    result: str,
    function: str,
    commutator: opt(str),
    negator: opt(str),
    restrict: opt(str),
    join: opt(str),
    hashes: boolean2(),
    merges: boolean2(),
    comment: opt(str)
  }))),
  operatorFamilies: opt(record2(object({ schema: str, name: str, method: str, members: record2(str), comment: opt(str) }))),
  operatorClasses: opt(record2(object({
    schema: str,
    name: str,
    method: str,
    type: str,
    default: boolean2(),
    family: str,
    storage: opt(str),
    members: record2(str),
    comment: opt(str)
  }))),
  foreignDataWrappers: opt(record2(object({
    name: str,
    handler: opt(str),
    validator: opt(str),
    options: array(str),
    comment: opt(str),
    privileges: privileges4
  }))),
  foreignServers: opt(record2(object({
    name: str,
    wrapper: str,
    type: opt(str),
    version: opt(str),
    options: array(str),
    comment: opt(str),
    privileges: privileges4
  }))),
  userMappings: opt(record2(object({ user: str, server: str, options: opt(array(str)) }))),
  foreignTables: opt(record2(object({
    schema: str,
    name: str,
    server: str,
    options: array(str),
    columns: array(extend2(column2, { options: opt(array(str)) })),
    constraints: record2(object({
      name: str,
      type: _enum(["primary key", "foreign key", "unique", "check", "exclusion"]),
      definition: str,
      references: opt(str),
      inherited: opt(boolean2()),
      parent: opt(str),
      comment: opt(str)
    })),
    comment: opt(str),
    privileges: privileges4
  }))),
  textSearchParsers: opt(record2(object({
    schema: str,
    name: str,
    start: str,
    token: str,
    end: str,
    lextypes: str,
    headline: opt(str),
    comment: opt(str)
  }))),
  textSearchTemplates: opt(record2(object({ schema: str, name: str, init: opt(str), lexize: str, comment: opt(str) }))),
  textSearchDictionaries: opt(record2(object({ schema: str, name: str, template: str, options: array(str), comment: opt(str) }))),
  textSearchConfigurations: opt(record2(object({
    schema: str,
    name: str,
    parser: str,
    mappings: record2(array(str)),
    comment: opt(str)
  }))),
  eventTriggers: opt(record2(object({
    name: str,
    event: str,
    function: str,
    enabled: _enum(["O", "D", "R", "A"]),
    tags: opt(array(str)),
    comment: opt(str)
  }))),
  securityLabels: opt(record2(object({ provider: str, objectType: str, object: str, label: str })))
}), snapshotSchema = object({
  formatVersion: literal2(SNAPSHOT_FORMAT_VERSION),
  postgresMajor: int().check(_positive()),
  meta: object({ source: opt(str), createdAt: opt(str) }),
  ledger: opt(object({ tool: opt(str), head: opt(str), versions: opt(array(str)) })),
  model: modelSchema
});
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value == "object") {
    let out = {};
    for (let key of Object.keys(value).sort((a, b) => a < b ? -1 : a > b ? 1 : 0)) {
      let v = value[key];
      v !== void 0 && (out[key] = sortKeys(v));
    }
    return out;
  }
  return value;
}
function postgresMajorOf(serverVersionNum) {
  return Math.floor(serverVersionNum / 1e4);
}
function toSnapshot(model, meta2 = {}) {
  let snapshot = {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    postgresMajor: postgresMajorOf(model.serverVersionNum),
    meta: { source: meta2.source, createdAt: meta2.createdAt },
    ledger: meta2.ledger,
    model
  };
  return `${JSON.stringify(sortKeys(snapshot), null, 2)}
`;
}
function readSnapshot(text, fileName) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Snapshot file ${fileName} is not valid JSON (${error.message}); regenerate it with preflight schema-verify.`, { cause: error });
  }
  let version2 = data?.formatVersion;
  if (data && typeof data == "object" && version2 !== void 0 && version2 !== SNAPSHOT_FORMAT_VERSION)
    throw new UsageError(`Snapshot file ${fileName} has formatVersion ${JSON.stringify(version2)}, but this version of Preflight reads formatVersion ${SNAPSHOT_FORMAT_VERSION}; regenerate the snapshot.`);
  let parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) {
    let issue2 = parsed.error.issues[0], where = issue2.path.length ? issue2.path.map(String).join(".") : "the top level";
    throw new UsageError(`Snapshot file ${fileName} is not a valid schema snapshot: ${issue2.message} at ${where}; regenerate it with preflight schema-verify.`);
  }
  let snapshot = parsed.data;
  return { ...snapshot, model: withCurrentKeys(snapshot.model) };
}

export {
  qname,
  quoteRole,
  introspect,
  fixScript,
  diffSchemas,
  settleRewrites,
  toSnapshot,
  readSnapshot
};
