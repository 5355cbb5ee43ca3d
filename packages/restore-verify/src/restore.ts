/**
 * --restore: restores the dump into database-url with the PostgreSQL client tools on PATH
 * (pg_restore for custom/directory/tar, psql for plain and gzip'd plain), through the project's one
 * command runner (process group, timeout, redacted output). psql exits 0 after errors by default,
 * so the output is read too: any ERROR line makes the restore fail (restore-errors), whatever the
 * exit code. The target must be empty, or created here (--create); --drop-after removes it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { CouldNotRunError, UsageError, redact, type CheckContext, type Finding } from '@preflight/core';
import { connectClient, connectionUrl, databaseEnv, parseConnection, quoteIdent, runCommand, type ConnectionTarget } from '@preflight/pg';
import type { RestoreVerifyInputs } from './definition.ts';
import type { DumpSummary } from './dump/types.ts';

const run = promisify(execFile);

/**
 * Lines of psql/libpq that mean the connection itself broke mid-restore: the restore could not run
 * (exit 3), which says nothing about the dump; counting the half-restored database would blame it.
 */
const LOST_CONNECTION = /server closed the connection unexpectedly|connection to server was lost|could not send data to server|could not receive data from server|SSL SYSCALL error|no connection to the server/i;

/** Lines that mean the restore did not do everything it was asked. */
const ERROR_LINE = /(^|\s)(ERROR|FATAL|PANIC):|^pg_restore: error:|errors ignored on restore|^gzip: |^psql: error:/;

export function toolFor(dump: DumpSummary): 'pg_restore' | 'psql' {
  return dump.format === 'plain' || dump.format === 'gzip' ? 'psql' : 'pg_restore';
}

/** The server's maintenance database on the same connection settings, for CREATE/DROP DATABASE. */
export function onDatabase(target: ConnectionTarget, database: string): ConnectionTarget {
  return parseConnection(connectionUrl(target, { database }), { inputName: 'database-url', connectTimeoutMs: target.config.connectionTimeoutMillis });
}

export async function restoreDump(path: string, dump: DumpSummary, target: ConnectionTarget, inputs: RestoreVerifyInputs, ctx: CheckContext, onTargetReady: () => void = () => undefined): Promise<Finding[]> {
  const tool = toolFor(dump);
  await checkTool(tool, dump);
  if (inputs.create) await createDatabase(target);
  else await assertEmpty(target);
  // Only now is the target ours to drop (--drop-after): it was created here, or was empty.
  onTargetReady();
  const result = await loadDump(path, dump, target, { jobs: inputs.jobs, timeoutMs: inputs['restore-timeout'], ctx });
  return result.findings;
}

