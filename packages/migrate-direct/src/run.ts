/**
 * migrate-direct's work, loaded on demand by definition.ts. Order matters: everything that can be
 * refused from the inputs alone (unreadable directory, bad file names, a rollback command in
 * production, alembic heads) is refused before the first connection, and nothing is written to
 * the database until the session is known to be direct and the migration lock is held.
 */
import { UsageError, labelOf, type CheckContext, type CheckResult, type Finding } from '@preflight/core';
import { readMigrationsDir, type Migration, type MigrationFormatChoice } from '@preflight/migrations';
import { verifyPassThrough, type MigrateDirectInputs } from './definition.ts';
import { databaseEnv, runCommand } from '@preflight/pg';
import { alembicHeadsFinding, commandFailedFinding, commandTimedOutError, downCommandFinding, isProduction } from './runner/command.ts';
import { stampCommand, stampFinding, type StampCommand } from './runner/stamp.ts';
import { lintCommand } from './runner/command-lint.ts';
import { checkConnections, mergeConnectionFindings } from './runner/connections.ts';
import { idleTimeoutGuardFindings, sampleIdleInTransaction } from './runner/idle-sample.ts';
import { lintAhead, type LintAhead } from './lint/ahead.ts';
import { acquireMigrationLock, advisoryLockKey, releaseMigrationLock } from './runner/lock.ts';
import type { LedgerFormat } from './runner/ledger.ts';
import { runNative, type NativeResult } from './runner/native.ts';
import { openDirectSession, type DirectSession, type SessionInputs } from './runner/session.ts';

/** What a run knows before it connects; a fleet prepares once (files read and linted once) for every target. */
export interface Prepared {
  command?: string;
  format: LedgerFormat;
  files: Migration[];
  /** Refusals from the inputs alone (a rollback in production, alembic heads): nothing connects. */
  early: Finding[];
  /** A stamp that is allowed runs, with a warning and schema-verify after it. */
  stamp?: StampCommand;
  stampNotes: Finding[];
  lint?: LintAhead;
}

export async function runMigrateDirect(inputs: MigrateDirectInputs, ctx: CheckContext): Promise<CheckResult> {
  const started = performance.now();
  const prepared = prepareRun(inputs, ctx);
  try {
    if (prepared.early.length > 0) return refusedBeforeConnecting(prepared, started);
    return await migrateOne(prepared, inputs, ctx, sessionInputsOf(inputs), started);
  } finally {
    prepared.lint?.stop();
  }
}

/** 1. Inputs alone: everything that can be refused before the first connection. */
export function prepareRun(inputs: MigrateDirectInputs, ctx: CheckContext): Prepared {
  let format: LedgerFormat = 'sql';
  const command = inputs.command?.trim();
  // The SQL parser (WASM) compiles while files are read and the session is opened.
  const parser = command ? undefined : import('./lint/index.ts').then((m) => m.parserReady());
  parser?.catch(() => undefined);

  let files: Migration[] = [];
  const early: Finding[] = [];
  let stamp: StampCommand | undefined;
  const stampNotes: Finding[] = [];
  if (command) {
    const down = downCommandFinding(command, inputs.environment, inputs['allow-destructive']);
    if (down) early.push(down);
    const heads = alembicHeadsFinding(command, process.cwd());
    if (heads) early.push(heads);
    stamp = stampCommand(command);
    if (stamp) {
      const blocked = isProduction(inputs.environment) && !inputs['allow-stamp'];
      (blocked ? early : stampNotes).push(stampFinding(command, stamp, blocked, inputs.environment));
    }
  } else {
    const read = readMigrationsDir(inputs.migrations!, inputs['migrations-format'] as MigrationFormatChoice, {
      optionLabel: labelOf('migrations', ctx.source),
      alembicHint: ctx.source === 'cli' ? "--command 'alembic upgrade head'" : 'input command: alembic upgrade head',
    });
    if (read.format === 'flyway') {
      // Flyway's ledger (flyway_schema_history, with its own checksums) is Flyway's to keep.
      const how = ctx.source === 'cli' ? "--command 'flyway migrate'" : 'input command: flyway migrate';
      throw new UsageError(`Migrations in ${inputs.migrations} are Flyway scripts (V1__name.sql), whose ledger only Flyway keeps; run Flyway itself with ${how}.`);
    }
    format = read.format;
    files = read.migrations;
    ctx.log.info(`${files.length} migration file(s) in ${inputs.migrations} (${format})`);
  }
  const lint = command || early.length > 0 ? undefined : lintAhead(files, lintOneWith(inputs));
  return { command, format, files, early, stamp, stampNotes, lint };
}

export function refusedBeforeConnecting(prepared: Prepared, started: number): CheckResult {
  return finish(prepared.early, { lockWaitMs: 0, poolerDetectionMs: 0, lockMs: 0 }, started, 'refused before connecting');
}

