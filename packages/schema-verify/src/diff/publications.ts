/**
 * Logical replication publications. Supabase Realtime, Debezium and every logical replica read
 * changes through one: a table missing from it silently stops streaming, an extra one streams
 * rows nobody meant to publish.
 */
import { compareText, type PublicationDef, type PublicationTableDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { diffComment } from './privileges.ts';
import { comment, keyToSql, quoteIdent, quoteLiteral } from './sql.ts';

/**
 * ONLY, as pg_dump writes it: each member table is listed on its own, and `TABLE t` would also
 * publish t's inheritance children, which the expected publication may not have.
 */
function tableSql(key: string, t: PublicationTableDef): string {
  const columns = t.columns ? ` (${t.columns.map(quoteIdent).join(', ')})` : '';
  return `TABLE ONLY ${keyToSql(key)}${columns}${t.where !== undefined ? ` WHERE (${t.where})` : ''}`;
}

/** FOR ALL TABLES, or the named tables and schemas: what CREATE PUBLICATION and SET take. */
function targetsSql(p: PublicationDef): string[] {
  return [
    ...Object.keys(p.tables).sort(compareText).map((k) => tableSql(k, p.tables[k])),
    ...p.schemas.map((s) => `TABLES IN SCHEMA ${quoteIdent(s)}`),
  ];
}

function withSql(p: PublicationDef): string {
  return `publish = ${quoteLiteral(p.publish.join(', '))}, publish_via_partition_root = ${p.viaRoot}`;
}

function createSql(p: PublicationDef): string[] {
  const name = quoteIdent(p.name);
  const targets = targetsSql(p);
  const what = p.allTables ? ' FOR ALL TABLES' : targets.length ? ` FOR ${targets.join(', ')}` : '';
  const out = [`CREATE PUBLICATION ${name}${what} WITH (${withSql(p)});`];
  if (p.comment !== undefined) out.push(comment(`PUBLICATION ${name}`, p.comment));
  return out;
}

const describeTables = (p: PublicationDef) =>
  p.allTables ? 'all tables' : targetsSql(p).map((t) => t.replace(/^TABLE ONLY /, '')).join(', ') || 'no tables';

export function diffPublications(ctx: DiffContext): void {
  const expected = ctx.expected.publications ?? {};
  const actual = ctx.actual.publications ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    const name = quoteIdent(key);
    if (e && !a) {
      problem(ctx, 'missing-publication', key, `Publication ${key} (${describeTables(e)}) is missing in the live database, so nothing it should publish reaches its subscribers.`, createSql(e));
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-publication', key, `Publication ${key} (${describeTables(a)}) exists in the live database but not in the expected schema.`, `DROP PUBLICATION IF EXISTS ${name};`);
      continue;
    }
    const what: string[] = [];
    const fix: string[] = [];
    if (e.allTables !== a.allTables) {
      // FOR ALL TABLES cannot be switched on or off: the publication is re-created.
      what.push(e.allTables ? 'it should publish all tables' : 'it publishes all tables');
      fix.push(`DROP PUBLICATION IF EXISTS ${name};`, ...createSql(e));
    } else {
      if (e.publish.join() !== a.publish.join() || e.viaRoot !== a.viaRoot) {
        what.push(`it publishes (${a.publish.join(', ')}${a.viaRoot ? ', via the partition root' : ''}) instead of (${e.publish.join(', ')}${e.viaRoot ? ', via the partition root' : ''})`);
        fix.push(`ALTER PUBLICATION ${name} SET (${withSql(e)});`);
      }
      const want = targetsSql(e);
      const have = targetsSql(a);
      if (want.join('\n') !== have.join('\n')) {
        what.push(`it publishes ${describeTables(a)} instead of ${describeTables(e)}`);
        if (want.length) fix.push(`ALTER PUBLICATION ${name} SET ${want.join(', ')};`);
        else {
          for (const k of Object.keys(a.tables).sort(compareText)) fix.push(`ALTER PUBLICATION ${name} DROP TABLE ONLY ${keyToSql(k)};`);
          for (const s of a.schemas) fix.push(`ALTER PUBLICATION ${name} DROP TABLES IN SCHEMA ${quoteIdent(s)};`);
        }
      }
    }
    if (what.length) problem(ctx, 'publication-mismatch', key, `Publication ${key} differs in the live database: ${what.join('; ')}.`, fix);
    // A re-created publication already gets its comment.
    if (!e.allTables === !a.allTables) diffComment(ctx, key, `publication ${key}`, `PUBLICATION ${name}`, e.comment, a.comment);
  }
}
