/**
 * What initdb itself gives a database, which differs between PostgreSQL versions: not drift when
 * each side has its own version's default. Since PostgreSQL 15 the schema `public` grants PUBLIC
 * only USAGE (and is owned by pg_database_owner); up to 14 PUBLIC could also CREATE in it. A
 * shadow on 13 against production on 15 (or the reverse) would otherwise report `missing-grant
 * public` / `extra-grant public` for a grant nobody wrote.
 */
import type { SchemaModel } from '../model.ts';

const publicSchemaDefault = (serverVersionNum: number): string[] =>
  serverVersionNum >= 150000 ? ['PUBLIC:USAGE'] : ['PUBLIC:CREATE', 'PUBLIC:USAGE'];

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * True when schema `key` is `public`, both sides are on different sides of the PostgreSQL 15
 * change, and each has exactly its own version's default grants: the comparison is skipped. A
 * grant or revoke anyone made on either side is compared as usual.
 */
export function bothVersionDefaults(key: string, expected: SchemaModel, actual: SchemaModel): boolean {
  if (key !== 'public') return false;
  const e = expected.schemas[key]?.privileges;
  const a = actual.schemas[key]?.privileges;
  if (!e || !a || !expected.serverVersionNum || !actual.serverVersionNum) return false;
  return sameSet(e, publicSchemaDefault(expected.serverVersionNum)) && sameSet(a, publicSchemaDefault(actual.serverVersionNum));
}
