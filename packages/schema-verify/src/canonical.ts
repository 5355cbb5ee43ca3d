/**
 * Definitions the server rewrites. PostgreSQL's deparse is not idempotent: a CHECK written as
 * `x IN ('a','b')` on a varchar column reads back as `((x)::text = ANY ((ARRAY['a'::character
 * varying, ...])::text[]))`, and once that text is dumped and restored it reads back as
 * `... ANY (ARRAY[('a'::character varying)::text, ...])`. Both mean the same thing, so comparing
 * the text alone would call every database restored from a dump drifted.
 *
 * Only when a pair of definitions differs as text, both are loaded as scratch objects on the live
 * server (temporary tables and views, in a transaction that is always rolled back) and deparsed
 * again until the text stops changing. Equal fixpoints are the same definition: the expected model
 * then carries the live text, so the diff sees no difference. Anything that cannot be loaded (a
 * column or table the live side lacks, a read-only server, no TEMP privilege) keeps its finding:
 * a failure here never hides a difference.
 */
import type pg from 'pg';
import type { SchemaModel } from './model.ts';
import { normalizeSql, qname, quoteIdent } from './diff/sql.ts';

/** Passes of load-and-deparse; the server settles after one or two. */
const MAX_PASSES = 3;

interface Pending {
  /** Re-deparses one definition on the scratch connection; undefined when the server refuses it. */
  canonical(client: pg.Client, text: string): Promise<string | undefined>;
  expected: string;
  actual: string;
  /** Makes (a copy of) the expected model carry the live text. */
  accept(model: SchemaModel): void;
}

/** Pairs of same-named definitions whose text differs: the only ones worth a round trip. */
function mismatches(expected: SchemaModel, actual: SchemaModel): Pending[] {
  const out: Pending[] = [];
  for (const [key, e] of Object.entries(expected.tables)) {
    const a = actual.tables[key];
    if (!a) continue;
    const scratch = scratchTable(e.schema, e.name);
    for (const [name, ec] of Object.entries(e.constraints)) {
      const ac = a.constraints[name];
      if (!ac || ec.type !== 'check' || ac.type !== 'check' || normalizeSql(ec.definition) === normalizeSql(ac.definition)) continue;
      out.push({
        expected: ec.definition,
        actual: ac.definition,
        canonical: (client, text) => scratch(client, async (tmp) => {
          await client.query(`ALTER TABLE ${tmp} ADD CONSTRAINT preflight_canon ${text}`);
          const r = await client.query(
            `SELECT pg_catalog.pg_get_constraintdef(c.oid) AS d FROM pg_catalog.pg_constraint c WHERE c.conrelid = $1::pg_catalog.regclass AND c.conname = 'preflight_canon'`, [tmp]);
          return r.rows[0]?.d as string | undefined;
        }),
        accept: (m) => {
          const t = m.tables[key];
          m.tables[key] = { ...t, constraints: { ...t.constraints, [name]: { ...ec, definition: ac.definition } } };
        },
      });
    }
  }
  for (const [key, e] of Object.entries(expected.views)) {
    const a = actual.views[key];
    if (!a || e.kind !== a.kind || normalizeSql(e.definition) === normalizeSql(a.definition)) continue;
    out.push({
      expected: e.definition,
      actual: a.definition,
      canonical: (client, text) => savepoint(client, async () => {
        // A temporary view deparses the query the same way, materialized or not.
        await client.query(`CREATE TEMPORARY VIEW preflight_canon_view AS ${text}`);
        const r = await client.query(`SELECT pg_catalog.pg_get_viewdef('pg_temp.preflight_canon_view'::pg_catalog.regclass, true) AS d`);
        return (r.rows[0].d as string).replace(/;\s*$/, '');
      }),
      accept: (m) => { m.views[key] = { ...e, definition: a.definition }; },
    });
  }
  return out;
}

/** Runs fn against an empty temporary copy of the live table's columns (LIKE reads it under a share lock only). */
function scratchTable(schema: string, name: string) {
  return (client: pg.Client, fn: (tmp: string) => Promise<string | undefined>) => savepoint(client, async () => {
    await client.query(`CREATE TEMPORARY TABLE preflight_canon_table (LIKE ${qname(schema, name)})`);
    return fn(`pg_temp.${quoteIdent('preflight_canon_table')}`);
  });
}

/** One scratch object per savepoint, rolled back whatever happens, so names never collide and one refusal spoils nothing else. */
async function savepoint(client: pg.Client, fn: () => Promise<string | undefined>): Promise<string | undefined> {
  await client.query('SAVEPOINT preflight_canon');
  try {
    return await fn();
  } catch {
    return undefined;
  } finally {
    await client.query('ROLLBACK TO SAVEPOINT preflight_canon');
  }
}

async function fixpoint(client: pg.Client, p: Pending, text: string): Promise<string | undefined> {
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = await p.canonical(client, current);
    if (next === undefined) return undefined;
    if (normalizeSql(next) === normalizeSql(current)) return normalizeSql(next);
    current = next;
  }
  // Still moving after MAX_PASSES: not a fixpoint, so no claim of equality.
  return undefined;
}

/**
 * Settles text differences the server's deparse alone explains: returns the expected model, or a
 * copy in which each such definition carries the live text. `connect` opens a connection to the
 * live database, and is called only when some pair differs as text (the common path costs one
 * string comparison per definition, which the diff makes anyway). Everything it creates is
 * rolled back; a server that refuses the scratch work leaves every difference in place.
 */
export async function settleRewrites(connect: () => Promise<pg.Client>, expected: SchemaModel, actual: SchemaModel): Promise<{ model: SchemaModel; settled: number }> {
  const pending = mismatches(expected, actual);
  if (pending.length === 0) return { model: expected, settled: 0 };
  const model: SchemaModel = { ...expected, tables: { ...expected.tables }, views: { ...expected.views } };
  let settled = 0;
  let client: pg.Client | undefined;
  try {
    client = await connect();
    await client.query('BEGIN');
    // Deparse as introspection does: with an empty search_path every name outside pg_catalog is qualified.
    await client.query(`SELECT pg_catalog.set_config('search_path', '', true)`);
    for (const p of pending) {
      const want = await fixpoint(client, p, p.expected);
      if (want === undefined) continue;
      const have = await fixpoint(client, p, p.actual);
      if (have !== undefined && have === want) {
        p.accept(model);
        settled++;
      }
    }
    await client.query('ROLLBACK');
  } catch {
    // Could not connect or the transaction broke: whatever was settled stands (each pair was
    // compared on the server), everything else is still reported as drift.
  } finally {
    await client?.end().catch(() => {});
  }
  return { model: settled ? model : expected, settled };
}
