/**
 * --check-connections: the two server states that turn a routine migration into an outage.
 * A session idle in a transaction holds its locks forever, so the migration's ALTER waits behind
 * it and every query on the table queues behind the ALTER; and a server near max_connections
 * refuses the app's new connections while a deploy restarts it.
 */
import type pg from 'pg';
import type { Finding } from '@preflight/core';
import { formatMs } from './lock.ts';

export interface ConnectionCheckOptions {
  idleThresholdMs: number;
  phase: 'before' | 'after';
  /** Share of usable connection slots at which to warn (default 0.8). */
  nearLimit?: number;
}

export async function checkConnections(client: pg.Client, opts: ConnectionCheckOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const idle = await client.query<{ pid: number; application_name: string | null; client_addr: string | null; usename: string | null; idle_ms: string; query: string | null }>(
    `SELECT pid, application_name, host(client_addr) AS client_addr, usename,
            (extract(epoch FROM now() - state_change) * 1000)::bigint::text AS idle_ms,
            -- Only the command's first word: the text of another session's query may hold passwords or personal data.
            upper(substring(ltrim(query) from '^[A-Za-z]+')) AS query
       FROM pg_stat_activity
      WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')
        AND pid <> pg_backend_pid()
        AND now() - state_change > make_interval(secs => $1::double precision / 1000)
      ORDER BY state_change`,
    [opts.idleThresholdMs],
  );
  for (const row of idle.rows) {
    const who = `${row.application_name ?? ''}@${row.client_addr ?? 'local socket'}`;
    findings.push({
      rule: 'idle-in-transaction',
      severity: 'warning',
      object: `pid ${row.pid} (${who})`,
      message: `${opts.phase === 'before' ? 'Before' : 'After'} migrating, session ${row.pid} (user ${row.usename ?? '?'}, ${who}) has been idle in a transaction for ${formatMs(Number(row.idle_ms))}; it holds its locks, so DDL on its tables waits behind it and blocks every query queued after the DDL${
        row.query ? ` (last statement: ${row.query} ...)` : ''
      }.`,
      fix: `SELECT pg_terminate_backend(${row.pid});`,
    });
  }

  const use = await client.query<{ used: number; max: number; reserved: number }>(
    `SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used,
            current_setting('max_connections')::int AS max,
            current_setting('superuser_reserved_connections')::int + coalesce(nullif(current_setting('reserved_connections', true), ''), '0')::int AS reserved`,
  );
  const { used, max, reserved } = use.rows[0];
  const usable = Math.max(1, max - reserved);
  if (used >= usable * (opts.nearLimit ?? 0.8)) {
    findings.push({
      rule: 'connections-near-limit',
      severity: 'warning',
      object: 'max_connections',
      message: `${opts.phase === 'before' ? 'Before' : 'After'} migrating, ${used} of ${usable} usable connections are in use (max_connections ${max} minus ${reserved} reserved); new app instances started by this deploy may be refused. Put a pooler in front of the app or raise max_connections.`,
    });
  }
  return findings;
}

/** The same session reported before and after migrating is one finding, the later one. */
export function mergeConnectionFindings(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const f of [...before, ...after]) byKey.set(`${f.rule}\0${f.object}`, f);
  return [...byKey.values()];
}
