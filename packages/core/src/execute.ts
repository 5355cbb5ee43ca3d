/** Runs a check and turns its result, or its failure, into the one report every output is made from. */
import type { CheckContext, CheckDefinition } from './check.ts';
import { exitCodeOf, ExitCode, messageOf, PartialRunError } from './errors.ts';
import type { Inputs, OptionDef } from './options.ts';
import { redact, redactDeep } from './redact.ts';
import { defaultSummary, sortFindings, statusOf, type Report } from './report.ts';
import { VERSION } from './version.ts';

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
  const report: Report = redactDeep({
    check: check.name,
    version: VERSION,
    status,
    summary,
    findings,
    stats: result.stats ?? {},
    ...(result.tables?.length ? { tables: result.tables } : {}),
    ...(result.checks?.length ? { checks: result.checks } : {}),
  });
  return { report, exitCode: status === 'fail' ? ExitCode.Blocked : ExitCode.Passed, outputs: redactDeep(result.outputs ?? {}) };
}

/**
 * The report written when a check could not run or was misused: status "error", and no findings
 * unless the run got far enough to have some (PartialRunError).
 */
export function errorOutcome(checkName: string, error: unknown): Outcome {
  const partial = error instanceof PartialRunError ? error.partial : { findings: [], stats: {} };
  const sections = error instanceof PartialRunError && error.partial.checks?.length ? { checks: error.partial.checks } : {};
  const kept = redactDeep({ findings: sortFindings(partial.findings), stats: partial.stats, ...sections });
  return {
    report: { check: checkName, version: VERSION, status: 'error', summary: redact(oneLine(messageOf(error))), ...kept },
    exitCode: exitCodeOf(error),
    outputs: redactDeep(error instanceof PartialRunError ? (error.partial.outputs ?? {}) : {}),
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
