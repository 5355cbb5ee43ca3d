/**
 * Transaction poolers (PgBouncer/Supavisor in transaction mode) hand each transaction to whichever
 * server connection is free, so session state (SET, advisory locks, prepared statements, temp
 * tables) does not survive between transactions. Checks that need a session must notice and use
 * the direct URL instead.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { ConnectionTarget } from './connection.ts';
import { connectionUrl } from './connection-url.ts';

export interface PoolerVerdict {
  pooled: boolean;
  /** Why we think so, for a finding or log line. */
  reason?: string;
}

const SUPABASE_POOLER = /^aws-\d+-([a-z0-9-]+)\.pooler\.supabase\.com$/i;

/** Decides from the connection string alone; a negative answer is not proof (see probe). */
export function detectPoolerFromTarget(target: ConnectionTarget): PoolerVerdict {
  if (target.pgbouncerParam) {
    return { pooled: true, reason: 'the connection string sets pgbouncer=true' };
  }
  const host = target.host.toLowerCase();
  if (host.endsWith('.pooler.supabase.com') && target.port === 6543) {
    return { pooled: true, reason: 'Supabase transaction pooler (pooler.supabase.com port 6543)' };
  }
  if (target.port === 6543) {
    return { pooled: true, reason: 'port 6543 is the usual transaction-pooler port' };
  }
  // Neon's pooled endpoints are PgBouncer in transaction mode: ep-name-pooler.region.aws.neon.tech.
  if (/^ep-[a-z0-9-]+-pooler\./.test(host) && host.endsWith('.neon.tech')) {
    return { pooled: true, reason: 'Neon pooled endpoint (-pooler host)' };
  }
  return { pooled: false };
}

/**
 * Supabase's documented rule for clients that need a session (migrations): the same pooler host
 * on port 5432 is Supavisor in *session* mode, with the same user `postgres.PROJECTREF`, password
 * and database. Supabase's other 5432 endpoint, `db.PROJECTREF.supabase.co`, is IPv6-only unless
 * the project buys the IPv4 add-on, and GitHub-hosted runners have no IPv6; the session pooler
 * works from both, keeps session state and prepared statements, and holds advisory locks for the
 * session. Undefined for anything else (and for a URL that is already the session pooler).
 */
export function supabaseDirectUrl(target: ConnectionTarget): string | undefined {
  if (!SUPABASE_POOLER.test(target.host) || target.port === 5432) return undefined;
  if (!/^postgres\.[a-z0-9]+$/i.test(target.user ?? '')) return undefined;
  // Same host, user, password, database and parameters; pgbouncer=true no longer applies.
  return connectionUrl(target, { port: 5432, drop: ['pgbouncer'] });
}

/**
 * Behavioural check: set a session variable in one transaction and read it back in the next.
 * A transaction pooler may hand the next transaction to another server connection, which has
 * lost it (or the backend pid changes). A custom setting is used rather than application_name,
 * because PgBouncer tracks application_name and replays it on whichever server connection it
 * picks. With an idle pool the pooler may reuse the same server connection, so `false` means
 * "not observed", not "not pooled".
 */
export async function probeTransactionPooler(client: pg.Client): Promise<boolean> {
  const marker = `pf_${randomBytes(6).toString('hex')}`;
  const first = await client.query<{ pid: number }>(
    `BEGIN; SELECT set_config('preflight.pooler_probe', '${marker}', false), pg_backend_pid() AS pid; COMMIT`,
  );
  const rows1 = rowsOfMulti(first);
  const second = await client.query<{ value: string | null; pid: number }>(
    "SELECT current_setting('preflight.pooler_probe', true) AS value, pg_backend_pid() AS pid",
  );
  const row = second.rows[0];
  return row?.value !== marker || (rows1[0]?.pid !== undefined && rows1[0].pid !== row?.pid);
}

function rowsOfMulti<T extends pg.QueryResultRow>(result: pg.QueryResult<T> | pg.QueryResult<T>[]): T[] {
  if (!Array.isArray(result)) return result.rows;
  return result.find((r) => r.command === 'SELECT')?.rows ?? [];
}
