/**
 * The fleet's report: one section per target in the gate's `checks` shape (the target's name in
 * `check`), each finding tagged with its target, and one summary line:
 * "2 of 30 targets failed: tenant_04, tenant_17; 28 applied".
 */
import { ExitCode, PartialRunError, errorSection, exitCodeOf, sectionFindings, type CheckResult, type CheckSection, type Finding } from '@preflight/core';
import { shardPrefix, shareStats, type FleetShare, type FleetTarget } from '@preflight/pg';

export interface Outcome {
  target: FleetTarget;
  result?: CheckResult;
  error?: unknown;
  /** Why it was not started (--max-failures reached). */
  skipped?: string;
}

export function fleetReport(outcomes: readonly Outcome[], meta: { parallel: number; maxFailures?: number; dryRun: boolean; started: number; shard?: FleetShare<unknown>['shard'] }): CheckResult {
  const findings: Finding[] = [];
  const sections: CheckSection[] = [];
  let worst: ExitCode = ExitCode.Passed;
  let applied = 0;
  let pending = 0;
  for (const { target, result, error, skipped } of outcomes) {
    const name = target.name;
    if (skipped !== undefined) {
      sections.push({ check: name, status: 'skipped', summary: skipped });
      continue;
    }
    if (error !== undefined || !result) {
      worst = Math.max(worst, exitCodeOf(error)) as ExitCode;
      sections.push(errorSection(name, error));
      continue;
    }
    const own = sectionFindings(name, result.findings);
    findings.push(...own);
    const blocking = own.some((f) => f.severity === 'error');
    applied += Number(result.outputs?.applied ?? 0);
    pending += Number(result.outputs?.pending ?? 0);
    const { durationMs: _ms, ...stats } = result.stats ?? {};
    sections.push({ check: name, status: blocking ? 'fail' : 'pass', summary: result.summary ?? '', stats });
  }
  const named = (status: CheckSection['status'] | CheckSection['status'][]) => sections.filter((s) => ([] as string[]).concat(status).includes(s.status)).map((s) => s.check);
  const failed = named(['fail', 'error']);
  const passed = named('pass');
  const notStarted = named('skipped');
  const n = sections.length;
  const parts = [`${failed.length} of ${n} target${n === 1 ? '' : 's'} failed${failed.length ? `: ${failed.join(', ')}` : ''}`];
  parts.push(meta.dryRun ? `${passed.length} checked, ${pending} pending migration(s) in all (dry run, nothing changed)` : `${passed.length} applied`);
  if (notStarted.length) parts.push(`${notStarted.length} skipped after ${meta.maxFailures} failed (max-failures): ${notStarted.join(', ')}`);
  const summary = shardPrefix(meta.shard, n) + parts.join('; ');
  const stats: Record<string, number> = {
    ...shareStats(meta.shard, n),
    targets: n,
    failed: failed.length,
    succeeded: passed.length,
    'not-started': notStarted.length,
    'migrations-applied': applied,
    'migrations-pending': pending,
    parallel: meta.parallel,
    ...(meta.maxFailures !== undefined ? { 'max-failures': meta.maxFailures } : {}),
    durationMs: Math.round(performance.now() - meta.started),
  };
  // Summed over the targets that ran: what the single-target outputs say for one database.
  const outputs = { applied: String(applied), pending: String(pending) };
  // A blocking finding makes it exit 1 by itself (status fail). A target that could not be
  // migrated makes the whole run an error with the worst code, the report still holding what every
  // other target did. A skipped target was not migrated: never a pass, even if, somehow, nothing
  // else blocked.
  if (worst === ExitCode.Passed && notStarted.length && !findings.some((f) => f.severity === 'error')) worst = ExitCode.Blocked;
  if (worst !== ExitCode.Passed) throw new PartialRunError(summary, worst, { findings, stats, outputs, checks: sections });
  return { findings, summary, stats, outputs, checks: sections };
}
