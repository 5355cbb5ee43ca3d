export type Severity = 'error' | 'warning' | 'notice';

export interface Finding {
  /** Stable kebab-case rule ID, documented in docs/rules.md. */
  rule: string;
  severity: Severity;
  /** The thing the finding is about, schema-qualified where it lives in a database: `public.invoices.nit`. */
  object: string;
  message: string;
  file?: string;
  line?: number;
  /** A statement (or a short instruction) that fixes it. */
  fix?: string;
  /** In the gate's report: the check that found it. */
  check?: string;
}

export type Status = 'pass' | 'fail' | 'error';

/** A check's part of the gate's run: `skipped` when it was not run because running it was not safe. */
export type CheckStatus = Status | 'skipped';

/** One check's section of the gate's report; its findings are the report's findings with this `check`. */
export interface CheckSection {
  check: string;
  status: CheckStatus;
  /** One line: the check's own summary, its error, or why it was skipped. */
  summary: string;
  stats?: Record<string, number | string | boolean>;
  tables?: ResultTable[];
}

/**
 * A section's findings in a report of several (the gate's checks, a fleet's targets): each carries
 * the section's name, and says it first, so two sections' findings never read alike.
 */
export function sectionFindings(name: string, findings: readonly Finding[]): Finding[] {
  return findings.map((f) => ({ ...f, check: name, message: `[${name}] ${f.message}` }));
}

export interface Report {
  check: string;
  version: string;
  status: Status;
  /** The run's exit code (0 pass, 1 blocking, 2 usage, 3 could not run): status "error" is 2 or 3, and merge-reports keeps the worst. */
  exitCode?: number;
  /** A sharded run (`--shard 2/4`): which share of the list this report covers. */
  shard?: string;
  summary: string;
  findings: Finding[];
  stats: Record<string, number | string | boolean>;
  /** Optional detail tables (restore-verify's per-table counts): in the JSON and the step summary. */
  tables?: ResultTable[];
  /** The gate: one section per selected check, in the order they ran (or were skipped). */
  checks?: CheckSection[];
}

/** A small table a check adds to its report, rendered after the findings in markdown. */
export interface ResultTable {
  title: string;
  header: string[];
  rows: string[][];
}

/** Only errors block; warnings and notices are shown but the check passes. */
export function blockingCount(findings: readonly Finding[]): number {
  return findings.filter((f) => f.severity === 'error').length;
}

/** The one-line summary a check gets when it writes none of its own. */
export function defaultSummary(findings: readonly Finding[]): string {
  const blocking = blockingCount(findings);
  const others = findings.length - blocking;
  if (findings.length === 0) return 'no findings';
  return `${blocking} blocking finding${blocking === 1 ? '' : 's'}, ${others} other${others === 1 ? '' : 's'}`;
}

export function statusOf(findings: readonly Finding[]): Status {
  return blockingCount(findings) > 0 ? 'fail' : 'pass';
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/** Deterministic order for every output: severity, then object, then rule. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityOrder[a.severity] - severityOrder[b.severity] ||
      a.object.localeCompare(b.object) ||
      a.rule.localeCompare(b.rule) ||
      a.message.localeCompare(b.message),
  );
}

/** What docs/rules.md says about a rule; every check keeps its rules in a list of these. */
export interface RuleDoc {
  /** The stable kebab-case ID findings carry in `rule`. */
  id: string;
  title: string;
  severity: Severity;
  description: string;
  /** A finding message, or the input that triggers the rule. */
  example: string;
  /** The fix, or the kind of SQL the finding's `fix` holds. */
  fix: string;
}
