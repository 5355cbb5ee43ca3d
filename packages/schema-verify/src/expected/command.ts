/**
 * Runs the user's own migrate command against the shadow database, so the expected schema is
 * whatever their real tool produces. The command sees only the shadow (see databaseEnv).
 */
import type pg from 'pg';
import { CouldNotRunError, UsageError, excerpt, redact, stderrLine, type Finding, type RuleDoc } from '@preflight/core';
import { databaseEnv, ledgerTableNames, parseConnection, runCommand } from '@preflight/pg';

export interface MigrateCommandOptions {
  cwd?: string;
  /** Environment variable the tool reads its URL from (default DATABASE_URL). */
  urlEnv?: string;
  /** Default 10 minutes. */
  timeoutMs?: number;
  /** Where each output line goes, already redacted (default: stderr, since stdout carries --json). */
  onOutput?: (line: string) => void;
}

export async function runMigrateCommand(command: string, databaseUrl: string, opts: MigrateCommandOptions = {}): Promise<void> {
  const target = parseConnection(databaseUrl, { inputName: 'shadow database URL' });
  const env = databaseEnv(process.env, target, { urlEnv: opts.urlEnv });
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
  const result = await runCommand(command, env, {
    cwd: opts.cwd,
    timeoutMs,
    onLine: opts.onOutput ?? stderrLine,
  });
  const shown = excerpt(command, 200);
  const last = result.tail.length ? `its last output lines: ${result.tail.join(' | ')}` : 'it printed nothing.';
  if (result.timedOut) {
    throw new CouldNotRunError(`--migrate-command "${shown}" did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped; ${last}`);
  }
  if (result.code !== 0) {
    const how = result.code === null ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
    throw new UsageError(`--migrate-command "${shown}" ${how}; ${last}`);
  }
}

/** Rules about the expected side itself; docs/rules.md is generated from this list. */
export const expectedSourceRules: readonly RuleDoc[] = [
  {
    id: 'migrate-command-created-nothing',
    title: 'The migrate command created nothing in the shadow database',
    severity: 'error',
    description:
      'The migrate command exited 0, but the shadow database it was given has no table, view, sequence, type or function in the compared schemas. Comparing with that empty schema would pass without having looked, so nothing is compared. Usually the tool connected somewhere else: it ignores the URL in DATABASE_URL (alembic with a hard-coded sqlalchemy.url in alembic.ini), or it found no migrations.',
    example: '--migrate-command "alembic upgrade head" exited 0 but left the shadow database empty.',
    fix: 'Make the tool read its URL from DATABASE_URL (or the variable named by url-env): in alembic env.py, config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"]); run it in the directory that holds its migrations.',
  },
];

export interface CreatedNothingOptions {
  urlEnv?: string;
  /** The compared schemas (--schemas); every user schema when empty. */
  schemas?: readonly string[];
}

/**
 * After the migrate command: a shadow database with no user object at all means the command did
 * not migrate it. Ledger tables and Preflight's own schema do not count (a tool that found no
 * migrations still creates its ledger), nor do objects that belong to an extension.
 */
export async function createdNothing(client: pg.Client, command: string, opts: CreatedNothingOptions = {}): Promise<Finding | undefined> {
  const schemas = opts.schemas && opts.schemas.length > 0 ? [...opts.schemas] : null;
  const r = await client.query<{ n: number }>(
    `WITH user_ns AS (
       SELECT oid FROM pg_catalog.pg_namespace
        WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'preflight')
          AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'
          AND ($1::text[] IS NULL OR nspname = ANY($1::text[]))
     ), ext_member AS (
       SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'
     )
     SELECT ((SELECT count(*) FROM pg_catalog.pg_class c
               WHERE c.relnamespace IN (SELECT oid FROM user_ns) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
                 AND c.relname <> ALL($2::text[])
                 AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid))
           + (SELECT count(*) FROM pg_catalog.pg_type t
               WHERE t.typnamespace IN (SELECT oid FROM user_ns) AND t.typtype IN ('e', 'd', 'r', 'm')
                 AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_catalog.pg_type'::regclass AND e.objid = t.oid))
           + (SELECT count(*) FROM pg_catalog.pg_proc p
               WHERE p.pronamespace IN (SELECT oid FROM user_ns)
                 AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_catalog.pg_proc'::regclass AND e.objid = p.oid))
           + (SELECT count(*) FROM pg_catalog.pg_extension x WHERE x.extname <> 'plpgsql'))::int AS n`,
    [schemas, [...ledgerTableNames]],
  );
  if (r.rows[0].n > 0) return undefined;
  const urlEnv = opts.urlEnv ?? 'DATABASE_URL';
  const where = schemas ? `in schema${schemas.length === 1 ? '' : 's'} ${schemas.join(', ')}` : 'in any schema';
  const rule = expectedSourceRules[0];
  return {
    rule: rule.id,
    severity: 'error',
    object: 'migrate-command',
    message: redact(
      `--migrate-command "${command}" exited 0, but the shadow database it was given in ${urlEnv} is still empty (no table, view, sequence, type or function ${where}), so there is no expected schema to compare with; the command most likely migrated another database because it ignores ${urlEnv} (a hard-coded sqlalchemy.url in alembic.ini, a URL built in env.py or in the tool's own config file), or it found no migrations in its working directory ${process.cwd()}.`,
    ),
    fix: rule.fix.replace('DATABASE_URL', urlEnv),
  };
}
