/**
 * Opens the one session migrations run on, and makes sure it is a real session: migrations never
 * run through a transaction pooler (PgBouncer/Supavisor in transaction mode), where the advisory
 * lock would guard nothing, `SET` would leak into other clients and statements outside a
 * transaction could land on different server connections.
 */
import type pg from 'pg';
import { UsageError } from '@preflight/core';
import {
  connectClient,
  connectionUrl,
  detectPoolerFromTarget,
  parseConnection,
  probeTransactionPooler,
  supabaseDirectUrl,
  type ConnectionTarget,
} from '@preflight/pg';

export interface SessionInputs {
  databaseUrl?: string;
  directUrl?: string;
  cloudSqlInstance?: string;
  ipType?: 'public' | 'private' | 'psc';
  iamAuth?: boolean;
  connectTimeoutMs: number;
  /** See ConnectionTarget.answerTimeoutMs: how long the server may stay silent while a query runs. */
  answerTimeoutMs?: number;
  /** A line of --targets, already parsed (its passwords registered): used instead of the URLs above. */
  fleetTarget?: { target: ConnectionTarget; where: string };
}

export interface DirectSession {
  client: pg.Client;
  target: ConnectionTarget;
  /** The connection string actually used (for --command's url-env). */
  connectionString: string;
  /** Which input it came from, for the log (`tenants.txt:4` for a line of --targets). */
  source: 'database-url' | 'direct-url' | 'supabase-direct' | 'cloud-sql-instance' | string;
  /** Backend pid; every later transaction must run on it. */
  pid: number;
  poolerDetectionMs: number;
  /** Set when the session goes through the Cloud SQL connector. */
  cloudSql?: { instance: string; ipType?: 'public' | 'private' | 'psc'; iamAuth?: boolean };
}

export const APPLICATION_NAME = 'preflight migrate-direct';

