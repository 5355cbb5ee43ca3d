/**
 * The built-in runner: lock, re-read the ledger, plan, lint, apply each pending migration with its
 * ledger row, unlock. Everything that can refuse (edited files, out-of-order, dirty ledger, lint
 * errors) refuses before the first migration runs.
 */
import type pg from 'pg';
import type { Finding } from '@preflight/core';
import type { Migration } from '@preflight/migrations';
import { applyMigration } from './apply.ts';
import { ledgerFor, type LedgerFormat } from './ledger.ts';
import { acquireMigrationLock, advisoryLockKey, prismaMigrateLockKey, releaseMigrationLock } from './lock.ts';
import { planMigrations } from './plan.ts';

export interface NativeOptions {
  format: LedgerFormat;
  lockWaitMs: number;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** See ApplySettings.answerGraceMs. */
  answerGraceMs?: number;
  allowOutOfOrder: boolean;
  baseline?: string;
  dryRun: boolean;
  /** Lints the pending migrations; any error finding blocks before anything is applied. */
  lint?: (pending: readonly Migration[]) => Promise<Finding[]>;
  log?: (message: string) => void;
  /** Backend pid of `client`, checked in every transaction. */
  sessionPid: number;
  /** Overrides for tests (lock polling). */
  lockPollMs?: number;
}

export interface NativeResult {
  findings: Finding[];
  applied: Migration[];
  pending: Migration[];
  /** Already in the ledger, or recorded by --baseline. */
  skipped: number;
  baselined: number;
  lockWaitMs: number;
  lockMs: number;
}

export async function runNative(client: pg.Client, database: string, files: readonly Migration[], opts: NativeOptions): Promise<NativeResult> {
  const ledger = ledgerFor(opts.format);
  const log = opts.log ?? (() => undefined);

  if (opts.dryRun) {
    // No lock and no writes, not even the ledger table: a dry run may use a read-only role.
    const state = await ledger.read(client);
    const plan = planMigrations(files, state, opts);
    const lint = opts.lint ? await opts.lint(plan.pending) : [];
    for (const m of plan.pending) log(`would apply ${m.file}`);
    const listed: Finding[] = plan.pending.map((m) => ({
      rule: 'pending-migration',
      severity: 'notice',
      object: m.file,
      file: m.file,
      message: `Pending: ${m.file} would be applied${m.noTransaction ? ' outside a transaction' : ''}.`,
    }));
    return { findings: [...plan.findings, ...lint, ...listed], applied: [], pending: plan.pending, skipped: plan.applied.length, baselined: plan.baseline.length, lockWaitMs: 0, lockMs: 0 };
  }

  // With Prisma's ledger, Prisma's own lock: a `prisma migrate deploy` running at the same time waits for us and we for it.
  const key = opts.format === 'prisma' ? prismaMigrateLockKey : advisoryLockKey(database);
  const { waitedMs } = await acquireMigrationLock(client, { key, waitMs: opts.lockWaitMs, onWait: log, pollMs: opts.lockPollMs });
  const lockedAt = performance.now();
  try {
    // Read only now: another runner may have applied migrations while we waited.
    const state = await ledger.read(client);
    const plan = planMigrations(files, state, opts);
    const lint = opts.lint ? await opts.lint(plan.pending) : [];
    const findings = [...plan.findings, ...lint];
    const result = (applied: Migration[], pending: Migration[], baselined: number): NativeResult => ({
      findings,
      applied,
      pending,
      skipped: plan.applied.length + baselined,
      baselined,
      lockWaitMs: waitedMs,
      lockMs: performance.now() - lockedAt,
    });
    if (findings.some((f) => f.severity === 'error')) return result([], plan.pending, 0);

    await ledger.ensure(client);
    if (plan.baseline.length > 0) {
      await client.query(`BEGIN; ${ledger.baselineSql(plan.baseline, opts.baseline ?? '')}; COMMIT`);
      log(`recorded ${plan.baseline.length} migration(s) up to ${opts.baseline} as applied (--baseline), without running them`);
    }
    const applied: Migration[] = [];
    for (const [i, m] of plan.pending.entries()) {
      const outcome = await applyMigration(client, m, ledger, { lockTimeoutMs: opts.lockTimeoutMs, statementTimeoutMs: opts.statementTimeoutMs, answerGraceMs: opts.answerGraceMs, sessionPid: opts.sessionPid });
      if (!outcome.ok) {
        findings.push(outcome.finding);
        return result(applied, plan.pending.slice(i), plan.baseline.length);
      }
      applied.push(m);
      log(`applied ${m.file} (${Math.round(outcome.durationMs)} ms)`);
    }
    return result(applied, [], plan.baseline.length);
  } finally {
    await releaseMigrationLock(client, key).catch(() => undefined);
  }
}
