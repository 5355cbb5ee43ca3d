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
import { connectionUrl } from './connection-url.ts';

/**
 * libpq settings a runner's environment may carry that could point a tool at another server or
 * make it connect differently from us (pg reads none of these, so we never used them).
 */
const inheritedLibpq = [
  'PGSERVICE',
  'PGSERVICEFILE',
  'PGHOSTADDR',
  'PGSSLMODE',
  'PGSSLROOTCERT',
  'PGSSLCERT',
  'PGSSLKEY',
  'PGPASSFILE',
  'PGHOST',
  'PGPORT',
  'PGUSER',
  'PGPASSWORD',
  'PGDATABASE',
];

/**
 * Given parameters that libpq also reads from the environment. pg reads PGAPPNAME,
 * PGCONNECT_TIMEOUT and PGCLIENTENCODING itself, so inherited values of those stay.
 */
const libpqVariable: Record<string, string> = {
  hostaddr: 'PGHOSTADDR',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  application_name: 'PGAPPNAME',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  client_encoding: 'PGCLIENTENCODING',
};

export interface DatabaseEnvOptions {
  /** Variable the tool reads its URL from (default DATABASE_URL). */
  urlEnv?: string;
  /** Applied by libpq-based tools (psycopg, psql, the pg gem) to every session they open. */
  timeouts?: { lockTimeoutMs: number; statementTimeoutMs: number };
}

/**
 * The environment for a command that must reach `target`: its URL (built by connectionUrl, so
 * with every parameter the user gave) under DATABASE_URL, DIRECT_URL and urlEnv, and the same
 * settings as PG* variables for tools that read those instead.
 */
export function databaseEnv(base: NodeJS.ProcessEnv, target: ConnectionTarget, opts: DatabaseEnvOptions = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of inheritedLibpq) delete env[key];
  const given = new Map(target.givenParams);

  // The user's options, or the inherited PGOPTIONS pg used for us; then our timeouts. libpq lets
  // a URL's options win over PGOPTIONS, so a URL that has options gets the timeouts there too.
  const userOptions = given.get('options') || base.PGOPTIONS || undefined;
  const ours = opts.timeouts ? `-c lock_timeout=${Math.round(opts.timeouts.lockTimeoutMs)} -c statement_timeout=${Math.round(opts.timeouts.statementTimeoutMs)}` : undefined;
  const options = [userOptions, ours].filter(Boolean).join(' ') || undefined;
  const url = connectionUrl(target, given.has('options') && options ? { set: { options } } : {});

  Object.assign(env, { DATABASE_URL: url, DIRECT_URL: url, [opts.urlEnv ?? 'DATABASE_URL']: url });
  env.PGHOST = target.socketDir ?? (target.host || 'localhost');
  env.PGPORT = String(target.port);
  if (target.user) env.PGUSER = target.user;
  if (typeof target.config.password === 'string' && target.config.password) env.PGPASSWORD = target.config.password;
  if (target.database) env.PGDATABASE = target.database;
  if (target.sslmode) env.PGSSLMODE = target.sslmode;
  for (const [param, variable] of Object.entries(libpqVariable)) {
    const value = given.get(param);
    if (value) env[variable] = value;
  }
  if (options) env.PGOPTIONS = options;
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
  /**
   * Then SIGTERM to the whole process group, SIGKILL 5 s later. Without it there is no timer of
   * ours: a long migration is legitimate, and the job's own timeout (or Ctrl-C) still ends it.
   */
  timeoutMs?: number;
  /** Each output line, already redacted. */
  onLine: (line: string) => void;
  /** When given, stdout lines (redacted) go here instead of onLine and the tail: output to parse, not to show. */
  onStdout?: (line: string) => void;
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
  const toStdout = opts.onStdout;
  const stdoutEmit = toStdout ? (line: string) => toStdout(redact(line.replace(/\r$/, ''))) : emit;
  const flushers = [lines(child.stdout!, stdoutEmit), lines(child.stderr!, emit)];
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const timer =
    opts.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          killGroup('SIGTERM');
          killTimer = setTimeout(() => killGroup('SIGKILL'), 5_000);
        }, opts.timeoutMs);
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
