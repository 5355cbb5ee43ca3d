/**
 * migrate-direct's work, loaded on demand by definition.ts. Order matters: everything that can be
 * refused from the inputs alone (unreadable directory, bad file names, a rollback command in
 * production, alembic heads) is refused before the first connection, and nothing is written to
 * the database until the session is known to be direct and the migration lock is held.
 */
import type { CheckContext, CheckResult, Finding } from '@preflight/core';
import { readMigrations, type Migration } from '@preflight/migrations';
import { verifyPassThrough, type MigrateDirectInputs } from './definition.ts';
import { databaseEnv, runCommand } from '@preflight/pg';
import { alembicHeadsFinding, commandFailedFinding, downCommandFinding } from './runner/command.ts';
import { checkConnections, mergeConnectionFindings } from './runner/connections.ts';
import { lintAhead } from './lint/ahead.ts';
import { acquireMigrationLock, advisoryLockKey, releaseMigrationLock } from './runner/lock.ts';
import { runNative, type NativeResult } from './runner/native.ts';
import { openDirectSession, type DirectSession } from './runner/session.ts';

export async function runMigrateDirect(inputs: MigrateDirectInputs, ctx: CheckContext): Promise<CheckResult> {
  const started = performance.now();
  const format = inputs['migrations-format'] as 'sql' | 'dbmate' | 'golang-migrate';
  const command = inputs.command?.trim();
  // The SQL parser (WASM) compiles while files are read and the session is opened.
  const parser = command ? undefined : import('./lint/index.ts').then((m) => m.parserReady());
  parser?.catch(() => undefined);

  // 1. Inputs alone.
  let files: Migration[] = [];
  const early: Finding[] = [];
  if (command) {
    const down = downCommandFinding(command, inputs.environment, inputs['allow-destructive']);
    if (down) early.push(down);
    const heads = alembicHeadsFinding(command, process.cwd());
    if (heads) early.push(heads);
  } else {
    files = readMigrations(inputs.migrations!, format);
    ctx.log.info(`${files.length} migration file(s) in ${inputs.migrations} (${format})`);
  }
  const lint = command ? undefined : lintAhead(files, lintOneWith(inputs));
  if (early.length > 0) {
    lint?.stop();
    return finish(early, { lockWaitMs: 0, poolerDetectionMs: 0, lockMs: 0 }, started, 'refused before connecting');
  }

  // 2. A direct session.
  const session = await openDirectSession(
    {
      databaseUrl: inputs['database-url'],
      directUrl: inputs['direct-url'],
      cloudSqlInstance: inputs['cloud-sql-instance'],
      ipType: inputs['ip-type'] as 'public' | 'private' | 'psc',
      iamAuth: inputs['iam-auth'],
      connectTimeoutMs: inputs['connect-timeout'],
    },
    (m) => ctx.log.info(m),
  ).catch((error: unknown) => {
    lint?.stop();
    throw error;
  });
  const { client, target } = session;
  ctx.log.info(`Migrating ${target.display} (from ${session.source}; pooler check ${Math.round(session.poolerDetectionMs)} ms)`);

  try {
    const database = target.database ?? (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
    const threshold = inputs['idle-in-transaction-threshold'];
    const before = inputs['check-connections'] ? await checkConnections(client, { idleThresholdMs: threshold, phase: 'before' }) : [];

    let findings: Finding[];
    let stats: Stats;
    if (command) {
      ({ findings, stats } = await runCommandMode(command, inputs, ctx, session, database));
    } else {
      const native = await runNative(client, database, files, {
        format,
        lockWaitMs: inputs['lock-wait'],
        lockTimeoutMs: inputs['lock-timeout'],
        statementTimeoutMs: inputs['statement-timeout'],
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

    const after = inputs['check-connections'] && !inputs['dry-run'] ? await checkConnections(client, { idleThresholdMs: threshold, phase: 'after' }) : [];
    let summary = summaryOf(stats, inputs['dry-run'], command !== undefined);
    if (inputs['verify-schema'] && !inputs['dry-run'] && !findings.some((f) => f.severity === 'error')) {
      const verified = await verifyAfterMigrating(inputs, session, ctx);
      findings.push(...verified.findings);
      summary = `${summary ?? 'migrated'}; schema-verify: ${verified.summary}`;
    }
    return finish([...findings, ...mergeConnectionFindings(before, after)], stats, started, summary);
  } finally {
    lint?.stop();
    await client.end().catch(() => undefined);
  }
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
): Promise<{ findings: Finding[]; stats: Stats }> {
  const stats: Stats = { lockWaitMs: 0, poolerDetectionMs: 0, lockMs: 0 };
  if (inputs['dry-run']) {
    ctx.log.info(`dry run: would run "${command}" with the direct connection in ${inputs['url-env']}`);
    return { findings: [], stats };
  }
  const key = advisoryLockKey(database);
  const { waitedMs } = await acquireMigrationLock(session.client, { key, waitMs: inputs['lock-wait'], onWait: (m) => ctx.log.info(m) });
  stats.lockWaitMs = Math.round(waitedMs);
  const lockedAt = performance.now();
  // A subprocess cannot use the connector library: a local listener from it stands in for the instance.
  const proxy = session.cloudSql ? await startLocalListener(session) : undefined;
  try {
    const env = databaseEnv(process.env, proxy?.url ?? session.connectionString, proxy?.target ?? session.target, {
      urlEnv: inputs['url-env'],
      timeouts: { lockTimeoutMs: inputs['lock-timeout'], statementTimeoutMs: inputs['statement-timeout'] },
    });
    ctx.log.info(`Running: ${command}`);
    // The lock is released only after the command (and its process group) has exited.
    const result = await runCommand(command, env, { onLine: (line) => ctx.log.info(line), timeoutMs: inputs['statement-timeout'] });
    const findings = result.code === 0 ? [] : [commandFailedFinding(command, result)];
    return { findings, stats };
  } finally {
    await proxy?.close();
    stats.lockMs = Math.round(performance.now() - lockedAt);
    await releaseMigrationLock(session.client, key).catch(() => undefined);
  }
}

async function startLocalListener(session: DirectSession) {
  const { startCloudSqlLocalProxy, parseConnection } = await import('@preflight/pg');
  const { user, database, config } = session.target;
  const password = typeof config.password === 'string' ? config.password : undefined;
  const proxy = await startCloudSqlLocalProxy({ ...session.cloudSql!, user, password, database: database ?? 'postgres' });
  const auth = user ? `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@` : '';
  const url = `postgresql://${auth}${proxy.host}:${proxy.port}/${encodeURIComponent(database ?? 'postgres')}?sslmode=disable`;
  return { url, target: parseConnection(url, { inputName: 'cloud-sql-instance' }), close: () => proxy.close() };
}

/**
 * --verify-schema: prove right away that the database now has what the migrations define. The
 * expected side is built from the same migrations (or the same command) on a shadow database.
 */
async function verifyAfterMigrating(inputs: MigrateDirectInputs, session: DirectSession, ctx: CheckContext): Promise<{ findings: Finding[]; summary: string }> {
  const { schemaVerify, schemaVerifyOptions } = await import('@preflight/schema-verify/definition');
  const { parseInputs } = await import('@preflight/core');
  // schema-verify connects with a URL: on Cloud SQL, a local listener from the connector.
  const proxy = session.cloudSql ? await startLocalListener(session) : undefined;
  try {
    const raw = {
      'database-url': proxy?.url ?? session.connectionString,
      ...(inputs.command ? { 'migrate-command': inputs.command, 'url-env': inputs['url-env'] } : { migrations: inputs.migrations, 'migrations-format': inputs['migrations-format'] }),
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
