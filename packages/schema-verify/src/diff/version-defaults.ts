/**
 * What initdb itself gives a database, which differs between PostgreSQL versions: not drift when
 * each side has its own version's default. Since PostgreSQL 15 the schema `public` grants PUBLIC
 * only USAGE (and is owned by pg_database_owner); up to 14 PUBLIC could also CREATE in it. A
 * shadow on 13 against production on 15 (or the reverse) would otherwise report `missing-grant
 * public` / `extra-grant public` for a grant nobody wrote. Likewise each release ships its own
 * version of an extension (btree_gist 1.5 with 13, 1.7 with 15).
 */
import type { ExtensionDef, SchemaModel } from '../model.ts';

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

const major = (serverVersionNum: number) => Math.floor(serverVersionNum / 10000);

/**
 * True when the two sides run different PostgreSQL majors and each has the extension at the version
 * its own server installs by default: the version difference comes with the server, not from
 * anyone's ALTER EXTENSION. On one major, or when either side is not at its default (an update
 * not run), the versions are compared as usual.
 */
export function bothDefaultExtensionVersions(e: ExtensionDef, a: ExtensionDef, expected: SchemaModel, actual: SchemaModel): boolean {
  if (!expected.serverVersionNum || !actual.serverVersionNum || major(expected.serverVersionNum) === major(actual.serverVersionNum)) return false;
  return e.defaultVersion !== undefined && e.version === e.defaultVersion && a.defaultVersion !== undefined && a.version === a.defaultVersion;
}
