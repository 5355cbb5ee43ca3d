/**
 * The leak --check-connections was built for is brief: a pool that warns "rolling back returned
 * connection [INTRANS]" hands connections back inside a transaction for milliseconds, far below
 * any idle threshold, yet each such moment holds locks a migration's ALTER must wait for. --sample
 * watches pg_stat_activity for a while and counts those moments per application_name; and the
 * server-side guard against them, idle_in_transaction_session_timeout, is reported where it is off.
 * Another session's query text is never read: it may hold secrets or personal data.
 */
import type pg from 'pg';
import type { Finding } from '@preflight/core';
import { formatMs } from './lock.ts';

export interface SampleOptions {
  durationMs: number;
  /** Default 100 ms: a 50 ms idle moment is still seen about every other time. */
  intervalMs?: number;
  log?: (message: string) => void;
}

interface AppSeen {
  /** Distinct transactions seen idle (pid + xact_start). */
  transactions: Set<string>;
  pids: Set<number>;
  users: Set<string>;
  /** Polls in which the application had at least one such session, and the most at once. */
  polls: number;
  maxAtOnce: number;
  longestMs: number;
}

export async function sampleIdleInTransaction(client: pg.Client, opts: SampleOptions): Promise<Finding[]> {
  const interval = opts.intervalMs ?? 100;
  opts.log?.(`Sampling pg_stat_activity for ${formatMs(opts.durationMs)} (every ${interval} ms) for sessions idle in a transaction`);
  const apps = new Map<string, AppSeen>();
  let polls = 0;
  const end = performance.now() + opts.durationMs;
  while (performance.now() < end) {
    const started = performance.now();
    const rows = await client.query<{ app: string; pid: number; xact: string | null; usename: string | null; idle_ms: string }>(
      `SELECT coalesce(application_name, '') AS app, pid, xact_start::text AS xact, usename,
              (extract(epoch FROM now() - state_change) * 1000)::bigint::text AS idle_ms
         FROM pg_stat_activity
        WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')
          AND pid <> pg_backend_pid()
          AND datname = current_database()`,
    );
    polls++;
    const atOnce = new Map<string, number>();
    for (const row of rows.rows) {
      let seen = apps.get(row.app);
      if (!seen) apps.set(row.app, (seen = { transactions: new Set(), pids: new Set(), users: new Set(), polls: 0, maxAtOnce: 0, longestMs: 0 }));
      seen.transactions.add(`${row.pid}\0${row.xact ?? ''}`);
      seen.pids.add(row.pid);
      if (row.usename) seen.users.add(row.usename);
      seen.longestMs = Math.max(seen.longestMs, Number(row.idle_ms));
      atOnce.set(row.app, (atOnce.get(row.app) ?? 0) + 1);
    }
    for (const [app, n] of atOnce) {
      const seen = apps.get(app)!;
      seen.polls++;
      seen.maxAtOnce = Math.max(seen.maxAtOnce, n);
    }
    const rest = interval - (performance.now() - started);
    if (rest > 0) await new Promise((res) => setTimeout(res, Math.min(rest, Math.max(0, end - performance.now()))));
  }

  return [...apps.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([app, seen]) => {
      const name = app === '' ? '(no application_name)' : app;
      const users = [...seen.users].sort();
      return {
        rule: 'idle-in-transaction-sample',
        severity: 'warning',
        object: `application_name ${name}`,
        message: `During a ${formatMs(opts.durationMs)} sample before migrating, ${app === '' ? 'sessions without an application_name' : `application "${app}"`}${users.length ? ` (user ${users.join(', ')})` : ''} sat idle inside an open transaction: ${seen.transactions.size} transaction(s) seen idle across ${seen.pids.size} session(s), in ${seen.polls} of ${polls} polls, at most ${seen.maxAtOnce} at once, the longest seen idle ${formatMs(seen.longestMs)}. However brief, each holds its locks while idle, so a migration's DDL waits behind it and every query on the table queues behind the DDL; a pool that warns "rolling back returned connection [INTRANS]" does this.`,
        fix: `Commit or roll back before the connection goes back to the pool in ${name}, and set a guard: ALTER ROLE ${users[0] ?? 'app_user'} SET idle_in_transaction_session_timeout = '60s';`,
      } satisfies Finding;
    });
}

// pg_db_role_setting keeps the text as given: 0, '0', '0ms', '0min'.
const zero = /^0+(\.0*)?\s*[a-z]*$/i;

/** Where idle_in_transaction_session_timeout is 0: the server (or this database), and roles that turn it off. */
export async function idleTimeoutGuardFindings(client: pg.Client): Promise<Finding[]> {
  const findings: Finding[] = [];
  const db = (await client.query<{ db: string; setting: string; source: string }>(
    `SELECT current_database() AS db, setting, source FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'`,
  )).rows[0];
  // A value from our own role (or set in our session) hides the server's and database's: no claim then.
  const ownOverride = ['user', 'database user', 'session', 'client'].includes(db.source);
  if (!ownOverride && Number(db.setting) === 0) {
    findings.push({
      rule: 'idle-in-transaction-timeout-off',
      severity: 'warning',
      object: 'idle_in_transaction_session_timeout',
      message: `idle_in_transaction_session_timeout is 0 for database ${db.db} (${db.source === 'default' ? 'the PostgreSQL default' : `set by ${db.source}`}), so nothing ends a session left idle in a transaction: its locks stay held, and a migration's DDL and every query behind it wait, until someone kills it.`,
      fix: `ALTER DATABASE ${quoteIdent(db.db)} SET idle_in_transaction_session_timeout = '60s';`,
    });
  }
  const roles = await client.query<{ rolname: string; datname: string | null; value: string }>(
    `SELECT r.rolname, d.datname, substr(cfg, length('idle_in_transaction_session_timeout=') + 1) AS value
       FROM pg_db_role_setting s
       JOIN pg_roles r ON r.oid = s.setrole
       LEFT JOIN pg_database d ON d.oid = s.setdatabase
      CROSS JOIN LATERAL unnest(s.setconfig) AS cfg
      WHERE s.setrole <> 0
        AND (s.setdatabase = 0 OR d.datname = current_database())
        AND cfg LIKE 'idle\\_in\\_transaction\\_session\\_timeout=%'
      ORDER BY r.rolname, s.setdatabase DESC`,
  );
  // The setting for this database beats the role's setting for every database (rows come in that order).
  const effective = new Map<string, { value: string; database: string | null }>();
  for (const row of roles.rows) if (!effective.has(row.rolname)) effective.set(row.rolname, { value: row.value, database: row.datname });
  for (const [role, { value, database }] of effective) {
    if (!zero.test(value.trim())) continue;
    const scope = database ? ` IN DATABASE ${quoteIdent(database)}` : '';
    findings.push({
      rule: 'idle-in-transaction-timeout-off',
      severity: 'warning',
      object: `role ${role}`,
      message: `Role ${role} sets idle_in_transaction_session_timeout to 0${database ? ` in database ${database}` : ''}, which turns the guard off for its sessions whatever the server sets: a session of it left idle in a transaction holds its locks until someone kills it.`,
      fix: `ALTER ROLE ${quoteIdent(role)}${scope} SET idle_in_transaction_session_timeout = '60s';`,
    });
  }
  return findings;
}

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
