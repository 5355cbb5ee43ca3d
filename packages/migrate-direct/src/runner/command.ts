/**
 * --command: the team's own migration tool (alembic, prisma migrate deploy, rails db:migrate, ...)
 * run with the DIRECT connection in its environment, under the same migration lock as the built-in
 * runner, with its output streamed (redacted) and its last lines kept for the report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { CouldNotRunError, excerpt, type Finding } from '@preflight/core';
import { alembicHeads } from '@preflight/migrations';
import type { CommandResult } from '@preflight/pg';

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
    message: `The command "${excerpt(command)}" rolls migrations back (matched ${hit.source}), which drops schema and data in ${environment}; roll forward with a new migration instead, or pass --allow-destructive if this rollback is intended.`,
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
export function alembicVersionsDir(cwd: string): string | undefined {
  let location = 'alembic';
  const ini = join(cwd, 'alembic.ini');
  if (existsSync(ini)) {
    const m = /^\s*script_location\s*=\s*(.+?)\s*$/m.exec(readFileSync(ini, 'utf8'));
    if (m && !m[1].includes(':')) location = m[1].replace(/%\(here\)s/g, cwd);
  }
  const dir = join(isAbsolute(location) ? location : resolve(cwd, location), 'versions');
  return existsSync(dir) ? dir : undefined;
}

export function commandFailedFinding(command: string, result: CommandResult): Finding {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
  const last = result.tail.filter((l) => l.trim() !== '').slice(-10);
  return {
    rule: 'command-failed',
    severity: 'error',
    object: 'command',
    message: `The migration command "${excerpt(command)}" ${how}${last.length ? `; last output:\n${last.join('\n')}` : ' without output'}`,
  };
}

/**
 * --command-timeout ran out: the tool was stopped part-way, so whether its migrations are applied is
 * unknown. That is "could not run" (exit 3), not a failed migration.
 */
export function commandTimedOutError(command: string, timeoutMs: number, result: CommandResult): CouldNotRunError {
  const last = result.tail.filter((l) => l.trim() !== '').slice(-5);
  return new CouldNotRunError(
    `The migration command "${excerpt(command)}" did not finish within ${formatSeconds(timeoutMs)} (--command-timeout) and was stopped with its child processes; check what it applied before running it again, or raise --command-timeout${
      last.length ? `. Its last output:\n${last.join('\n')}` : '.'
    }`,
  );
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
