/**
 * What to do, decided from the files and the ledger alone (no database access), so every rule
 * about edited, missing, out-of-order and baselined migrations is one pure, testable function.
 * Any error finding here means nothing is applied.
 */
import type { Finding } from '@preflight/core';
import { UsageError } from '@preflight/core';
import { scanSql } from '@preflight/migrations';
import { compareVersions, normalizeVersion, type Migration } from '@preflight/migrations';
import type { LedgerFormat, LedgerState } from './ledger.ts';

export interface PlanOptions {
  format: LedgerFormat;
  allowOutOfOrder: boolean;
  baseline?: string;
}

export interface Plan {
  /** To run, in this order. */
  pending: Migration[];
  /** To record as applied without running (--baseline). */
  baseline: Migration[];
  /** Files the ledger already lists. */
  applied: Migration[];
  findings: Finding[];
}

export function planMigrations(files: readonly Migration[], state: LedgerState, opts: PlanOptions): Plan {
  const findings: Finding[] = [];
  if (opts.format === 'golang-migrate' && state.dirty) {
    const v = state.current ?? '-1';
    findings.push({
      rule: 'ledger-dirty',
      severity: 'error',
      object: `schema_migrations version ${v}`,
      message: `schema_migrations says migration ${v} is dirty: it started outside a transaction and did not finish, so the database may be half-migrated; finish or undo it by hand, then run "migrate force ${v}" (or UPDATE schema_migrations SET dirty = false) and run again.`,
      fix: `UPDATE schema_migrations SET dirty = false;`,
    });
    return { pending: [], baseline: [], applied: [], findings };
  }

  if (state.failed && state.failed.length > 0) {
    // prisma migrate deploy stops here too (P3009): the schema may be half-migrated.
    for (const f of state.failed) {
      const since = f.startedAt ? ` (started ${f.startedAt.toISOString()}, not finished)` : '';
      const logs = f.logs ? `; its log: ${f.logs.replace(/\s+/g, ' ').slice(0, 300)}` : '';
      findings.push({
        rule: 'ledger-failed',
        severity: 'error',
        object: `_prisma_migrations ${f.name}`,
        message: `_prisma_migrations records migration ${f.name} as failed${since}${logs}; like prisma migrate deploy, nothing more is applied until it is resolved: repair what it left, then run "npx prisma migrate resolve --rolled-back ${f.name}" to run it again (or --applied if you finished it by hand).`,
        fix: `npx prisma migrate resolve --rolled-back ${f.name}`,
      });
    }
    return { pending: [], baseline: [], applied: [], findings };
  }

  const isApplied = appliedTest(state, opts.format);
  const applied = files.filter((m) => isApplied(m.version));
  let pending = files.filter((m) => !isApplied(m.version));
  let baseline: Migration[] = [];

  if (opts.baseline !== undefined) {
    const target = normalizeVersion(opts.baseline.trim());
    if (!files.some((m) => normalizeVersion(m.version) === target)) {
      throw new UsageError(`--baseline ${opts.baseline} is not the version of any migration file; give the version of the newest migration the database already has.`);
    }
    const ledgerEmpty = state.rows.length === 0 && state.current === undefined;
    if (ledgerEmpty) {
      baseline = pending.filter((m) => compareVersions(normalizeVersion(m.version), target) <= 0);
      pending = pending.filter((m) => compareVersions(normalizeVersion(m.version), target) > 0);
    } else if (!isApplied(opts.baseline)) {
      throw new UsageError(`--baseline only adopts a database whose migration ledger is empty, and this one already records migrations; drop --baseline.`);
    } else {
      // The same workflow run again after adopting: the baseline is already in the ledger.
      findings.push({
        rule: 'baseline-ignored',
        severity: 'notice',
        object: `baseline ${opts.baseline}`,
        message: `The ledger already records ${opts.baseline}, so --baseline changed nothing; it can be removed from the workflow.`,
      });
    }
  }

  if (opts.format === 'sql' || opts.format === 'prisma') {
    const byVersion = new Map(state.rows.map((r) => [normalizeVersion(r.version), r]));
    for (const m of applied) {
      const row = byVersion.get(normalizeVersion(m.version));
      if (row?.checksum && row.checksum !== m.checksum && !m.acceptedChecksums?.includes(row.checksum)) {
        findings.push({
          rule: 'checksum-mismatch',
          severity: 'error',
          object: m.file,
          file: m.file,
          message: `Migration ${m.file} was edited after it was applied (checksum ${short(row.checksum)} in the ledger, ${short(m.checksum)} now); the database did not get the new content, so restore the file and put the change in a new migration.`,
        });
      }
    }
  }

  const known = new Set(files.map((m) => normalizeVersion(m.version)));
  const ledgerVersions = opts.format === 'golang-migrate' ? (state.current ? [state.current] : []) : state.rows.map((r) => r.version);
  for (const v of ledgerVersions) {
    if (known.has(normalizeVersion(v))) continue;
    const row = state.rows.find((r) => r.version === v);
    findings.push({
      rule: 'missing-migration-file',
      severity: 'warning',
      object: `migration ${v}${row?.name ? `_${row.name}` : ''}`,
      message: `The ledger records migration ${v} as applied but no file has that version; it was deleted or renamed, or this is the wrong migrations directory.`,
    });
  }

  // golang-migrate keeps only the latest version, so an older pending file cannot exist there.
  const newest = newestVersion(ledgerVersions);
  if (newest !== undefined && opts.format !== 'golang-migrate') {
    for (const m of pending) {
      if (compareVersions(normalizeVersion(m.version), normalizeVersion(newest)) >= 0) continue;
      if (opts.allowOutOfOrder) continue;
      findings.push({
        rule: 'out-of-order',
        severity: 'error',
        object: m.file,
        file: m.file,
        message: `Migration ${m.file} is pending but older than ${newest}, the newest applied migration (usually a branch merged after a newer one was deployed); give it a version after ${newest}, or pass --allow-out-of-order if it is independent of the newer ones.`,
      });
    }
  }

  findings.push(...transactionControl(pending));
  return { pending, baseline, applied, findings };
}

