/**
 * The one catalog query behind `introspect`. Every object kind comes back as a flat json_agg array
 * built server-side, so a database with thousands of tables costs one round trip and one JSON parse
 * instead of a query per table. Rows name their relation by `schema.name` (never by OID) so the JS
 * side can stitch columns/constraints/triggers onto tables with plain map lookups.
 *
 * The query must run with an empty search_path (see SESSION_SETUP): then format_type,
 * pg_get_*def and regproc output are fully schema-qualified and identical across databases.
 */

export interface IntrospectQueryOptions {
  schemas?: string[];
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
  // JIT compiling this wide query costs far more (seconds on 5,000 tables) than running it.
  `SET LOCAL jit = off`,
];

/** A string literal that is safe whatever standard_conforming_strings says. */
export function sqlLiteral(value: string): string {
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Exploded privileges (grantee:PRIV[*]) without the owner's own entries, or NULL when ignored. */
function acl(aclExpr: string, kind: string, owner: string, ignore: boolean, defaultEmpty = false): string {
  if (ignore) return 'NULL';
  // A NULL column ACL (the default: no grants) needs no sub-select at all; this runs per column.
  if (defaultEmpty) {
    return `CASE WHEN ${aclExpr} IS NOT NULL THEN (SELECT coalesce(json_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END
      || ':' || a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END), '[]'::json)
    FROM aclexplode(${aclExpr}) a WHERE a.grantee <> ${owner}) END`;
  }
  const source = `coalesce(${aclExpr}, acldefault('${kind}', ${owner}))`;
  return `(SELECT coalesce(json_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END
      || ':' || a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END), '[]'::json)
    FROM aclexplode(${source}) a WHERE a.grantee <> ${owner})`;
}

function comment(catalog: string, oidExpr: string, subExpr = '0'): string {
  return `(SELECT d.description FROM pg_description d WHERE d.classoid = '${catalog}'::regclass AND d.objoid = ${oidExpr} AND d.objsubid = ${subExpr})`;
}

function notExtensionMember(catalog: string, oidExpr: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oidExpr} AND e.deptype = 'e')`;
}

const relKey = `r.nspname || '.' || r.relname`;

function collationName(collOid: string): string {
  return `(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = ${collOid})`;
}

export function introspectionQuery(opts: IntrospectQueryOptions = {}): string {
  const ig = opts.ignorePrivileges === true;
  const schemaFilter = opts.schemas && opts.schemas.length > 0
    ? `n.nspname = ANY (ARRAY[${opts.schemas.map(sqlLiteral).join(', ')}]::text[])`
    : `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'`;

  return `
WITH ns AS MATERIALIZED (
  SELECT n.oid, n.nspname, n.nspowner, n.nspacl FROM pg_namespace n
  WHERE ${schemaFilter} AND ${notExtensionMember('pg_namespace', 'n.oid')}
), rel AS MATERIALIZED (
  SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.relowner, c.relacl, c.relrowsecurity,
         c.relforcerowsecurity, c.relispartition, c.reloptions, c.relpartbound, ns.nspname
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${notExtensionMember('pg_class', 'c.oid')}
)
SELECT json_build_object(
'version', current_setting('server_version_num')::int,
'schemas', (SELECT json_agg(json_build_object('n', n.nspname, 'cmt', ${comment('pg_namespace', 'n.oid')},
    'acl', ${acl('n.nspacl', 'n', 'n.nspowner', ig)})) FROM ns n),
'extensions', (SELECT json_agg(json_build_object('n', e.extname, 'v', e.extversion, 's', en.nspname))
    FROM pg_extension e JOIN pg_namespace en ON en.oid = e.extnamespace),
'tables', (SELECT json_agg(json_build_object('s', r.nspname, 'n', r.relname, 'k', r.relkind,
    'unlogged', r.relpersistence = 'u',
    'pkey', CASE WHEN r.relkind = 'p' THEN pg_get_partkeydef(r.oid) END,
    'pof', CASE WHEN r.relispartition THEN (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i
        JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = r.oid) END,
    'bound', CASE WHEN r.relispartition THEN pg_get_expr(r.relpartbound, r.oid) END,
    'inh', CASE WHEN NOT r.relispartition THEN (SELECT json_agg(pn.nspname || '.' || pc.relname ORDER BY i.inhseqno)
        FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE i.inhrelid = r.oid) END,
    'rls', r.relrowsecurity, 'frls', r.relforcerowsecurity,
    'cmt', ${comment('pg_class', 'r.oid')},
    'acl', ${acl('r.relacl', 'r', 'r.relowner', ig)}))
  FROM rel r WHERE r.relkind IN ('r', 'p')),
'views', (SELECT json_agg(json_build_object('s', r.nspname, 'n', r.relname, 'k', r.relkind,
    'def', pg_get_viewdef(r.oid, true), 'opts', r.reloptions,
    'deps', (SELECT json_agg(DISTINCT dn.nspname || '.' || dc.relname) FROM pg_rewrite rw
        JOIN pg_depend dp ON dp.classid = 'pg_rewrite'::regclass AND dp.objid = rw.oid AND dp.refclassid = 'pg_class'::regclass
        JOIN pg_class dc ON dc.oid = dp.refobjid JOIN pg_namespace dn ON dn.oid = dc.relnamespace
        WHERE rw.ev_class = r.oid AND dp.refobjid <> r.oid),
    'cmt', ${comment('pg_class', 'r.oid')},
    'acl', ${acl('r.relacl', 'r', 'r.relowner', ig)}))
  FROM rel r WHERE r.relkind IN ('v', 'm')),
'columns', (SELECT json_agg(json_build_object('r', ${relKey}, 'n', a.attname,
    't', format_type(a.atttypid, a.atttypmod), 'nn', a.attnotnull,
    'def', pg_get_expr(ad.adbin, ad.adrelid), 'idn', a.attidentity, 'gen', a.attgenerated,
    'coll', CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN ${collationName('a.attcollation')} END,
    'inh', a.attinhcount > 0, 'local', a.attislocal,
    'cmt', ${comment('pg_class', 'r.oid', 'a.attnum')},
    'acl', ${acl('a.attacl', 'c', 'r.relowner', ig, true)}) ORDER BY r.oid, a.attnum)
  FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE r.relkind IN ('r', 'p', 'v', 'm')),
'constraints', (SELECT json_agg(json_build_object('r', ${relKey}, 'n', k.conname, 'ct', k.contype,
    'def', pg_get_constraintdef(k.oid),
    'ref', CASE WHEN k.contype = 'f' THEN (SELECT fn.nspname || '.' || fc.relname FROM pg_class fc
        JOIN pg_namespace fn ON fn.oid = fc.relnamespace WHERE fc.oid = k.confrelid) END,
    'inh', k.coninhcount > 0 OR k.conparentid <> 0,
    'parent', CASE WHEN k.conparentid <> 0 THEN (SELECT pn.nspname || '.' || pc.relname || '.' || pk.conname
        FROM pg_constraint pk JOIN pg_class pc ON pc.oid = pk.conrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE pk.oid = k.conparentid) END,
    'cmt', ${comment('pg_constraint', 'k.oid')}))
  FROM rel r JOIN pg_constraint k ON k.conrelid = r.oid
  WHERE r.relkind IN ('r', 'p') AND k.contype IN ('p', 'f', 'u', 'c', 'x')
    -- FK clones on partitions (and on the referencing side of partitioned targets) are derived
    -- from the parent's FK; pg_dump does not dump them and they share the parent's name.
    AND NOT (k.contype = 'f' AND k.conparentid <> 0)),
'indexes', (SELECT json_agg(json_build_object('s', r.nspname, 'n', ic.relname, 'r', ${relKey},
    'def', pg_get_indexdef(i.indexrelid),
    'parent', (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits ih JOIN pg_class pc ON pc.oid = ih.inhparent
        JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE ih.inhrelid = i.indexrelid),
    'cmt', ${comment('pg_class', 'i.indexrelid')}))
  FROM rel r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid
  WHERE r.relkind IN ('r', 'p', 'm')
    -- indexes that back a PK/UNIQUE/EXCLUDE constraint are reported as that constraint
    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = r.oid
        AND k.contype IN ('p', 'u', 'x'))),
'triggers', (SELECT json_agg(json_build_object('r', ${relKey}, 'n', t.tgname, 'def', pg_get_triggerdef(t.oid),
    'en', t.tgenabled, 'cmt', ${comment('pg_trigger', 't.oid')}))
  FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid
  -- internal (FK) triggers belong to their constraint; clones on partitions to the parent's trigger
  WHERE NOT t.tgisinternal AND t.tgparentid = 0),
'policies', (SELECT json_agg(json_build_object('r', ${relKey}, 'n', p.polname, 'perm', p.polpermissive,
    'cmd', p.polcmd,
    'roles', (SELECT json_agg(CASE WHEN x = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x)::text END) FROM unnest(p.polroles) x),
    'using', pg_get_expr(p.polqual, p.polrelid), 'check', pg_get_expr(p.polwithcheck, p.polrelid),
    'cmt', ${comment('pg_policy', 'p.oid')}))
  FROM rel r JOIN pg_policy p ON p.polrelid = r.oid),
'sequences', (SELECT json_agg(json_build_object('s', r.nspname, 'n', r.relname,
    't', format_type(s.seqtypid, NULL), 'start', s.seqstart::text, 'inc', s.seqincrement::text,
    'min', s.seqmin::text, 'max', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', s.seqcycle,
    'owned', (SELECT tn.nspname || '.' || tc.relname || '.' || ta.attname FROM pg_depend d
        JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
        JOIN pg_attribute ta ON ta.attrelid = tc.oid AND ta.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
          AND d.deptype = 'a' LIMIT 1),
    'cmt', ${comment('pg_class', 'r.oid')},
    'acl', ${acl('r.relacl', 's', 'r.relowner', ig)}))
  FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid
  -- identity sequences are part of their column (deptype 'i'), not separate objects
  WHERE r.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
      AND d.objid = r.oid AND d.deptype = 'i')),
'functions', (SELECT json_agg(json_build_object('s', n.nspname, 'n', p.proname, 'k', p.prokind,
    'args', oidvectortypes(p.proargtypes), 'iargs', pg_get_function_identity_arguments(p.oid),
    'res', pg_get_function_result(p.oid),
    'def', CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) ELSE
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
      || CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE' WHEN 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END
      || ')' END,
    'cmt', ${comment('pg_proc', 'p.oid')},
    'acl', ${acl('p.proacl', 'f', 'p.proowner', ig)}))
  FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
  WHERE ${notExtensionMember('pg_proc', 'p.oid')}),
'types', (SELECT json_agg(json_build_object('s', n.nspname, 'n', t.typname, 'k', t.typtype,
    'vals', CASE WHEN t.typtype = 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) END,
    'base', CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
    'def', CASE WHEN t.typtype = 'd' THEN pg_get_expr(t.typdefaultbin, 0) END,
    'nn', t.typnotnull,
    'coll', CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> (SELECT bt.typcollation FROM pg_type bt WHERE bt.oid = t.typbasetype)
      THEN ${collationName('t.typcollation')} END,
    'cons', CASE WHEN t.typtype = 'd' THEN (SELECT json_agg(json_build_object('n', c.conname, 'def', pg_get_constraintdef(c.oid)))
        FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') END,
    'attrs', CASE WHEN t.typtype = 'c' THEN (SELECT json_agg(json_build_object('n', a.attname, 't', format_type(a.atttypid, a.atttypmod),
        'coll', CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN ${collationName('a.attcollation')} END) ORDER BY a.attnum)
        FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END,
    'cmt', ${comment('pg_type', 't.oid')},
    'acl', ${acl('t.typacl', 'T', 't.typowner', ig)}))
  FROM pg_type t JOIN ns n ON n.oid = t.typnamespace
  -- enums, domains and free-standing composite types; a table's row type and array types are
  -- implied by their table/element type
  WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c')))
    AND ${notExtensionMember('pg_type', 't.oid')}),
'defaultPrivileges', ${ig ? 'NULL' : `(SELECT json_agg(json_build_object('role', pg_get_userbyid(d.defaclrole)::text,
    's', coalesce(dn.nspname, ''), 'k', d.defaclobjtype,
    'acl', (SELECT coalesce(json_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END
      || ':' || a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END), '[]'::json)
      FROM aclexplode(d.defaclacl) a WHERE a.grantee <> d.defaclrole)))
  FROM pg_default_acl d LEFT JOIN pg_namespace dn ON dn.oid = d.defaclnamespace
  WHERE d.defaclnamespace = 0 OR d.defaclnamespace IN (SELECT oid FROM ns))`}
) AS model`;
}
