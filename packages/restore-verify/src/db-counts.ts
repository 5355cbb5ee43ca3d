/**
 * Row counts of a live database (the restored one, or the source): exact `count(*) FROM ONLY` per
 * table over a small pool of connections, each with a statement timeout, or estimates from the
 * statistics. A count that fails is kept as its error, never as a number: fail closed.
 */
import type pg from 'pg';
import { CouldNotRunError } from '@preflight/core';
import { connectClient, type ConnectionTarget } from '@preflight/pg';
import { quoteIdent } from '@preflight/pg';
import { displayTable, tableKey, type TableName } from './names.ts';

export type Count = { rows: number; estimated?: boolean } | { error: string };

export interface LiveTable extends TableName {
  /** pg_class.reltuples (-1: never analyzed) and pg_stat_user_tables.n_live_tup. */
  reltuples: number;
  liveTuples: number | null;
}

/** User tables (not extension members, not system schemas), keyed by tableKey. */
export async function listTables(client: pg.Client): Promise<Map<string, LiveTable>> {
  const { rows } = await client.query<{ schema: string; name: string; reltuples: number; n_live_tup: string | null }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.reltuples::float8 AS reltuples, s.n_live_tup
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.relkind IN ('r', 'p')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                         WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`,
  );
  const out = new Map<string, LiveTable>();
  for (const r of rows) out.set(tableKey(r), { schema: r.schema, name: r.name, reltuples: Number(r.reltuples), liveTuples: r.n_live_tup === null ? null : Number(r.n_live_tup) });
  return out;
}

export interface CountOptions {
  statementTimeoutMs: number;
  parallel: number;
  estimate: boolean;
  /** Which database is counted, for messages: "the source database". */
  label?: string;
}

/** Counts the given tables with `parallel` connections; failures become { error }. */
export async function countTables(target: ConnectionTarget, tables: LiveTable[], opts: CountOptions, first?: pg.Client): Promise<Map<string, Count>> {
  const out = new Map<string, Count>();
  if (opts.estimate) {
    for (const t of tables) out.set(tableKey(t), estimateOf(t));
    return out;
  }
  const queue = [...tables];
  const workers = Math.max(1, Math.min(opts.parallel, queue.length));
  const clients: pg.Client[] = [];
  try {
    if (first) clients.push(first);
    while (clients.length < workers) clients.push(await connectClient(target, { applicationName: 'preflight restore-verify' }));
    for (const c of clients) await c.query(`SET statement_timeout = ${Math.max(1, Math.round(opts.statementTimeoutMs))}`);
    await Promise.all(
      clients.map(async (client) => {
        for (let t = queue.shift(); t; t = queue.shift()) {
          try {
            const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${quoteIdent(t.schema)}.${quoteIdent(t.name)}`);
            out.set(tableKey(t), { rows: Number(r.rows[0].n) });
          } catch (error) {
            const message = (error as Error).message.replace(/\s+/g, ' ');
            // The server said no (a statement timeout, a permission): a finding about this table.
            // The connection itself gone: nothing more can be counted, and the run could not look.
            if (!fromServer(error)) {
              queue.length = 0;
              throw new CouldNotRunError(`Counting the rows of ${displayTable(t)} in ${opts.label ?? target.display} failed: ${message}; the connection to the server was lost, run again.`);
            }
            out.set(tableKey(t), { error: message });
          }
        }
      }),
    );
  } finally {
    for (const c of clients) if (c !== first) await c.end().catch(() => undefined);
  }
  return out;
}

/** An error the server sent (it has a SQLSTATE and a severity), not a socket that broke. */
function fromServer(error: unknown): boolean {
  const e = error as { code?: unknown; severity?: unknown } | null;
  return typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

/** reltuples is -1 until the table is analyzed (PostgreSQL 14+): then the live-tuple counter, else unknown. */
function estimateOf(t: LiveTable): Count {
  if (t.reltuples >= 0 && !(t.reltuples === 0 && (t.liveTuples ?? 0) > 0)) return { rows: Math.round(t.reltuples), estimated: true };
  if (t.liveTuples !== null && t.liveTuples > 0) return { rows: t.liveTuples, estimated: true };
  return { error: 'no statistics yet (the table was never analyzed); run ANALYZE or count exactly without --estimate' };
}
