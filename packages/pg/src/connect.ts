/**
 * Opens a pg client for a ConnectionTarget. Every failure becomes one redacted sentence that names
 * the target's display form, as CouldNotRunError (exit 3) – or UsageError (exit 2) when the input
 * itself must change. The original pg error is not attached as `cause`: callers and test runners
 * print causes, and we only vouch for the text we wrote.
 */
import type { Socket } from 'node:net';
import pg from 'pg';
import { CouldNotRunError, REDACTED, UsageError, redact } from '@preflight/core';
import { DEFAULT_CONNECT_TIMEOUT_MS, redactUrl, type ConnectionTarget } from './connection.ts';

export interface ConnectOptions {
  /** Sent as application_name when the input does not set one (shows up in pg_stat_activity). */
  applicationName?: string;
  /**
   * Reach the server through the Cloud SQL connector (`--cloud-sql-instance`): user, password and
   * database still come from the target; host and port are the connector's.
   */
  cloudSql?: { instance: string; ipType?: 'public' | 'private' | 'psc'; iamAuth?: boolean };
}

export async function connectClient(target: ConnectionTarget, opts: ConnectOptions = {}): Promise<pg.Client> {
  if (target.kind === 'cloud-sql-instance' && !opts.cloudSql) {
    // A bare instance name carries no user or database: those come from a URL next to it.
    throw new UsageError(
      redact(
        `"${target.cloudSqlInstance}" is a Cloud SQL instance name, not a database URL; pass it as --cloud-sql-instance and give user and database in the URL (postgresql://user:password@/dbname), or use the socket form postgresql://user:password@/dbname?host=/cloudsql/${target.cloudSqlInstance}.`,
      ),
    );
  }
  const base: pg.ClientConfig = { ...target.config };
  if (!base.application_name && opts.applicationName) base.application_name = opts.applicationName;
  const client = opts.cloudSql ? await connectThroughCloudSql(target, base, opts.cloudSql) : await connectDirect(target, base);
  if (target.answerTimeoutMs !== undefined) {
    limitSilence(client, target.answerTimeoutMs, (ms) => `no answer from ${target.display} for ${seconds(ms)} s while a query ran (the server or the network to it stopped responding)`);
  }
  return client;
}

async function connectDirect(target: ConnectionTarget, base: pg.ClientConfig): Promise<pg.Client> {
  try {
    return await attempt(base);
  } catch (first) {
    // pg cannot fall back between TLS and plain by itself; libpq does for these modes.
    const retry = fallback(target, base, first);
    if (!retry) throw connectionError(target, first);
    try {
      return await attempt(retry);
    } catch (second) {
      throw connectionError(target, second);
    }
  }
}

/**
 * Bounds a stalled link: while a query is in flight (sent, or waiting to be), a server that sends
 * nothing for `ms` is taken as gone, and the socket is closed with `message`, so the query fails
 * instead of waiting forever. A dead network path or a hung proxy otherwise never ends the wait:
 * the server's statement_timeout cannot fire for a query that never arrived, and TCP keepalive is
 * answered by whatever box sits in between. An idle session (no query) may stay silent for as long
 * as it likes (migrate-direct holds its lock while a migration command runs).
 */
export function limitSilence(client: pg.Client, ms: number, message: (ms: number) => string): void {
  const socket = (client as unknown as { connection?: { stream?: Socket } }).connection?.stream;
  if (!socket || typeof socket.setTimeout !== 'function') return;
  const limit = { socket, ms };
  silenceLimits.set(client, limit);
  // The socket's idle timer restarts with every byte read or written. Not setTimeout's callback:
  // that is a once-listener, and the first idle stretch without a query would use it up.
  socket.setTimeout(ms);
  socket.on('timeout', () => {
    if (busy(client)) socket.destroy(Object.assign(new Error(message(limit.ms)), { code: 'ETIMEDOUT' }));
  });
}

const silenceLimits = new WeakMap<pg.Client, { socket: Socket; ms: number }>();

/**
 * Runs fn with the client's silence limit raised to at least `ms`: the server sends nothing back
 * for a message of several statements until all of them ran (its output is flushed at the end),
 * so such a message may legitimately stay silent for the sum of their timeouts. No-op for a client
 * without a limit.
 */
export async function withAnswerTimeout<T>(client: pg.Client, ms: number, fn: () => Promise<T>): Promise<T> {
  const limit = silenceLimits.get(client);
  if (!limit || ms <= limit.ms) return fn();
  const before = limit.ms;
  limit.ms = ms;
  limit.socket.setTimeout(ms);
  try {
    return await fn();
  } finally {
    limit.ms = before;
    if (!limit.socket.destroyed) limit.socket.setTimeout(before);
  }
}

