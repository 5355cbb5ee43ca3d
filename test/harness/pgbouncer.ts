/**
 * A real PgBouncer process (Debian package, /usr/sbin/pgbouncer) in front of the test PostgreSQL,
 * so tests see what users see behind Supabase's :6543 pooler: transaction pooling, session state
 * that does not follow the client, named prepared statements that break.
 *
 * PgBouncer refuses to run as root, so as root it runs as the `postgres` system user (or `nobody`)
 * from a config directory that user owns, the same way packages/pg/src/server.ts runs postgres.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUpOnExit, freePort, runningChildren, temporaryDirs, unprivilegedUser } from '@preflight/pg';

export interface PgBouncerOptions {
  pgHost: string;
  pgPort: number;
  user: string;
  password: string;
  poolMode?: 'transaction' | 'session';
  /** Server connections per (database, user) pair; 20 unless a test needs a tiny pool to be deterministic. */
  defaultPoolSize?: number;
  /**
   * Hand out idle server connections in turn (server_round_robin = 1) instead of reusing the most
   * recently freed one, like a pooler behind a load balancer: consecutive transactions of one
   * client land on different server connections once the pool has more than one.
   */
  serverRoundRobin?: boolean;
  /** Run DISCARD ALL after every transaction (server_reset_query_always), even on the same server connection. */
  resetAfterEveryTransaction?: boolean;
}

export interface PgBouncer {
  host: string;
  port: number;
  /** A postgres:// URL for `db` through the bouncer, with the user's password. */
  url(db: string): string;
  stop(): Promise<void>;
}

const binary = process.env.PREFLIGHT_PGBOUNCER_BIN ?? '/usr/sbin/pgbouncer';


/** auth_file syntax: both fields double-quoted, a `"` inside doubled. */
function quoteAuth(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function config(dir: string, port: number, opts: PgBouncerOptions): string {
  return [
    '[databases]',
    // Wildcard: every database the tests create is reachable without editing the config.
    `* = host=${opts.pgHost} port=${opts.pgPort}`,
    '',
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    // No unix socket: nothing to collide with in /tmp across parallel runs.
    'unix_socket_dir =',
    // The harness server uses scram for TCP; with a plain password in auth_file, 1.18 can both
    // verify the client's SCRAM exchange and log in to the server with SCRAM itself.
    'auth_type = scram-sha-256',
    `auth_file = ${join(dir, 'userlist.txt')}`,
    `pool_mode = ${opts.poolMode ?? 'transaction'}`,
    'max_client_conn = 200',
    `default_pool_size = ${opts.defaultPoolSize ?? 20}`,
    `server_round_robin = ${opts.serverRoundRobin ? 1 : 0}`,
    ...(opts.resetAfterEveryTransaction ? ['server_reset_query = DISCARD ALL', 'server_reset_query_always = 1'] : []),
    // node-postgres and psql/JDBC send these at start-up; pgbouncer rejects unknown ones.
    'ignore_startup_parameters = extra_float_digits,options',
    'server_login_retry = 1',
    'log_connections = 0',
    'log_disconnections = 0',
    '',
  ].join('\n');
}

/** Resolves when something accepts TCP connections on host:port. */
function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function launch(dir: string, port: number, runAs: { uid: number; gid: number } | undefined): Promise<ChildProcess> {
  const child = spawn(binary, [join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(runAs ?? {}),
  });
  runningChildren.add(child);
  let log = '';
  const onData = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
    runningChildren.delete(child);
  });
  child.once('error', (err) => {
    exited = -1;
    log += String(err);
  });
  const deadline = Date.now() + 15_000;
  // Poll the port rather than parse log lines: the log format differs between versions.
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`pgbouncer exited during start-up (code ${exited}): ${log.trim().slice(-600)}`);
    if (await canConnect('127.0.0.1', port)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`pgbouncer did not listen on 127.0.0.1:${port} within 15 s: ${log.trim().slice(-600)}`);
}

export async function startPgBouncer(opts: PgBouncerOptions): Promise<PgBouncer> {
  if (!existsSync(binary)) {
    throw new Error(`pgbouncer not found at ${binary}; install it (Debian: apt-get install -y pgbouncer) or set PREFLIGHT_PGBOUNCER_BIN.`);
  }
  cleanUpOnExit();
  // pgbouncer, like postgres, refuses to run as root.
  const runAs = unprivilegedUser();
  const dir = mkdtempSync(join(tmpdir(), 'preflight-pgbouncer-'));
  temporaryDirs.add(dir);
  writeFileSync(join(dir, 'userlist.txt'), `${quoteAuth(opts.user)} ${quoteAuth(opts.password)}\n`, { mode: 0o600 });
  if (runAs) {
    chmodSync(dir, 0o700);
    chownSync(dir, runAs.uid, runAs.gid);
    chownSync(join(dir, 'userlist.txt'), runAs.uid, runAs.gid);
  }

  // freePort() closes its probe socket before pgbouncer binds, so another process can take the
  // port in between; a few retries make that race harmless.
  let child: ChildProcess | undefined;
  let port = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    const ini = join(dir, 'pgbouncer.ini');
    writeFileSync(ini, config(dir, port, opts), { mode: 0o600 });
    if (runAs) chownSync(ini, runAs.uid, runAs.gid);
    try {
      child = await launch(dir, port, runAs);
    } catch (err) {
      lastError = err;
    }
  }
  if (!child) {
    rmSync(dir, { recursive: true, force: true });
    temporaryDirs.delete(dir);
    throw lastError;
  }

  const host = '127.0.0.1';
  const proc = child;
  return {
    host,
    port,
    url: (db: string) =>
      `postgres://${encodeURIComponent(opts.user)}:${encodeURIComponent(opts.password)}@${host}:${port}/${encodeURIComponent(db)}`,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        // SIGINT: "safe shutdown" would wait for clients; SIGTERM closes everything now.
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      }
      runningChildren.delete(proc);
      rmSync(dir, { recursive: true, force: true });
      temporaryDirs.delete(dir);
    },
  };
}
