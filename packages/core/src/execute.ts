/** Runs a check and turns its result, or its failure, into the one report every output is made from. */
import type { CheckContext, CheckDefinition } from './check.ts';
import { exitCodeOf, ExitCode, messageOf, PartialRunError } from './errors.ts';
import type { Inputs, OptionDef } from './options.ts';
import { redact, redactDeep } from './redact.ts';
import { defaultSummary, sortFindings, statusOf, type Report } from './report.ts';
import { VERSION } from './version.ts';
import { parseShard, shardLabel } from './shard.ts';

export interface Outcome {
  report: Report;
  exitCode: ExitCode;
  outputs: Record<string, string>;
}

export async function executeCheck<Defs extends readonly OptionDef[]>(
  check: CheckDefinition<Defs>,
  inputs: Inputs<Defs>,
  ctx: CheckContext,
): Promise<Outcome> {
  const result = await check.run(inputs, ctx);
  const findings = sortFindings(result.findings);
  const status = statusOf(findings);
  const summary = result.summary ?? defaultSummary(findings);
  const exitCode = status === 'fail' ? ExitCode.Blocked : ExitCode.Passed;
  const report: Report = redactDeep({
    check: result.check ?? check.name,
    version: VERSION,
    status,
    exitCode,
    summary,
    findings,
    stats: result.stats ?? {},
    ...(result.tables?.length ? { tables: result.tables } : {}),
    ...(result.checks?.length ? { checks: result.checks } : {}),
  });
  return { report, exitCode, outputs: redactDeep(result.outputs ?? {}) };
}

/**
 * The report written when a check could not run or was misused: status "error", and no findings
 * unless the run got far enough to have some (PartialRunError).
 */
export function errorOutcome(checkName: string, error: unknown): Outcome {
  const partial = error instanceof PartialRunError ? error.partial : { findings: [], stats: {} };
  const sections = error instanceof PartialRunError && error.partial.checks?.length ? { checks: error.partial.checks } : {};
  const kept = redactDeep({ findings: sortFindings(partial.findings), stats: partial.stats, ...sections });
  const exitCode = exitCodeOf(error);
  const name = (error instanceof PartialRunError && error.partial.check) || checkName;
  return {
    report: { check: name, version: VERSION, status: 'error', exitCode, summary: redact(oneLine(messageOf(error))), ...kept },
    exitCode,
    outputs: redactDeep(error instanceof PartialRunError ? (error.partial.outputs ?? {}) : {}),
  };
}

/**
 * A sharded run's report names its shard (`"shard": "2/4"`), so merge-reports can tell a complete
 * set of shards from an incomplete one. Taken from the inputs, not from the check's result, so
 * that a shard that failed early still says which share it was.
 */
export function withShard(outcome: Outcome, inputs: Record<string, unknown>): Outcome {
  if (typeof inputs.shard !== 'string' || inputs.shard.trim() === '') return outcome;
  let label: string;
  try {
    label = shardLabel(parseShard(inputs.shard));
  } catch {
    return outcome; // the check itself reported the bad value (exit 2)
  }
  const { check, version, status, exitCode, ...rest } = outcome.report;
  return { ...outcome, report: { check, version, status, exitCode, shard: label, ...rest } };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