export function sessionInputsOf(inputs: MigrateDirectInputs, fleetTarget?: SessionInputs['fleetTarget']): SessionInputs {
  return {
    databaseUrl: inputs['database-url'],
    directUrl: inputs['direct-url'],
    cloudSqlInstance: inputs['cloud-sql-instance'],
    ipType: inputs['ip-type'] as 'public' | 'private' | 'psc',
    iamAuth: inputs['iam-auth'],
    connectTimeoutMs: inputs['connect-timeout'],
    answerTimeoutMs: answerTimeoutOf(inputs),
    fleetTarget,
  };
}

/**
 * Every statement ends within statement-timeout (the server cancels it and says so); silence
 * longer than that plus connect-timeout means the server or the network to it is gone.
 */
export function answerTimeoutOf(inputs: MigrateDirectInputs): number | undefined {
  return inputs['statement-timeout'] > 0 ? inputs['statement-timeout'] + inputs['connect-timeout'] : undefined;
}

/** 2. and on: one database, over a direct session, under its migration lock. */
export async function migrateOne(prepared: Prepared, inputs: MigrateDirectInputs, ctx: CheckContext, sessionInputs: SessionInputs, started: number): Promise<CheckResult> {
  const { command, format, files, stamp, stampNotes, lint } = prepared;
  const session = await openDirectSession(sessionInputs, (m) => ctx.log.info(m));
  const { client, target } = session;
  ctx.log.info(`Migrating ${target.display} (from ${session.source}; pooler check ${Math.round(session.poolerDetectionMs)} ms)`);

  try {
    const database = target.database ?? (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
    if (!command && inputs['migrations-format'] === 'auto' && format !== 'sql') await keepPreflightLedger(client, inputs.migrations!, format, ctx);
    const threshold = inputs['idle-in-transaction-threshold'];
    const checking = inputs['check-connections'] || inputs.sample !== undefined;
    const before = checking ? await connectionsBefore(client, inputs, ctx) : [];

    let findings: Finding[];
    let stats: Stats;
    if (command) {
      ({ findings, stats } = await runCommandMode(command, inputs, ctx, session, database, stamp));
    } else {
      const native = await runNative(client, database, files, {
        format,
        lockWaitMs: inputs['lock-wait'],
        lockTimeoutMs: inputs['lock-timeout'],
        statementTimeoutMs: inputs['statement-timeout'],
        answerGraceMs: inputs['connect-timeout'],
        allowOutOfOrder: inputs['allow-out-of-order'],
        baseline: inputs.baseline,
        dryRun: inputs['dry-run'],
        sessionPid: session.pid,
        log: (m) => ctx.log.info(m),
        lint: lint!.forPending,
      });
      findings = native.findings;
      stats = nativeStats(native);
    }
    stats.poolerDetectionMs = Math.round(session.poolerDetectionMs);

    const after = checking && !inputs['dry-run'] ? await checkConnections(client, { idleThresholdMs: threshold, phase: 'after' }) : [];
    findings.unshift(...stampNotes);
    let summary = summaryOf(stats, inputs['dry-run'], command !== undefined);
    // After a stamp the ledger claims migrations that never ran here: only a schema diff can tell.
    if ((inputs['verify-schema'] || stamp) && !inputs['dry-run'] && !findings.some((f) => f.severity === 'error')) {
      if (stamp && !inputs['verify-schema']) ctx.log.info(`The command only recorded migrations as applied (${stamp.what}): verifying the schema, as if --verify-schema had been given.`);
      const verified = await verifyAfterMigrating(inputs, session, ctx, stamp?.expectedCommand ?? command, format);
      findings.push(...verified.findings);
      summary = `${summary ?? 'migrated'}; schema-verify: ${verified.summary}`;
    }
    return finish([...findings, ...mergeConnectionFindings(before, after)], stats, started, summary);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Once, before migrating: the point-in-time check, the timeout guard, and with --sample the brief leaks. */
async function connectionsBefore(client: DirectSession['client'], inputs: MigrateDirectInputs, ctx: CheckContext): Promise<Finding[]> {
  const findings = await checkConnections(client, { idleThresholdMs: inputs['idle-in-transaction-threshold'], phase: 'before' });
  findings.push(...(await idleTimeoutGuardFindings(client)));
  if (inputs.sample !== undefined) findings.push(...(await sampleIdleInTransaction(client, { durationMs: inputs.sample, log: (m) => ctx.log.info(m) })));
  return findings;
}

/**
 * The default used to be sql. A database whose migrations Preflight already recorded in
 * preflight.schema_migrations must not be migrated again under another tool's (empty) ledger just
 * because the files now read as that tool's layout: stop and ask for the format instead.
 */
async function keepPreflightLedger(client: DirectSession['client'], dir: string, format: LedgerFormat, ctx: CheckContext): Promise<void> {
  const exists = await client.query<{ t: boolean }>("SELECT to_regclass('preflight.schema_migrations') IS NOT NULL AS t");
  if (!exists.rows[0].t) return;
  const recorded = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM preflight.schema_migrations')).rows[0].n;
  if (recorded === 0) return;
  const flag = (value: string) => (ctx.source === 'cli' ? `--migrations-format ${value}` : `input migrations-format: ${value}`);
  throw new UsageError(
    `The files in ${dir} look like ${format} migrations, but this database records ${recorded} migration(s) in preflight.schema_migrations (Preflight's sql format); set ${flag('sql')} to keep that ledger, or ${flag(format)} only after recording the applied ones in ${format === 'prisma' ? '_prisma_migrations' : 'schema_migrations'} (--baseline).`,
  );
}

/** applied/pending/skipped are unknown in --command mode (the tool keeps its own ledger). */
interface Stats {
  applied?: number;
  pending?: number;
  skipped?: number;
  lockWaitMs: number;
  poolerDetectionMs: number;
  lockMs: number;
}

function nativeStats(r: NativeResult): Stats {
  return { applied: r.applied.length, pending: r.pending.length, skipped: r.skipped, lockWaitMs: Math.round(r.lockWaitMs), poolerDetectionMs: 0, lockMs: Math.round(r.lockMs) };
}

async function runCommandMode(
  command: string,
  inputs: MigrateDirectInputs,
  ctx: CheckContext,
  session: Awaited<ReturnType<typeof openDirectSession>>,
  database: string,
  stamp: StampCommand | undefined,
): Promise<{ findings: Finding[]; stats: Stats }> {
  const stats: Stats = { lockWaitMs: 0, poolerDetectionMs: 0, lockMs: 0 };
  // A stamp runs no migration SQL: there is nothing to lint, and its own finding says what it does.
  const lint = (env: NodeJS.ProcessEnv) =>
    stamp
      ? Promise.resolve([])
      : lintCommand(command, {
          client: session.client,
          env,
          cwd: process.cwd(),
          environment: inputs.environment,
          allowDestructive: inputs['allow-destructive'],
          timeoutMs: inputs['command-timeout'],
          log: (m) => ctx.log.info(m),
        });
  if (inputs['dry-run']) {
    const findings = await withCommandEnv(session, inputs, lint);
    ctx.log.info(`dry run: would run "${command}" with the direct connection in ${inputs['url-env']}`);
    return { findings, stats };
  }
  const key = advisoryLockKey(database);
  const { waitedMs } = await acquireMigrationLock(session.client, { key, waitMs: inputs['lock-wait'], onWait: (m) => ctx.log.info(m) });
  stats.lockWaitMs = Math.round(waitedMs);
  const lockedAt = performance.now();
  try {
    return await withCommandEnv(session, inputs, async (env) => {
      const linted = await lint(env);
      if (linted.some((f) => f.severity === 'error')) {
        ctx.log.info('Not running the command: the SQL it would run has blocking findings.');
        return { findings: linted, stats };
      }
      ctx.log.info(`Running: ${command}`);
      // The lock is released only after the command (and its process group) has exited.
      const timeoutMs = inputs['command-timeout'];
      const result = await runCommand(command, env, { onLine: (line) => ctx.log.info(line), timeoutMs });
      if (result.timedOut) throw commandTimedOutError(command, timeoutMs!, result);
      const findings = [...linted, ...(result.code === 0 ? [] : [commandFailedFinding(command, result)])];
      return { findings, stats };
    });
  } finally {
    stats.lockMs = Math.round(performance.now() - lockedAt);
    await releaseMigrationLock(session.client, key).catch(() => undefined);
  }
}

/**
 * The command's environment: the direct connection, or on Cloud SQL a local listener from the
 * connector for the time of fn (a subprocess cannot use the connector library).
 */
async function withCommandEnv<T>(session: DirectSession, inputs: MigrateDirectInputs, fn: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  const proxy = session.cloudSql ? await startLocalListener(session) : undefined;
  try {
    return await fn(
      databaseEnv(process.env, proxy?.target ?? session.target, {
        urlEnv: inputs['url-env'],
        timeouts: { lockTimeoutMs: inputs['lock-timeout'], statementTimeoutMs: inputs['statement-timeout'] },
      }),
    );
  } finally {
    await proxy?.close();
  }
}

async function startLocalListener(session: DirectSession) {
  const { startCloudSqlLocalProxy, parseConnection, connectionUrl } = await import('@preflight/pg');
  const { user, database, config } = session.target;
  const password = typeof config.password === 'string' ? config.password : undefined;
  const proxy = await startCloudSqlLocalProxy({ ...session.cloudSql!, user, password, database: database ?? 'postgres' });
  // The listener speaks plain TCP on loopback; the connector does TLS to the instance. asyncpg
  // (postgresql+asyncpg://) takes the mode as ssl=, libpq-based drivers as sslmode=.
  const plain: Record<string, string> = /\+asyncpg$/i.test(session.target.scheme ?? '') ? { ssl: 'disable' } : { sslmode: 'disable' };
  const url = connectionUrl(session.target, { host: proxy.host, port: proxy.port, database: database ?? 'postgres', set: plain });
  return { url, target: parseConnection(url, { inputName: 'cloud-sql-instance' }), close: () => proxy.close() };
}

/**
 * --verify-schema: prove right away that the database now has what the migrations define. The
 * expected side is built from the same migrations (or the same command) on a shadow database.
 */
async function verifyAfterMigrating(
  inputs: MigrateDirectInputs,
  session: DirectSession,
  ctx: CheckContext,
  /** What builds the expected schema on the shadow in command mode: after a stamp, the real upgrade. */
  expectedCommand: string | undefined,
  format: LedgerFormat,
): Promise<{ findings: Finding[]; summary: string }> {
  const { schemaVerify, schemaVerifyOptions } = await import('@preflight/schema-verify/definition');
  const { parseInputs } = await import('@preflight/core');
  // schema-verify connects with a URL: on Cloud SQL, a local listener from the connector.
  const proxy = session.cloudSql ? await startLocalListener(session) : undefined;
  try {
    const raw = {
      'database-url': proxy?.url ?? session.connectionString,
      ...(expectedCommand ? { 'migrate-command': expectedCommand, 'url-env': inputs['url-env'] } : { migrations: inputs.migrations, 'migrations-format': format }),
      'shadow-url': inputs['shadow-url'],
      'connect-timeout': `${inputs['connect-timeout']}ms`,
      // strict, schemas, ignore, ...: given to migrate-direct, meant for the verification.
      ...Object.fromEntries(verifyPassThrough.map((name) => [name, ctx.raw[name]])),
    };
    const svInputs = parseInputs(schemaVerifyOptions, raw, ctx.source, {});
    return await ctx.log.group('Verifying the schema after migrating', async () => {
      const result = await schemaVerify.run(svInputs, ctx);
      return { findings: result.findings, summary: result.summary ?? `${result.findings.length} findings` };
    });
  } catch (error) {
    // The migrations are applied; the outputs that say so must survive a verification that
    // could not look. It still blocks: an unverified schema is not a passed check.
    const message = error instanceof Error ? error.message : String(error);
    return {
      findings: [{ rule: 'verify-schema-failed', severity: 'error', object: 'schema-verify', message: `Migrations were applied, but schema-verify could not run: ${message}`, fix: 'Fix the cause named here and run preflight schema-verify against the database.' }],
      summary: 'could not run',
    };
  } finally {
    await proxy?.close();
  }
}

/** Lints one migration file (linted ahead of the plan by lintAhead, reported only when pending). */
function lintOneWith(inputs: MigrateDirectInputs): (m: Migration) => Promise<Finding[]> {
  let linter: Promise<typeof import('./lint/index.ts')> | undefined;
  return async (m) => {
    const { lintMigrationSql } = await (linter ??= import('./lint/index.ts'));
    return lintMigrationSql(m.upSql, {
      file: m.file,
      startLine: m.upStartLine,
      environment: inputs.environment,
      allowDestructive: inputs['allow-destructive'],
      inTransaction: !m.noTransaction,
    });
  };
}

function summaryOf(stats: Stats, dryRun: boolean, command: boolean): string | undefined {
  if (command) return undefined;
  if (dryRun) return `${stats.pending} pending migration(s), ${stats.skipped} already applied (dry run, nothing changed)`;
  return `applied ${stats.applied} migration(s), ${stats.skipped} already applied, ${stats.pending} pending`;
}

function finish(findings: Finding[], stats: Stats, started: number, summary: string | undefined): CheckResult {
  const blocking = findings.filter((f) => f.severity === 'error').length;
  const durationMs = Math.round(performance.now() - started);
  const outputs: Record<string, string> = {};
  if (stats.applied !== undefined) outputs.applied = String(stats.applied);
  if (stats.pending !== undefined) outputs.pending = String(stats.pending);
  const defined = Object.fromEntries(Object.entries({ ...stats, durationMs }).filter(([, v]) => v !== undefined)) as Record<string, number>;
  return {
    findings,
    summary: summary && blocking > 0 ? `${summary}; ${blocking} blocking finding(s)` : summary,
    stats: defined,
    outputs,
  };
}
