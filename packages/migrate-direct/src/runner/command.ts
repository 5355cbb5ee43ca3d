/**
 * --command: the team's own migration tool (alembic, prisma migrate deploy, rails db:migrate, ...)
 * run with the DIRECT connection in its environment, under the same migration lock as the built-in
 * runner, with its output streamed (redacted) and its last lines kept for the report.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { CouldNotRunError, type Finding } from '@preflight/core';
import { alembicHeads } from '@preflight/migrations';
import { redactUrl, type ConnectionTarget } from '@preflight/pg';

// Rollbacks and resets of the common tools: alembic downgrade, rails db:rollback / db:migrate:down,
// knex/sequelize migrate:down / migrate:rollback / migrate:undo, dbmate/golang-migrate/goose down,
// prisma migrate reset, db:drop / db:reset.
const downPatterns: readonly RegExp[] = [
  /\bdowngrade\b/i,
  /\brollback\b/i,
  /\bmigrate:(down|undo|rollback|reset)/i,
  /\bdb:(drop|reset|schema:load)\b/i,
  /\bmigrate\s+reset\b/i,
  /(^|\s)down(\s|$)/i,
];

/** Production guard for --command: a down migration or reset there is a data-loss deploy. */
export function downCommandFinding(command: string, environment: string | undefined, allowDestructive: boolean): Finding | undefined {
  if (!isProduction(environment) || allowDestructive) return undefined;
  const hit = downPatterns.find((p) => p.test(command));
  if (!hit) return undefined;
  return {
    rule: 'down-migration-refused',
    severity: 'error',
    object: 'command',
    message: `The command "${command.slice(0, 120)}" rolls migrations back (matched ${hit.source}), which drops schema and data in ${environment}; roll forward with a new migration instead, or pass --allow-destructive if this rollback is intended.`,
  };
}

/** The same test the lint module uses, so "production" means one thing across the check. */
export function isProduction(environment: string | undefined): boolean {
  return (environment ?? '').trim().toLowerCase() === 'production';
}

/**
 * Before `alembic upgrade`: two heads make alembic fail ("Multiple head revisions"), usually after
 * two branches each added a migration; better stopped here with their names than mid-deploy.
 */
export function alembicHeadsFinding(command: string, cwd: string): Finding | undefined {
  if (!/\balembic\b/.test(command)) return undefined;
  const versionsDir = alembicVersionsDir(cwd);
  if (!versionsDir) return undefined;
  const { heads } = alembicHeads(versionsDir);
  if (heads.length <= 1) return undefined;
  return {
    rule: 'multiple-heads',
    severity: 'error',
    object: versionsDir,
    message: `Alembic has ${heads.length} head revisions (${heads.join(', ')}) in ${versionsDir}, so "alembic upgrade head" would fail; merge them with "alembic merge ${heads.join(' ')} -m merge_heads" and commit the result.`,
    fix: `alembic merge ${heads.join(' ')} -m "merge heads"`,
  };
}

/** alembic.ini's script_location (default alembic) + /versions, when that folder exists. */
function alembicVersionsDir(cwd: string): string | undefined {
  let location = 'alembic';
  const ini = join(cwd, 'alembic.ini');
  if (existsSync(ini)) {
    const m = /^\s*script_location\s*=\s*(.+?)\s*$/m.exec(readFileSync(ini, 'utf8'));
    if (m && !m[1].includes(':')) location = m[1].replace(/%\(here\)s/g, cwd);
  }
  const dir = join(isAbsolute(location) ? location : resolve(cwd, location), 'versions');
  return existsSync(dir) ? dir : undefined;
}

/** The command's environment: the direct URL under url-env, and the PG* variables libpq tools read. */
export function commandEnv(base: NodeJS.ProcessEnv, urlEnv: string, connectionString: string, target: ConnectionTarget, timeouts?: { lockTimeoutMs: number; statementTimeoutMs: number }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, [urlEnv]: connectionString };
  env.PGHOST = target.socketDir ?? target.host;
  env.PGPORT = String(target.port);
  if (target.user !== undefined) env.PGUSER = target.user;
  else delete env.PGUSER;
  if (typeof target.config.password === 'string') env.PGPASSWORD = target.config.password;
  else delete env.PGPASSWORD;
  if (target.database !== undefined) env.PGDATABASE = target.database;
  if (target.sslmode) env.PGSSLMODE = target.sslmode;
  // libpq-based tools (psycopg, psql, Rails' pg gem) apply these to every session they open.
  if (timeouts) {
    const ours = `-c lock_timeout=${Math.round(timeouts.lockTimeoutMs)} -c statement_timeout=${Math.round(timeouts.statementTimeoutMs)}`;
    env.PGOPTIONS = base.PGOPTIONS ? `${base.PGOPTIONS} ${ours}` : ours;
  }
  return env;
}

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Last lines of stdout and stderr together, redacted. */
  tail: string[];
}

/** Runs `sh -c command`, streaming every line (redacted) to `onLine`. */
export function runShellCommand(command: string, env: NodeJS.ProcessEnv, onLine: (line: string) => void, opts: { cwd?: string; tailLines?: number } = {}): Promise<CommandResult> {
  const keep = opts.tailLines ?? 20;
  const tail: string[] = [];
  return new Promise((resolvePromise, reject) => {
    const child = spawn('sh', ['-c', command], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const emit = (line: string) => {
      const clean = redactUrl(line.replace(/\r$/, ''));
      tail.push(clean);
      if (tail.length > keep) tail.shift();
      onLine(clean);
    };
    // Line-buffered per stream: redaction must see a whole line, or a secret split across two
    // chunks would slip through.
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const l of lines) emit(l);
      });
      stream.on('end', () => {
        if (pending) emit(pending);
        pending = '';
      });
    }
    child.on('error', (error) => reject(new CouldNotRunError(`Could not start the migration command with sh (${error.message}); check that sh exists on the runner.`)));
    child.on('close', (code, signal) => resolvePromise({ code, signal, tail }));
  });
}

export function commandFailedFinding(command: string, result: CommandResult): Finding {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
  const last = result.tail.filter((l) => l.trim() !== '').slice(-10);
  return {
    rule: 'command-failed',
    severity: 'error',
    object: 'command',
    message: `The migration command "${redactUrl(command).slice(0, 120)}" ${how}${last.length ? `; last output:\n${last.join('\n')}` : ' without output'}`,
  };
}
