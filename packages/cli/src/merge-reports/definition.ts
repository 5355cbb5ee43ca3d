/**
 * `preflight merge-reports REPORT...`: the JSON reports of the shards of one run (`--shard I/N`
 * in a workflow matrix) joined into one report, with the outputs every check has (--json,
 * --report, --sarif, --junit, --gitlab-report, --comment) plus --step-summary, and the worst
 * exit code of the shards. Any report that is missing, unreadable, truncated or not a report, and
 * any incomplete or inconsistent set of shards, is exit 2: never a pass for what was not looked at.
 */
import { appendFileSync } from 'node:fs';
import { CouldNotRunError, PartialRunError, UsageError, VERSION, commonOptions, defineCheck, messageOf, redact, renderMarkdown, sortFindings, type Inputs, type Report } from '@preflight/core';
import { mergeShardReports, type Merged } from './merge.ts';
import { readShardReport } from './read.ts';

export const mergeReportsOptions = [
  {
    name: 'reports',
    type: 'list',
    description: 'The JSON reports to join (each shard\'s --report file); on the command line, the bare arguments: preflight merge-reports reports/*.json.',
  },
  {
    name: 'step-summary',
    type: 'path',
    description: 'Append the merged report as markdown to this file; in a workflow step give "$GITHUB_STEP_SUMMARY" for the job\'s step summary.',
  },
  ...commonOptions,
] as const;

export type MergeReportsInputs = Inputs<typeof mergeReportsOptions>;

export const mergeReports = defineCheck({
  name: 'merge-reports',
  title: 'Join the JSON reports of the shards of one run (--shard I/N) into one report and the worst exit code.',
  description:
    'Reads the JSON reports the shards of one run wrote (--shard I/N in a workflow matrix), checks that every shard is there exactly once, and writes one report, one summary and one PR comment, exiting with the worst exit code of the shards.',
  options: mergeReportsOptions,
  positional: 'reports',
  async run(inputs, ctx) {
    const merged = mergeShardReports(inputs.reports.map(readShardReport));
    ctx.log.info(`merged ${merged.stats.reports} ${merged.check} report${merged.stats.reports === 1 ? '' : 's'}: ${merged.summary}`);
    if (inputs['step-summary']) appendStepSummary(inputs['step-summary'], merged);
    const result = { findings: merged.findings, summary: merged.summary, stats: merged.stats, checks: merged.checks, tables: merged.tables, check: merged.check };
    // Exit 2 or 3 from a shard is the merged run's too, with every finding the shards had.
    if (merged.exitCode >= 2) throw new PartialRunError(merged.summary, merged.exitCode, result);
    return result;
  },
});

/** The step summary the gate's action writes, for the merged report (masked, appended as GitHub wants). */
function appendStepSummary(path: string, merged: Merged): void {
  const status = merged.exitCode >= 2 ? 'error' : merged.exitCode === 1 ? 'fail' : 'pass';
  const report: Report = { check: merged.check, version: VERSION, status, exitCode: merged.exitCode, summary: merged.summary, findings: sortFindings(merged.findings), stats: merged.stats, ...(merged.checks.length ? { checks: merged.checks } : {}), ...(merged.tables.length ? { tables: merged.tables } : {}) };
  try {
    appendFileSync(path, redact(renderMarkdown(report)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new CouldNotRunError(`The step summary ${path} could not be written: ${messageOf(error)}.`);
    throw new UsageError(`--step-summary ${path} cannot be written (${code ?? messageOf(error)}); give a file in a directory that exists, e.g. "$GITHUB_STEP_SUMMARY".`);
  }
}