/** Runs pg_restore/psql against `target`; collects the error lines (redacted). */
export async function loadDump(
  path: string,
  dump: DumpSummary,
  target: ConnectionTarget,
  opts: { jobs: number; timeoutMs: number; ctx: CheckContext; schemaOnly?: boolean },
): Promise<{ findings: Finding[]; errors: string[] }> {
  const tool = toolFor(dump);
  const env = { ...databaseEnv(process.env, target), PREFLIGHT_DUMP: path };
  const parallel = opts.jobs > 1 && (dump.format === 'custom' || dump.format === 'directory') ? ` --jobs=${opts.jobs}` : '';
  const command =
    tool === 'pg_restore'
      ? `pg_restore --no-owner${opts.schemaOnly ? ' --schema-only' : ''}${parallel} -d "$DATABASE_URL" "$PREFLIGHT_DUMP"`
      : dump.format === 'gzip'
        ? `gzip -dc -- "$PREFLIGHT_DUMP" | psql -X -q -v ON_ERROR_STOP=0 -d "$DATABASE_URL" -f -`
        : `psql -X -q -v ON_ERROR_STOP=0 -d "$DATABASE_URL" -f "$PREFLIGHT_DUMP"`;
  const errors: string[] = [];
  let errorCount = 0;
  let lost: string | undefined;
  const result = await runCommand(command, env, {
    timeoutMs: opts.timeoutMs,
    tailLines: 5,
    onLine: (line) => {
      if (LOST_CONNECTION.test(line)) lost ??= line;
      if (!ERROR_LINE.test(line)) return;
      errorCount++;
      if (errors.length < 10) errors.push(line);
      opts.ctx.log.warn(line);
    },
    onStdout: () => undefined,
  });
  if (result.timedOut) throw new CouldNotRunError(`${tool} did not finish within --restore-timeout (${Math.round(opts.timeoutMs / 60_000)} min); it was stopped, so the restore is incomplete.`);
  if (result.code === 127) throw new CouldNotRunError(`${tool} was not found on PATH; install the PostgreSQL client tools (e.g. apt-get install postgresql-client-15) and try again.`);
  if (lost !== undefined) throw new CouldNotRunError(redact(`${tool} lost its connection to ${target.display} (${lost.trim()}), so the restore is incomplete; run again.`));
  const findings: Finding[] = [];
  if (errorCount > 0 || result.code !== 0) {
    const shown = errors.length ? errors : result.tail;
    findings.push({
      rule: 'restore-errors',
      severity: 'error',
      object: target.display,
      message: redact(`${tool} ${result.code === 0 ? 'exited 0 but printed' : `exited ${result.code ?? result.signal} with`} ${errorCount} error line${errorCount === 1 ? '' : 's'}${shown.length ? `; first: ${shown[0]}` : ''}`),
      fix: shown.slice(0, 10).join('\n'),
    });
  }
  return { findings, errors };
}

async function checkTool(tool: string, dump: DumpSummary): Promise<void> {
  let out: string;
  try {
    out = (await run(tool, ['--version'], { timeout: 30_000 })).stdout;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new CouldNotRunError(`${tool} was not found on PATH; install the PostgreSQL client tools of the dump's version or newer (e.g. apt-get install postgresql-client-15) and try again.`);
    throw new CouldNotRunError(`${tool} --version failed (${redact((error as Error).message)}); check the PostgreSQL client installation.`);
  }
  const have = /(\d+)(?:\.(\d+))?/.exec(out.replace(/^[^\d]*/, ''));
  const want = /^(\d+)/.exec(dump.header.dumpVersion ?? '');
  if (have && want && Number(have[1]) < Number(want[1])) {
    throw new CouldNotRunError(`${tool} ${have[0]} is older than the pg_dump ${want[1]} that wrote the dump${dump.header.archiveVersion ? ` (archive ${dump.header.archiveVersion})` : ''} and may not read it; install postgresql-client-${want[1]} or newer and put it first on PATH.`);
  }
}

async function createDatabase(target: ConnectionTarget): Promise<void> {
  const name = target.database;
  if (!name) throw new UsageError('--create needs a database name in --database-url (postgres://.../NAME).');
  const admin = await connectClient(onDatabase(target, 'postgres'), { applicationName: 'preflight restore-verify' });
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (error) {
    if ((error as { code?: string }).code === '42P04') throw new UsageError(`--create: database "${name}" already exists; choose a new name in --database-url, or drop --create to restore into it when it is empty.`);
    throw new CouldNotRunError(`CREATE DATABASE "${name}" failed: ${redact((error as Error).message)}.`);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

async function assertEmpty(target: ConnectionTarget): Promise<void> {
  const client = await connectClient(target, { applicationName: 'preflight restore-verify' });
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
    );
    const n = Number(rows[0].n);
    if (n > 0) throw new UsageError(`--restore: database ${target.display} is not empty (${n} relations); restore into an empty database, or add --create with a new database name.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function dropDatabase(target: ConnectionTarget, ctx: CheckContext): Promise<void> {
  if (!target.database) return;
  const admin = await connectClient(onDatabase(target, 'postgres'), { applicationName: 'preflight restore-verify' });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(target.database)} WITH (FORCE)`);
    ctx.log.info(`Dropped database ${target.database} (--drop-after).`);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

export function shadowName(): string {
  return `preflight_shadow_${randomBytes(5).toString('hex')}`;
}
