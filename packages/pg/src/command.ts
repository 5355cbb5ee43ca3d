/**
 * Runs a team's own migration tool (`alembic upgrade head`, `prisma migrate deploy`, `rails
 * db:migrate`) against one database: the URL under DATABASE_URL (or the name they choose),
 * DIRECT_URL and the libpq PG* variables all point at it, and inherited libpq settings that could
 * send the tool elsewhere are removed. Used by migrate-direct (the direct connection) and by
 * schema-verify (a shadow database).
 */
import { spawn } from 'node:child_process';
import { CouldNotRunError, redact } from '@preflight/core';
import type { ConnectionTarget } from './connection.ts';

/** libpq settings a runner's environment may carry that could point a tool at another server. */
const inheritedLibpq = ['PGSERVICE', 'PGSERVICEFILE', 'PGHOSTADDR', 'PGSSLMODE', 'PGPASSFILE', 'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE'];

export interface DatabaseEnvOptions {
  /** Variable the tool reads its URL from (default DATABASE_URL). */
  urlEnv?: string;
  /** Applied by libpq-based tools (psycopg, psql, the pg gem) to every session they open. */
  timeouts?: { lockTimeoutMs: number; statementTimeoutMs: number };
}

export function databaseEnv(base: NodeJS.ProcessEnv, url: string, target: ConnectionTarget, opts: DatabaseEnvOptions = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of inheritedLibpq) delete env[key];
  Object.assign(env, { DATABASE_URL: url, DIRECT_URL: url, [opts.urlEnv ?? 'DATABASE_URL']: url });
  env.PGHOST = target.socketDir ?? (target.host || 'localhost');
  env.PGPORT = String(target.port);
  if (target.user) env.PGUSER = target.user;
  if (typeof target.config.password === 'string' && target.config.password) env.PGPASSWORD = target.config.password;
  if (target.database) env.PGDATABASE = target.database;
  if (target.sslmode) env.PGSSLMODE = target.sslmode;
  if (opts.timeouts) {
    const ours = `-c lock_timeout=${Math.round(opts.timeouts.lockTimeoutMs)} -c statement_timeout=${Math.round(opts.timeouts.statementTimeoutMs)}`;
    env.PGOPTIONS = base.PGOPTIONS ? `${base.PGOPTIONS} ${ours}` : ours;
  }
  return env;
}

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last lines of stdout and stderr together, redacted. */
  tail: string[];
}

export interface RunCommandOptions {
  cwd?: string;
  /** Default 10 minutes; then SIGTERM to the whole process group, SIGKILL 5 s later. */
  timeoutMs?: number;
  /** Each output line, already redacted. */
  onLine: (line: string) => void;
  tailLines?: number;
}

/**
 * `sh -c command` in its own process group, so a timeout, our exit or Ctrl-C ends the tool and its
 * children too: a tool that outlived us would keep migrating after our lock was released.
 */
export async function runCommand(command: string, env: NodeJS.ProcessEnv, opts: RunCommandOptions): Promise<CommandResult> {
  const keep = opts.tailLines ?? 10;
  const tail: string[] = [];
  const emit = (line: string) => {
    const safe = redact(line.replace(/\r$/, ''));
    tail.push(safe);
    if (tail.length > keep) tail.shift();
    opts.onLine(safe);
  };
  const child = spawn('sh', ['-c', command], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  const onSignal = (signal: NodeJS.Signals) => {
    killGroup(signal);
    // Only decide the process's fate when nobody else (a shadow database's cleanup) does.
    if (process.listenerCount(signal) === 1) process.exit(130);
  };
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const flushers = [lines(child.stdout!, emit), lines(child.stderr!, emit)];
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup('SIGTERM');
    killTimer = setTimeout(() => killGroup('SIGKILL'), 5_000);
  }, opts.timeoutMs ?? 10 * 60_000);
  try {
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    }).catch((error: Error) => {
      throw new CouldNotRunError(`The command could not be started with sh (${redact(error.message)}); check that sh exists on the runner.`);
    });
    for (const flush of flushers) flush();
    return { code, signal, timedOut, tail };
  } finally {
    clearTimeout(timer);
    clearTimeout(killTimer);
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Splits a stream into lines as they arrive: redaction works per line, so a secret is never cut in two. */
function lines(stream: NodeJS.ReadableStream, emit: (line: string) => void): () => void {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      emit(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  });
  return () => {
    if (buffer) emit(buffer);
    buffer = '';
  };
}
