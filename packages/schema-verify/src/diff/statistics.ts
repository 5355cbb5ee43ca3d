/**
 * Extended statistics (CREATE STATISTICS): the planner's knowledge of correlated columns. Without
 * them a query that was fast in staging can pick a far worse plan in production.
 */
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { diffComment } from './privileges.ts';
import { comment, keyToSql, normalizeSql } from './sql.ts';

/** ALTER STATISTICS ... SET STATISTICS after a CREATE STATISTICS; after the CREATE in the same phase (input order). */
function targetSql(key: string, target: number | undefined): string[] {
  return target === undefined ? [] : [`ALTER STATISTICS ${keyToSql(key)} SET STATISTICS ${target};`];
}

export function diffStatistics(ctx: DiffContext): void {
  const expected = ctx.expected.statistics ?? {};
  const actual = ctx.actual.statistics ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    const drop = `DROP STATISTICS IF EXISTS ${keyToSql(key)};`;
    if (e && !a) {
      // Statistics on a table that is missing come with it (the table's fix runs first).
      const create = [`${e.definition};`, ...targetSql(key, e.target)];
      if (e.comment !== undefined) create.push(comment(`STATISTICS ${keyToSql(key)}`, e.comment));
      problem(ctx, 'missing-statistics', key, `Extended statistics ${key} on ${e.table} are missing in the live database.`, create);
    } else if (!e && a) {
      extra(ctx, 'extra-statistics', key, `Extended statistics ${key} on ${a.table} exist in the live database but not in the expected schema.`, drop);
    } else if (columnsAsSet(e.definition) !== columnsAsSet(a.definition)) {
      const recreate = [drop, `${e.definition};`, ...targetSql(key, e.target)];
      if (e.comment !== undefined) recreate.push(comment(`STATISTICS ${keyToSql(key)}`, e.comment));
      problem(ctx, 'statistics-definition-mismatch', key, `Extended statistics ${key} are ${a.definition} in the live database but ${e.definition} in the expected schema.`, recreate);
    } else {
      if (e.target !== a.target) {
        problem(ctx, 'statistics-definition-mismatch', key,
          `Extended statistics ${key} have statistics target ${a.target ?? 'default'} in the live database but ${e.target ?? 'default'} in the expected schema.`,
          `ALTER STATISTICS ${keyToSql(key)} SET STATISTICS ${e.target ?? -1};`);
      }
      diffComment(ctx, key, `statistics ${key}`, `STATISTICS ${keyToSql(key)}`, e.comment, a.comment);
    }
  }
}

/**
 * The definition with a plain column list sorted: PostgreSQL keeps the columns of CREATE
 * STATISTICS in attnum order, so a column that a fix re-added (now last) prints them in another
 * order while the statistics are the same (found by the DDL fuzz, seed 1672454696).
 */
function columnsAsSet(definition: string): string {
  const sql = normalizeSql(definition);
  const m = /^(.* ON )([^()]+)( FROM .*)$/.exec(sql);
  return m ? `${m[1]}${m[2].split(',').map((c) => c.trim()).sort().join(', ')}${m[3]}` : sql;
}
