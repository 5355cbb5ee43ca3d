/**
 * Identifiers the way PostgreSQL's quote_ident prints them: bare only when lower-case ASCII
 * letters, digits and underscores, not starting with a digit and not a reserved / column-name /
 * type-function keyword; everything else (upper case, dots, spaces, non-ASCII such as pagila's
 * "bıgınt") is double-quoted. Used for fix SQL and for names users read (GRANT fixes, object keys).
 */

// SELECT word FROM pg_get_keywords() WHERE catcode <> 'U' (PostgreSQL 15): keywords that cannot be
// used as bare identifiers everywhere, so quote_ident quotes them.
const KEYWORDS = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast ' +
    'char character check coalesce collate collation column concurrently constraint create cross current_catalog ' +
    'current_date current_role current_schema current_time current_timestamp current_user dec decimal default ' +
    'deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full grant ' +
    'greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull join ' +
    'lateral leading least left like limit localtime localtimestamp national natural nchar none normalize not notnull ' +
    'null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary real ' +
    'references returning right row select session_user setof similar smallint some substring symmetric table ' +
    'tablesample then time timestamp to trailing treat trim true union unique user using values varchar variadic ' +
    'verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse ' +
    'xmlpi xmlroot xmlserialize xmltable'
  ).split(' '),
);

export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}