function busy(client: pg.Client): boolean {
  const c = client as unknown as { _activeQuery?: unknown; _queryQueue?: unknown[]; _sentQueryQueue?: unknown[] };
  return Boolean(c._activeQuery) || (c._queryQueue?.length ?? 0) > 0 || (c._sentQueryQueue?.length ?? 0) > 0;
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

async function connectThroughCloudSql(target: ConnectionTarget, base: pg.ClientConfig, cloudSql: NonNullable<ConnectOptions['cloudSql']>): Promise<pg.Client> {
  // Loaded only here: the connector and Google's auth library stay off every other start-up path.
  const { openCloudSqlConnection } = await import('./cloud-sql.ts');
  const connection = await openCloudSqlConnection({
    instance: cloudSql.instance,
    ipType: cloudSql.ipType,
    iamAuth: cloudSql.iamAuth,
    user: target.user,
    password: typeof base.password === 'string' ? base.password : undefined,
    database: target.database ?? target.user ?? 'postgres',
    connectTimeoutMs: base.connectionTimeoutMillis,
  });
  try {
    const client = await attempt({ ...connection.clientConfig, application_name: base.application_name });
    client.once('end', () => void connection.close());
    return client;
  } catch (error) {
    await connection.close();
    throw connectionError({ ...target, display: `Cloud SQL instance ${cloudSql.instance}` }, error);
  }
}

/** Runs fn with a connected client and always ends the client, also when fn throws. */
export async function withClient<T>(target: ConnectionTarget, fn: (client: pg.Client) => Promise<T>, opts: ConnectOptions = {}): Promise<T> {
  const client = await connectClient(target, opts);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function attempt(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  // Without a listener, a server that drops an idle connection crashes the process with exit 1,
  // which would read as "blocking findings". Queries in flight still reject with their own error.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

function fallback(target: ConnectionTarget, base: pg.ClientConfig, error: unknown): pg.ClientConfig | undefined {
  if (target.socketDir) return undefined;
  const message = error instanceof Error ? error.message : '';
  const { sslmode } = target;
  // prefer: TLS first, plain when the server has no TLS.
  if (sslmode === 'prefer' && message === 'The server does not support SSL connections') {
    return { ...base, ssl: false };
  }
  // allow and not-given: plain first, TLS when pg_hba.conf only accepts encrypted connections
  // (RDS with rds.force_ssl, most managed services).
  if ((sslmode === 'allow' || sslmode === undefined) && sqlstate(error) === '28000' && /no encryption|SSL off/i.test(message)) {
    return { ...base, ssl: { rejectUnauthorized: false } };
  }
  return undefined;
}

function sqlstate(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const TLS_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|ERR_SSL_.*|EPROTO)$/;

/** One sentence per failure: where, what happened, what to do. Exported for the connector seam. */
export function connectionError(target: ConnectionTarget, error: unknown): CouldNotRunError {
  const where = target.display;
  const err = (error ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  const message = typeof err.message === 'string' ? err.message : String(error);
  const state = sqlstate(error);
  const seconds = Math.round((target.config.connectionTimeoutMillis ?? DEFAULT_CONNECT_TIMEOUT_MS) / 100) / 10;
  const endpoint = target.socketDir ? `${target.socketDir}/.s.PGSQL.${target.port}` : `${target.host}:${target.port}`;
  const server = message.replace(/\s+/g, ' ').replace(/[.\s]+$/, '');

  let text: string;
  if (state === '28P01') {
    text = `authentication failed for user "${target.user ?? ''}" (wrong password or user); check the credentials in the connection string`;
  } else if (state === '28000') {
    text = `the server rejected the login (${server}); check the user name, pg_hba.conf, and whether the server requires sslmode=require`;
  } else if (state === '3D000') {
    text = `database "${target.database ?? ''}" does not exist; create it or fix the database name in the connection string`;
  } else if (state === '53300') {
    text = `the server has no free connection slots (${server}); retry later or lower the number of open connections`;
  } else if (state === '57P03') {
    text = `the server is not accepting connections yet (${server}); retry once it has finished starting`;
  } else if (state) {
    text = `the server refused the connection (${state}: ${server}); check the connection settings`;
  } else if (code === 'ECONNREFUSED') {
    text = `nothing is listening on ${endpoint} (connection refused); check the host and port and that the server is running`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    text = `the host name "${target.host}" could not be resolved (${code}); check the host name and the runner's DNS`;
  } else if (code === 'ENOENT' && target.socketDir) {
    text = `there is no PostgreSQL socket at ${endpoint}; check the socket directory and port, and that the server (or Cloud SQL Auth Proxy) is running`;
  } else if (code === 'EACCES') {
    text = `permission denied opening ${endpoint}; run as a user that may use the socket`;
  } else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') {
    text = `the network cannot reach ${endpoint} (${code}); check the host, firewall rules and whether the runner has IPv6 if the host only has an IPv6 address`;
  } else if (message === 'timeout expired' || /connection timeout/i.test(message)) {
    text = `no answer within ${seconds} s; check the host, port and firewall, or raise connect_timeout`;
  } else if (message === 'The server does not support SSL connections') {
    text = `the server does not support SSL but sslmode=${target.sslmode ?? 'require'} requires it; use sslmode=prefer or sslmode=disable`;
  } else if (message === 'There was an error establishing an SSL connection') {
    text = 'the server answered the SSL request with an error; check that this is a PostgreSQL server and its SSL setup';
  } else if (TLS_CODES.test(code)) {
    text = `the server's TLS certificate was not accepted (${code}); give its CA with sslrootcert=/path/to/ca.pem, or use sslmode=require to encrypt without verifying`;
  } else if (/client password must be a string|password must be a string/i.test(message)) {
    text = 'the server asks for a password but the connection string has none; add user:password@ to the URL or password=... to the libpq string';
  } else if (code === 'ECONNRESET' || /Connection terminated unexpectedly/.test(message)) {
    text = 'the server closed the connection during start-up; check the port, sslmode and whether this is a PostgreSQL server';
  } else {
    text = `${server || 'unknown error'}${code && !server.includes(code) ? ` (${code})` : ''}; check the connection settings`;
  }
  // Server messages (pg_hba.conf, missing role) never contain the password, but an unexpected error
  // text might quote a URL: mask URL passwords, this target's password and every registered secret.
  let sentence = redactUrl(`Could not connect to ${where}: ${text}.`);
  const password = target.config.password;
  if (typeof password === 'string' && password.length >= 3) sentence = sentence.split(password).join(REDACTED);
  return new CouldNotRunError(sentence);
}
