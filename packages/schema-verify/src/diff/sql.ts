/** Quoting (PostgreSQL's quote_ident, see packages/pg/src/quote.ts) and small statement builders for fix SQL. */
import { quoteIdent } from '@preflight/pg';
import { qualifiedKey, splitKey, type ColumnDef } from '../model.ts';

export { quoteIdent };

export function qname(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** Like quote_literal: E'' only when a backslash makes standard_conforming_strings matter. */
export function quoteLiteral(value: string): string {
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** A role in GRANT/REVOKE/policies: PUBLIC is a keyword there, everything else an identifier. */
export function quoteRole(role: string): string {
  return role === 'PUBLIC' ? 'PUBLIC' : quoteIdent(role);
}

/** Collapses whitespace: server-deparsed text never differs in it, hand-written bodies may. */
export function normalizeSql(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export function statement(sql: string): string {
  return sql.replace(/;?\s*$/, ';');
}

export function comment(kindAndTarget: string, text: string | undefined): string {
  return `COMMENT ON ${kindAndTarget} IS ${text === undefined ? 'NULL' : quoteLiteral(text)};`;
}


/** SQL name of a `schema.name` key (model.ts: names with dots are quoted in keys, so it splits exactly). */
export function keyToSql(key: string): string {
  return splitKey(key).map(quoteIdent).join('.');
}

/** `schema.table.column` → [table key, column]. */
export function splitColumnKey(key: string): [string, string] {
  const [schema, table, column] = splitKey(key);
  return [qualifiedKey(schema, table), column];
}

/** One column as it appears in CREATE TABLE / ADD COLUMN. */
export function columnSql(col: ColumnDef, withDefault: boolean): string {
  let s = `${quoteIdent(col.name)} ${col.type}`;
  if (col.collation) s += ` COLLATE ${col.collation}`;
  if (col.generated !== undefined) s += ` GENERATED ALWAYS AS (${col.generated}) STORED`;
  else if (withDefault && col.default !== undefined) s += ` DEFAULT ${col.default}`;
  if (col.identity) s += ` GENERATED ${col.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${col.identityOptions ? ` (${col.identityOptions})` : ''}`;
  if (col.notNull) s += ' NOT NULL';
  return s;
}

/** Index DDL that is safe to re-run and, on a partitioned table, recurses to the partitions. */
export function createIndexSql(definition: string): string {
  return statement(
    definition
      .replace(/^CREATE (UNIQUE )?INDEX (?!IF NOT EXISTS )/, (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX IF NOT EXISTS `)
      .replace(/ ON ONLY /, ' ON '),
  );
}