export async function openDirectSession(inputs: SessionInputs, log?: (message: string) => void): Promise<DirectSession> {
  const opts = { connectTimeoutMs: inputs.connectTimeoutMs, answerTimeoutMs: inputs.answerTimeoutMs };
  let chosen: { target: ConnectionTarget; text: string; source: DirectSession['source'] };

  const started = performance.now();
  let cloudSql: DirectSession['cloudSql'] = inputs.cloudSqlInstance ? { instance: inputs.cloudSqlInstance, ipType: inputs.ipType, iamAuth: inputs.iamAuth } : undefined;
  if (inputs.fleetTarget) {
    const { target, where } = inputs.fleetTarget;
    if (target.kind === 'cloud-sql-instance') {
      cloudSql = { instance: target.cloudSqlInstance! };
      chosen = { target, text: target.cloudSqlInstance!, source: where };
    } else {
      const verdict = detectPoolerFromTarget(target);
      if (verdict.pooled) {
        const mapped = supabaseDirectUrl(target);
        if (!mapped) throw pooledTarget(target, verdict.reason!, where);
        log?.(`${where} is a transaction pooler (${verdict.reason}); migrating through Supabase's session pooler on port 5432, which keeps sessions.`);
        chosen = { target: parseConnection(mapped, { inputName: `${where} (Supabase session pooler)`, ...opts }), text: mapped, source: 'supabase-direct' };
      } else {
        chosen = { target, text: connectionUrl(target), source: where };
      }
    }
  } else if (inputs.cloudSqlInstance) {
    const target = parseConnection(inputs.cloudSqlInstance, { inputName: 'cloud-sql-instance', ...opts });
    // The instance replaces the host; who logs in to which database still comes from database-url.
    if (inputs.databaseUrl) {
      const creds = parseConnection(inputs.databaseUrl, { inputName: 'database-url', ...opts });
      for (const key of ['user', 'password', 'database'] as const) if (creds.config[key] !== undefined) target.config[key] = creds.config[key] as never;
      target.user = creds.user;
      target.database = creds.database;
      // A command reaches the instance through a local listener; its URL keeps the user's driver.
      target.scheme = creds.scheme;
    }
    chosen = { target, text: inputs.cloudSqlInstance, source: 'cloud-sql-instance' };
  } else if (inputs.directUrl) {
    // Given a direct URL, use it: it is what it is for (Prisma's directUrl), whatever database-url is.
    const target = parseConnection(inputs.directUrl, { inputName: 'direct-url', ...opts });
    const verdict = detectPoolerFromTarget(target);
    if (verdict.pooled) throw directIsPooled(target, verdict.reason!);
    chosen = { target, text: inputs.directUrl, source: 'direct-url' };
  } else {
    const target = parseConnection(inputs.databaseUrl ?? '', { inputName: 'database-url', ...opts });
    const verdict = detectPoolerFromTarget(target);
    if (verdict.pooled) {
      const mapped = supabaseDirectUrl(target);
      if (!mapped) throw pooledWithoutDirect(target, verdict.reason!);
      log?.(`database-url is a transaction pooler (${verdict.reason}); migrating through Supabase's session pooler on port 5432, which keeps sessions.`);
      chosen = { target: parseConnection(mapped, { inputName: 'database-url (Supabase session pooler)', ...opts }), text: mapped, source: 'supabase-direct' };
    } else {
      chosen = { target, text: inputs.databaseUrl!, source: 'database-url' };
    }
  }

  // The probe's second connection logs in at the same time as the first (a login is several round
  // trips and a password hash on each side); it is only used after the first one is up.
  const second = cloudSql || chosen.target.socketDir ? undefined : settle(connectClient(chosen.target, { applicationName: PROBE_APPLICATION_NAME }));
  let client: pg.Client;
  try {
    client = await connectClient(chosen.target, { applicationName: APPLICATION_NAME, cloudSql });
  } catch (error) {
    await endSettled(second);
    throw error;
  }
  try {
    // The connector dials the instance itself: no pooler can sit in between.
    const probe = cloudSql
      ? { pooled: false, reason: undefined, pid: (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid }
      : await probeSession(client, chosen.target, 3, second);
    if (probe.pooled) {
      if (inputs.fleetTarget) throw pooledTarget(chosen.target, probe.reason!, inputs.fleetTarget.where);
      if (chosen.source === 'database-url') throw pooledWithoutDirect(chosen.target, probe.reason!);
      throw directIsPooled(chosen.target, probe.reason!);
    }
    return { client, target: chosen.target, connectionString: chosen.text, source: chosen.source, pid: probe.pid, poolerDetectionMs: performance.now() - started, cloudSql };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/**
 * Behavioural pooler check on a connection string that did not look pooled. Two signals, either
 * one proof: session state set in one transaction is gone in the next (probeTransactionPooler),
 * or a second client connection is served by the same server process as the first – impossible
 * without a pooler, and what PgBouncer does (it reuses the most recently freed server connection)
 * whenever the pool is not busy. A few rounds make a busy pool unlikely to hide it.
 */
export async function probeSession(
  client: pg.Client,
  target: ConnectionTarget,
  rounds = 3,
  /** The second connection, already being opened by the caller (openDirectSession); opened here when absent. */
  opening?: Promise<Settled>,
): Promise<{ pooled: boolean; reason?: string; pid: number }> {
  const pidOf = async (c: pg.Client) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  let early: { pooled: boolean; reason?: string; pid: number } | undefined;
  try {
    if (await probeTransactionPooler(client)) {
      early = { pooled: true, reason: 'session settings did not survive from one transaction to the next', pid: await pidOf(client) };
    } else if (target.socketDir) {
      // Cloud SQL and unix sockets cannot be a transaction pooler the user put in front; no second connection.
      early = { pooled: false, pid: await pidOf(client) };
    }
  } catch (error) {
    await endSettled(opening);
    throw error;
  }
  if (early) {
    await endSettled(opening);
    return early;
  }
  const settled = await (opening ?? settle(connectClient(target, { applicationName: PROBE_APPLICATION_NAME })));
  if ('error' in settled) throw settled.error;
  const second = settled.client;
  try {
    let pid = 0;
    for (let i = 0; i < rounds; i++) {
      pid = await pidOf(client);
      const other = await pidOf(second);
      if (other === pid) return { pooled: true, reason: 'two client connections were served by the same server process', pid };
    }
    // One more look from the first client: a changed pid means it moved between server connections.
    const last = await pidOf(client);
    if (last !== pid) return { pooled: true, reason: 'the connection moved between server processes', pid: last };
    return { pooled: false, pid };
  } finally {
    // Not awaited: the goodbye needs no answer, and the migration session does not wait on it.
    void second.end().catch(() => undefined);
  }
}

const PROBE_APPLICATION_NAME = `${APPLICATION_NAME} (pooler probe)`;

/** A connection attempt that never rejects, so it can run ahead of the code that awaits it. */
type Settled = { client: pg.Client } | { error: unknown };

function settle(connecting: Promise<pg.Client>): Promise<Settled> {
  return connecting.then(
    (client) => ({ client }),
    (error: unknown) => ({ error }),
  );
}

async function endSettled(opening: Promise<Settled> | undefined): Promise<void> {
  const settled = await opening;
  if (settled && 'client' in settled) await settled.client.end().catch(() => undefined);
}

function endpoint(target: ConnectionTarget): string {
  return `${target.host}:${target.port}`;
}

function pooledWithoutDirect(target: ConnectionTarget, reason: string): UsageError {
  return new UsageError(
    `Input database-url points at a transaction pooler at ${endpoint(target)} (${reason}), where migrations cannot hold a session lock or run safely; pass the direct connection (usually port 5432 of the database host) with --direct-url or DIRECT_URL.`,
  );
}

function pooledTarget(target: ConnectionTarget, reason: string, where: string): UsageError {
  return new UsageError(
    `${where} points at a transaction pooler at ${endpoint(target)} (${reason}), where migrations cannot hold a session lock or run safely; put the direct connection (usually port 5432 of the database host) on that line.`,
  );
}

function directIsPooled(target: ConnectionTarget, reason: string): UsageError {
  return new UsageError(
    `Input direct-url points at a transaction pooler at ${endpoint(target)} (${reason}), not at the database itself; set --direct-url or DIRECT_URL to the database host's own port (usually 5432).`,
  );
}
