/**
 * Joining the JSON reports of the shards of one run (`--shard I/N` in a workflow matrix) into one
 * report: the findings and sections of all of them, one summary, and the worst exit code. What
 * would make the joined report claim more than was looked at is refused (exit 2): reports of
 * different checks, of different N, a shard given twice or missing, a target in two shards, or
 * shards that read lists of different lengths.
 */
import { ExitCode, UsageError, defaultSummary, type CheckSection, type Finding, type ResultTable } from '@preflight/core';
import type { ShardReport } from './read.ts';

export interface Merged {
  check: string;
  findings: Finding[];
  checks: CheckSection[];
  tables: ResultTable[];
  stats: Record<string, number | string | boolean>;
  summary: string;
  exitCode: ExitCode;
}

export function mergeShardReports(reports: readonly ShardReport[]): Merged {
  if (reports.length === 0) {
    throw new UsageError('preflight merge-reports needs the JSON reports to join: preflight merge-reports shard-1.json shard-2.json ... (merging none is never a pass).');
  }
  const check = oneCheck(reports);
  const ordered = checkShards(reports);
  checkCounts(ordered);

  const findings = ordered.flatMap((r) => r.report.findings);
  const checks: CheckSection[] = [];
  const owner = new Map<string, string>();
  for (const r of ordered) {
    for (const section of r.report.checks ?? []) {
      const first = owner.get(section.check);
      if (first) {
        throw new UsageError(`${section.check} is in both ${first} and ${r.path}: the shards did not read the same list (or one report is given twice); re-run the shards from one targets list.`);
      }
      owner.set(section.check, r.path);
      checks.push(section);
    }
  }
  checks.sort((a, b) => a.check.localeCompare(b.check));
  const exitCode = Math.max(...ordered.map((r) => r.exitCode)) as ExitCode;
  return {
    check,
    findings,
    checks,
    tables: ordered.flatMap((r) => r.report.tables ?? []),
    stats: mergedStats(ordered),
    summary: mergedSummary(check, ordered, checks, findings),
    exitCode,
  };
}

function oneCheck(reports: readonly ShardReport[]): string {
  const first = reports[0];
  const other = reports.find((r) => r.report.check !== first.report.check);
  if (other) {
    throw new UsageError(
      `${first.path} is a ${first.report.check} report and ${other.path} a ${other.report.check} one; merge the shards of each check in a preflight merge-reports run of its own.`,
    );
  }
  return first.report.check;
}

/** Sharded reports must be exactly shards 1..N of one N; they come back in shard order. */
function checkShards(reports: readonly ShardReport[]): ShardReport[] {
  const sharded = reports.filter((r) => r.shard);
  if (sharded.length === 0) {
    const paths = reports.map((r) => r.path);
    const twice = paths.find((p, i) => paths.indexOf(p) !== i);
    if (twice) throw new UsageError(`Report ${twice} is given twice; give each report once.`);
    return [...reports];
  }
  const plain = reports.find((r) => !r.shard);
  if (plain) {
    throw new UsageError(
      `${sharded[0].path} is shard ${sharded[0].report.shard} but ${plain.path} names no shard (${plain.report.status === 'error' ? `its run failed before it read --shard: ${plain.report.summary.slice(0, 120)}` : 'an unsharded run'}); merge only the reports of one sharded run, and re-run a shard that failed.`,
    );
  }
  const count = sharded[0].shard!.count;
  const otherN = sharded.find((r) => r.shard!.count !== count);
  if (otherN) throw new UsageError(`${sharded[0].path} is shard ${sharded[0].report.shard} and ${otherN.path} shard ${otherN.report.shard}: shards of different N are not one run; merge the reports of one matrix.`);
  const byIndex = new Map<number, ShardReport>();
  for (const r of sharded) {
    const seen = byIndex.get(r.shard!.index);
    if (seen) throw new UsageError(`Shard ${r.report.shard} is given twice (${seen.path} and ${r.path}); give each shard's report once.`);
    byIndex.set(r.shard!.index, r);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) {
    const list = missing.map((i) => `${i}/${count}`).join(', ');
    throw new UsageError(
      `Shard${missing.length === 1 ? '' : 's'} ${list} ${missing.length === 1 ? 'is' : 'are'} missing: no report given is ${missing.length === 1 ? 'it' : 'one of them'}, so part of the list was not looked at; give every shard's report (did a matrix job fail before uploading its report?).`,
    );
  }
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!);
}

