/**
 * The only place a check meets @actions/core: read inputs once, run, then publish the report as
 * outputs, annotations, a step summary, a report file and (optionally) a PR comment. Errors end
 * here and become exit codes 2/3; nothing calls process.exit, so the summary is always flushed.
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckDefinition, Logger } from '../check.ts';
import { postComment, reportFiles, writeReport } from '../deliver.ts';
import { ExitCode, exitCodeOf, messageOf } from '../errors.ts';
import { errorOutcome, executeCheck, withShard, type Outcome } from '../execute.ts';
import { registerActionInputSecrets } from '../input-secrets.ts';
import { parseInputs, type OptionDef, type RawInputs } from '../options.ts';
import { onSecret } from '../redact.ts';
import { out } from './masked-core.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { renderText } from '../render/text.ts';
import { blockingCount, type Report } from '../report.ts';

export const actionLogger: Logger = {
  info: (m) => out.info(m),
  warn: (m) => out.warning(m),
  debug: (m) => out.debug(m),
  group: (name, fn) => out.group(name, fn),
};

export function readActionInputs(defs: readonly OptionDef[]): RawInputs {
  const raw: RawInputs = {};
  for (const def of defs) if (!def.cliOnly) raw[def.name] = core.getInput(def.name);
  return raw;
}

export async function runAction<Defs extends readonly OptionDef[]>(check: CheckDefinition<Defs>): Promise<void> {
  onSecret((s) => core.setSecret(s));
  // Before anything is parsed or printed: any input may hold a password (and a bad one is echoed).
  registerActionInputSecrets(check.options);
  let outcome: Outcome;
  let reportPath = join(process.env.RUNNER_TEMP || tmpdir(), `preflight-${check.name}-report.json`);
  /** The other report files the inputs ask for (sarif, gitlab-report, junit). */
  let extraFiles: ExtraFile[] = [];
  let commentWanted = false;
  let token: string | undefined;
  let inputs: Record<string, unknown> = {};
  try {
    const raw = readActionInputs(check.options);
    inputs = parseInputs(check.options, raw, 'action') as Record<string, unknown>;
    if (typeof inputs.report === 'string') reportPath = inputs.report;
    extraFiles = reportFiles.flatMap(([name, write]) => (name !== 'report' && typeof inputs[name] === 'string' ? [{ path: inputs[name] as string, write }] : []));
    commentWanted = inputs.comment === true;
    token = inputs['github-token'] as string | undefined;
    outcome = await executeCheck(check, inputs as never, { log: actionLogger, source: 'action', raw });
  } catch (error) {
    outcome = errorOutcome(check.name, error);
  }
  await publish(check.name, inActionWords(withShard(outcome, inputs), check.options), { reportPath, extraFiles, commentWanted, token });
}

/**
 * Messages are written with CLI flags (`--expected-url`); in a workflow the same thing is the input
 * `expected-url`. Only names the check really has are rewritten, so SQL comments (`-- x`) stay.
 */
export function inActionWords(outcome: Outcome, defs: readonly OptionDef[]): Outcome {
  const names = new Set(defs.flatMap((d) => [d.name, ...(d.aliases ?? [])]));
  const rewrite = (text: string) => text.replace(/(^|[\s("'`,])--([a-z][a-z0-9-]*)/g, (all, before: string, name: string) => (names.has(name) ? `${before}\`${name}\`` : all));
  const { report } = outcome;
  return {
    ...outcome,
    report: {
      ...report,
      summary: rewrite(report.summary),
      findings: report.findings.map((f) => ({ ...f, message: rewrite(f.message), ...(f.fix ? { fix: rewrite(f.fix) } : {}) })),
      ...(report.checks ? { checks: report.checks.map((s) => ({ ...s, summary: rewrite(s.summary) })) } : {}),
    },
  };
}

interface ExtraFile {
  path: string;
  write: (path: string, report: Report) => void;
  done?: () => void;
}

interface Destinations {
  reportPath: string;
  extraFiles: ExtraFile[];
  commentWanted: boolean;
  token?: string;
}

async function publish(name: string, outcome: Outcome, { reportPath, extraFiles, commentWanted, token }: Destinations) {
  const { report } = outcome;
  let exitCode = outcome.exitCode;
  out.info(renderText(report));
  for (const f of report.findings) {
    if (!f.file) continue;
    const props = { title: `${f.rule} · ${f.object}`, file: f.file, startLine: f.line };
    if (f.severity === 'error') out.error(f.message, props);
    else if (f.severity === 'warning') out.warning(f.message, props);
    else out.notice(f.message, props);
  }
  // Each file on its own: an unwritable SARIF path must not cost the JUnit file a CI is waiting for.
  const files = [{ path: reportPath, write: writeReport, done: () => out.setOutput('report', reportPath) }, ...extraFiles];
  for (const file of files) {
    try {
      file.write(file.path, report);
      file.done?.();
    } catch (error) {
      out.warning(messageOf(error));
      // The worst code wins, as in the gate: a full disk (3) outranks blocking findings (1).
      exitCode = Math.max(exitCode, exitCodeOf(error)) as ExitCode;
    }
  }
  out.setOutput('status', report.status);
  out.setOutput('findings', String(blockingCount(report.findings)));
  for (const [k, v] of Object.entries(outcome.outputs)) out.setOutput(k, v);
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      await out.summary(renderMarkdown(report));
    } catch (error) {
      out.warning(`step summary not written: ${messageOf(error)}`);
    }
  }
  if (commentWanted) await postComment(report, token, actionLogger);
  if (exitCode !== ExitCode.Passed) {
    out.setFailed(report.status === 'error' ? report.summary : `preflight ${name}: ${report.summary}`);
    process.exitCode = exitCode;
  }
}
