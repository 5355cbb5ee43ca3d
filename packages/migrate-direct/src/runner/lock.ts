/**
 * The migration lock: one session-level advisory lock per database, so that two deploys (two
 * replicas' release phases, a re-run job, a human on a laptop) never apply the same migration
 * twice. Session locks die with the session, so a killed runner never leaves the lock behind; that
 * is also why this must run on a direct connection, never through a transaction pooler.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { CouldNotRunError } from '@preflight/core';

/** Fixed 64-bit key from 'preflight-migrate' and the database name (signed, as PostgreSQL's bigint). */
export function advisoryLockKey(database: string): bigint {
  const digest = createHash('sha256').update(`preflight-migrate\0${database}`).digest();
  return digest.readBigInt64BE(0);
}

/**
 * The key `prisma migrate deploy` holds while it migrates: `SELECT pg_advisory_lock(72707369)` in
 * prisma-engines' schema-engine/connectors/sql-schema-connector/src/flavour/postgres.rs (acquire_lock).
 */
export const prismaMigrateLockKey = 72707369n;

/** pg_locks shows a bigint advisory key as classid (high 32 bits) and objid (low 32 bits), objsubid 1. */
export function lockKeyParts(key: bigint): { classid: number; objid: number } {
  const unsigned = BigInt.asUintN(64, key);
  return { classid: Number(unsigned >> 32n), objid: Number(unsigned & 0xffffffffn) };
}

export interface LockHolder {
  pid: number;
  applicationName: string;
  clientAddr: string | null;
  /** When the holder's session started (pg_locks keeps no acquisition time for granted locks). */
  since: Date | null;
  state: string | null;
}

export async function lockHolders(client: pg.Client, key: bigint): Promise<LockHolder[]> {
  const { classid, objid } = lockKeyParts(key);
  const r = await client.query<{ pid: number; application_name: string | null; client_addr: string | null; backend_start: Date | null; state: string | null }>(
    `SELECT l.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start, a.state
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 1 AND l.pid <> pg_backend_pid()`,
    [classid, objid],
  );
  return r.rows.map((row) => ({
    pid: row.pid,
    applicationName: row.application_name ?? '',
    clientAddr: row.client_addr,
    since: row.backend_start,
    state: row.state,
  }));
}

export function describeHolders(holders: readonly LockHolder[]): string {
  if (holders.length === 0) return 'a session that has just released it';
  return holders
    .map((h) => {
      const who = `pid ${h.pid} (${h.applicationName || 'no application_name'}@${h.clientAddr ?? 'local socket'})`;
      const since = h.since ? `, connected since ${h.since.toISOString()}` : '';
      return `${who}${since}`;
    })
    .join(', ');
}

export interface AcquireOptions {
  key: bigint;
  /** Give up after this long (the lock-wait option). */
  waitMs: number;
  /** Called when we start waiting and then every `reportEveryMs`, with who holds the lock. */
  onWait?: (message: string) => void;
  pollMs?: number;
  reportEveryMs?: number;
}

/**
 * Polls pg_try_advisory_lock rather than blocking in pg_advisory_lock: a blocked call cannot say
 * who holds the lock, and a blocked backend outlives a runner killed while waiting.
 */
export async function acquireMigrationLock(client: pg.Client, opts: AcquireOptions): Promise<{ waitedMs: number }> {
  const started = Date.now();
  const poll = opts.pollMs ?? 250;
  const reportEvery = opts.reportEveryMs ?? 15_000;
  let lastReport = -Infinity;
  let holders: LockHolder[] = [];
  for (;;) {
    const r = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [opts.key.toString()]);
    if (r.rows[0]?.locked) return { waitedMs: Date.now() - started };
    const waited = Date.now() - started;
    holders = await lockHolders(client, opts.key).catch(() => holders);
    if (waited >= opts.waitMs) {
      throw new CouldNotRunError(
        `Another migration run still holds the migration lock after ${formatMs(waited)} (held by ${describeHolders(holders)}); let it finish, end that session, or raise --lock-wait.`,
      );
    }
    if (opts.onWait && waited - lastReport >= reportEvery) {
      lastReport = waited;
      opts.onWait(`Waiting for the migration lock held by ${describeHolders(holders)} (waited ${formatMs(waited)} of ${formatMs(opts.waitMs)}).`);
    }
    await new Promise((r) => setTimeout(r, Math.min(poll, Math.max(1, opts.waitMs - waited))));
  }
}

export async function releaseMigrationLock(client: pg.Client, key: bigint): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]);
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}
