/**
 * Sequences behind their column after a restore: the classic "duplicate key on next insert" when a
 * restore loaded rows but not the setval (a data-only restore, a table restored by hand). Every
 * sequence owned by a column (serial: pg_depend 'a', identity: 'i') is compared with max(column).
 */
import type pg from 'pg';
import { quoteIdent } from '@preflight/pg';
import type { Finding } from '@preflight/core';
import { displayTable } from './names.ts';
import { formatCount } from './count-format.ts';

interface OwnedSequence {
  seq_schema: string;
  seq_name: string;
  tbl_schema: string;
  tbl_name: string;
  col: string;
  last_value: string | null;
  start_value: string;
  increment_by: string;
  readable: boolean;
}

export async function sequenceFindings(client: pg.Client): Promise<Finding[]> {
  const { rows } = await client.query<OwnedSequence>(
    `SELECT sn.nspname AS seq_schema, s.relname AS seq_name, tn.nspname AS tbl_schema, t.relname AS tbl_name, a.attname AS col,
            q.last_value::text, q.start_value::text, q.increment_by::text,
            pg_catalog.has_sequence_privilege(s.oid, 'SELECT') AS readable
       FROM pg_catalog.pg_class s
       JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
       JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid
                                  AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
       JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
       JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
       JOIN pg_catalog.pg_sequences q ON q.schemaname = sn.nspname AND q.sequencename = s.relname
      WHERE s.relkind = 'S' AND t.relkind IN ('r', 'p')
      ORDER BY 1, 2`,
  );
  const out: Finding[] = [];
  for (const r of rows) {
    const seq = displayTable({ schema: r.seq_schema, name: r.seq_name });
    const table = displayTable({ schema: r.tbl_schema, name: r.tbl_name });
    if (!r.readable) {
      out.push({ rule: 'count-failed', severity: 'error', object: seq, message: `${seq}: the role may not read this sequence, so whether it is behind ${table}.${r.col} is unknown.`, fix: `GRANT SELECT ON SEQUENCE ${seq} TO <role>;` });
      continue;
    }
    const increment = BigInt(r.increment_by);
    // last_value is NULL until nextval/setval(..., true) ran: the next value is then start_value.
    const next = r.last_value === null ? BigInt(r.start_value) : BigInt(r.last_value) + increment;
    let max: bigint | null;
    try {
      const m = await client.query<{ m: string | null }>(`SELECT max(${quoteIdent(r.col)})::text AS m FROM ${quoteIdent(r.tbl_schema)}.${quoteIdent(r.tbl_name)}`);
      max = m.rows[0].m === null ? null : BigInt(m.rows[0].m);
    } catch (error) {
      out.push({ rule: 'count-failed', severity: 'error', object: seq, message: `${seq}: max(${r.col}) of ${table} could not be read (${(error as Error).message}).` });
      continue;
    }
    if (max === null) continue;
    const behind = increment > 0n ? next <= max : next >= max;
    if (!behind) continue;
    out.push({
      rule: 'sequence-behind',
      severity: 'error',
      object: seq,
      message: `${seq}: next value ${fmt(next)} but ${table}.${r.col} is already ${fmt(max)}: the next INSERT fails with a duplicate key.`,
      fix: `SELECT pg_catalog.setval('${seq.replace(/'/g, "''")}', (SELECT max(${quoteIdent(r.col)}) FROM ${table}));`,
    });
  }
  return out;
}

function fmt(n: bigint): string {
  return formatCount(n);
}
