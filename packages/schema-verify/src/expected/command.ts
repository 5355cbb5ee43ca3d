/**
 * Runs the user's own migrate command (`alembic upgrade head`, `npx prisma migrate deploy`,
 * `bin/rails db:migrate`, ...) against the shadow database, so the expected schema is whatever their
 * real tool produces. The command sees only the shadow: DATABASE_URL (or the variable they name),
 * DIRECT_URL and the libpq PG* variables all point at it, so an environment that also holds the
 * production URL cannot leak into the run.
 */
import { spawn } from 'node:child_process';
import { CouldNotRunError, UsageError, redact, registerSecret } from '@preflight/core';

export interface MigrateCommandOptions {
  cwd?: string;
  /** Environment variable the tool reads its URL from (default DATABASE_URL). */
  urlEnv?: string;
  /** Default 10 minutes. */
  timeoutMs?: number;
  /** Where each output line goes, already redacted (default: stderr, since stdout carries --json). */
  onOutput?: (line: string) => void;
}

const keptLines = 10;

export async function runMigrateCommand(command: string, databaseUrl: string, opts: MigrateCommandOptions = {}): Promise<void> {
  const env = commandEnv(databaseUrl, opts.urlEnv ?? 'DATABASE_URL');
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
  const print = opts.onOutput ?? ((line: string) => process.stderr.write(`${line}\n`));
  const last: string[] = [];
  const emit = (line: string) => {
    const safe = redact(line);
    last.push(safe);
    if (last.length > keptLines) last.shift();
    print(safe);
  };

  // Its own process group, so a timeout (or our exit) ends the tool's children too, not just sh.
  const child = spawn('sh', ['-c', command], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  const flushers = [lineSplitter(child.stdout!, emit), lineSplitter(child.stderr!, emit)];
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup('SIGTERM');
    killTimer = setTimeout(() => killGroup('SIGKILL'), 5_000);
  }, timeoutMs);

  try {
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    }).catch((error: Error) => {
      throw new CouldNotRunError(`--migrate-command could not be started: ${redact(error.message)}.`, { cause: error });
    });
    for (const flush of flushers) flush();
    const shown = redact(command);
    if (timedOut) {
      throw new CouldNotRunError(`--migrate-command "${shown}" did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped; ${tail(last)}`);
    }
    if (code !== 0) {
      const how = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
      throw new UsageError(`--migrate-command "${shown}" ${how}; ${tail(last)}`);
    }
  } finally {
    clearTimeout(timer);
    clearTimeout(killTimer);
    process.off('exit', onExit);
  }
}

function tail(lines: string[]): string {
  return lines.length ? `its last output lines: ${lines.join(' | ')}` : 'it printed nothing.';
}

function commandEnv(databaseUrl: string, urlEnv: string): NodeJS.ProcessEnv {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(urlEnv)) {
    throw new UsageError(`--migrate-url-env "${urlEnv}" is not a valid environment variable name; use letters, digits and underscores, e.g. DATABASE_URL.`);
  }
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new UsageError('The database URL for --migrate-command is not a valid postgres:// URL.');
  }
  const password = safeDecode(url.password);
  registerSecret(password);
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Inherited libpq settings could point the tool somewhere else (a service file, a host address).
  for (const key of ['PGSERVICE', 'PGSERVICEFILE', 'PGHOSTADDR', 'PGSSLMODE', 'PGOPTIONS', 'PGPASSFILE']) delete env[key];
  const host = url.searchParams.get('host') ?? url.hostname.replace(/^\[(.*)\]$/, '$1');
  Object.assign(env, {
    DATABASE_URL: databaseUrl,
    DIRECT_URL: databaseUrl,
    [urlEnv]: databaseUrl,
    PGHOST: host || 'localhost',
    PGPORT: url.port || url.searchParams.get('port') || '5432',
    PGUSER: safeDecode(url.username),
    PGPASSWORD: password,
    PGDATABASE: safeDecode(url.pathname.replace(/^\//, '')),
  });
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  for (const key of ['PGUSER', 'PGPASSWORD', 'PGDATABASE']) if (!env[key]) delete env[key];
  return env;
}

/** Splits a stream into lines as they arrive (redaction works per line, so a secret is never cut in two). */
function lineSplitter(stream: NodeJS.ReadableStream, emit: (line: string) => void): () => void {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      emit(buffer.slice(0, nl).replace(/\r$/, ''));
      buffer = buffer.slice(nl + 1);
    }
  });
  return () => {
    if (buffer) emit(buffer);
    buffer = '';
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