/**
 * Each sharded report counts its share and the whole list (`in-shard`, `in-all-shards`). The
 * shares must add up to the list, or the shards did not read the same list. A shard that failed
 * before counting has no numbers; the merged run is an error then anyway.
 */
function checkCounts(reports: readonly ShardReport[]): void {
  const counted = reports.filter((r) => typeof r.report.stats['in-shard'] === 'number' && typeof r.report.stats['in-all-shards'] === 'number');
  if (counted.length === 0) return;
  const total = counted[0].report.stats['in-all-shards'] as number;
  const other = counted.find((r) => r.report.stats['in-all-shards'] !== total);
  if (other) {
    throw new UsageError(`${counted[0].path} counts ${total} in the whole list and ${other.path} ${other.report.stats['in-all-shards']}: the shards did not read the same list; re-run them from one list (one commit).`);
  }
  if (counted.length < reports.length) return;
  const sum = counted.reduce((n, r) => n + (r.report.stats['in-shard'] as number), 0);
  if (sum !== total) throw new UsageError(`The shards hold ${sum} items between them but the list has ${total}: they did not split one list; re-run them from one list.`);
}

/** Counts add up, durations and parallelism take the largest, a text shared by all is kept. */
function mergedStats(reports: readonly ShardReport[]): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  const dropped = new Set<string>(['in-shard']);
  for (const { report } of reports) {
    for (const [key, value] of Object.entries(report.stats)) {
      if (dropped.has(key)) continue;
      const before = out[key];
      if (before === undefined) out[key] = value;
      else if (typeof value === 'number' && typeof before === 'number') {
        out[key] = key === 'in-all-shards' || /duration|Ms$|^parallel$|^threads$/i.test(key) ? Math.max(before, value) : before + value;
      } else if (before !== value) {
        delete out[key];
        dropped.add(key);
      }
    }
  }
  const shard = reports[0].shard;
  return { ...out, reports: reports.length, ...(shard ? { shards: shard.count } : {}) };
}

/** Fleet reports: "7 of 201 targets drifted: ...; 1 could not be checked: ..."; others: the counts. */
function mergedSummary(check: string, reports: readonly ShardReport[], sections: readonly CheckSection[], findings: readonly Finding[]): string {
  const parts: string[] = [];
  if (sections.length > 0) {
    const verb = check === 'schema-verify' ? 'drifted' : 'failed';
    const failed = sections.filter((s) => s.status === 'fail').map((s) => s.check);
    const unchecked = sections.filter((s) => s.status === 'error').map((s) => s.check);
    const n = sections.length;
    parts.push(`${failed.length} of ${n} target${n === 1 ? '' : 's'} ${verb}${failed.length ? `: ${failed.join(', ')}` : ''}`);
    if (unchecked.length) parts.push(`${unchecked.length} could not be checked: ${unchecked.join(', ')}`);
  } else {
    parts.push(defaultSummary(findings));
  }
  // A shard that could not run at all (its expected schema, its checkout) says why.
  for (const r of reports) {
    if (r.report.status === 'error' && !(r.report.checks ?? []).some((s) => s.status === 'error')) parts.push(`${r.shard ? `shard ${r.report.shard}` : r.path} could not run: ${r.report.summary.replace(/\.$/, '')}`);
  }
  const shard = reports[0].shard;
  const from = shard ? `${shard.count} shard${shard.count === 1 ? '' : 's'}` : `${reports.length} report${reports.length === 1 ? '' : 's'}`;
  return `${parts.join('; ')} (merged from ${from})`;
}
