/**
 * The row-by-row rewrite of the catalog statements must return exactly what the one-row
 * statement returns, kind by kind, whatever the fragments' text holds (comments with quotes and
 * parentheses, E'' literals, dollar quotes, ORDER BY inside the aggregate), and one row per object.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import pg from 'pg';
import { createDatabase, type TestDatabase } from '../../../test/harness/db.ts';
import { rowsStatement, streamRows } from './introspect-rows.ts';

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createDatabase('introspect_rows');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end().catch(() => undefined);
  await db?.drop();
});

/** Kind → value, read the old way: one row, one json column per kind. */
async function oneRow(statement: string): Promise<Record<string, unknown>> {
  return (await client.query(statement)).rows[0];
}

/** Kind → value, collected from the row-by-row statement; also counts the rows per kind. */
async function byRows(statement: string): Promise<{ values: Record<string, unknown>; rows: Record<string, number> }> {
  const values: Record<string, unknown> = {};
  const rows: Record<string, number> = {};
  await streamRows(client, rowsStatement(statement), (kind, element, value) => {
    rows[kind] = (rows[kind] ?? 0) + 1;
    if (element) ((values[kind] ??= []) as unknown[]).push(value);
    else values[kind] = value;
  });
  return { values, rows };
}

const TRICKY = `WITH nums AS MATERIALIZED (
  SELECT g AS n, 'it''s (' || g || ')' AS label FROM generate_series(1, 50) g -- a comment's quote ( and paren
)
SELECT current_setting('server_version_num')::int AS version,
/* a block comment with ) and ' in it */
(SELECT json_agg(json_build_array(n.n, n.label, E'back\\\\slash \\' and (', $q$dollar ) ' quote$q$) ORDER BY n.n DESC)
  FROM nums n
  -- ends in a comment, so what follows must start on a new line (
  WHERE n.n % 2 = 0) AS evens,
(SELECT json_agg(DISTINCT n.n % 3) FROM nums n) AS "distinctKind",
(SELECT coalesce(json_agg(n.n), '[]'::json) FROM nums n WHERE n.n > 1000) AS coalesced,
(SELECT json_agg(n.n) FROM nums n WHERE n.n > 1000) AS nothing,
NULL::json AS "alwaysNull"`;

test('a statement with every lexical trap reads the same row by row', async () => {
  const expected = await oneRow(TRICKY);
  const { values, rows } = await byRows(TRICKY);
  // An aggregate over no rows is NULL one way and absent the other: both mean "none" to buildModel.
  expect({ ...values, nothing: values.nothing ?? null }).toEqual(expected);
  // One row per object for the plain aggregate, in the aggregate's own order; one row for the others.
  expect(rows.evens).toBe(25);
  expect((values.evens as unknown[][])[0]).toEqual([50, "it's (50)", "back\\slash ' and (", "dollar ) ' quote"]);
  expect(rows).toMatchObject({ version: 1, distinctKind: 1, coalesced: 1, alwaysNull: 1 });
  expect(rows.nothing).toBeUndefined();
});

test('a statement whose top level is not a list of columns is refused, not misread', () => {
  expect(() => rowsStatement('SELECT json_agg(x) AS a FROM t')).toThrow(/top-level FROM/);
  expect(() => rowsStatement('SELECT 1')).toThrow(/without AS/);
});

test('an error in a row handler fails the read and leaves the connection usable', async () => {
  await expect(streamRows(client, rowsStatement(TRICKY), () => {
    throw new Error('handler broke');
  })).rejects.toThrow('handler broke');
  expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
});
