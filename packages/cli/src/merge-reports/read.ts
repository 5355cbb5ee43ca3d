/**
 * Reading the shards' JSON reports for merge-reports. A report that is missing, unreadable,
 * truncated or not in the shape `--report` writes is a usage error (exit 2) naming the file:
 * merging fewer shards than were run would be a pass without looking at the others.
 */
import { readFileSync } from 'node:fs';
import { UsageError, parseShard, type Report, type Shard } from '@preflight/core';

export interface ShardReport {
  /** The file, as given. */
  path: string;
  report: Report;
  /** 0, 1, 2 or 3: the report's own exitCode, or what its status means (an old error report counts as 3). */
  exitCode: number;
  shard?: Shard;
}

const statuses = new Set(['pass', 'fail', 'error']);
const sectionStatuses = new Set(['pass', 'fail', 'error', 'skipped']);
const severities = new Set(['error', 'warning', 'notice']);

export function readShardReport(path: string): ShardReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw new UsageError(
      `Report ${path} ${why}; give the JSON reports the shards wrote (--report FILE), e.g. preflight merge-reports reports/*.json (a shard whose job failed before writing one has to be re-run).`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const hint = text.trim() === '' ? 'it is empty' : 'it is not complete JSON (cut short, or not a report)';
    throw new UsageError(`Report ${path} cannot be merged: ${hint}; give the file preflight wrote with --report, whole.`);
  }
  const problem = shapeProblem(value);
  if (problem) throw new UsageError(`Report ${path} is not a preflight JSON report: ${problem}; give the file preflight wrote with --report.`);
  const report = value as Report;
  const exitCode = report.exitCode ?? (report.status === 'pass' ? 0 : report.status === 'fail' ? 1 : 3);
  const expected = report.status === 'pass' ? [0] : report.status === 'fail' ? [1] : [2, 3];
  if (!expected.includes(exitCode)) throw new UsageError(`Report ${path} says status ${report.status} with exit code ${exitCode}, which do not go together; give the file preflight wrote with --report, unchanged.`);
  let shard: Shard | undefined;
  if (report.shard !== undefined) {
    try {
      shard = parseShard(report.shard);
    } catch {
      throw new UsageError(`Report ${path} names shard ${JSON.stringify(report.shard.slice(0, 20))}, which is not I/N; give the file preflight wrote with --report, unchanged.`);
    }
  }
  return { path, report, exitCode, shard };
}

/** What is wrong with the value as a report, or undefined. Only what merging relies on is checked. */
function shapeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'it is not a JSON object';
  const r = value;
  if (typeof r.check !== 'string' || r.check === '') return 'it has no "check"';
  if (typeof r.status !== 'string' || !statuses.has(r.status)) return '"status" is not pass, fail or error';
  if (typeof r.summary !== 'string') return 'it has no "summary"';
  if (r.exitCode !== undefined && !(Number.isInteger(r.exitCode) && (r.exitCode as number) >= 0 && (r.exitCode as number) <= 3)) return '"exitCode" is not 0, 1, 2 or 3';
  if (r.shard !== undefined && typeof r.shard !== 'string') return '"shard" is not a string such as "2/4"';
  if (!isObject(r.stats)) return '"stats" is not an object';
  if (!Array.isArray(r.findings)) return '"findings" is not a list';
  for (const [i, f] of r.findings.entries()) {
    if (!isObject(f) || typeof f.rule !== 'string' || typeof f.object !== 'string' || typeof f.message !== 'string' || typeof f.severity !== 'string' || !severities.has(f.severity)) {
      return `finding ${i + 1} lacks a rule, severity, object or message`;
    }
  }
  const blocking = r.findings.some((f) => (f as { severity: string }).severity === 'error');
  if (r.status === 'pass' && blocking) return 'it says pass but holds blocking findings';
  if (r.status === 'fail' && !blocking) return 'it says fail but holds no blocking finding';
  if (r.checks !== undefined) {
    if (!Array.isArray(r.checks)) return '"checks" is not a list';
    for (const [i, s] of r.checks.entries()) {
      if (!isObject(s) || typeof s.check !== 'string' || typeof s.summary !== 'string' || typeof s.status !== 'string' || !sectionStatuses.has(s.status)) return `section ${i + 1} of "checks" lacks a check, status or summary`;
    }
  }
  if (r.tables !== undefined && !Array.isArray(r.tables)) return '"tables" is not a list';
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
