/**
 * Starts a throwaway PostgreSQL server as a real process: for the demo, for a shadow database when
 * the user gave no --shadow-url, and for the test harness. Binaries come from PREFLIGHT_PG_BINDIR,
 * Debian's /usr/lib/postgresql/<major>/bin, or PATH. initdb refuses to run as root, so as root the
 * cluster runs as the `postgres` system user (or `nobody`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CouldNotRunError } from '@preflight/core';
import { cleanUpOnExit, runningChildren, temporaryDirs } from './leftovers.ts';

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** A postgres:// URL for `database` on this server, with the superuser's password. */
  url(database?: string): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Major version to prefer when several are installed (default: the highest). */
  major?: number;
  /** A bin directory holding initdb and postgres; wins over `major` and PREFLIGHT_PG_BINDIR. */
  binDir?: string;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
  superuser?: string;
  password?: string;
  /** Where the cluster's temporary directory is made (default: the OS temp directory). */
  parentDir?: string;
}

export function findPostgresBinDir(major?: number): string | undefined {
  const fromEnv = process.env.PREFLIGHT_PG_BINDIR;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const majors = readdirSync(base)
      .filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb')))
      .map(Number)
      .sort((a, b) => b - a);
    const pick = major && majors.includes(major) ? major : majors[0];
    if (pick) return join(base, String(pick), 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  if (which.status === 0 && path) return path.replace(/\/initdb$/, '');
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

/** The user a server process runs as when we are root (postgres and pgbouncer both refuse root). */
export function unprivilegedUser(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (r.status === 0 && g.status === 0) return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()), name };
  }
  throw new CouldNotRunError('PostgreSQL cannot run as root and no unprivileged user (postgres or nobody) exists; create one or run as a normal user.');
}


export async function startPostgres(options: StartOptions = {}): Promise<PostgresServer> {
  const binDir = options.binDir ?? findPostgresBinDir(options.major);
  if (!binDir) {
    throw new CouldNotRunError(
      'No PostgreSQL server binaries found to start a temporary database; install postgresql (Debian: apt-get install -y postgresql-15), set PREFLIGHT_PG_BINDIR, or pass --shadow-url.',
    );
  }
  cleanUpOnExit();
  const runAs = unprivilegedUser();
  const user = options.superuser ?? 'postgres';
  const password = options.password ?? `pf${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(options.parentDir ?? tmpdir(), 'preflight-pg-'));
  temporaryDirs.add(dir);
  const dataDir = join(dir, 'data');
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  if (runAs) {
    chmodSync(dir, 0o700);
    chownSync(dir, runAs.uid, runAs.gid);
    chownSync(pwFile, runAs.uid, runAs.gid);
  }
  const spawnOpts = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
  // No --no-instructions: initdb 13 does not know it (the tests start 13 to 17), and its output is not shown.
  const init = spawnSync(
    join(binDir, 'initdb'),
    ['-D', dataDir, '-U', user, '--pwfile', pwFile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'],
    { encoding: 'utf8', ...spawnOpts, env: { ...process.env, LC_ALL: 'C' } },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new CouldNotRunError(`initdb failed: ${(init.stderr || init.stdout || '').trim().split('\n').slice(-3).join(' ')}`);
  }
  const port = await freePort();
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    port,
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: 200,
    shared_buffers: '128MB',
    ...options.settings,
  };
  const args = ['-D', dataDir];
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
  const child = spawn(join(binDir, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...spawnOpts, detached: false });
  runningChildren.add(child);
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CouldNotRunError(`PostgreSQL did not start within 30 s: ${log.slice(-400)}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new CouldNotRunError(`PostgreSQL exited during start-up (code ${code}): ${log.slice(-400)}`));
    });
  });
  child.stderr!.resume();
  const host = '127.0.0.1';
  return {
    host,
    port,
    user,
    password,
    url: (database = 'postgres') =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      runningChildren.delete(child);
      rmSync(dir, { recursive: true, force: true });
      temporaryDirs.delete(dir);
    },
  };
}
