/** Quoting (PostgreSQL's quote_ident, see packages/pg/src/quote.ts) and small statement builders for fix SQL. */
import { quoteIdent } from '@preflight/pg';
import type { ColumnDef, SchemaModel } from '../model.ts';

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


/** SQL name of a `schema.name` key, looked up in the models (names may contain dots). */
export function keyToSql(models: SchemaModel[], key: string): string {
  for (const m of models) {
    const def = m.tables[key] ?? m.views[key] ?? m.sequences[key] ?? m.indexes[key] ?? m.types[key];
    if (def) return qname(def.schema, def.name);
  }
  const dot = key.indexOf('.');
  return dot < 0 ? quoteIdent(key) : qname(key.slice(0, dot), key.slice(dot + 1));
}

/** `schema.table.column` → [table key, column], resolved against known tables. */
export function splitColumnKey(models: SchemaModel[], key: string): [string, string] {
  for (const m of models) {
    for (let i = key.lastIndexOf('.'); i > 0; i = key.lastIndexOf('.', i - 1)) {
      if (m.tables[key.slice(0, i)] || m.views[key.slice(0, i)]) return [key.slice(0, i), key.slice(i + 1)];
    }
  }
  const i = key.lastIndexOf('.');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** One column as it appears in CREATE TABLE / ADD COLUMN. */
export function columnSql(col: ColumnDef, withDefault: boolean): string {
  let s = `${quoteIdent(col.name)} ${col.type}`;
  if (col.collation) s += ` COLLATE ${col.collation}`;
  if (col.generated !== undefined) s += ` GENERATED ALWAYS AS (${col.generated}) STORED`;
  else if (withDefault && col.default !== undefined) s += ` DEFAULT ${col.default}`;
  if (col.identity) s += ` GENERATED ${col.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
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