function appliedTest(state: LedgerState, format: LedgerFormat): (version: string) => boolean {
  if (format === 'golang-migrate') {
    const current = state.current;
    return (version) => current !== undefined && compareVersions(normalizeVersion(version), normalizeVersion(current)) <= 0;
  }
  const set = new Set(state.rows.map((r) => normalizeVersion(r.version)));
  return (version) => set.has(normalizeVersion(version));
}

function newestVersion(versions: readonly string[]): string | undefined {
  let newest: string | undefined;
  for (const v of versions) if (newest === undefined || compareVersions(normalizeVersion(v), normalizeVersion(newest)) > 0) newest = v;
  return newest;
}

const txControl = /^(BEGIN|COMMIT|ROLLBACK|END|ABORT|START\s+TRANSACTION)\b(?!\s+ATOMIC)/i;

/**
 * A transactional migration that says COMMIT would commit half of itself before its ledger row, so
 * a failure later in the file leaves it applied but unrecorded (and run again next time).
 */
function transactionControl(pending: readonly Migration[]): Finding[] {
  const out: Finding[] = [];
  for (const m of pending) {
    if (m.noTransaction || hasAtomicBody(m.upSql)) continue;
    const stmt = scanSql(m.upSql).statements.find((s) => txControl.test(s.sql) && !/^END\s+(IF|LOOP|CASE)\b/i.test(s.sql));
    if (!stmt) continue;
    out.push({
      rule: 'transaction-control',
      severity: 'error',
      object: m.file,
      file: m.file,
      line: m.upStartLine + stmt.line - 1,
      message: `Migration ${m.file} contains ${stmt.sql.split(/\s/)[0].toUpperCase()}, but each migration already runs in one transaction with its ledger row; remove the statement, or mark the file to run outside a transaction (-- preflight:no-transaction, dbmate transaction:false).`,
    });
  }
  return out;
}

/** SQL-standard function bodies hold bare semicolons that the statement scanner splits on. */
export function hasAtomicBody(sql: string): boolean {
  return /\bBEGIN\s+ATOMIC\b/i.test(sql);
}

function short(checksum: string): string {
  return checksum.slice(0, 12);
}
