/**
 * `preflight <check> [--option value ...]`: the same options as the action inputs, the report on
 * stdout (text, or JSON with --json), logs on stderr, and the exit code as the result.
 */
import {
  commonOptions,
  ExitCode,
  errorOutcome,
  withShard,
  executeCheck,
  parseArgs,
  parseInputs,
  postComment,
  jsonText,
  maskedWriter,
  registerArgvSecrets,
  registerCredentialsIn,
  renderHelp,
  renderText,
  VERSION,
  reportFiles,
  messageOf,
  exitCodeOf,
  type CheckDefinition,
  type Logger,
  type Outcome,
} from '@preflight/core';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  color: boolean;
}

const defaultIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};

export async function runCli(argv: string[], checks: readonly CheckDefinition<any>[], rawIO: CliIO = defaultIO): Promise<number> {
  // Before anything is parsed or printed: whatever the user typed may hold a password.
  registerCredentialsIn(argv);
  // The only way out of this function: every byte on stdout and stderr is masked.
  const io = { ...rawIO, stdout: maskedWriter(rawIO.stdout), stderr: maskedWriter(rawIO.stderr), json: (v: unknown) => rawIO.stdout(jsonText(v)) };
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(usage(checks));
    return command ? ExitCode.Passed : ExitCode.Usage;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${VERSION}\n`);
    return ExitCode.Passed;
  }
  const check = checks.find((c) => c.name === command);
  if (!check) {
    io.stderr(`preflight: unknown check "${command}"; choose one of ${checks.map((c) => c.name).join(', ')} (preflight --help).\n`);
    return ExitCode.Usage;
  }
  registerArgvSecrets(rest, check.options);
  const log: Logger = {
    info: (m) => io.stderr(m + '\n'),
    warn: (m) => io.stderr(`warning: ${m}\n`),
    debug: (m) => (process.env.PREFLIGHT_DEBUG ? io.stderr(m + '\n') : undefined),
    group: async (name, fn) => {
      io.stderr(`» ${name}\n`);
      return fn();
    },
  };
  let json = rest.includes('--json');
  let outcome: Outcome;
  let inputs: Record<string, unknown> = {};
  try {
    const args = parseArgs(rest, check.options, check.name, check.positional);
    if (args.help) {
      io.stdout(renderHelp(check.name, check.description, check.options, check.positional));
      return ExitCode.Passed;
    }
    inputs = parseInputs(check.options, args.raw, 'cli') as Record<string, unknown>;
    json = inputs.json === true;
    outcome = await executeCheck(check, inputs as never, { log, source: 'cli', raw: args.raw });
  } catch (error) {
    outcome = errorOutcome(check.name, error);
  }
  outcome = withShard(outcome, inputs);
  const { report } = outcome;
  let exitCode = outcome.exitCode;
  if (report.status === 'error') io.stderr(`preflight ${check.name}: ${report.summary}\n`);
  if (json) io.json(report);
  // An error report can still hold findings (the gate, when one check errored and the others ran).
  else if (report.status !== 'error' || report.findings.length > 0 || report.checks?.length) io.stdout(renderText(report, io.color));
  for (const [name, write] of reportFiles) {
    if (typeof inputs[name] !== 'string') continue;
    try {
      write(inputs[name] as string, report);
    } catch (error) {
      io.stderr(`preflight ${check.name}: ${messageOf(error)}\n`);
      // The worst code wins, as in the gate: a full disk (3) outranks blocking findings (1).
      exitCode = Math.max(exitCode, exitCodeOf(error)) as ExitCode;
    }
  }
  if (inputs.comment === true) await postComment(report, inputs['github-token'] as string | undefined, log);
  return exitCode;
}

function usage(checks: readonly CheckDefinition<any>[]): string {
  const width = Math.max(...checks.map((c) => c.name.length)) + 2;
  return [
    'Usage: preflight <check> [options]',
    '',
    'Checks:',
    ...checks.map((c) => `  ${c.name.padEnd(width)}${c.title}`),
    '',
    `Common options: ${commonOptions.map((o) => `--${o.name}`).join(', ')}; preflight <check> --help lists the rest.`,
    'Exit codes: 0 passed, 1 blocking findings, 2 usage or configuration error, 3 could not run.',
    '',
  ].join('\n');
}
