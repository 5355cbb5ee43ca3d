/** What a check is: its options, and a function from parsed inputs to findings. No @actions/* here. */
import type { CheckSection, Finding, ResultTable } from './report.ts';
import type { InputSource, Inputs, OptionDef, RawInputs } from './options.ts';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * A logger whose every line starts with `name: `, for work on many targets at once (a fleet, a
 * schema per tenant): their lines interleave, so each says which target it is about. Groups are
 * flattened, since parallel targets cannot share one.
 */
export function prefixedLogger(log: Logger, name: string): Logger {
  return {
    info: (m) => log.info(`${name}: ${m}`),
    warn: (m) => log.warn(`${name}: ${m}`),
    debug: (m) => log.debug(`${name}: ${m}`),
    group: (_title, fn) => fn(),
  };
}

export interface CheckContext {
  log: Logger;
  source: InputSource;
  /** The inputs as given, before parsing: the gate re-parses them with each check's own options. */
  raw: RawInputs;
}

export interface CheckResult {
  findings: Finding[];
  /** One line for humans; the runner writes a default from the counts when absent. */
  summary?: string;
  stats?: Record<string, number | string | boolean>;
  /** Extra action outputs (migrate-direct's `applied`, ...). */
  outputs?: Record<string, string>;
  /** Detail tables for the report and the step summary (e.g. one row per table). */
  tables?: ResultTable[];
  /** The gate: one section per check it ran or skipped. */
  checks?: CheckSection[];
  /** The name the report carries when it is not the check's own (merge-reports: the check whose reports it joined). */
  check?: string;
}

export interface CheckDefinition<Defs extends readonly OptionDef[] = readonly OptionDef[]> {
  name: string;
  title: string;
  description: string;
  options: Defs;
  /** The option that takes the CLI's bare arguments (`preflight merge-reports a.json b.json`). */
  positional?: string;
  run(inputs: Inputs<Defs>, ctx: CheckContext): Promise<CheckResult>;
}

/** Options every check has, appended after its own. */
export const commonOptions = [
  { name: 'json', type: 'boolean', cliOnly: true, description: 'Print the JSON report on stdout and nothing else there.' },
  { name: 'report', type: 'path', description: 'Write the JSON report to this file (in an action, defaults to a file under RUNNER_TEMP).' },
  { name: 'sarif', type: 'path', description: 'Write the findings as SARIF 2.1.0 to this file (for GitHub code scanning).' },
  { name: 'gitlab-report', type: 'path', description: 'Write the findings as a GitLab Code Quality report (JSON) to this file (artifacts: reports: codequality).' },
  { name: 'junit', type: 'path', description: 'Write the result as JUnit XML to this file (Jenkins, GitLab, Buildkite and other CI test reports).' },
  { name: 'comment', type: 'boolean', default: 'false', description: 'Keep one sticky pull-request comment with the result up to date.' },
  {
    name: 'github-token',
    type: 'string',
    secret: true,
    env: 'GITHUB_TOKEN',
    actionDefault: '${{ github.token }}',
    description: 'Token used for the pull-request comment.',
  },
] as const satisfies readonly OptionDef[];

export function defineCheck<const Defs extends readonly OptionDef[]>(def: CheckDefinition<Defs>): CheckDefinition<Defs> {
  return def;
}
